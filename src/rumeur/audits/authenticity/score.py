"""From signals to scores: per mention, per account, per campaign, each with reasons.

A mention's score is a logistic function of its signals (weights in :data:`WEIGHTS`,
set by hand so that no single account trait can flag anyone and read on the benchmark's
calibration scenario; the threshold :data:`THRESHOLD` was chosen there by measured
precision, see docs/audits.md). Coordination is required: a fresh, small, one-off account
on its own stays below the threshold, and a copy spread by established accounts (people
sharing a headline) is pulled down by ``established`` rather than flagged.

A campaign is a connected group of flagged mentions: sharing a near-duplicate text, acting
together within the coordination interval, belonging to one reply ring or to one rating
burst; it needs two accounts and three mentions.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

#: default threshold on the 0..1 mention score (chosen by measured precision)
THRESHOLD = 0.6

#: log-odds weight of each signal (each a 0..1 value per mention); "bias" is the prior
WEIGHTS: dict[str, float] = {
    "bias": -4.0,
    "near_duplicate": 4.5,
    "co_action": 1.0,
    "reply_ring": 4.5,
    "rating_burst": 2.5,
    "generic_review": 1.5,
    "fresh_account": 1.2,
    "young_account": 0.5,
    "low_audience": 0.8,
    "one_off": 0.6,
    "timing": 0.8,
    "established": -1.5,
    "established_copies": -5.0,
}

#: one sentence per reason, in French and English (the report and the summary use them)
REASONS: dict[str, tuple[str, str]] = {
    "near_duplicate": ("texte quasi identique publié par plusieurs comptes",
                       "near-identical text posted by several accounts"),
    "co_action": ("même contenu, lien ou jeu de hashtags que d'autres comptes dans un court "
                  "intervalle, à plusieurs reprises",
                  "same content, link or hashtag set as other accounts within a short interval, "
                  "repeatedly"),
    "reply_ring": ("compte d'un petit cercle qui se répond en boucle",
                   "account of a small ring that keeps replying to itself"),
    "rating_burst": ("avis 1★ ou 5★ publié un jour de rafale anormale pour la marque, "
                     "alors que le reste des conversations restait calme",
                     "1★ or 5★ review posted on a day of abnormal burst for the brand, "
                     "while its other talk stayed calm"),
    "generic_review": ("avis court et générique dans une rafale",
                       "short generic review inside a burst"),
    "fresh_account": ("compte créé moins de 30 jours avant la publication",
                      "account created less than 30 days before posting"),
    "young_account": ("compte de moins d'un an", "account less than a year old"),
    "low_audience": ("compte de moins de 20 abonnés", "account with fewer than 20 followers"),
    "one_off": ("compte qui ne publie qu'une fois", "account that posts only once"),
    "timing": ("arrivées en rafale ou à intervalles réguliers",
               "arrivals in a burst or at regular intervals"),
}  # fmt: skip


@dataclass(slots=True)
class Campaign:
    id: str
    members: list[str]
    start: datetime
    end: datetime
    reasons: list[str]
    accounts: list[str]
    score: float
    texts: list[str] = field(default_factory=list)
    brands: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape of ``rumeur audit authenticity --json``."""
        return {
            "id": self.id,
            "size": self.size,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "members": self.members,
            "reasons": self.reasons,
        }


def combine(features: dict[str, np.ndarray]) -> np.ndarray:
    """Scores in 0..1 from the feature arrays (names of :data:`WEIGHTS`)."""
    n = len(next(iter(features.values())))
    z = np.full(n, WEIGHTS["bias"])
    for name, values in features.items():
        z += WEIGHTS[name] * np.nan_to_num(values.astype(np.float64))
    return 1.0 / (1.0 + np.exp(-z))


def reasons_of(features: dict[str, np.ndarray], i: int) -> list[str]:
    """The positive signals of mention ``i``, strongest contribution first."""
    parts = [(WEIGHTS[k] * float(v[i]), k) for k, v in features.items()
             if WEIGHTS[k] > 0 and v[i] > 0]  # fmt: skip
    return [k for _, k in sorted(parts, reverse=True)]


def campaigns(
    flagged: np.ndarray,
    keys: list[np.ndarray],
    edges: np.ndarray,
    account: np.ndarray,
    min_mentions: int = 3,
    min_accounts: int = 2,
) -> np.ndarray:
    """A campaign number per mention (-1 outside): connected components of flagged
    mentions joined by a shared key (near-duplicate group, ring, rating burst: -1 = none)
    or by a co-action edge."""
    n = len(flagged)
    out = np.full(n, -1, dtype=np.int64)
    idx = np.flatnonzero(flagged)
    if len(idx) == 0:
        return out
    src: list[np.ndarray] = []
    dst: list[np.ndarray] = []
    offset = n
    for key in keys:
        m = idx[key[idx] >= 0]
        src.append(m)
        dst.append(offset + key[m])
        offset += int(key.max()) + 1 if len(key) and key.max() >= 0 else 0
    if edges.size:
        both = flagged[edges[0]] & flagged[edges[1]]
        src.append(edges[0][both])
        dst.append(edges[1][both])
    s, d = np.concatenate(src), np.concatenate(dst)
    graph = coo_matrix((np.ones(len(s), np.int8), (s, d)), shape=(offset, offset))
    _, comp = connected_components(graph, directed=False)
    lab = comp[idx]
    number = 0
    for c in np.unique(lab):
        members = idx[lab == c]
        if len(members) >= min_mentions and len(np.unique(account[members])) >= min_accounts:
            out[members] = number
            number += 1
    return out


def campaign_id(first_member: str) -> str:
    """A stable id: the same campaign keeps it as later members join."""
    return "camp-" + hashlib.sha1(first_member.encode("utf-8")).hexdigest()[:10]


def summarise_reasons(per_member: list[list[str]], share: float = 0.3) -> list[str]:
    """Reasons held by at least ``share`` of the members, most frequent first."""
    c = Counter(r for rs in per_member for r in set(rs))
    n = max(1, len(per_member))
    return [r for r, k in c.most_common() if k / n >= share]


def utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


__all__ = ["REASONS", "THRESHOLD", "WEIGHTS", "Campaign", "campaign_id", "campaigns", "combine",
           "reasons_of", "summarise_reasons"]  # fmt: skip
