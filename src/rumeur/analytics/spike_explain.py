"""Why a spike happened: its tone, its origin, the words that rose, the posts behind it.

- **tone** (:func:`sentiment_shift`): the favourable and unfavourable shares of the
  spike's mentions against its baseline (the ``history_days`` before it), each with a
  two-proportion z-test. ``negative`` when only the unfavourable share rose (z ≥ 2 and
  ≥ 5 points), ``positive`` when only the favourable share rose, ``mixed`` when both
  rose. When neither rose significantly (a small burst: 20 posts cannot show a 15-point
  rise at z ≥ 2), a window that is clearly one-sided on its own (≥ 60 % of one polarity,
  ≥ 3× the other, at least 10 posts) and no less so than its baseline takes that tone: 14
  complaints and 2 compliments during an outage are a bad buzz even for a brand whose
  usual mix is already 54 % unfavourable. Otherwise ``mixed`` (a burst with the usual
  mix). Without a baseline, the window's own mix decides (a clear majority of one
  polarity, else ``mixed``).
- **origin** (:func:`find_origin`): the earliest high-reach post (reach in the top 1 %
  of the spike's posts and ≥ 10× their median; posted up to 36 h before the spike) that
  later posts of the spike *follow*: replies to it, quotes (its link) or shares/mentions
  of its author (``RT @x``, ``@x``), or the spike's rising hashtags it carried first.
  Posts of the opposite polarity to the tone are not candidates. Without such a post,
  the post with the most followers.
- **terms** (:func:`rising_terms`): weighted log-odds with an informative Dirichlet prior
  (Monroe, Colaresi & Quinn 2008) of the spike's terms against the baseline's, counted
  once per *author* (one account repeating itself is one voice), the brand's own name
  left out (it is in every mention), and a word pair listed only when it adds a word.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from rumeur.analytics.stats import TermScore, log_odds_dirichlet, two_proportion_z
from rumeur.analytics.text import count_terms, fold

Tone = Literal["negative", "positive", "mixed"]
TONES: tuple[Tone, ...] = ("negative", "positive", "mixed")
#: how far before a spike's first bucket its origin may have been posted
ORIGIN_LEAD = timedelta(hours=36)
_MENTION = re.compile(r"@([\w.-]+)")
_HASHTAG = re.compile(r"#\w+")


@dataclass(frozen=True, slots=True)
class SentimentShift:
    """Favourable/unfavourable shares in the spike vs its baseline, and the tone."""

    tone: Tone
    n: int
    negative: float | None
    positive: float | None
    baseline_n: int
    baseline_negative: float | None
    baseline_positive: float | None
    z_negative: float | None
    z_positive: float | None

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(frozen=True, slots=True)
class Origin:
    """The post a spike follows, and why."""

    author_handle: str
    mention_id: str
    reach: float
    created_at: datetime
    platform: str
    url: str | None
    text: str
    #: later posts of the spike following it, by kind (reply, quote, share, hashtag)
    followers: dict[str, int]
    why: str

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__slots__}
        d["created_at"] = self.created_at.isoformat()
        return d


def _share(k: int, n: int) -> float | None:
    return k / n if n else None


def sentiment_shift(
    window: Sequence[dict[str, Any]], baseline: Sequence[dict[str, Any]]
) -> SentimentShift:
    """The tone of a spike (see the module docstring); rows of one brand."""
    w = [r["sentiment"] for r in _unique(window) if r.get("sentiment")]
    b = [r["sentiment"] for r in _unique(baseline) if r.get("sentiment")]
    return shift_of_counts(w.count("negative"), w.count("positive"), len(w),
                           b.count("negative"), b.count("positive"), len(b))  # fmt: skip


def shift_of_counts(wn: int, wp: int, w: int, bn: int, bp: int, b: int) -> SentimentShift:
    """:func:`sentiment_shift` from the counts: unfavourable, favourable and scored
    mentions of the window (``wn``, ``wp``, ``w``) and of the baseline (``bn``...)."""
    zn = zp = None
    tone: Tone = "mixed"
    if w and b:
        zn = two_proportion_z(wn, w, bn, b).statistic
        zp = two_proportion_z(wp, w, bp, b).statistic
        neg_up = zn >= 2.0 and wn / w - bn / b >= 0.05
        pos_up = zp >= 2.0 and wp / w - bp / b >= 0.05
        if neg_up != pos_up:
            tone = "negative" if neg_up else "positive"
        elif not neg_up and w >= ONE_SIDED_MIN_POSTS:
            if _one_sided(wn, wp, w) and wn / w >= bn / b:
                tone = "negative"
            elif _one_sided(wp, wn, w) and wp / w >= bp / b:
                tone = "positive"
    elif w:
        if wn >= 0.5 * w and wn >= 2 * wp:
            tone = "negative"
        elif wp >= 0.5 * w and wp >= 2 * wn:
            tone = "positive"
    return SentimentShift(
        tone=tone, n=w, negative=_share(wn, w), positive=_share(wp, w),
        baseline_n=b, baseline_negative=_share(bn, b),
        baseline_positive=_share(bp, b),
        z_negative=None if zn is None else round(zn, 2),
        z_positive=None if zp is None else round(zp, 2),
    )  # fmt: skip


#: a window this small or smaller never takes a tone from its own mix alone
ONE_SIDED_MIN_POSTS = 10


def _one_sided(this: int, other: int, n: int) -> bool:
    """``this`` polarity is a clear majority of the window: ≥ 60 %, ≥ 3× ``other``."""
    return this >= 0.6 * n and this >= 3 * other


def _unique(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return list({r["mention_id"]: r for r in rows}.values())


def _handle(r: dict[str, Any]) -> str:
    return str(r.get("author_handle") or r["author"])


def _bare(handle: str) -> str:
    """``@Name.bsky.social`` / ``name@instance`` -> ``name`` (for matching mentions)."""
    h = fold(handle.lstrip("@")).split("@")[0]
    return re.split(r"\.", h)[0].replace("-", "_")


def find_origin(
    rows: Sequence[dict[str, Any]],
    start: datetime,
    end: datetime,
    hashtags: Sequence[str],
    tone: Tone,
    *,
    lang: str = "fr",
) -> Origin | None:
    """The origin of the spike ``[start, end)`` among ``rows`` (one brand, with text)."""
    cand = sorted(
        (r for r in _unique(rows) if start - ORIGIN_LEAD <= r["created_at"] < end),
        key=lambda r: (r["created_at"], r["mention_id"]),
    )
    window = [r for r in cand if r["created_at"] >= start]
    if not window:
        return None
    follow = _Followers(window, {h.lower() for h in hashtags})
    opposite = {"negative": "positive", "positive": "negative"}.get(tone)
    reaches = sorted(float(r["reach"]) for r in window)
    median = reaches[len(reaches) // 2]
    q99 = reaches[min(len(reaches) - 1, int(0.99 * len(reaches)))]
    high = max(q99, 10 * median)
    best: tuple[int, dict[str, Any], dict[str, int]] | None = None
    for c in cand:
        if opposite is not None and c.get("sentiment") == opposite:
            continue
        big = float(c["reach"]) >= high
        kinds = follow.of(c, quotes=big)
        total = sum(kinds.values())
        if big and total >= max(3, 0.02 * len(window)):
            return _origin(c, kinds, high=True, lang=lang, zone=start.tzinfo)
        if total and (best is None or total > best[0]):
            best = (total, c, kinds)
    return _origin(best[1], best[2], high=False, lang=lang, zone=start.tzinfo) if best else None


class _Followers:
    """Who follows whom in a spike's window: replies, quotes, shares/mentions, hashtags."""

    def __init__(self, window: Sequence[dict[str, Any]], tags: set[str]) -> None:
        self.window = window
        self.replies: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
        self.mentions: dict[str, list[dict[str, Any]]] = {}
        self.tagged: dict[str, list[dict[str, Any]]] = {}
        for r in window:
            text = r.get("text") or ""
            if r.get("reply_to"):
                self.replies.setdefault((r.get("platform"), r["reply_to"]), []).append(r)
            for m in {_bare(m) for m in _MENTION.findall(text)}:
                self.mentions.setdefault(m, []).append(r)
            for t in {t.lower() for t in _HASHTAG.findall(text)} & tags:
                self.tagged.setdefault(t, []).append(r)
        self.tags = tags

    def of(self, c: dict[str, Any], *, quotes: bool) -> dict[str, int]:
        """Later posts following ``c``, by kind, each counted once (the first kind that
        applies, in the order reply, quote, share, hashtag). Quotes (a search of its link
        in every text) are looked for only when ``quotes``."""
        t0, seen = c["created_at"], {c["mention_id"]}
        out = {"reply": 0, "quote": 0, "share": 0, "hashtag": 0}

        def count(kind: str, found: Iterable[dict[str, Any]]) -> None:
            for r in found:
                if r["created_at"] > t0 and r["mention_id"] not in seen:
                    seen.add(r["mention_id"])
                    out[kind] += 1

        if c.get("external_id"):
            count("reply", self.replies.get((c.get("platform"), c["external_id"]), ()))
        url = c.get("url")
        if quotes and url:
            count("quote", (r for r in self.window if url in (r.get("text") or "")))
        count("share", self.mentions.get(_bare(_handle(c)), ()))
        own = {t.lower() for t in _HASHTAG.findall(c.get("text") or "")} & self.tags
        for t in sorted(own):
            count("hashtag", self.tagged.get(t, ()))
        return out


_WHY = {
    "fr": ("premier message à forte audience que suit le pic", "message le plus suivi du pic",
           "suivi par", "réponses", "citations", "partages ou mentions", "reprises du hashtag"),
    "en": ("earliest high-reach post the spike follows", "most-followed post of the spike",
           "followed by", "replies", "quotes", "shares or mentions", "uses of the hashtag"),
}  # fmt: skip


def _num(x: float, lang: str) -> str:
    return f"{x:,.0f}".replace(",", "\u202f" if lang == "fr" else ",")


def _origin(
    c: dict[str, Any], follow: dict[str, int], *, high: bool, lang: str, zone: Any
) -> Origin:
    w = _WHY.get(lang, _WHY["fr"])
    parts = [f"{n} {w[3 + i]}" for i, n in enumerate(follow.values()) if n]
    reach = float(c["reach"])
    label = "de portée" if lang == "fr" else "reach"
    sep = " ; " if lang == "fr" else "; "
    why = (f"{w[0] if high else w[1]} ({_handle(c)}, {_num(reach, lang)} {label}){sep}"
           f"{w[2]} " + ", ".join(parts))  # fmt: skip
    return Origin(
        author_handle=_handle(c), mention_id=str(c["mention_id"]), reach=reach,
        created_at=c["created_at"].astimezone(zone), platform=str(c.get("platform")),
        url=c.get("url"),
        text=(c.get("text") or "")[:280], followers=dict(follow), why=why,
    )  # fmt: skip


def _author_terms(
    rows: Sequence[dict[str, Any]], brand_words: set[str], cache: dict[str, frozenset[str]]
) -> Counter[str]:
    """Term counts where each term counts once per author (one account repeating itself
    is one voice); the brand's own name left out (hashtags kept). ``cache``: the terms of
    each mention id, shared by the spikes of one brand."""
    by: dict[str, set[str]] = {}
    for r in _unique(rows):
        terms = cache.get(r["mention_id"])
        if terms is None:
            found = count_terms([f"{r.get('title') or ''} {r.get('text') or ''}"])
            keep = (t for t in found if t.startswith("#") or not brand_words & set(fold(t).split()))
            terms = frozenset(keep)
            cache[r["mention_id"]] = terms
        by.setdefault(str(r["author"]), set()).update(terms)
    return Counter(t for terms in by.values() for t in terms)


def rising_terms(
    window: Sequence[dict[str, Any]],
    baseline: Sequence[dict[str, Any]],
    brand: str,
    top: int = 30,
    cache: dict[str, frozenset[str]] | None = None,
) -> list[TermScore]:
    """Terms (and hashtags) that rose most in ``window`` against ``baseline``."""
    brand_words = {w for w in re.split(r"[\W_]+", fold(brand)) if w}
    cache = {} if cache is None else cache
    target = _author_terms(window, brand_words, cache)
    base = _author_terms(baseline, brand_words, cache)
    scored = log_odds_dirichlet(target, base, top=4 * top)
    out: list[TermScore] = []
    listed: set[str] = set()
    for t in scored:
        words = set(t.term.split())
        if len(words) > 1 and words <= listed:
            continue
        out.append(t)
        listed |= words
        if len(out) >= top:
            break
    return out


def _post(r: dict[str, Any], zone: Any) -> dict[str, Any]:
    return {"mention_id": r["mention_id"],
            "created_at": r["created_at"].astimezone(zone).isoformat(),
            "author": _handle(r), "reach": r["reach"],
            "text": (r.get("text") or "")[:280], "url": r.get("url")}  # fmt: skip


def _term(t: TermScore) -> dict[str, Any]:
    return {"term": t.term, "z": round(t.z, 2), "count": t.count, "baseline": t.baseline_count}


def explain(
    spike: Any,
    rows: Sequence[dict[str, Any]],
    history_days: int,
    *,
    lang: str = "fr",
    cache: dict[str, frozenset[str]] | None = None,
    baseline_end: datetime | None = None,
) -> dict[str, Any]:
    """Why ``spike`` (a :class:`~rumeur.analytics.spikes.Spike`): rows of its brand with
    ``text`` (``frame.load(with_text=True)``). Sets ``spike.tone``, ``spike.shift`` and
    ``spike.origin``, and returns the explanation dict (which repeats them). The baseline
    is the ``history_days`` before ``baseline_end`` (the start of the incident the spike
    belongs to; default: the spike's start)."""
    base_end = spike.start if baseline_end is None else min(baseline_end, spike.start)
    base_start = base_end - timedelta(days=history_days)
    every = [r for r in rows if spike.start <= r["created_at"] < spike.end]
    win = every
    if spike.metric != "volume":
        win = [r for r in win if r["sentiment"] == "negative"] or win
    base = [r for r in rows if base_start <= r["created_at"] < base_end]
    shift = sentiment_shift(every, base)
    terms = rising_terms(win, base, spike.brand, cache=cache)
    tags = [t.term for t in terms if t.term.startswith("#")]
    origin = find_origin(rows, spike.start, spike.end, tags, shift.tone, lang=lang)
    spike.tone, spike.shift, spike.origin = shift.tone, shift, origin
    zone = spike.start.tzinfo
    authors: Counter[str] = Counter()
    reach_by: dict[str, float] = {}
    for r in win:
        who = _handle(r)
        authors[who] += 1
        reach_by[who] = max(reach_by.get(who, 0.0), float(r["reach"]))
    asp_win: Counter[str] = Counter(a for r in win for a, v in r["aspects"].items()
                                    if v == "negative")  # fmt: skip
    asp_base: Counter[str] = Counter(a for r in base for a, v in r["aspects"].items()
                                     if v == "negative")  # fmt: skip
    ratio = spike.ratio
    return {
        "tone": shift.tone,
        "sentiment_shift": shift.to_dict(),
        "origin": origin.to_dict() if origin else None,
        "size": {"observed": spike.observed, "expected": round(spike.expected, 2),
                 "ratio": round(ratio, 2) if math.isfinite(ratio) else None,
                 "z": round(spike.z, 2)},
        "terms": [_term(t) for t in terms if not t.term.startswith("#")][:10],
        "hashtags": [_term(t) for t in terms if t.term.startswith("#")][:5],
        "most_seen": [_post(r, zone) for r in sorted(win, key=lambda r: -float(r["reach"]))[:5]],
        "first_posts": [_post(r, zone) for r in sorted(win, key=lambda r: r["created_at"])[:5]],
        "accounts": [{"author": a, "mentions": n, "reach": reach_by[a]}
                     for a, n in sorted(authors.items(), key=lambda kv: (-kv[1],
                                                                        -reach_by[kv[0]]))[:5]],
        "aspects": [{"aspect": a, "mentions": n, "baseline": asp_base.get(a, 0)}
                    for a, n in asp_win.most_common(5)],
        "mention_ids": [r["mention_id"] for r in win][:200],
        "baseline_window": [base_start.isoformat(), base_end.isoformat()],
    }  # fmt: skip


__all__ = [
    "ORIGIN_LEAD", "TONES", "Origin", "SentimentShift", "Tone", "explain", "find_origin",
    "rising_terms", "sentiment_shift", "shift_of_counts",
]  # fmt: skip
