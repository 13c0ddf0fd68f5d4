"""The ground truth file: what the generator meant, keyed by the files' external ids."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rumeur.demo.brands import AMBIGUOUS_WORD, BRANDS, CERISE_EXCLUDE
from rumeur.demo.model import CHANNEL_FILES, SENTIMENT_NAMES, Item
from rumeur.demo.tables import utc_iso


def _ref(obj: Any) -> Any:
    """Replace items by their external ids, recursively."""
    if isinstance(obj, Item):
        return obj.ext_id
    if isinstance(obj, dict):
        return {k: _ref(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_ref(v) for v in obj]
    return obj


def mention_truth(it: Item) -> dict[str, Any]:
    d: dict[str, Any] = {
        "file": CHANNEL_FILES[it.channel],
        "platform": it.platform,
        "created_at": utc_iso(it.created),
        "author": it.author.handle,
        "sentiment": SENTIMENT_NAMES[it.sentiment],
        "language": it.lang,
        "brands": list(it.brands),
        "kind": it.kind,
    }
    for key in ("aspect", "motivation", "event"):
        if getattr(it, key):
            d[key] = getattr(it, key)
    if it.non_brand:
        d["non_brand_word"] = AMBIGUOUS_WORD
    if it.parent is not None:
        d["reply_to"] = it.parent.ext_id
        d["thread_id"] = (it.root or it).ext_id
    return d


def write(
    path: Path,
    *,
    items: list[Item],
    events: list[dict[str, Any]],
    care: list[dict[str, Any]],
    spam_accounts: list[str],
    fake_accounts: list[str],
    broken: list[dict[str, str]],
    meta: dict[str, Any],
) -> None:
    events_out = []
    for ev in events:
        e = _ref(ev)
        e["mention_ids"] = e.pop("mentions")
        e["n_mentions"] = len(e["mention_ids"])
        events_out.append(e)
    care_out = []
    for c in care:
        care_out.append(
            {
                "brand": c["brand"],
                "care_account": c["care_account"],
                "platform": c["platform"],
                "file": CHANNEL_FILES[c["question"].channel],
                "question_id": c["question"].ext_id,
                "answer_id": c["answer"].ext_id if c["answer"] else None,
                "response_seconds": c["response_seconds"],
            }
        )
    doc = {
        "generator": meta,
        "brands": [
            {
                "id": b.id,
                "name": b.name,
                "aliases": list(b.aliases),
                "handles": list(b.handles),
                "hashtags": list(b.hashtags),
                "exclude": list(b.exclude),
                "own_accounts": list(b.own_accounts),
                "competitor": b.competitor,
            }
            for b in BRANDS
        ],
        "files": {ch: name for ch, name in CHANNEL_FILES.items()},
        "ambiguous_word": {
            "word": AMBIGUOUS_WORD,
            "brand": "cerise",
            "exclude": list(CERISE_EXCLUDE),
            "non_brand_mention_ids": [i.ext_id for i in items if i.non_brand],
        },
        "events": events_out,
        "care_exchanges": care_out,
        "spam_accounts": spam_accounts,
        "fake_accounts": fake_accounts,
        "broken": broken,
    }
    # One top-level key per line and one mention per line: readable, and fast (C encoder).
    parts = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in doc.items()]
    mentions = ",\n".join(
        f"  {json.dumps(i.ext_id)}: {json.dumps(mention_truth(i), ensure_ascii=False)}"
        for i in items
    )
    parts.append(f'"mentions": {{\n{mentions}\n}}')
    path.write_text("{\n" + ",\n".join(parts) + "\n}\n", encoding="utf-8")
