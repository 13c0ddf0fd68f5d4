"""The store `benchmarks/api.py` loads: N synthetic mentions generated in DuckDB SQL.

    python benchmarks/api_store.py [--rows 10000000] [--path /tmp/rumeur-bench-api/N/...]

Fictional brands and French texts made of phrase fragments (so that a search has words
to find and to rank), with distributions close to a real listening project's:

- brands: Volta 35 %, Nexa 25 %, Ondine 20 %, Cerise 12 %, Lumen 8 %;
- platforms: twitter 30 %, facebook 15 %, instagram 12 %, forum 10 %, reviews 10 %,
  news 8 %, youtube 5 %, tiktok 5 %, reddit 5 %;
- dates: one year, stored in time order as collection appends them, with an evening peak;
- authors: 1,000,000 accounts, a few very active (a power law on the author id);
- reach: followers Pareto-tailed (median ≈ 60, a few above 1,000,000), views on 40 %;
- sentiment (one ``sentiment-fast`` enrichment each, made a minute after the mention
  was collected, as the watcher does): negative 35 %, neutral 45 %, positive 20 %, the
  text written in that tone;
- mention ids: 32 hex digits (an MD5), like the ids the import makes: no order to
  exploit when a page's mentions are read back by id.

The project folder (``rumeur.toml`` declaring the brands, and ``rumeur.duckdb``) is built
once and reused while its row count matches; the analytics rollups and the search index
are built by Rumeur's own code, and their times printed.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rumeur import config
from rumeur.config import Brand

BRANDS = (
    Brand(id="volta", name="Volta Mobile", aliases=("Volta",)),
    Brand(id="nexa", name="Nexa Télécom", aliases=("Nexa",), competitor=True),
    Brand(id="ondine", name="Ondine", competitor=True),
    Brand(id="cerise", name="Cerise Box", aliases=("Cerise",), competitor=True),
    Brand(id="lumen", name="Lumen Fibre", aliases=("Lumen",), competitor=True),
)
#: cumulative percent thresholds of the brands and platforms above
_BRAND_CUTS = ((35, "volta", "Volta"), (60, "nexa", "Nexa"), (80, "ondine", "Ondine"),
               (92, "cerise", "Cerise"), (100, "lumen", "Lumen"))  # fmt: skip
_PLATFORM_CUTS = ((30, "twitter"), (45, "facebook"), (57, "instagram"), (67, "forum"),
                  (77, "reviews"), (85, "news"), (90, "youtube"), (95, "tiktok"),
                  (100, "reddit"))  # fmt: skip

_NEGATIVE = [
    "Très déçu par {b}",
    "Encore une panne chez {b}",
    "Le service client de {b} ne répond pas",
    "Toujours pas de remboursement de {b}",
    "Facture beaucoup trop chère chez {b}",
    "{b} a coupé ma ligne sans prévenir",
    "Résiliation impossible chez {b}",
    "Débit catastrophique avec {b}",
    "Trois semaines sans réseau {b}",
    "Le technicien {b} n'est jamais venu",
]
_NEUTRAL = [
    "Quelqu'un connaît les horaires de la boutique {b}",
    "{b} annonce une nouvelle offre fibre",
    "Question sur la portabilité vers {b}",
    "Comparatif des forfaits {b} et autres",
    "{b} ouvre une boutique en centre-ville",
    "Comment joindre le support {b}",
    "Article sur les tarifs {b} cette année",
    "{b} change son application",
]
_POSITIVE = [
    "Merci {b}, problème réglé en une heure",
    "Super débit depuis le passage chez {b}",
    "Le conseiller {b} a été impeccable",
    "Remboursé rapidement par {b}, bravo",
    "Installation de la fibre {b} nickel",
    "Très satisfait du nouveau forfait {b}",
]
_TAILS = [
    "",
    " depuis ce matin.",
    " à Lyon.",
    " à Marseille, encore.",
    " c'est la troisième fois !",
    " franchement.",
    " #fibre",
    " sur mobile.",
    " pour ma mère.",
    " au bureau.",
    " en plein télétravail.",
    " avant les vacances.",
    " vraiment.",
    " ?",
    " merci de me répondre",
    " à Bordeaux.",
]


def _sql_list(items: list[str]) -> str:
    return "[" + ", ".join("'" + s.replace("'", "''") + "'" for s in items) + "]"


def _case(expr: str, cuts: tuple[tuple, ...], pick: int) -> str:
    return "CASE " + " ".join(f"WHEN {expr} < {c[0]} THEN '{c[pick]}'" for c in cuts) + " END"


def write_project(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    toml = root / config.CONFIG_NAME
    toml.write_text(config.template(name="Banc d'essai API (fictif)", brands=BRANDS),
                    encoding="utf-8")  # fmt: skip
    return toml


def build(root: Path, rows: int, *, say=print) -> Path:  # type: ignore[no-untyped-def]
    """The project folder with ``rows`` mentions (built once; reused when it holds them)."""
    from rumeur.analytics import rollup
    from rumeur.storage.duckdb import DuckDBStore

    write_project(root)
    path = root / "rumeur.duckdb"
    if path.exists():
        with DuckDBStore(path, read_only=True) as ro:
            ok = ro.scalar("SELECT count(*) FROM mentions") == rows and ro.search_index_info().fresh
            behind = ok and rollup.version(ro, check=True) is None
            # indexed by an earlier Rumeur: no search engine beside it (a large store)
            no_engine = (ok and rows >= ro.search_engine_min_docs
                         and ro.search_engine_page("panne", limit=1) is None)  # fmt: skip
        if ok:
            if behind:  # rolled up by an earlier Rumeur: the overview's table added
                with DuckDBStore(path) as st:
                    rollup.build_brand_hourly(st)
                    st.execute("CHECKPOINT")
            if no_engine:  # what the next refresh of a user's store does
                with DuckDBStore(path) as st:
                    t = time.perf_counter()
                    st.refresh_search_index()
                    say(f"search engine built beside the reused store in "
                        f"{time.perf_counter() - t:.1f} s")  # fmt: skip
            say(f"store reused: {path} ({rows:,} mentions)")
            return root
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)
    year = 365 * 86400
    with DuckDBStore(path, memory_limit="6GB") as st:
        t = time.perf_counter()
        st.execute(f"""
            CREATE TEMP TABLE g AS
            SELECT i, hash(i * 7) % 100 AS bu, hash(i * 11) % 100 AS pu, hash(i * 13) % 100 AS su,
                   (hash(i * 17) % 1000000) / 1000000.0 + 0.000001 AS fu,
                   (hash(i * 19) % 1000000) / 1000000.0 AS au
            FROM range({rows}) r(i)
        """)  # fmt: skip
        brand_id = _case("bu", _BRAND_CUTS, 1)
        brand_name = _case("bu", _BRAND_CUTS, 2)
        sentiment = (
            "CASE WHEN su < 35 THEN 'negative' WHEN su < 80 THEN 'neutral' ELSE 'positive' END"
        )

        def pick(words: list[str]) -> str:
            return f"{_sql_list(words)}[(1 + hash(i * 23) % {len(words)})::BIGINT]"

        phrase = (f"CASE WHEN su < 35 THEN {pick(_NEGATIVE)} WHEN su < 80 THEN "
                  f"{pick(_NEUTRAL)} ELSE {pick(_POSITIVE)} END")  # fmt: skip
        tail = f"{_sql_list(_TAILS)}[(1 + hash(i * 29) % {len(_TAILS)})::BIGINT]"
        # time order with an evening peak: i spreads over the year, the hour leans to 18-22 h
        created = (f"TIMESTAMPTZ '2025-01-01 00:00:00+00' + to_seconds("
                   f"(i * {year} // {rows})::BIGINT - (i * {year} // {rows}) % 86400 "
                   f"+ CASE WHEN hash(i * 31) % 10 < 4 THEN 64800 + hash(i * 37) % 14400 "
                   f"ELSE hash(i * 37) % 86400 END)")  # fmt: skip
        st.execute(f"""
            INSERT INTO mentions (mention_id, dedupe_key, platform, external_id, url, author_id,
                author_handle, author_followers, author_verified, is_own_account, text,
                language, created_at, collected_at, likes, shares, replies, views, brands,
                unmatched, import_id)
            SELECT md5('bench-' || i), 'k' || i, {_case("pu", _PLATFORM_CUTS, 1)}, 'x' || i,
                   'https://exemple.invalid/p/' || i,
                   'a' || floor(1000000 * au * au * au)::BIGINT,
                   'compte_' || floor(1000000 * au * au * au)::BIGINT,
                   least(floor(20 * pow(fu, -1.1)), 5000000)::BIGINT, fu < 0.0005, false,
                   replace({phrase}, '{{b}}', {brand_name}) || {tail}, 'fr',
                   {created}, {created} + INTERVAL 5 MINUTE,
                   (hash(i * 41) % 50)::BIGINT, (hash(i * 43) % 10)::BIGINT,
                   (hash(i * 47) % 5)::BIGINT,
                   CASE WHEN hash(i * 53) % 10 < 4
                        THEN least(floor(50 * pow(fu, -1.2)), 20000000)::BIGINT END,
                   [{brand_id}], false, 'bench'
            FROM g ORDER BY i
        """)  # fmt: skip
        st.execute(f"""
            INSERT INTO enrichments SELECT md5('bench-' || i), 'sentiment-fast', '1',
                   {sentiment}, 0.8, NULL, {created} + INTERVAL 6 MINUTE
            FROM g ORDER BY i
        """)  # fmt: skip
        st.execute("DROP TABLE g")
        st.execute("CHECKPOINT")
        say(f"generated {rows:,} mentions + {rows:,} sentiment labels in "
            f"{time.perf_counter() - t:.1f} s")  # fmt: skip
        t = time.perf_counter()
        rollup.refresh(st)
        say(f"analytics rollups built in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        info = st.refresh_search_index(full=True)
        say(f"search index built in {time.perf_counter() - t:.1f} s "
            f"({info.documents:,} mentions, {info.postings:,} postings)")  # fmt: skip
        st.execute("CHECKPOINT")
    return root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--path", type=Path, default=None, help="project folder")
    args = ap.parse_args(argv)
    root = args.path or Path("/tmp/rumeur-bench-api") / str(args.rows)
    build(root, args.rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
