"""Statistics shared by the analytics: intervals, tests, effect sizes, term contrasts.

Every figure Rumeur shows is an :class:`Estimate` (a value with a 95% interval and
the method that gave it). Proportions use the Wilson score interval; reach-weighted
figures use a bootstrap that resamples *authors* (clusters), because one loud account
posting twenty times is one piece of evidence, not twenty.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy import stats as _st

Z95 = 1.959963984540054


@dataclass(frozen=True, slots=True)
class Estimate:
    """A figure with its 95% interval (``lo``..``hi``), sample size and method.

    An undefined figure (no data: NaN; a ratio over zero: infinite) is carried as a float
    inside the analytics but leaves as ``None`` in :meth:`to_dict`, so JSON stays strict."""

    value: float
    lo: float
    hi: float
    n: int
    method: str

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("value", "lo", "hi"):
            d[k] = finite(d[k])
        return d


def finite(x: float | None) -> float | None:
    """``x`` as a float, or None when it is missing, NaN or infinite (an undefined figure)."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def wilson(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion (95% by default); (0, 1) when ``n`` is 0."""
    if n <= 0:
        return (0.0, 1.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(max(p * (1 - p) / n + z * z / (4 * n * n), 0.0)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def proportion(successes: int, n: int) -> Estimate:
    """``successes / n`` with its Wilson interval."""
    lo, hi = wilson(successes, n)
    return Estimate(successes / n if n else float("nan"), lo, hi, int(n), "wilson")


def net_share(pos: int, neg: int, n: int) -> Estimate:
    """(pos - neg) / n with a normal interval on the multinomial difference."""
    if n <= 0:
        return Estimate(float("nan"), -1.0, 1.0, 0, "multinomial-normal")
    pp, pn = pos / n, neg / n
    d = pp - pn
    se = math.sqrt(max(pp + pn - d * d, 0.0) / n)
    return Estimate(d, max(-1.0, d - Z95 * se), min(1.0, d + Z95 * se), n, "multinomial-normal")


def _resample_weights(rng: np.random.Generator, c: int, n_boot: int) -> np.ndarray:
    """``n_boot`` × ``c`` counts: how often each cluster is drawn when ``c`` clusters are
    drawn with replacement (a multinomial, built from uniform draws: much faster)."""
    draws = rng.integers(0, c, size=(n_boot, c))
    flat = (draws + (np.arange(n_boot) * c)[:, None]).ravel()
    return np.bincount(flat, minlength=n_boot * c).reshape(n_boot, c).astype(float)


def _cluster_keys(clusters: Sequence[Any]) -> list[Any]:
    """The distinct clusters in a fixed order that does not depend on the rows' order:
    the same mentions read in another order (the report's rows, the CLI's, the API's)
    draw the same resamples, so one figure has one interval in every face."""
    return sorted(set(clusters), key=lambda k: (k is None, type(k).__name__, str(k)))


def cluster_bootstrap_ratios(
    numerators: Mapping[str, Sequence[float]],
    denominator: Sequence[float],
    clusters: Sequence[Any],
    *,
    n_boot: int = 1000,
    seed: int = 0,
) -> dict[str, Estimate]:
    """Ratios ``sum(num) / sum(den)`` with percentile intervals from a bootstrap that
    resamples clusters (authors) with replacement. Same seed and same rows, in any
    order: same intervals."""
    keys = _cluster_keys(clusters)
    if not keys:
        return {k: Estimate(float("nan"), 0.0, 0.0, 0, "cluster-bootstrap") for k in numerators}
    index = {k: i for i, k in enumerate(keys)}
    idx = np.fromiter((index[c] for c in clusters), dtype=np.int64, count=len(clusters))
    c = len(keys)
    den = np.bincount(idx, weights=np.asarray(denominator, dtype=float), minlength=c)
    rng = np.random.default_rng(seed)
    w = _resample_weights(rng, c, n_boot)
    bden = w @ den
    out: dict[str, Estimate] = {}
    for name, values in numerators.items():
        num = np.bincount(idx, weights=np.asarray(values, dtype=float), minlength=c)
        out[name] = _ratio_estimate(num, den, w @ num, bden, n_boot)
    return out


def _ratio_estimate(
    num: np.ndarray, den: np.ndarray, boot_num: np.ndarray, boot_den: np.ndarray, n_boot: int
) -> Estimate:
    """The ratio of the clusters' sums ``num / den`` and its 95 % percentile interval
    from the resampled sums (resamples whose denominator is 0 left out)."""
    total = den.sum()
    value = float(num.sum() / total) if total else float("nan")
    with np.errstate(invalid="ignore", divide="ignore"):
        ratios = boot_num / boot_den
    ratios = ratios[np.isfinite(ratios)]
    lo, hi = (
        (float(np.quantile(ratios, 0.025)), float(np.quantile(ratios, 0.975)))
        if ratios.size
        else (float("nan"), float("nan"))
    )
    return Estimate(value, lo, hi, len(den), f"cluster-bootstrap(authors, B={n_boot})")


def bootstrap_ratio_sums(
    numerators: Mapping[str, np.ndarray],
    denominator: np.ndarray,
    *,
    n_boot: int = 1000,
    seed: int = 0,
    budget: int = 1 << 24,
) -> dict[str, Estimate]:
    """:func:`cluster_bootstrap_ratios` from the clusters' sums already made (one value
    per cluster, the same cluster order in every array): the same resamples (the same
    seed draws the same clusters), drawn ``budget // clusters`` resamples at a time so
    that a million authors do not need gigabytes. Same sums in the same order, same
    estimates."""
    den = np.asarray(denominator, dtype=float)
    c = len(den)
    if not c:
        return {k: Estimate(float("nan"), 0.0, 0.0, 0, "cluster-bootstrap") for k in numerators}
    nums = {k: np.asarray(v, dtype=float) for k, v in numerators.items()}
    rng = np.random.default_rng(seed)
    step = max(1, budget // c)
    bden: list[np.ndarray] = []
    bnum: dict[str, list[np.ndarray]] = {k: [] for k in nums}
    for start in range(0, n_boot, step):
        w = _resample_weights(rng, c, min(step, n_boot - start))
        bden.append(w @ den)
        for k, v in nums.items():
            bnum[k].append(w @ v)
    boot_den = np.concatenate(bden) if bden else np.zeros(0)
    return {
        name: _ratio_estimate(
            num, den, np.concatenate(bnum[name]) if bnum[name] else np.zeros(0), boot_den, n_boot
        )
        for name, num in nums.items()
    }


def cluster_bootstrap_stat(
    columns: Mapping[str, Sequence[float]],
    clusters: Sequence[Any],
    stat: Any,
    *,
    n_boot: int = 1000,
    seed: int = 0,
) -> Estimate:
    """A statistic of column sums with a cluster-bootstrap percentile interval (e.g.
    negative debt ``U / F``). ``stat`` takes ``{column: sums}`` and must be vectorised:
    it is called once with floats, then once with arrays of ``n_boot`` resampled sums."""
    keys = _cluster_keys(clusters)
    index = {k: i for i, k in enumerate(keys)}
    idx = np.fromiter((index[c] for c in clusters), dtype=np.int64, count=len(clusters))
    c = max(len(keys), 1)
    sums = {
        k: np.bincount(idx, weights=np.asarray(v, dtype=float), minlength=c)
        for k, v in columns.items()
    }
    value = float(stat({k: float(v.sum()) for k, v in sums.items()}))
    rng = np.random.default_rng(seed)
    w = _resample_weights(rng, c, n_boot)
    draws = np.asarray(stat({k: w @ v for k, v in sums.items()}), dtype=float)
    draws = draws[np.isfinite(draws)]
    if not draws.size:
        return Estimate(value, float("nan"), float("nan"), len(keys), "cluster-bootstrap")
    return Estimate(
        value,
        float(np.quantile(draws, 0.025)),
        float(np.quantile(draws, 0.975)),
        len(keys),
        f"cluster-bootstrap(authors, B={n_boot})",
    )


@dataclass(frozen=True, slots=True)
class TestResult:
    """A comparison: statistic, p-value, effect size and the test's name."""

    test: str
    statistic: float
    p_value: float
    effect: float
    effect_name: str
    dof: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("statistic", "p_value", "effect"):
            d[k] = finite(d[k])
        return d


def cohens_h(p1: float, p2: float) -> float:
    """Cohen's h between two proportions (0.2 small, 0.5 medium, 0.8 large)."""
    return 2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p2))


def two_proportion_z(k1: int, n1: int, k2: int, n2: int) -> TestResult:
    """Two-sided pooled two-proportion z-test, with Cohen's h."""
    p1, p2 = k1 / n1, k2 / n2
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (p1 - p2) / se if se else 0.0
    p = 2 * _st.norm.sf(abs(z))
    return TestResult("two-proportion z", z, float(p), cohens_h(p1, p2), "cohen_h")


def cramers_v(table: Sequence[Sequence[float]] | np.ndarray) -> float:
    t = np.asarray(table, dtype=float)
    chi2 = _st.chi2_contingency(t, correction=False)[0]
    k = min(t.shape) - 1
    return float(math.sqrt(chi2 / (t.sum() * k))) if k > 0 and t.sum() else 0.0


def chi_square(table: Sequence[Sequence[float]] | np.ndarray) -> TestResult:
    """Pearson chi-square test of independence (no continuity correction), Cramér's V."""
    t = np.asarray(table, dtype=float)
    chi2, p, dof, _ = _st.chi2_contingency(t, correction=False)
    return TestResult("chi-square", float(chi2), float(p), cramers_v(t), "cramer_v", int(dof))


def compare_counts(table: Sequence[Sequence[float]] | np.ndarray) -> TestResult:
    """The right test for a groups × outcomes table of counts: a two-proportion z-test
    for 2 groups × 2 outcomes, else a chi-square test."""
    t = np.asarray(table, dtype=float)
    if t.shape == (2, 2):
        return two_proportion_z(int(t[0, 0]), int(t[0].sum()), int(t[1, 0]), int(t[1].sum()))
    return chi_square(t)


@dataclass(frozen=True, slots=True)
class TermScore:
    term: str
    z: float
    count: int
    baseline_count: int


def log_odds_dirichlet(
    target: Mapping[str, int],
    baseline: Mapping[str, int],
    *,
    prior_strength: float = 500.0,
    top: int = 15,
    min_count: int = 2,
) -> list[TermScore]:
    """Terms over-represented in ``target`` vs ``baseline``: weighted log-odds ratio with an
    informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), prior = pooled frequencies
    scaled to ``prior_strength``. Returns the ``top`` terms by z-score."""
    vocab = sorted(set(target) | set(baseline))
    if not vocab:
        return []
    ya = np.array([target.get(w, 0) for w in vocab], dtype=float)
    yb = np.array([baseline.get(w, 0) for w in vocab], dtype=float)
    pooled = ya + yb
    alpha = prior_strength * pooled / pooled.sum()
    a0 = alpha.sum()
    na, nb = ya.sum(), yb.sum()
    # a term that is the whole vocabulary (one word on each side) has no odds to
    # compare: its log-odds are infinite on both sides and its z undefined (left out)
    with np.errstate(divide="ignore", invalid="ignore"):
        la = np.log((ya + alpha) / (na + a0 - ya - alpha))
        lb = np.log((yb + alpha) / (nb + a0 - yb - alpha))
        z = (la - lb) / np.sqrt(1 / (ya + alpha) + 1 / (yb + alpha))
    z = np.where(np.isfinite(z), z, -np.inf)
    order = np.argsort(-z)
    out = []
    for i in order:
        if ya[i] < min_count or z[i] <= 0:
            continue
        out.append(TermScore(vocab[i], float(z[i]), int(ya[i]), int(yb[i])))
        if len(out) >= top:
            break
    return out


__all__ = [
    "Estimate",
    "TermScore",
    "TestResult",
    "bootstrap_ratio_sums",
    "chi_square",
    "cluster_bootstrap_ratios",
    "cluster_bootstrap_stat",
    "cohens_h",
    "compare_counts",
    "cramers_v",
    "difference",
    "finite",
    "log_odds_dirichlet",
    "net_share",
    "proportion",
    "two_proportion_z",
    "wilson",
]


def difference(k1: int, n1: int, k2: int, n2: int) -> Estimate:
    """p1 − p2 with Newcombe's hybrid score interval (from the two Wilson intervals)."""
    if not n1 or not n2:
        return Estimate(float("nan"), -1.0, 1.0, n1 + n2, "newcombe")
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson(k1, n1)
    l2, u2 = wilson(k2, n2)
    d = p1 - p2
    lo = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    hi = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return Estimate(d, lo, hi, n1 + n2, "newcombe")
