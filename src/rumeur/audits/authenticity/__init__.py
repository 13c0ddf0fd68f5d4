"""Authenticity audit: fake praise, coordinated campaigns and review manipulation.

``audit(items)`` scores every mention from 0 to 1 and groups the flagged ones into
campaigns; ``audit_store(store, ...)`` reads the mentions first (:func:`items.load`).
The signals are in :mod:`~rumeur.audits.authenticity.signals` (one sentence each), the
near-duplicate detection in :mod:`~rumeur.audits.authenticity.neardup` (MinHash/LSH with
datasketch), the scoring in :mod:`~rumeur.audits.authenticity.score`, and synthetic
traffic with injected campaigns for the benchmark in
:mod:`~rumeur.audits.authenticity.simulate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from rumeur.audits.authenticity import neardup, signals
from rumeur.audits.authenticity.items import Items, load
from rumeur.audits.authenticity.score import (
    REASONS,
    THRESHOLD,
    Campaign,
    campaign_id,
    campaigns,
    combine,
    reasons_of,
    summarise_reasons,
    utc,
)


@dataclass(frozen=True, slots=True)
class Settings:
    threshold: float = THRESHOLD
    similarity: float = 0.6  # estimated Jaccard similarity of two copies of a text
    paraphrase_similarity: float = 0.35  # ... of two spins, among non-established accounts
    fresh_days: float = 30.0
    low_audience: float = 20.0
    established_days: float = 365.0
    established_followers: float = 300.0


@dataclass(slots=True)
class MentionFinding:
    mention_id: str
    external_id: str | None
    author_handle: str | None
    platform: str
    score: float
    reasons: list[str]
    campaign: str | None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"mention_id": self.mention_id, "external_id": self.external_id,
                "author_handle": self.author_handle, "platform": self.platform,
                "score": round(self.score, 4), "reasons": self.reasons,
                "campaign": self.campaign}  # fmt: skip


@dataclass(slots=True)
class AccountFinding:
    account: str
    author_handle: str | None
    platform: str
    score: float
    reasons: list[str]
    mentions: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"author_handle": self.author_handle, "platform": self.platform,
                "score": round(self.score, 4), "reasons": self.reasons}  # fmt: skip


@dataclass(slots=True)
class AuthenticityAudit:
    """Everything above ``threshold``, plus every mention's score (``scores``, in the
    order of ``mention_ids``) and the estimated coordination interval."""

    n_mentions: int
    threshold: float
    interval_seconds: float
    mention_ids: list[str]
    scores: np.ndarray
    mentions: list[MentionFinding] = field(default_factory=list)
    accounts: list[AccountFinding] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)

    def suspicious_ids(self) -> set[str]:
        return {m.mention_id for m in self.mentions}

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON object of ``rumeur audit authenticity --json``."""
        return {
            "mentions": [m.to_dict() for m in self.mentions],
            "accounts": [a.to_dict() for a in self.accounts],
            "campaigns": [c.to_dict() for c in self.campaigns],
        }


def features(items: Items, settings: Settings) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The per-mention signal values (names of ``score.WEIGHTS``) and the structures
    campaigns are built from."""
    n = len(items)
    st = signals.account_stats(items)
    words = neardup.normalise(items.text)
    lengths = np.diff(words.offsets)
    usable = lengths >= neardup.MIN_WORDS
    short = np.flatnonzero(usable & (lengths < 2 * neardup.MIN_WORDS))
    if len(short):  # repeated words ("top top top top top") do not make a text specific
        usable[short] = [len(set(words.ids[words.offsets[i] : words.offsets[i + 1]].tolist()))
                         >= neardup.MIN_WORDS for i in short.tolist()]  # fmt: skip
    acc = st.index
    fresh = (st.age_days >= -1) & (st.age_days < settings.fresh_days)
    young = (st.age_days >= -1) & (st.age_days < settings.established_days)
    low = st.followers < settings.low_audience
    established = ~fresh & ((st.age_days >= settings.established_days)
                            | (st.followers >= settings.established_followers))  # fmt: skip
    one_off = st.posts == 1
    sig = neardup.signatures(words)
    # copies by anyone (strict), and paraphrases of long texts by young or small accounts
    # (loose: two spins of one text share about a third of their words)
    copy_g, copy_n = _accounts_per_group(neardup.groups(sig, usable, settings.similarity), acc)
    spinnable = (lengths >= 2 * neardup.MIN_WORDS) & ~established & (young | low)
    spin_g = neardup.groups(sig, spinnable, settings.paraphrase_similarity)
    # a campaign pushes one brand within days; chance look-alikes of ordinary talk name
    # any brand, any week: spins count per brand, when most of them fall in one week
    first_brand = signals.encode([b[0] if b else "" for b in items.brands])
    spin_g = np.where(spin_g >= 0, spin_g * (int(first_brand.max()) + 1) + first_brand, -1)
    spin_g, spin_n = _accounts_per_group(np.unique(spin_g, return_inverse=True)[1] - 1
                                         if (spin_g < 0).any() else spin_g, acc)  # fmt: skip
    _, conc = signals.group_focus(np.where(spin_n >= 2, spin_g, -1), items.created,
                                  items.brands)  # fmt: skip
    spin_n = np.where(np.nan_to_num(conc) >= 0.5, spin_n, 0)
    dup_accounts = np.maximum(copy_n, spin_n)
    copied = dup_accounts >= 2
    raw = np.where(spin_n >= copy_n, spin_g, copy_g + n)
    group = np.where(copied, np.unique(raw, return_inverse=True)[1], -1)

    # share of established accounts among those who posted the same copy: people sharing
    # a headline or a joke are mostly ordinary, long-standing accounts
    est_share = _group_mean(np.where(copy_n >= 2, copy_g, -1), established)

    links, tags = signals.links_and_tags(items.text)
    objects = [group, signals.encode(links), signals.encode(tags)]
    interval = signals.coordination_interval(objects, items.created, acc)
    acted, partners, edges = signals.co_actions(objects, items.created, acc, interval)
    ring = signals.reply_rings(items, st)[acc]
    burst_key = signals.rating_bursts(items)
    g_burst, g_cv = signals.group_timing(group, items.created, interval)
    timing = (np.nan_to_num(g_burst) >= 0.5) | (np.nan_to_num(g_cv, nan=9.0) < 0.5)
    generic = (burst_key >= 0) & (lengths <= 8)

    f = {
        "near_duplicate": np.clip(np.log2(np.maximum(dup_accounts, 1)) / 4.0, 0.0, 1.0)
        * _group_mean(group, fresh | young | low),
        "co_action": acted & (partners[acc] >= 1),
        "reply_ring": ring >= 0,
        "rating_burst": burst_key >= 0,
        "generic_review": generic,
        "fresh_account": fresh,
        "young_account": young & ~fresh,
        "low_audience": low,
        "one_off": one_off,
        "timing": timing & copied,
        "established": established,
        "established_copies": est_share,
    }
    keys = [group, np.where(ring >= 0, ring, -1), burst_key]
    return f, {"keys": keys, "edges": edges, "interval": interval, "account": acc,
               "names": st.names}  # fmt: skip


def _group_mean(labels: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Per mention of a group: the mean of ``values`` over its group (0 outside)."""
    out = np.zeros(len(labels))
    inside = labels >= 0
    if inside.any():
        lab = labels[inside]
        sums = np.bincount(lab, weights=values[inside].astype(np.float64))
        out[inside] = sums[lab] / np.bincount(lab)[lab]
    return out


def _accounts_per_group(labels: np.ndarray, account: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(labels, number of distinct accounts in the mention's group; 0 outside groups)."""
    out = np.zeros(len(labels), dtype=np.int64)
    inside = labels >= 0
    if inside.any():
        pairs = np.unique(np.vstack([labels[inside], account[inside]]), axis=1)
        per = np.bincount(pairs[0], minlength=int(labels.max()) + 1)
        out[inside] = per[labels[inside]]
    return labels, out


def audit(items: Items, settings: Settings | None = None) -> AuthenticityAudit:
    """Score the mentions and find the campaigns (see the module docstring)."""
    s = settings or Settings()
    n = len(items)
    if n == 0:
        return AuthenticityAudit(0, s.threshold, 0.0, [], np.zeros(0))
    f, aux = features(items, s)
    scores = combine(f)
    flagged = scores >= s.threshold
    camp = campaigns(flagged, aux["keys"], aux["edges"], aux["account"])
    reasons = {i: reasons_of(f, i) for i in np.flatnonzero(flagged).tolist()}
    out_camps: list[Campaign] = []
    camp_ids: dict[int, str] = {}
    for c in range(int(camp.max()) + 1 if n else 0):
        members = np.flatnonzero(camp == c)
        members = members[np.argsort(items.created[members], kind="stable")]
        cid = campaign_id(items.mention_id[members[0]])
        camp_ids[c] = cid
        accounts = sorted({items.handle[i] or items.account[i] for i in members.tolist()})
        texts = list(dict.fromkeys(items.text[i] for i in members.tolist()))[:3]
        out_camps.append(Campaign(
            id=cid, members=[items.mention_id[i] for i in members.tolist()],
            start=utc(float(items.created[members[0]])),
            end=utc(float(items.created[members[-1]])),
            reasons=summarise_reasons([reasons[i] for i in members.tolist()]),
            accounts=accounts, score=float(scores[members].mean()), texts=texts,
            brands=sorted({b for i in members.tolist() for b in items.brands[i]}),
        ))  # fmt: skip
    out_camps.sort(key=lambda c: (-c.size, c.start))
    mentions = [
        MentionFinding(items.mention_id[i], items.external_id[i], items.handle[i],
                       items.platform[i], float(scores[i]), reasons[i],
                       camp_ids.get(int(camp[i])), items.text[i])
        for i in sorted(reasons, key=lambda i: (-scores[i], items.created[i]))
    ]  # fmt: skip
    return AuthenticityAudit(
        n,
        s.threshold,
        float(aux["interval"]),
        list(items.mention_id),
        scores,
        mentions,
        _accounts(items, scores, flagged, reasons, aux["account"]),
        out_camps,
    )


_ACCOUNT_REASONS = ("fresh_account", "low_audience", "one_off", "reply_ring", "co_action")


def _accounts(
    items: Items, scores: np.ndarray, flagged: np.ndarray, reasons: dict[int, list[str]],
    account: np.ndarray,
) -> list[AccountFinding]:  # fmt: skip
    by: dict[int, list[int]] = {}
    for i in np.flatnonzero(flagged).tolist():
        by.setdefault(int(account[i]), []).append(i)
    out = []
    for members in by.values():
        best = max(members, key=lambda i: scores[i])
        rs = summarise_reasons([reasons[i] for i in members], share=0.5)
        rs = [r for r in rs if r in _ACCOUNT_REASONS] + [r for r in rs if r not in _ACCOUNT_REASONS]
        out.append(AccountFinding(items.account[best], items.handle[best], items.platform[best],
                                  float(scores[best]), rs, len(members)))  # fmt: skip
    out.sort(key=lambda a: (-a.score, -a.mentions, a.account))
    return out


def audit_store(
    store: Any,
    *,
    brands: Sequence[str] = (),
    since: datetime | None = None,
    until: datetime | None = None,
    settings: Settings | None = None,
) -> AuthenticityAudit:
    """Read the public's mentions in scope from ``store`` and audit them."""
    return audit(load(store, brands=brands, since=since, until=until), settings)


__all__ = [
    "REASONS", "THRESHOLD", "AccountFinding", "AuthenticityAudit", "Campaign", "Items",
    "MentionFinding", "Settings", "audit", "audit_store", "load",
]  # fmt: skip
