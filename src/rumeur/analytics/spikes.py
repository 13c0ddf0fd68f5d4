"""Bad-buzz detection: seasonality-aware, robust anomaly detection, with explanations.

Per brand, the mentions are bucketed (hourly by default) into three series: volume,
unfavourable count and unfavourable reach; plus the unfavourable share. For each bucket:

- *expected* value: the median of the same hour of day over the previous ``history_days``
  days (the hour-of-day profile), times a weekday factor (median daily total of that
  weekday / median daily total, from the whole series — medians, so a spike barely moves
  it, clipped to [0.5, 2]);
- *scale*: MAD × 1.4826 over the same past buckets, combined with the Poisson spread
  ``sqrt(expected)`` for counts (quiet series have MAD 0); reach is scored on log1p;
- z = (observed − expected) / scale; a bucket is anomalous when z ≥ ``threshold``,
  observed ≥ ``min_count`` mentions and observed ≥ ``min_ratio`` × expected.
  The unfavourable share is scored with a binomial z against the share over the
  previous ``history_days``.

Consecutive anomalous buckets (gaps ≤ ``merge_gap`` buckets) form one :class:`Spike`;
:func:`explain` (:mod:`rumeur.analytics.spike_explain`) says why: its ``tone``
(``negative``, ``positive`` or ``mixed``, by the sentiment shift against the baseline),
its ``origin`` (the earliest high-reach post the spike's later posts follow), size vs
baseline, terms and hashtags that rose most (log-odds with an informative Dirichlet
prior vs the baseline window), most-seen posts, first posts, accounts driving it and
aspects involved. Only ``negative`` spikes are bad buzz (:func:`bad_buzz`).

Spike times are given in ``SpikeSettings.timezone`` (the project's time zone): aware
datetimes, so JSON carries ISO 8601 with the offset.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from rumeur.analytics.spike_explain import Origin, SentimentShift, Tone
from rumeur.analytics.spike_explain import explain as _explain

METRICS = ("volume", "negative", "negative_reach", "negative_share")
#: spikes of one brand less than this apart are one incident (one baseline before it)
INCIDENT_GAP = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class SpikeSettings:
    bucket_hours: int = 1
    history_days: int = 14
    threshold: float = 5.0
    min_count: int = 8
    min_ratio: float = 2.5
    merge_gap: int = 2
    metrics: tuple[str, ...] = METRICS
    #: the project's time zone: of date-only timestamps (see :func:`bucketize`) and of
    #: the spikes' start, end and peak
    timezone: str = "Europe/Paris"
    #: language of the explanation's sentences (``fr`` or ``en``)
    lang: str = "fr"


@dataclass(slots=True)
class Spike:
    brand: str
    metric: str
    start: datetime
    end: datetime
    peak: datetime
    observed: float
    expected: float
    z: float
    explanation: dict[str, Any] = field(default_factory=dict)
    #: negative | positive | mixed (set by :func:`explain`; ``mixed`` until then)
    tone: Tone = "mixed"
    shift: SentimentShift | None = None
    origin: Origin | None = None

    @property
    def ratio(self) -> float:
        return self.observed / self.expected if self.expected > 0 else math.inf

    def key(self) -> str:
        """Stable identity (the start in UTC, whatever the display time zone)."""
        return f"{self.brand}:{self.metric}:{self.start.astimezone(UTC).isoformat()}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "brand": self.brand, "metric": self.metric, "tone": self.tone,
            "start": self.start.isoformat(), "end": self.end.isoformat(),
            "peak": self.peak.isoformat(), "observed": self.observed, "expected": self.expected,
            "ratio": self.ratio if math.isfinite(self.ratio) else None, "z": self.z,
            "explanation": self.explanation,
        }  # fmt: skip


def _weekday_factor(x: np.ndarray, times: Sequence[datetime], per_day: int) -> np.ndarray:
    n_days = len(x) // per_day
    if n_days < 14:
        return np.ones(len(x))
    daily = x[: n_days * per_day].reshape(n_days, per_day).sum(axis=1)
    overall = float(np.median(daily))
    wd = np.array([times[d * per_day].weekday() for d in range(n_days)])
    fac = np.ones(7)
    for w in range(7):
        sel = daily[wd == w]
        if sel.size and overall > 0:
            fac[w] = float(np.clip(np.median(sel) / overall, 0.5, 2.0))
    return np.array([fac[t.weekday()] for t in times])


def score(
    x: np.ndarray,
    times: Sequence[datetime],
    cfg: SpikeSettings,
    *,
    log: bool = False,
    last_fraction: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """(expected, z) for each bucket of series ``x`` (NaN where history is too short).
    ``last_fraction``: the part of the last bucket already elapsed (an alert check at
    06:47 scores 06:00–06:47 against 47/60 of the usual hour, instead of waiting for
    07:00)."""
    per_day = 24 // cfg.bucket_hours
    y = np.log1p(x) if log else x.astype(float)
    n, d = len(y), cfg.history_days
    lags = np.full((d, n), np.nan)
    for k in range(1, d + 1):
        s = k * per_day
        if s < n:
            lags[k - 1, s:] = y[:-s]
    enough = np.sum(~np.isnan(lags), axis=0) >= max(3, d // 2)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        base = np.nanmedian(np.where(enough, lags, 0.0), axis=0)
        mad = 1.4826 * np.nanmedian(np.abs(lags - base), axis=0)
    fac = _weekday_factor(x, times, per_day)
    if 0 < last_fraction < 1 and n:
        base[-1] = np.log1p(np.expm1(base[-1]) * last_fraction) if log else base[-1] * last_fraction
        mad[-1] *= last_fraction
    if log:
        expected = base + np.log(fac)
        scale = np.maximum(mad, 0.75)
    else:
        expected = base * fac
        scale = np.sqrt(np.maximum(expected, 0.5) + mad**2)
    z = (y - expected) / scale
    z[~enough] = np.nan
    expected = np.expm1(expected) if log else expected
    return expected, z


def _share_z(neg: np.ndarray, tot: np.ndarray, cfg: SpikeSettings) -> tuple[np.ndarray, ...]:
    per_day = 24 // cfg.bucket_hours
    w = cfg.history_days * per_day
    cn = np.concatenate([[0], np.cumsum(neg)])
    ct = np.concatenate([[0], np.cumsum(tot)])
    idx = np.arange(len(neg))
    lo = np.maximum(idx - w, 0)
    hn, ht = cn[idx] - cn[lo], ct[idx] - ct[lo]
    with np.errstate(all="ignore"):
        p0 = np.clip((hn + 1) / (ht + 2), 0.01, 0.99)
        z = (neg - tot * p0) / np.sqrt(tot * p0 * (1 - p0))
        share = np.where(tot > 0, neg / np.maximum(tot, 1), 0.0)
    z[idx < w // 2] = np.nan
    return share, p0, z


def detect(
    series: dict[str, np.ndarray],
    times: Sequence[datetime],
    brand: str,
    cfg: SpikeSettings,
    *,
    end: datetime | None = None,
) -> list[Spike]:
    """Spikes in the bucketed series ``volume``, ``negative``, ``negative_reach`` (arrays
    aligned with ``times``); ``end``: where the data stops (inside the last bucket when
    checked mid-hour: that bucket is scored against its elapsed part, see :func:`score`)."""
    step = timedelta(hours=cfg.bucket_hours)
    frac = 1.0
    if end is not None and times:
        frac = float(min(1.0, max((end - times[-1]) / step, 1e-3)))
    out: list[Spike] = []
    vol, neg = series["volume"], series["negative"]
    for metric in cfg.metrics:
        if metric == "negative_share":
            obs, exp, z = _share_z(neg, vol, cfg)
            flag = (z >= cfg.threshold) & (neg >= cfg.min_count) & (obs >= cfg.min_ratio * exp)
        else:
            obs = series[metric]
            exp, z = score(obs, times, cfg, log=metric == "negative_reach", last_fraction=frac)
            count = neg if metric != "volume" else vol
            flag = (z >= cfg.threshold) & (count >= cfg.min_count) & (obs >= cfg.min_ratio * exp)
        flag &= ~np.isnan(z)
        out.extend(_runs(flag, obs, exp, z, times, brand, metric, cfg, end))
    out.sort(key=lambda s: s.start)
    return out


def _runs(
    flag: np.ndarray,
    obs: np.ndarray,
    exp: np.ndarray,
    z: np.ndarray,
    times: Sequence[datetime],
    brand: str,
    metric: str,
    cfg: SpikeSettings,
    end: datetime | None = None,
) -> list[Spike]:
    spikes: list[Spike] = []
    i, n = 0, len(flag)
    step = timedelta(hours=cfg.bucket_hours)
    while i < n:
        if not flag[i]:
            i += 1
            continue
        j, last = i, i
        while j + 1 < n and (flag[j + 1] or any(flag[j + 1 : j + 2 + cfg.merge_gap])):
            j += 1
            if flag[j]:
                last = j
        sel = slice(i, last + 1)
        peak = i + int(np.nanargmax(z[sel]))
        spikes.append(
            Spike(brand=brand, metric=metric, start=times[i],
                  end=min(times[last] + step, end or times[last] + step),
                  peak=times[peak], observed=float(np.sum(obs[sel])),
                  expected=float(np.nansum(exp[sel])), z=float(z[peak]))
        )  # fmt: skip
        i = last + 1
    return spikes


def bucketize(
    rows: Sequence[dict[str, Any]],
    start: datetime,
    end: datetime,
    bucket_hours: int = 1,
    timezone: str = "Europe/Paris",
) -> tuple[list[datetime], dict[str, np.ndarray]]:
    """Bucketed series of ``rows`` (one brand) between ``start`` and ``end``.

    Coarse timestamps carry no hour and would look like bursts: date-only ones (exactly
    local midnight in ``timezone``: review sites showing "18 juil. 2025") are spread evenly
    over the 24 hours of their day; a pile of 3 or more mentions of one platform stamped
    at the very same whole minute (relative dates such as "il y a 2 jours" resolved
    against the export time) is spread over the 24 hours around that minute."""
    step = timedelta(hours=bucket_hours)
    start = start.replace(minute=0, second=0, microsecond=0)
    n = max(1, math.ceil((end - start) / step))
    times = [start + k * step for k in range(n)]
    series = {k: np.zeros(n) for k in ("volume", "negative", "negative_reach")}
    zone = ZoneInfo(timezone)
    per_day = 24 // bucket_hours
    piles = Counter(
        (r.get("platform"), r["created_at"])
        for r in rows
        if r["created_at"].second == 0 and r["created_at"].microsecond == 0
    )
    for r in rows:
        ts = r["created_at"]
        local = ts.astimezone(zone)
        if local.hour == local.minute == local.second == local.microsecond == 0:
            ks, w = [int((ts + j * step - start) / step) for j in range(per_day)], 1 / per_day
        elif piles.get((r.get("platform"), ts), 0) >= 3:
            half = per_day // 2
            ks = [int((ts + j * step - start) / step) for j in range(-half, per_day - half)]
            w = 1 / per_day
        else:
            ks, w = [int((ts - start) / step)], 1.0
        neg = r["sentiment"] == "negative"
        for k in ks:
            if 0 <= k < n:
                series["volume"][k] += w
                if neg:
                    series["negative"][k] += w
                    series["negative_reach"][k] += w * float(r["reach"])
    return times, series


def scan(
    rows: Sequence[dict[str, Any]],
    start: datetime,
    end: datetime,
    cfg: SpikeSettings | None = None,
    *,
    explain_spikes: bool = True,
) -> list[Spike]:
    """Detect (and explain) spikes per brand in ``rows`` (from :func:`frame.load`)."""
    cfg = cfg or SpikeSettings()
    zone = ZoneInfo(cfg.timezone)
    out = []
    for brand in sorted({r["brand"] for r in rows}):
        mine = [r for r in rows if r["brand"] == brand]
        times, series = bucketize(mine, start, end, cfg.bucket_hours, cfg.timezone)
        cache: dict[str, frozenset[str]] = {}  # terms of each mention, shared by the spikes
        found = detect(series, times, brand, cfg, end=end)
        for s in found:
            s.start, s.end, s.peak = (t.astimezone(zone) for t in (s.start, s.end, s.peak))
        onsets = _incident_starts(found)
        for s in found:
            if explain_spikes:
                s.explanation = _explain(s, mine, cfg.history_days, lang=cfg.lang, cache=cache,
                                         baseline_end=onsets[s.key()])  # fmt: skip
            out.append(s)
    return out


@dataclass(slots=True)
class Episode:
    """A brand's spikes less than :data:`INCIDENT_GAP` apart (one *incident*: a bad buzz
    raises the volume, the unfavourable count and reach over hours and days)."""

    brand: str
    spikes: list[Spike] = field(default_factory=list)

    @property
    def start(self) -> datetime:
        return min(s.start for s in self.spikes)

    @property
    def end(self) -> datetime:
        return max(s.end for s in self.spikes)

    @property
    def strongest(self) -> Spike:
        return max(self.spikes, key=lambda s: s.z)

    @property
    def tone(self) -> Tone:
        return tone_of(self.spikes)


def tone_of(spikes: Sequence[Spike]) -> Tone:
    """One tone for spikes: ``negative`` (or ``positive``) when some are and none leans
    the other way, else ``mixed``."""
    tones = {s.tone for s in spikes}
    for side, other in (("negative", "positive"), ("positive", "negative")):
        if side in tones and other not in tones:
            return side
    return "mixed"


def episodes(spikes: Sequence[Spike], gap: timedelta = INCIDENT_GAP) -> list[Episode]:
    """Spikes grouped by brand into episodes (less than ``gap`` between one spike's start
    and the episode's end so far), by start time."""
    out: list[Episode] = []
    last: dict[str, Episode] = {}
    for s in sorted(spikes, key=lambda s: (s.start, s.brand, s.metric)):
        ep = last.get(s.brand)
        if ep is None or s.start > ep.end + gap:
            ep = Episode(s.brand)
            out.append(ep)
            last[s.brand] = ep
        ep.spikes.append(s)
    return out


def _incident_starts(spikes: Sequence[Spike]) -> dict[str, datetime]:
    """The start of the incident (:class:`Episode`) each spike belongs to: its baseline
    ends there, so a second day of bad buzz is compared with the days before the buzz,
    not with the first day."""
    return {s.key(): ep.start for ep in episodes(spikes) for s in ep.spikes}


def bad_buzz(spikes: Sequence[Spike]) -> list[Spike]:
    """The spikes that are bad buzz: unfavourable ones (``tone == "negative"``)."""
    return [s for s in spikes if s.tone == "negative"]


def explain(spike: Spike, rows: Sequence[dict[str, Any]], cfg: SpikeSettings) -> dict[str, Any]:
    """Why this spike (sets its tone, shift and origin): rows of one brand, with ``text``
    (``frame.load(with_text=True)``). See :func:`rumeur.analytics.spike_explain.explain`."""
    return _explain(spike, rows, cfg.history_days, lang=cfg.lang)


__all__ = [
    "METRICS", "Episode", "Origin", "SentimentShift", "Spike", "SpikeSettings", "Tone",
    "bad_buzz", "bucketize", "detect", "episodes", "explain", "scan", "score", "tone_of",
]  # fmt: skip
