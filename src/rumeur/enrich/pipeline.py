"""Run enrichers over the store: only what is missing or outdated, in resumable chunks.

For each enricher (dependencies first: ``language`` before ``sentiment-fast``), the
mentions without a result for its *current* version are read in chunks, enriched in
batches, and each chunk's results are committed together. Stopping at any point loses at
most the chunk in flight; the next run carries on from there. Results of older versions
stay in the table (``rumeur enrich --list`` shows both). A run can be narrowed to a brand
or a period and take the most-seen mentions first (:class:`Selection`): with a limit,
that is how the accurate tier is spent where it matters.

An enricher with a :class:`~rumeur.enrich.base.Review` policy (the accurate sentiment
tier) runs in default runs as a cascade: it re-reads only the mentions the reviewed
enricher (the fast tier) was unsure of, most-seen first, within its per-run budget.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import orjson
import pyarrow as pa

from rumeur.analytics.audience import PARENT_JOIN, AudienceSettings, from_project
from rumeur.config import Project
from rumeur.enrich.base import Enricher, EnrichInput, registry
from rumeur.errors import EnrichError
from rumeur.messages import Text
from rumeur.records import utcnow
from rumeur.storage.base import Store

CHUNK = 5000
#: progress(enricher key, done, total)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class EnricherStatus:
    name: str
    version: str
    default: bool
    description: str
    done: int
    missing: int


def _plan(names: Sequence[str] | None, include_optional: bool) -> list[Enricher]:
    """Instantiate the chosen enrichers, with their dependencies, dependencies first."""
    reg = registry()
    unknown = [n for n in names or () if n not in reg]
    if unknown:
        raise EnrichError(
            Text(
                f"enrichisseur(s) inconnu(s) : {', '.join(unknown)}",
                f"unknown enricher(s): {', '.join(unknown)}",
            ),
            hint=Text(
                "disponibles : " + ", ".join(sorted(reg)), "available: " + ", ".join(sorted(reg))
            ),
        )
    wanted = (
        list(names)
        if names
        else [n for n, f in reg.items() if include_optional or getattr(f, "default", True)]
    )
    ordered: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in ordered:
            return
        if name in path:
            cycle = " -> ".join((*path, name))
            raise EnrichError(
                Text(
                    f"cycle de dépendances entre enrichisseurs : {cycle}",
                    f"enricher dependency cycle: {cycle}",
                )
            )
        for dep in getattr(reg[name], "requires", ()):
            if dep in reg:
                visit(dep, (*path, name))
        ordered.append(name)

    for n in wanted:
        visit(n, ())
    return [reg[n]() for n in ordered]


def _review_sql(enricher: Enricher, order: str) -> tuple[str, str]:
    """(JOIN, ORDER BY) taking only the mentions the reviewed enricher's current version
    scored under the policy's threshold or marked with its ``flagged`` key, most-seen
    first (ties: oldest first)."""
    review = enricher.review
    assert review is not None
    of = registry()[review.of]()
    unsure = f"rv.score < {float(review.below)!r}"
    if review.flagged is not None:
        key = review.flagged.replace("'", "")
        unsure = f"({unsure} OR coalesce(json_extract(rv.data, '$.{key}') = 'true', false))"
    join = (
        f"JOIN enrichments rv ON rv.mention_id = m.mention_id AND rv.enricher = "
        f"'{of.name}' AND rv.version = '{of.version}' AND {unsure}"
    )
    return join, order


def _deps(enricher: Enricher) -> list[Enricher]:
    reg = registry()
    return [reg[d]() for d in enricher.requires if d in reg]


def _missing_sql(
    enricher: Enricher,
    where: str = "",
    order: str = "m.created_at, m.mention_id",
    join: str = "",
) -> tuple[str, list[object]]:
    deps = _deps(enricher)
    joins, cols, params = [join] if join else [], [], []
    for i, dep in enumerate(deps):
        joins.append(
            f"LEFT JOIN enrichments d{i} ON d{i}.mention_id = m.mention_id "
            f"AND d{i}.enricher = ? AND d{i}.version = ?"
        )
        params += [dep.name, dep.version]
        cols.append(f"d{i}.label AS dep{i}")
    select = ", ".join(["m.mention_id", "m.text", "m.title", "m.platform", *cols])
    sql = (
        f"SELECT {select} FROM mentions m {' '.join(joins)} "
        "WHERE NOT EXISTS (SELECT 1 FROM enrichments e WHERE e.mention_id = m.mention_id "
        f"AND e.enricher = ? AND e.version = ?) {where} ORDER BY {order}"
    )
    return sql, [*params, enricher.name, enricher.version]


@dataclass(frozen=True, slots=True)
class Selection:
    """Which mentions an enrichment run takes, and in what order (all, oldest first, by
    default). With :attr:`most_seen` the highest estimated reach comes first
    (:mod:`rumeur.analytics.audience`): with a limit, the accurate tier then scores the
    mentions most people saw."""

    brand: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    most_seen: bool = False

    def sql(self, audience: AudienceSettings) -> tuple[str, str, str, list[object]]:
        """(extra join, extra WHERE, ORDER BY, WHERE parameters)."""
        where: list[str] = []
        params: list[object] = []
        for value, condition in (
            (self.brand, "list_contains(m.brands, ?)"),
            (self.since, "m.created_at >= ?"),
            (self.until, "m.created_at < ?"),
        ):
            if value is not None:
                where.append(f"AND {condition}")
                params.append(value)
        if not self.most_seen:
            return "", " ".join(where), "m.created_at, m.mention_id", params
        order = f"{audience.sql('m', 'p')} DESC, m.created_at, m.mention_id"
        return PARENT_JOIN, " ".join(where), order, params


def status(store: Store) -> list[EnricherStatus]:
    """Every registered enricher with how many mentions have its current version."""
    total = int(store.scalar("SELECT count(*) FROM mentions") or 0)
    out = []
    for _name, factory in sorted(registry().items()):
        e = factory()
        done = int(store.scalar(
            "SELECT count(DISTINCT mention_id) FROM enrichments WHERE enricher = ? AND version = ?",
            [e.name, e.version]) or 0)  # fmt: skip
        out.append(EnricherStatus(e.name, e.version, e.default, e.description, done, total - done))
    return out


def run_enrichment(
    store: Store,
    project: Project | None = None,
    *,
    names: Sequence[str] | None = None,
    mention_ids: Sequence[str] | None = None,
    include_optional: bool = False,
    limit: int | None = None,
    select: Selection | None = None,
    progress: Progress | None = None,
    review: bool | None = None,
) -> dict[str, int]:
    """Enrich what is missing; returns the number of mentions enriched per enricher key.

    ``names``: only these enrichers (and what they require); default: the default ones
    (plus the optional ones with ``include_optional``). ``mention_ids``: only these
    mentions. ``limit``: at most this many mentions per enricher (e.g. the accurate tier
    on a sample). ``select``: a brand, a period, most-seen first (:class:`Selection`).
    ``review``: whether enrichers with a :class:`~rumeur.enrich.base.Review` policy run
    as a cascade (only what the reviewed enricher was unsure of, within their budget);
    default: in default runs (``names`` is None) and when ``names`` also holds the
    reviewed enricher (``rumeur watch --enrichers language,sentiment-fast,
    sentiment-accurate``); named alone, such an enricher reads
    everything missing.
    """
    select = select or Selection()
    plan = _plan(names, include_optional)

    def reviewing(e: Enricher) -> bool:
        if e.review is None:
            return False
        return review if review is not None else names is None or e.review.of in names

    use_project = (select.most_seen or any(map(reviewing, plan))) and project is not None
    audience = from_project(project) if use_project else AudienceSettings()  # rumeur.toml
    join, where, order, where_params = select.sql(audience)
    done: dict[str, int] = {}
    for enricher in plan:
        e_join, e_order, e_limit = join, order, limit
        if reviewing(enricher) and enricher.review is not None:
            e_join = join or PARENT_JOIN  # most-seen first when the budget cuts
            e_order = order if select.most_seen else Selection(most_seen=True).sql(audience)[2]
            rv_join, e_order = _review_sql(enricher, e_order)
            e_join = f"{e_join} {rv_join}"
            e_limit = min(limit, enricher.review.budget) if limit else enricher.review.budget
        if mention_ids is not None:
            if not mention_ids:
                done[enricher.key] = 0
                continue
            # an Arrow table, not executemany: ~100x faster for a watcher's batch of ids
            with store.registered("_only_ids", pa.table({"mention_id": list(mention_ids)})):
                store.execute("CREATE OR REPLACE TEMP TABLE _only AS SELECT * FROM _only_ids")
        only = "AND m.mention_id IN (SELECT mention_id FROM _only)" if mention_ids else ""
        sql, params = _missing_sql(enricher, f"{where} {only}", e_order, e_join)
        params += where_params
        count_sql = f"SELECT count(*) FROM ({sql})"
        total = int(store.scalar(count_sql, params) or 0)
        if e_limit is not None:
            total = min(total, e_limit)
            sql += f" LIMIT {int(e_limit)}"
        n = 0
        if progress:
            progress(enricher.key, 0, total)
        # materialise the work list so that committing chunks does not disturb the scan
        store.execute(f"CREATE OR REPLACE TEMP TABLE _todo AS {sql}", params)
        offset = 0
        while offset < total:
            rows = store.query(f"SELECT * FROM _todo LIMIT {CHUNK} OFFSET {offset}")
            offset += len(rows)
            if not rows:
                break
            dep_names = [d.name for d in _deps(enricher)]
            inputs = [
                EnrichInput(
                    mention_id=r["mention_id"],
                    text=r["text"],
                    title=r["title"],
                    platform=r["platform"],
                    language=r.get(f"dep{dep_names.index('language')}")
                    if "language" in dep_names
                    else None,
                    labels={d: r[f"dep{i}"] for i, d in enumerate(dep_names)},
                )
                for r in rows
            ]
            results = []
            for i in range(0, len(inputs), enricher.batch_size):
                batch = inputs[i : i + enricher.batch_size]
                try:
                    out = enricher.enrich(batch)
                except Exception as exc:  # an enricher bug must say which enricher failed
                    raise EnrichError(
                        Text(
                            f"{enricher.key} a échoué sur un lot : {exc!r}",
                            f"{enricher.key} failed on a batch: {exc!r}",
                        )
                    ) from exc
                if len(out) != len(batch):
                    raise EnrichError(
                        Text(
                            f"{enricher.key} a rendu {len(out)} résultats pour "
                            f"{len(batch)} mentions",
                            f"{enricher.key} returned {len(out)} results for {len(batch)} mentions",
                        )
                    )
                results.extend(out)
                if progress:
                    progress(enricher.key, n + i + len(batch), total)
            _save(store, enricher, inputs, results)
            n += len(rows)
        store.execute("DROP TABLE IF EXISTS temp._todo")
        done[enricher.key] = n
    return done


def _save(
    store: Store, enricher: Enricher, inputs: Sequence[EnrichInput], results: Sequence[object]
) -> None:
    now = utcnow()
    table = pa.table({
        "mention_id": [i.mention_id for i in inputs],
        "label": [getattr(r, "label", None) for r in results],
        "score": pa.array([getattr(r, "score", None) for r in results], type=pa.float64()),
        "data": [orjson.dumps(dict(getattr(r, "data", {}) or {})).decode() for r in results],
    })  # fmt: skip
    with store.transaction(), store.registered("_results", table):
        store.execute(
            "INSERT INTO enrichments SELECT mention_id, ?, ?, label, score, CAST(data AS JSON), ? "
            "FROM _results",
            [enricher.name, enricher.version, now],
        )
