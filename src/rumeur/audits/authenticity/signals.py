"""The signals, each a number per mention that one sentence explains.

- :func:`account_stats`: the account's age when it posted, its audience, how many of
  the audited mentions it wrote.
- :func:`coordination_interval`: how close in time two accounts must act on the same
  object (a near-duplicate text, a link, a hashtag set) to count as acting together,
  estimated from the data as CooRnet/CooRTweet do: the median, over the quickest 10 % of
  objects shared by two accounts or more, of the time between the first two shares.
- :func:`co_actions`: posts that act on the same object as another account's post within
  that interval, and the pairs of accounts that did so on two objects or more (a chance
  meeting happens once; a network repeats itself).
- :func:`reply_rings`: small groups of accounts that answer each other back and forth and
  mostly only each other (sockpuppets staging a conversation).
- :func:`rating_bursts`: days when a brand got far more 1★ or 5★ reviews than its own
  daily rhythm predicts (Poisson tail), i.e. praise campaigns and review bombing.
- :func:`group_timing`: whether a group of near-duplicate posts arrived in bursts or at
  a clockwork pace (inter-arrival coefficient of variation well below a random stream's 1).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.stats import poisson

from rumeur.audits.authenticity.items import Items

DAY = 86_400.0
_LINK = re.compile(r"https?://([^\s/?#]+)([^\s?#]*)")
_TAG = re.compile(r"#(\w+)")


@dataclass(slots=True)
class AccountStats:
    """Per mention: its account's index, posts in the audit, age (days) at posting,
    audience (followers, NaN when unknown)."""

    index: np.ndarray
    names: np.ndarray
    posts: np.ndarray
    age_days: np.ndarray
    followers: np.ndarray


def account_stats(items: Items) -> AccountStats:
    names, index, counts = np.unique(np.asarray(items.account), return_inverse=True,
                                     return_counts=True)  # fmt: skip
    age = (items.created - items.account_created) / DAY
    # an account's audience is the largest count seen (some rows lack it)
    best = np.full(len(names), np.nan)
    known = ~np.isnan(items.followers)
    np.fmax.at(best, index[known], items.followers[known])
    return AccountStats(index, names, counts[index], age, best[index])


def links_and_tags(texts: list[str]) -> tuple[list[str | None], list[str | None]]:
    """Per text: its first link (host and path, lower case, no query) and its hashtag
    set (two tags or more, sorted), or None."""
    links: list[str | None] = [None] * len(texts)
    tags: list[str | None] = [None] * len(texts)
    for i, t in enumerate(texts):
        if "http" in t:
            m = _LINK.search(t)
            if m:
                host = m.group(1).lower().removeprefix("www.")
                links[i] = host + m.group(2).rstrip("/.,;!)").lower()
        if "#" in t:
            found = sorted({x.lower() for x in _TAG.findall(t)})
            if len(found) >= 2:
                tags[i] = " ".join(found)
    return links, tags


def encode(keys: list[str | None]) -> np.ndarray:
    """Integer codes for keys, -1 for None."""
    codes = np.full(len(keys), -1, dtype=np.int64)
    seen: dict[str, int] = {}
    for i, k in enumerate(keys):
        if k is not None:
            codes[i] = seen.setdefault(k, len(seen))
    return codes


def coordination_interval(
    objects: list[np.ndarray], created: np.ndarray, account: np.ndarray,
    lo: float = 30.0, hi: float = 3600.0,
) -> float:  # fmt: skip
    """Seconds (see the module docstring), clamped to [lo, hi]; ``hi`` without data."""
    gaps: list[np.ndarray] = []
    for obj in objects:
        m = obj >= 0
        if not m.any():
            continue
        o, t, a = obj[m], created[m], account[m]
        order = np.lexsort((t, o))
        o, t, a = o[order], t[order], a[order]
        first = np.r_[True, o[1:] != o[:-1]]
        start = np.flatnonzero(first)
        # the first share by another account than the object's first poster
        nxt = start + 1
        ok = (nxt < len(o)) & (o[np.minimum(nxt, len(o) - 1)] == o[start])
        ok &= a[np.minimum(nxt, len(o) - 1)] != a[start]
        gaps.append(t[nxt[ok]] - t[start[ok]])
    if not gaps:
        return hi
    g = np.sort(np.concatenate(gaps))
    if len(g) < 5:
        return hi
    quick = g[: max(1, len(g) // 10)]
    return float(np.clip(np.median(quick), lo, hi))


def co_actions(
    objects: list[np.ndarray], created: np.ndarray, account: np.ndarray, window: float,
    lags: int = 3,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """(co-acted per mention, number of repeated partners per account, edges i-j
    between co-acting mentions as a 2 × k array)."""
    n = len(created)
    acted = np.zeros(n, dtype=bool)
    pair_objects: dict[tuple[int, int], set[tuple[int, int]]] = defaultdict(set)
    edges: list[np.ndarray] = []
    for kind, obj in enumerate(objects):
        idx = np.flatnonzero(obj >= 0)
        if len(idx) < 2:
            continue
        order = idx[np.lexsort((created[idx], obj[idx]))]
        o, t, a = obj[order], created[order], account[order]
        for lag in range(1, lags + 1):
            j = np.arange(lag, len(order))
            k = j - lag
            ok = (o[j] == o[k]) & (a[j] != a[k]) & (t[j] - t[k] <= window)
            if not ok.any():
                continue
            acted[order[j[ok]]] = True
            acted[order[k[ok]]] = True
            edges.append(np.vstack([order[j[ok]], order[k[ok]]]))
            for aj, ak, ob in zip(a[j[ok]].tolist(), a[k[ok]].tolist(), o[j[ok]].tolist(),
                                  strict=True):  # fmt: skip
                pair_objects[(min(aj, ak), max(aj, ak))].add((kind, ob))
    n_acc = int(account.max()) + 1 if n else 0
    partners = np.zeros(n_acc, dtype=np.int64)
    for (x, y), objs in pair_objects.items():
        if len(objs) >= 2:
            partners[x] += 1
            partners[y] += 1
    e = np.hstack(edges) if edges else np.zeros((2, 0), dtype=np.int64)
    return acted, partners, e


def reply_rings(
    items: Items, stats: AccountStats, min_size: int = 3, max_size: int = 25
) -> np.ndarray:
    """A ring id per account (-1 outside any ring): the connected groups of accounts
    linked by replies in both directions, of ``min_size`` to ``max_size`` accounts, whose
    members have two such partners or more on average (more than a chain), and whose
    replies, sent and received, mostly stay inside (regulars of a forum also answer each
    other, but they answer everyone)."""
    n_acc = len(stats.names)
    ring = np.full(n_acc, -1, dtype=np.int64)
    pos = {name: k for k, name in enumerate(stats.names.tolist())}
    replies: dict[tuple[int, int], int] = defaultdict(int)
    sent = np.zeros(n_acc, dtype=np.int64)
    got = np.zeros(n_acc, dtype=np.int64)
    for i, parent in enumerate(items.parent_account):
        if parent is None:
            continue
        a, b = int(stats.index[i]), pos.get(parent)
        if b is None or a == b:
            continue
        replies[(a, b)] += 1
        sent[a] += 1
        got[b] += 1
    mutual = [(a, b) for (a, b) in replies if a < b and (b, a) in replies]
    if not mutual:
        return ring
    src, dst = np.array(mutual).T
    graph = coo_matrix((np.ones(len(src)), (src, dst)), shape=(n_acc, n_acc))
    _, comp = connected_components(graph, directed=False)
    degree = np.bincount(np.r_[src, dst], minlength=n_acc)
    members_of: dict[int, list[int]] = defaultdict(list)
    for acc in np.unique(np.r_[src, dst]).tolist():
        members_of[int(comp[acc])].append(acc)
    for c, members in members_of.items():
        if not min_size <= len(members) <= max_size or degree[members].mean() < 2:
            continue
        group = set(members)
        inside = sum(v for (a, b), v in replies.items() if a in group and b in group)
        if inside >= 0.6 * sent[members].sum() and inside >= 0.6 * got[members].sum():
            ring[members] = c
    return ring


def rating_bursts(items: Items, p_value: float = 1e-4, min_count: int = 5) -> np.ndarray:
    """A burst key per mention (-1 when none): the mention is a 1★ or 5★ review posted on
    a day when its brand got significantly more reviews of that rating than usual (the
    brand's median day with reviews gives the expected count), while the brand's other
    talk that day stayed within three times its usual daily volume: when everyone is
    talking, 1★ reviews are people's anger (a bad buzz), not a bombing."""
    n = len(items)
    out = np.full(n, -1, dtype=np.int64)
    r = items.rating
    scored = ~np.isnan(r)
    if not scored.any():
        return out
    day = np.floor(items.created / DAY).astype(np.int64)
    cells: dict[tuple[str, int], dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    active: dict[str, set[int]] = defaultdict(set)
    talk: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for i in range(n):
        brands = items.brands[i] or ("",)
        if not scored[i]:
            for brand in brands:
                talk[brand][int(day[i])] += 1
            continue
        cls = 5 if r[i] >= 4.5 else 1 if r[i] <= 1.5 else 0
        for brand in brands:
            active[brand].add(int(day[i]))
            if cls:
                cells[(brand, cls)][int(day[i])].append(i)
    key = 0
    for (brand, _cls), by_day in cells.items():
        days = sorted(active[brand])
        counts = np.array([len(by_day.get(d, ())) for d in days], dtype=np.float64)
        expected = max(float(np.median(counts)), float(counts.mean()) * 0.5, 0.5)
        usual = float(np.median(list(talk[brand].values()))) if talk[brand] else 0.0
        for d, members in by_day.items():
            if len(members) < min_count or poisson.sf(len(members) - 1, expected) >= p_value:
                continue
            if usual and talk[brand].get(d, 0) > 3 * usual:
                continue
            out[members] = key
            key += 1
    return out


def group_focus(
    labels: np.ndarray, created: np.ndarray, brands: list[tuple[str, ...]],
    window: float = 7 * DAY,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Per mention of a group (label >= 0): (share of the group's mentions that name its
    most named brand, largest share of the group's mentions inside one ``window``);
    NaN elsewhere. A campaign pushes one brand within days; chance look-alikes of
    ordinary talk name any brand, any week."""
    focus = np.full(len(labels), np.nan)
    conc = np.full(len(labels), np.nan)
    idx = np.flatnonzero(labels >= 0)
    if len(idx) == 0:
        return focus, conc
    order = idx[np.lexsort((created[idx], labels[idx]))]
    lab = labels[order]
    cut = np.flatnonzero(np.r_[True, lab[1:] != lab[:-1], True])
    for s, e in itertools.pairwise(cut):
        members = order[s:e]
        counts: dict[str, int] = defaultdict(int)
        for i in members.tolist():
            for b in brands[i]:
                counts[b] += 1
        focus[members] = max(counts.values(), default=0) / len(members)
        t = created[members]
        inside = np.searchsorted(t, t + window, side="right") - np.arange(len(t))
        conc[members] = inside.max() / len(members)
    return focus, conc


def group_timing(
    labels: np.ndarray, created: np.ndarray, window: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per mention of a group (label >= 0) of five posts or more: (share of the group's
    posts that arrived within ``window`` of the previous one, coefficient of variation of
    the group's gaps); NaN elsewhere."""
    burst = np.full(len(labels), np.nan)
    cv = np.full(len(labels), np.nan)
    idx = np.flatnonzero(labels >= 0)
    if len(idx) == 0:
        return burst, cv
    order = idx[np.lexsort((created[idx], labels[idx]))]
    lab = labels[order]
    cut = np.flatnonzero(np.r_[True, lab[1:] != lab[:-1], True])
    for s, e in itertools.pairwise(cut):
        if e - s < 5:
            continue
        members = order[s:e]
        gaps = np.diff(created[members])
        burst[members] = float((gaps <= window).mean())
        mean = gaps.mean()
        cv[members] = float(gaps.std() / mean) if mean > 0 else 0.0
    return burst, cv


__all__ = [
    "AccountStats", "account_stats", "co_actions", "coordination_interval", "encode",
    "group_focus", "group_timing", "links_and_tags", "rating_bursts", "reply_rings",
]  # fmt: skip
