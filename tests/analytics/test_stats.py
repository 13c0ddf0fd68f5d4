from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from scipy import stats as st

from rumeur.analytics.stats import (
    bootstrap_ratio_sums,
    chi_square,
    cluster_bootstrap_ratios,
    cluster_bootstrap_stat,
    cohens_h,
    compare_counts,
    log_odds_dirichlet,
    proportion,
    two_proportion_z,
    wilson,
)


def test_wilson_poll_71_38_percent_of_1153_votes() -> None:
    # 71.38 % of 1,153 votes = 823 votes. Hand computation: the Wilson bounds are the
    # roots of (n + z²) p² − (2k + z²) p + k²/n = 0 with z = 1.96.
    k, n = round(0.7138 * 1153), 1153
    assert k == 823
    lo, hi = wilson(k, n)
    assert lo == pytest.approx(0.68702, abs=1e-5)
    assert hi == pytest.approx(0.73914, abs=1e-5)
    e = proportion(k, n)
    assert e.value == pytest.approx(0.71379, abs=1e-5) and e.method == "wilson"


def test_wilson_edges() -> None:
    assert wilson(0, 0) == (0.0, 1.0)
    lo, hi = wilson(0, 20)
    assert lo == 0.0 and 0.1 < hi < 0.2


def test_cluster_bootstrap_is_reproducible_and_resamples_authors() -> None:
    rng = np.random.default_rng(1)
    reach = rng.integers(1, 1000, 300).astype(float)
    neg = [w if i % 3 == 0 else 0.0 for i, w in enumerate(reach)]
    authors = [f"a{i % 40}" for i in range(300)]
    a = cluster_bootstrap_ratios({"neg": neg}, reach, authors, seed=7)["neg"]
    b = cluster_bootstrap_ratios({"neg": neg}, reach, authors, seed=7)["neg"]
    c = cluster_bootstrap_ratios({"neg": neg}, reach, authors, seed=8)["neg"]
    assert a == b
    assert (a.lo, a.hi) != (c.lo, c.hi)
    assert a.lo < a.value < a.hi
    assert a.value == pytest.approx(sum(neg) / reach.sum())
    assert a.n == 40  # clusters, not rows
    # one author posting everything: a single cluster gives no spread at all
    one = cluster_bootstrap_ratios({"neg": neg}, reach, ["x"] * 300, seed=7)["neg"]
    assert one.lo == pytest.approx(one.hi)


def test_the_cluster_bootstraps_do_not_depend_on_the_rows_order() -> None:
    """The report and the CLI read a brand's rows in different orders: one figure must
    get one interval (9,54 [4,04 – 19,37] in the report against [3,89 – 18,45] in
    ``metrics debt`` on the demo, before the clusters were sorted)."""
    rng = np.random.default_rng(3)
    reach = rng.integers(1, 1000, 400).astype(float)
    neg = [w if i % 3 == 0 else 0.0 for i, w in enumerate(reach)]
    pos = [w if i % 3 == 1 else 0.0 for i, w in enumerate(reach)]
    authors = [f"a{(i * 11) % 57}" for i in range(400)]
    order = rng.permutation(400)

    def shuffled(v: list[float] | np.ndarray) -> list[float]:
        return [float(v[i]) for i in order]

    a = cluster_bootstrap_ratios({"neg": neg}, reach, authors, seed=4)["neg"]
    b = cluster_bootstrap_ratios(
        {"neg": shuffled(neg)}, shuffled(reach), [authors[i] for i in order], seed=4
    )["neg"]
    assert a.value == pytest.approx(b.value) and (a.lo, a.hi) == pytest.approx((b.lo, b.hi))

    def ratio(s: dict[str, Any]) -> Any:
        return np.asarray(s["U"]) / np.asarray(s["F"])

    c = cluster_bootstrap_stat({"U": neg, "F": pos}, authors, ratio, seed=4)
    d = cluster_bootstrap_stat(
        {"U": shuffled(neg), "F": shuffled(pos)}, [authors[i] for i in order], ratio, seed=4
    )
    assert c.value == pytest.approx(d.value) and (c.lo, c.hi) == pytest.approx((d.lo, d.hi))
    assert c.lo < c.value < c.hi


def test_the_bootstrap_from_cluster_sums_is_the_bootstrap_of_the_rows() -> None:
    rng = np.random.default_rng(2)
    reach = rng.integers(1, 5000, 900) * 0.1  # fractions: sums depend on their order
    neg = [w if i % 3 == 0 else 0.0 for i, w in enumerate(reach)]
    pos = [w if i % 3 == 1 else 0.0 for i, w in enumerate(reach)]
    authors = [f"a{(i * 7) % 113}" for i in range(900)]
    rows = cluster_bootstrap_ratios({"neg": neg, "pos": pos}, reach, authors, seed=5)
    # the same per-cluster sums, in the same cluster order (sorted, as sov.sums does)
    keys = sorted(set(authors))
    idx = np.array([keys.index(a) for a in authors])
    sums = {k: np.bincount(idx, weights=np.asarray(v), minlength=len(keys))
            for k, v in (("neg", neg), ("pos", pos))}  # fmt: skip
    den = np.bincount(idx, weights=reach, minlength=len(keys))
    assert bootstrap_ratio_sums(sums, den, seed=5) == rows
    # drawn a few resamples at a time (a million authors), the same resamples
    chunked = bootstrap_ratio_sums(sums, den, seed=5, budget=len(keys) * 7)
    for k in rows:
        assert chunked[k].value == rows[k].value and chunked[k].n == rows[k].n == 113
        assert (chunked[k].lo, chunked[k].hi) == pytest.approx((rows[k].lo, rows[k].hi), rel=1e-12)
    assert bootstrap_ratio_sums(sums, den, seed=6)["neg"] != rows["neg"]
    empty = bootstrap_ratio_sums({"neg": np.zeros(0)}, np.zeros(0))["neg"]
    assert empty.n == 0 and math.isnan(empty.value)


def test_two_proportion_z_matches_scipy_chi2() -> None:
    r = two_proportion_z(300, 1000, 250, 1000)  # 30 % favourable vs 25 % dissatisfied
    chi2, p, _, _ = st.chi2_contingency([[300, 700], [250, 750]], correction=False)
    assert r.statistic**2 == pytest.approx(chi2)
    assert r.p_value == pytest.approx(p)
    assert r.effect == pytest.approx(2 * math.asin(math.sqrt(0.3)) - 2 * math.asin(math.sqrt(0.25)))
    assert compare_counts([[300, 700], [250, 750]]).test == "two-proportion z"


def test_chi_square_and_cramers_v_match_scipy() -> None:
    table = [[48, 27, 21, 16], [30, 40, 20, 25]]
    r = chi_square(table)
    chi2, p, dof, _ = st.chi2_contingency(table, correction=False)
    assert (r.statistic, r.p_value, r.dof) == (pytest.approx(chi2), pytest.approx(p), dof)
    v = st.contingency.association(np.array(table), method="cramer")
    assert r.effect == pytest.approx(v)
    assert cohens_h(0.5, 0.5) == 0


def test_log_odds_finds_crafted_spike_terms() -> None:
    baseline = {"livraison": 40, "merci": 50, "commande": 30, "colis": 20, "panne": 1}
    target = {"livraison": 4, "merci": 5, "commande": 3, "panne": 30, "#voltagate": 12}
    top = log_odds_dirichlet(target, baseline, top=5)
    assert [t.term for t in top[:2]] == ["panne", "#voltagate"]
    assert all(t.term not in ("merci", "commande") for t in top)
    assert top[0].z > 3


def test_log_odds_of_a_one_word_vocabulary_is_empty_not_nan() -> None:
    # one word on each side: no odds to compare (infinite log-odds on both sides); it
    # used to come out with z = NaN (a NaN in the explanation, a warning)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert log_odds_dirichlet({"panne": 5}, {"panne": 3}) == []
        assert log_odds_dirichlet({"panne": 5}, {}) == []
        top = log_odds_dirichlet({"panne": 9, "merci": 1}, {"merci": 8, "panne": 1})
    assert [t.term for t in top] == ["panne"]
    assert all(np.isfinite(t.z) for t in top)
