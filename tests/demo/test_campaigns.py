"""The demo's coordinated campaigns: their ground truth, and the audit finding them."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from rumeur.audits.authenticity import Items, audit


def _event(demo, kind):  # type: ignore[no-untyped-def]
    (ev,) = [e for e in demo.truth["events"] if e["type"] == kind]
    return ev


def _t(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def test_review_bomb_and_sockpuppet_ring_ground_truth(demo, good_rows):  # type: ignore[no-untyped-def]
    bomb = _event(demo, "review_bomb")
    assert bomb["brand"] == "volta" and 30 <= bomb["n_mentions"] <= 60
    assert (_t(bomb["end"]) - _t(bomb["start"])).total_seconds() <= 5 * 3600
    for i in bomb["mention_ids"]:
        row = good_rows[i]
        assert row.file == "avis_clients.csv" and row.raw["Note"] == "1"
        assert len(row.text.split()) <= 12
    assert len({good_rows[i].author for i in bomb["mention_ids"]}) == bomb["n_mentions"]
    ring = _event(demo, "sockpuppet_ring")
    assert ring["brand"] == "cerise" and len(ring["accounts"]) == 6
    members = set(ring["mention_ids"])
    replies = [i for i in members if good_rows[i].reply_to]
    assert len(replies) >= 0.5 * len(members)
    assert all(good_rows[i].reply_to in members for i in replies)  # only among themselves
    assert {good_rows[i].file for i in members} == {"mastodon.jsonl"}


def test_the_audit_finds_the_three_campaigns_in_the_demo(demo, good_rows):  # type: ignore[no-untyped-def]
    """From the files (no account creation dates: the audit must do without), the three
    campaigns are found and little else is flagged."""
    truth = demo.truth["mentions"]
    rows = []
    for key, m in truth.items():
        if key not in good_rows:
            continue
        r = good_rows[key]
        parent = truth.get(m.get("reply_to") or "", {}).get("author")
        rating = r.raw.get("Note") if r.file == "avis_clients.csv" else None
        rows.append({"mention_id": key, "platform": m["platform"], "author_id": m["author"],
                     "author_followers": r.followers, "text": r.text,
                     "created_at": _t(m["created_at"]), "brands": m["brands"],
                     "rating": float(rating.replace(",", ".")) if rating else None,
                     "parent_author": parent})  # fmt: skip
    result = audit(Items.from_rows(rows))
    flagged = {m.mention_id for m in result.mentions}
    for kind, share in (("fake_praise", 0.5), ("review_bomb", 0.9), ("sockpuppet_ring", 0.9)):
        ids = set(_event(demo, kind)["mention_ids"])
        assert len(ids & flagged) >= share * len(ids), (kind, len(ids & flagged), len(ids))
        best = max(result.campaigns, key=lambda c: len(ids & set(c.members)))
        assert len(ids & set(best.members)) >= 0.8 * len(ids & flagged)
    kinds = ("fake_praise", "review_bomb", "sockpuppet_ring")
    campaign_ids = set().union(*(set(e["mention_ids"]) for e in demo.truth["events"]
                                 if e["type"] in kinds))  # fmt: skip
    others = Counter(truth[i]["kind"] for i in flagged - campaign_ids)
    assert sum(others.values()) <= 0.05 * len(flagged), others
