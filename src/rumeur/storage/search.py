"""Full-text search of the mentions in the DuckDB store: a BM25-ranked inverted index.

The words come from DuckDB's full-text-search extension (``fts``, shipped by the
``duckdb-extension-fts`` package and loaded from that file: nothing is downloaded): its
Snowball ``stem(word, 'french')``. The index lives in two tables of the store, kept
fresh incrementally by :meth:`SearchMixin.refresh_search_index`:

``search_terms``  one row per (term, mention): ``tf`` (occurrences of the term in the
                  mention's title and text) and ``len`` (the mention's number of
                  terms), sorted by term, so that DuckDB's zone maps read only the row
                  groups of the query's terms (a posting list); ``rid``, the row
                  position of the mention (``mentions.rowid``) when it was indexed
``search_docs``   one row per indexed mention: its number of terms, the collection
                  time of the version indexed (an edited review comes back under the
                  same id with a newer one: it is indexed again) and its ``rid``
``search_state``  the number of documents and terms, what the mentions looked like at the
                  last refresh (fingerprint), how many rows were appended unsorted

A term is a word (letters and digits, lower case) that is not a French stop word,
stemmed *with its accents* and then stripped of them: "déçue", "déçu" and "deçu" all
give ``decu``, "remboursés" and "remboursement" give ``rembours``. (The extension's own
``create_fts_index`` strips accents before stemming, which leaves "remboursee" as
``rembourse`` apart from "remboursé"; and it can only rebuild the whole index.)

Scores are Okapi BM25 with the extension's constants (k1 = 1.2, b = 0.75); every word of
a query must appear (a conjunctive query), as the LIKE search did before.

Both tables have a ``mention_id`` column: erasing a person (``rumeur privacy erase``)
deletes their rows with the rest of their data, and retention's deleted mentions leave
the index at the next refresh.
"""

from __future__ import annotations

import importlib.resources
import logging
import math
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import duckdb

from rumeur.errors import StoreError
from rumeur.messages import Text
from rumeur.records import utcnow
from rumeur.storage import search_engine
from rumeur.storage.literals import inline
from rumeur.storage.search_labels import LabelsFile, keep_labels, labels_at

_log = logging.getLogger("rumeur.search")

#: bump when the way terms are made changes: the next refresh rebuilds the index
TOKENIZER_VERSION = 2
K1 = 1.2
B = 0.75
#: re-sort the index when more than this share of its rows were appended since the last sort
RESORT_SHARE = 0.25
#: the layout of the index tables: 2 = each posting's BM25 term weight ``w`` stored,
#: postings sorted by (term, w DESC), ``search_term_stats``; 3 = each posting's and
#: document's ``rid``, the row position of its mention, so that a page of hits is read
#: at its rows (checked against the id: see :meth:`SearchMixin.search_positions`) and
#: not by a scan of every mention id. An index of an earlier layout is read as it is and
#: upgraded by the next refresh, without reading the texts again
INDEX_FORMAT = 3
#: a page of one word's best hits that ends within this rank reads only the postings
#: at or above the weight of that rank (``search_term_stats.floor``)
TOP_DEPTH = 1000

#: French stop words (and the elided forms l', d', j'...), as typed; their accent-free
#: forms are stop words too
_STOPWORDS = """
    a à ai aie aient aies ait as au aucun aucune aura aurai auraient aurais aurait
    auras aurez auriez aurions aurons auront aussi autre aux avaient avais avait avec
    avez aviez avions avoir avons ayant ayez ayons c ça car ce ceci cela celà ces cet
    cette ceux chaque ci comme d dans de des du dont donc elle elles en encore es est
    et étaient étais était étant été êtes étiez étions être eu eue eues eûmes eurent
    eus eusse eussent eusses eussiez eussions eut eût eûtes eux fûmes furent fus fusse
    fussent fusses fussiez fussions fut fût fûtes ici il ils j je l la là le les leur
    leurs lui m ma mais me même mes moi mon n ne ni nos notre nous on ont ou où par
    pas pour qu que quel quelle quelles quels qui s sa sans se sera serai seraient
    serais serait seras serez seriez serions serons seront ses si soi soient sois soit
    sommes son sont soyez soyons suis sur t ta te tes toi ton tu un une vos votre vous
    y
"""
STOPWORDS_FR = frozenset(_STOPWORDS.split())
#: the terms of the texts searched in this process (see :meth:`SearchMixin.search_terms`)
_TERMS: dict[str, list[str]] = {}
_TERMS_LOCK = threading.Lock()


def _unaccented(word: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


#: the stop words as typed and without their accents (what the SQL compares words with)
STOP_LIST = sorted(STOPWORDS_FR | {_unaccented(w) for w in STOPWORDS_FR})


@dataclass(frozen=True, slots=True)
class SearchIndexInfo:
    """Where the search index stands."""

    #: the index tables exist
    exists: bool
    #: it covers exactly the stored mentions (as of the last refresh's fingerprint)
    fresh: bool
    #: mentions indexed
    documents: int = 0
    #: (term, mention) rows
    postings: int = 0
    #: when it was last refreshed (UTC)
    updated_at: datetime | None = None
    #: what the last refresh did: "rebuilt", "appended", "unchanged" (None: never run)
    last_action: str | None = None
    #: how long the last refresh took, in seconds
    last_seconds: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Con(Protocol):
    def execute(self, sql: str, params: Any = None) -> Any: ...


def _fts_hint(version: str) -> Text:
    return Text(
        f"pip install duckdb-extension-fts=={version} (même version que duckdb)",
        f"pip install duckdb-extension-fts=={version} (the same version as duckdb)",
    )


def fts_extension_path() -> str:
    """The fts extension file shipped by ``duckdb-extension-fts`` for this DuckDB."""
    import duckdb

    try:
        root = importlib.resources.files("duckdb_extension_fts")
    except ModuleNotFoundError as exc:
        raise StoreError(
            Text(
                "la recherche plein texte a besoin du paquet duckdb-extension-fts",
                "full-text search needs the duckdb-extension-fts package",
            ),
            hint=_fts_hint(duckdb.__version__),
        ) from exc
    path = root / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if not path.is_file():
        raise StoreError(
            Text(
                f"duckdb-extension-fts n'a pas d'extension pour duckdb {duckdb.__version__}",
                f"duckdb-extension-fts has no extension for duckdb {duckdb.__version__}",
            ),
            hint=_fts_hint(duckdb.__version__),
        )
    return str(path)


def load_fts(con: _Con) -> None:
    """Load the fts extension from its package file (never from the network)."""
    path = fts_extension_path()
    try:
        con.execute("LOAD '" + path.replace("'", "''") + "'")
    except Exception as exc:  # duckdb.Error: a corrupt or mismatched file
        raise StoreError(
            Text(
                f"impossible de charger l'extension fts ({path}) : {exc}",
                f"cannot load the fts extension ({path}): {exc}",
            )
        ) from exc


def _tokens_sql(source: str) -> str:
    """(mention_id, term) rows of the mentions in relation ``source`` (mention_id, title,
    text); needs the fts extension and one parameter after ``source``'s: the stop words
    (:data:`STOP_LIST`). Each distinct
    word is stemmed once."""
    return f"""
        WITH words AS (
            SELECT mention_id, w FROM (
                SELECT mention_id,
                       unnest(regexp_split_to_array(
                           lower(coalesce(title, '') || ' ' || coalesce(text, '')),
                           '[^\\p{{L}}\\p{{N}}]+')) AS w
                FROM {source}
            ) WHERE w <> '' AND w NOT IN (SELECT unnest(?::VARCHAR[]))
        ),
        vocabulary AS (
            SELECT w, strip_accents(stem(w, 'french')) AS term
            FROM (SELECT DISTINCT w FROM words)
        )
        SELECT words.mention_id, vocabulary.term FROM words JOIN vocabulary USING (w)
    """


def _weight_sql(avgdl: float) -> str:
    """A posting's BM25 term weight (its score is the term's idf times it), from its
    ``tf`` and ``len``, for an average document length ``avgdl``. DOUBLE literals: a
    plain 1.2 is a DECIMAL in DuckDB, ten times slower here."""
    return (f"{K1 + 1}::DOUBLE * tf / (tf + {K1}::DOUBLE * ({1 - B}::DOUBLE + "
            f"{B}::DOUBLE * len / {avgdl!r}::DOUBLE))")  # fmt: skip


def _postings_sql(source: str) -> str:
    """(term, mention_id, tf, len) rows for the mentions in ``source``."""
    return f"""
        SELECT term, mention_id, tf, (sum(tf) OVER (PARTITION BY mention_id))::INTEGER AS len
        FROM (
            SELECT mention_id, term, count(*)::INTEGER AS tf FROM ({_tokens_sql(source)})
            GROUP BY mention_id, term
        )
    """


class SearchMixin:
    """Full-text search methods of :class:`~rumeur.storage.duckdb.DuckDBStore`."""

    con: Any
    read_only: bool
    transaction: Callable[[], AbstractContextManager[Any]]
    _index_lock: threading.Lock
    _fts_loaded: bool = False
    #: a search's terms and relation, kept for the next call on the same index state
    _memo: dict[Any, Any]
    #: see :meth:`~rumeur.storage.duckdb.DuckDBStore.stable_row`
    stable_row: Callable[..., tuple[Any, ...]]
    path: Path
    in_memory: bool
    #: from how many indexed mentions a refresh keeps the search engine beside the store
    #: (:mod:`rumeur.storage.search_engine`); fewer: none, DuckDB's index answers alone
    search_engine_min_docs: int = search_engine.MIN_DOCS

    def _search_ready(self) -> None:
        if getattr(self, "_stop_con", None) is self.con:  # done on this connection
            return
        if not self._fts_loaded:
            load_fts(self.con)
            self._fts_loaded = True
        self._stop_con = self.con
        self._memo = {}

    def _has(self, table: str) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ? "
            "AND table_schema = 'main' AND table_catalog = current_database()",
            [table],
        ).fetchone()
        return bool(row and row[0])

    def _fingerprint(self) -> str:
        """What the stored mentions look like, cheaply (every search reads it): their
        number and last collection time. Mentions are only added (with a newer
        collection time) or deleted (fewer); texts edited in place (an erasure's sweep)
        call for ``refresh_search_index(full=True)``. Kept while the store's files are
        unchanged (``stable_row``: the count costs 3-5 ms of CPU at 10M mentions)."""
        # the newest collection time as a top-1 (zone maps), not max() (a full column read)
        n, last = self.stable_row(
            "SELECT (SELECT count(*) FROM mentions), (SELECT collected_at FROM mentions "
            "ORDER BY collected_at DESC NULLS LAST LIMIT 1)"
        )
        return f"{n}|{last}"

    def search_terms(self, text: str) -> list[str]:
        """The index terms of ``text`` (stop words dropped, stemmed, accents stripped),
        distinct, in the order typed. Kept per process (:data:`_TERMS`): the terms of a
        text depend on the tokenizer alone, and a connection's first search of a text
        would pay DuckDB's tokenizing query (7 ms) again."""
        self._search_ready()
        found = _TERMS.get(text)
        if found is not None:
            return list(found)
        # the stop words written into the query: as a bound list, DuckDB's client looks
        # each value over (35-50 ms for the 197 words, against 7 ms in all)
        rows = self.con.execute(*inline(
            "SELECT term FROM ("
            + _tokens_sql("(SELECT 'q' AS mention_id, NULL AS title, ?::VARCHAR AS text)")
            + ")",
            [text, STOP_LIST],
        )).fetchall()  # fmt: skip
        terms = list(dict.fromkeys(r[0] for r in rows))
        with _TERMS_LOCK:
            if len(_TERMS) >= 4096:
                _TERMS.clear()
            _TERMS[text] = terms
        return list(terms)

    def _remember(self, key: Any, value: Any) -> None:
        """Keep a query's terms or relation for the next call (a page, then its count)."""
        if len(self._memo) > 512:
            self._memo.clear()
        self._memo[key] = value

    def _state(self) -> dict[str, Any] | None:
        """The row of ``search_state`` (None: no index); ``format`` 1 and no ``avgdl``
        for an index written before layout 2. (Once seen on this connection the table is
        read directly, the catalog looked at again only if it went: a look at the
        catalog costs 2.7 ms at 10M mentions, and a search reads the state 5 times.)"""
        if getattr(self, "_state_con", None) is not self.con:
            if not self._has("search_state"):
                return None
            self._state_con = self.con
        try:
            cur = self.con.execute("SELECT * FROM search_state")
        except duckdb.CatalogException:  # dropped since (by another process)
            self._state_con = None
            return None
        row = cur.fetchone()
        if row is None:
            return None
        state = dict(zip([d[0] for d in cur.description], row, strict=True))
        state.setdefault("format", 1)
        state.setdefault("avgdl", None)
        return state

    def search_index_info(self) -> SearchIndexInfo:
        """Where the index stands (works on a read-only store)."""
        st = self._state()
        if st is None:
            return SearchIndexInfo(exists=False, fresh=False)
        fresh = (st["version"] == TOKENIZER_VERSION and st["format"] == INDEX_FORMAT
                 and st["fingerprint"] == self._fingerprint())  # fmt: skip
        return SearchIndexInfo(True, fresh, int(st["docs"]), int(st["postings"]),
                               st["updated_at"], st["action"], st["seconds"])  # fmt: skip

    def refresh_search_index(self, *, full: bool = False, wait: bool = True) -> SearchIndexInfo:
        """Bring the index up to the stored mentions: nothing when they did not change,
        else index the new ones and drop the removed ones (all of it again with ``full``,
        after a change of tokenizer, or once a quarter of it was appended unsorted).

        One refresh at a time on a store and its siblings: a second one waits for the
        first (and then finds nothing left to do); with ``wait`` False it does not wait
        and returns where the index stands (not fresh) while the other one runs."""
        if self.read_only:
            raise StoreError(
                Text(
                    "l'index de recherche ne peut pas être mis à jour en lecture seule",
                    "the search index cannot be updated read-only",
                )
            )
        lock = self._index_lock
        if not lock.acquire(blocking=wait):
            return self.search_index_info()
        try:
            # one transaction: a reader never sees half an index, and a crash (even kill
            # -9) in the middle leaves the index as it was, to be brought up by the next call
            with self.transaction():
                return self._refresh_search_index(full)
        finally:
            lock.release()

    def _refresh_search_index(self, full: bool) -> SearchIndexInfo:
        t0 = time.perf_counter()
        self._search_ready()
        fp = self._fingerprint()
        st = self._state()
        if full or st is None or st["version"] != TOKENIZER_VERSION:
            self.drop_search_engine()  # first: an erasure's texts must not outlive it
            self._rebuild()
            avgdl = self._sort()
            keep_labels(self.con, rewrite=True, file=self._labels_file_kept())
            self._save_state(fp, "rebuilt", time.perf_counter() - t0, 0, avgdl,
                             self._rids_unique(True, False))  # fmt: skip
            self._keep_engine(None)
            return self.search_index_info()
        unsorted, avgdl, action = int(st["unsorted"]), st["avgdl"], "unchanged"
        moved: bool | None = None  # the positions were checked (by _append)
        positioned = shared = False
        gone: list[str] = []
        new: list[str] = []
        if st["format"] != INDEX_FORMAT:  # an earlier layout: weights, stats, positions added
            avgdl, unsorted, action, positioned = self._sort(), 0, "upgraded", True
        if st["fingerprint"] != fp:
            added, moved, shared, gone, new = self._append(avgdl)
            unsorted += added
            action = "appended"
            if unsorted > RESORT_SHARE * max(int(st["postings"]), 1):
                avgdl, unsorted, positioned = self._sort(), 0, True
        if not positioned and (self._positions_moved() if moved is None else moved):
            avgdl, unsorted, positioned = self._sort(), 0, True
        # the labels' copy follows the positions (and the labels made since)
        keep_labels(self.con, rewrite=positioned, file=self._labels_file_kept())
        self._save_state(fp, action, time.perf_counter() - t0, unsorted, avgdl,
                         self._rids_unique(positioned, shared))  # fmt: skip
        # the engine follows; all of it again when the positions were taken again
        self._keep_engine(None if positioned else st, gone=gone, changed=new)
        return self.search_index_info()

    # -- the search engine beside the store (rumeur.storage.search_engine) ----------------
    def _engine_dir(self) -> Path | None:
        """The engine's folder (None: an in-memory store)."""
        if getattr(self, "in_memory", True):
            return None
        return search_engine.engine_path(self.path)

    def _engine_kept(self, docs: int) -> bool:
        """Whether a store of ``docs`` indexed mentions keeps the engine (and the
        labels' files): from :attr:`search_engine_min_docs`, never when it is 0."""
        return 0 < self.search_engine_min_docs <= docs

    def _labels_file_kept(self) -> Path | None:
        """In a refresh: the folder of the labels' files if the store is large enough
        to keep them (with the engine), else None (and any there deleted)."""
        if self._engine_dir() is None:
            return None
        folder = LabelsFile.path_for(self.path)
        docs = int(self.con.execute("SELECT count(*) FROM search_docs").fetchone()[0])
        if not self._engine_kept(docs):
            LabelsFile.drop(folder)
            return None
        return folder

    def _labels_file(self) -> Path | None:
        """The folder of the labels' copy as files, where the engine is kept (a large
        store; None otherwise)."""
        if self._engine_dir() is None or self.search_engine_min_docs <= 0:
            return None
        return LabelsFile.path_for(self.path)

    def drop_search_engine(self) -> None:
        """Delete the search engine beside the store, if any (before an erasure: the
        next refresh builds it again from what is left)."""
        if (path := self._engine_dir()) is not None:
            search_engine.drop(path)

    def search_touched(self, ids: list[str]) -> None:
        """Mentions whose shown columns (brands, author, text…) were changed in place:
        the next refresh writes them again in the search engine."""
        path = self._engine_dir()
        if not ids or path is None or not path.is_dir():  # no engine: it is built whole
            return
        self.con.execute("CREATE TABLE IF NOT EXISTS search_touched (mention_id VARCHAR)")
        self.con.execute("INSERT INTO search_touched SELECT unnest(?::VARCHAR[])", [list(ids)])

    def _keep_engine(
        self,
        before: dict[str, Any] | None,
        *,
        gone: Sequence[str] = (),
        changed: Sequence[str] = (),
    ) -> None:
        """After a refresh: bring the engine to the new state of the index, from
        ``before`` (the state the refresh started from; None: write it all again) by
        the mentions ``gone`` and ``changed``; drop it under :attr:`search_engine_min_docs`."""
        path = self._engine_dir()
        if path is None:
            return
        touched: list[str] = []
        if self._has("search_touched"):
            touched = [r[0] for r in self.con.execute(
                "SELECT DISTINCT mention_id FROM search_touched").fetchall()]  # fmt: skip
            self.con.execute("DELETE FROM search_touched")
        st = self._state()
        if st is None or not self._engine_kept(int(st["docs"])):
            search_engine.drop(path)
            return
        key = search_engine.state_key(st)
        changed = [*changed, *touched]
        whole = (before is None
                 or search_engine.read_stamp(path) != search_engine.state_key(before)
                 or len(changed) > search_engine.REBUILD_SHARE * int(st["docs"]))  # fmt: skip
        try:
            if not whole:
                try:
                    search_engine.update(self.con, path, key, gone=gone, changed=changed)
                except (OSError, ValueError, RuntimeError) as exc:  # damaged: write it whole
                    _log.warning("search engine beside %s written again: %s", self.path, exc)
                    whole = True
            if whole:
                search_engine.rebuild(self.con, path, key)
        except (OSError, ValueError, RuntimeError) as exc:
            # an accelerator: without it DuckDB's index answers every search; the
            # refresh of the index itself stands (the next one tries again)
            search_engine.drop(path)
            _log.warning("search engine not kept beside %s: %s", self.path, exc)

    def search_engine_page(
        self, text: str, *, limit: int, offset: int = 0, fresh: bool = False
    ) -> tuple[int, list[dict[str, Any]]] | None:
        """How many mentions hold every term of ``text`` and the page of them by
        relevance, from the search engine: rows of :data:`search_engine.COLUMNS` with
        ``mention_id``, ``score`` and ``rumeur_position``; None when there is no engine
        in step with a fresh index (DuckDB's index answers then). ``fresh``: the caller
        has just seen the index fresh, in this call (the look costs 5 ms at 10M)."""
        path = self._engine_dir()
        if path is None or self.search_engine_min_docs <= 0:  # none, or turned off
            return None
        self._search_ready()
        st = self._state()
        if st is None or not (fresh or st["fingerprint"] == self._fingerprint()):
            return None
        engine = search_engine.engine_for(path, search_engine.state_key(st), int(st["docs"]))
        if engine is None:
            return None
        terms = self.search_terms(text)
        if not terms:
            return 0, []
        try:
            return search_engine.search(engine, terms, limit=limit, offset=offset)
        except (OSError, ValueError, RuntimeError) as exc:  # damaged: DuckDB answers
            search_engine.forget(path)
            _log.warning("search engine beside %s not used: %s", self.path, exc)
            return None

    def _rebuild(self) -> None:
        # unsorted: _sort() (which follows every rebuild) weighs and sorts them once
        self.con.execute(
            "CREATE OR REPLACE TABLE search_terms AS " + _postings_sql("mentions"), [STOP_LIST]
        )
        self.con.execute(
            "CREATE OR REPLACE TABLE search_docs AS SELECT m.mention_id, "
            "coalesce(d.len, 0) AS len, m.collected_at, m.rowid AS rid FROM mentions m "
            "LEFT JOIN (SELECT DISTINCT mention_id, len FROM search_terms) d USING (mention_id)"
        )

    def _append(self, avgdl: float) -> tuple[int, bool, bool, list[str], list[str]]:
        """Index the mentions not indexed yet (or stored again since, with a newer
        collection time: an edited review replaces its mention under the same id), drop
        those no longer stored; the number of rows appended, whether the indexed
        mentions' rows moved since their positions were taken, whether a new mention's
        position was held already, the ids dropped and the ids (re)indexed."""
        if "collected_at" not in self._columns("search_docs"):  # an earlier index: the times
            self.con.execute("ALTER TABLE search_docs ADD COLUMN collected_at TIMESTAMPTZ")
            self.con.execute(
                "UPDATE search_docs d SET collected_at = m.collected_at FROM mentions m "
                "WHERE m.mention_id = d.mention_id"
            )
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE _search_new AS SELECT m.mention_id, m.title, "
            "m.text, m.collected_at, m.rowid AS rid FROM mentions m WHERE NOT EXISTS "
            "(SELECT 1 FROM search_docs d WHERE d.mention_id = m.mention_id "
            "AND d.collected_at IS NOT DISTINCT FROM m.collected_at)"
        )
        for table in ("search_terms", "search_docs"):  # the older versions of replaced ones
            self.con.execute(
                f"DELETE FROM {table} WHERE mention_id IN (SELECT mention_id FROM _search_new)"
            )
        n_new, n_docs, n_mentions = self.con.execute(
            "SELECT (SELECT count(*) FROM _search_new), (SELECT count(*) FROM search_docs), "
            "(SELECT count(*) FROM mentions)"
        ).fetchone()
        gone: list[str] = []
        if n_docs + n_new != n_mentions:  # some indexed mentions were deleted
            gone = [r[0] for r in self.con.execute(
                "SELECT mention_id FROM search_docs t WHERE NOT EXISTS (SELECT 1 "
                "FROM mentions m WHERE m.mention_id = t.mention_id)").fetchall()]  # fmt: skip
            for table in ("search_terms", "search_docs"):
                self.con.execute(
                    f"DELETE FROM {table} t WHERE NOT EXISTS "
                    "(SELECT 1 FROM mentions m WHERE m.mention_id = t.mention_id)"
                )
        before = self.con.execute("SELECT count(*) FROM search_terms").fetchone()[0]
        moved = self._positions_moved()  # of the mentions indexed before (the others: now)
        if n_new:
            self.con.execute(
                f"INSERT INTO search_terms SELECT term, mention_id, tf, len, {_weight_sql(avgdl)} "
                f"AS w, n.rid FROM ({_postings_sql('_search_new')}) JOIN (SELECT mention_id, "
                "min(rid) AS rid FROM _search_new GROUP BY mention_id) n USING (mention_id) "
                "ORDER BY term",
                [STOP_LIST],
            )
            self.con.execute(
                "INSERT INTO search_docs (mention_id, len, collected_at, rid) SELECT "
                "n.mention_id, coalesce(d.len, 0), n.collected_at, n.rid FROM _search_new n "
                "LEFT JOIN "
                "(SELECT DISTINCT mention_id, len FROM search_terms WHERE mention_id IN "
                "(SELECT mention_id FROM _search_new)) d USING (mention_id)"
            )
        # a new mention's position held by an indexed one (a position the positions'
        # check missed): several words are then joined on the ids (a scan of the docs'
        # position column, 20-50 ms at 10M)
        shared = bool(n_new) and int(self.con.execute(
            "SELECT count(*) FROM search_docs WHERE rid IN (SELECT rid FROM _search_new)"
        ).fetchone()[0]) > int(n_new)  # fmt: skip
        new: list[str] = []
        if n_new and self._engine_dir() is not None:  # for the search engine
            new = [r[0] for r in self.con.execute(
                "SELECT DISTINCT mention_id FROM _search_new").fetchall()]  # fmt: skip
        self.con.execute("DROP TABLE IF EXISTS temp._search_new")
        after = self.con.execute("SELECT count(*) FROM search_terms").fetchone()[0]
        return max(int(after) - int(before), 0), moved, shared, gone, new

    def _sort(self) -> float:
        """Weigh every posting for today's average document length and sort the
        postings by (term, weight DESC, mention): a word's best postings come first, in
        the row groups whose zone maps a page of its best hits reads
        (``search_term_stats``); the average document length used."""
        docs, total = self.con.execute(
            "SELECT count(*), coalesce(sum(len), 0) FROM search_docs"
        ).fetchone()
        avgdl = float(total / docs) if docs and total else 1.0
        self._position_docs()
        self.con.execute(
            "CREATE OR REPLACE TABLE search_terms AS SELECT t.term, t.mention_id, t.tf, t.len, "
            f"{_weight_sql(avgdl)} AS w, d.rid FROM search_terms t LEFT JOIN "
            "(SELECT mention_id, min(rid) AS rid FROM search_docs GROUP BY mention_id) d "
            "USING (mention_id) ORDER BY term, w DESC, mention_id"
        )
        # per term: its number of postings, and the weight of its TOP_DEPTH-th best
        # (the lowest one for a rarer term)
        self.con.execute(
            "CREATE OR REPLACE TABLE search_term_stats AS SELECT term, count(*) AS df, "
            f"min(w) FILTER (WHERE rank <= {TOP_DEPTH}) AS floor FROM (SELECT term, w, "
            "row_number() OVER (PARTITION BY term ORDER BY w DESC) AS rank "
            "FROM search_terms) GROUP BY term ORDER BY term"
        )
        return avgdl

    def _columns(self, table: str) -> set[str]:
        return {r[0] for r in self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND table_schema = 'main' AND table_catalog = current_database()", [table]
        ).fetchall()}  # fmt: skip

    def _position_docs(self) -> None:
        """Take every indexed mention's row position (``rid``) again (the postings get it
        from here when :meth:`_sort` rewrites them)."""
        keep = ", ".join(f"d.{c}" for c in ("mention_id", "len", "collected_at")
                         if c in self._columns("search_docs"))  # fmt: skip
        self.con.execute(
            f"CREATE OR REPLACE TABLE search_docs AS SELECT {keep}, p.rid FROM search_docs d "
            "LEFT JOIN (SELECT mention_id, min(rowid) AS rid FROM mentions GROUP BY mention_id) p "
            "USING (mention_id) ORDER BY rid"  # in position order, as appended ones come
        )

    def _positions_moved(self) -> bool:
        """Whether the mentions' rows moved since their positions were taken: DuckDB
        renumbers the rows after a deleted stretch when a checkpoint merges or drops
        their row groups, so the indexed mention of highest position tells: if it is not
        at its place, some row before it moved. (Called before new mentions are indexed:
        their positions are taken now.)"""
        # a top-1, which the zone maps answer (1.4 ms at 10M; arg_max: 336 ms)
        row = self.con.execute(
            "SELECT mention_id, rid FROM search_docs WHERE rid IS NOT NULL "
            "ORDER BY rid DESC LIMIT 1"
        ).fetchone()
        if row is None or row[1] is None:
            return False
        there = self.con.execute(
            "SELECT mention_id FROM mentions WHERE rowid IN (SELECT unnest(?::BIGINT[]))",
            [[int(row[1])]],
        ).fetchone()
        return there is None or there[0] != row[0]

    def _save_state(
        self, fp: str, action: str, seconds: float, unsorted: int, avgdl: float, rid_join: bool
    ) -> None:
        docs, postings = self.con.execute(
            "SELECT (SELECT count(*) FROM search_docs), (SELECT count(*) FROM search_terms)"
        ).fetchone()
        total = self.con.execute("SELECT coalesce(sum(len), 0) FROM search_docs").fetchone()[0]
        self.con.execute(
            "CREATE OR REPLACE TABLE search_state AS SELECT ?::BIGINT AS docs, "
            "?::BIGINT AS postings, ?::BIGINT AS total_len, ?::VARCHAR AS fingerprint, "
            "?::INTEGER AS version, ?::TIMESTAMPTZ AS updated_at, ?::VARCHAR AS action, "
            "?::DOUBLE AS seconds, ?::BIGINT AS unsorted, ?::INTEGER AS format, "
            "?::DOUBLE AS avgdl, ?::BOOLEAN AS rid_join",
            [docs, postings, total, fp, TOKENIZER_VERSION, utcnow(), action,
             round(seconds, 3), unsorted, INDEX_FORMAT, avgdl, rid_join],
        )  # fmt: skip

    def _rids_unique(self, positioned: bool, shared: bool) -> bool:
        """Whether every posting has its mention's row position, one per mention, so
        that several words' postings can be joined on it (an integer: twice as fast as
        the mention id at 10M). Positions taken in this refresh are one per row; else it
        stays as it was unless a new mention's position was already held (``shared``);
        an index of before this check is checked whole once (3 s at 10M)."""
        if not self.con.execute(
            "SELECT count(*) = count(rid) FROM search_terms"
        ).fetchone()[0]:  # fmt: skip
            return False
        if positioned:
            return True
        st = self._state()
        if st is not None and st.get("rid_join") is not None:
            return bool(st["rid_join"]) and not shared
        return bool(self.con.execute(
            "SELECT count(*) = count(DISTINCT rid) FROM search_docs"
        ).fetchone()[0])  # fmt: skip

    def search_relation(self, text: str) -> tuple[str, list[Any]] | None:
        """A subquery of ``(mention_id, score)``: the indexed mentions holding every term
        of ``text``, with their BM25 score (join it on ``mention_id``); None when
        ``text`` holds no term (only stop words or punctuation). Raises StoreError when
        there is no index."""
        self._search_ready()
        st = self._state()
        if st is None:
            raise StoreError(
                Text("pas d'index de recherche dans ce magasin", "no search index in this store"),
                hint=Text(
                    "il se construit à l'import ; ou : rumeur mentions --reindex",
                    "it is built at import; or: rumeur mentions --reindex",
                ),
            )
        state = (st["docs"], st["total_len"], st["postings"], st["updated_at"], st["format"])
        self._memo["state"] = state  # what the document frequencies are kept against
        key = ("relation", text, state)
        if key in self._memo:
            return self._memo[key]
        relation = self._relation(text, st)
        self._remember(key, relation)
        return relation

    def _idf(self, term: str, df: int) -> float:
        docs = int(self._memo["state"][0])
        return math.log((docs - df + 0.5) / (df + 0.5) + 1)

    def _relation(self, text: str, st: dict[str, Any]) -> tuple[str, list[Any]] | None:
        terms = self.search_terms(text)
        if not terms:
            return None
        df = self._document_frequencies(terms)
        if any(df[t] == 0 for t in terms):  # a term no mention holds: nothing matches
            return ("SELECT NULL::VARCHAR AS mention_id, NULL::DOUBLE AS score, "
                    "NULL::BIGINT AS rid LIMIT 0"), []  # fmt: skip
        # the position of each hit's mention (layout 3; NULL before: read by id)
        rid = "rid" if st["format"] >= 3 else "NULL::BIGINT AS rid"
        if st["format"] >= 2:
            weight = "w"  # weighed at the last sort (its average document length)
        else:  # an index of layout 1, read-only until a refresh upgrades it
            docs, total = int(st["docs"]), int(st["total_len"])
            weight = _weight_sql((total / docs) if docs else 1.0)
        parts: list[str] = []
        params: list[Any] = []
        # the rarest term first: its postings are the join's smaller side, and the
        # scores are added in this order (the same order every time)
        for t in sorted(terms, key=lambda t: (df[t], t)):
            first = f", {rid}" if not parts else ""  # the position: from the rarest's
            parts.append(f"SELECT mention_id, {self._idf(t, df[t])!r}::DOUBLE * {weight} AS s"
                         f"{first} FROM search_terms WHERE term = ?")  # fmt: skip
            params.append(t)
        if len(terms) == 1:
            return f"SELECT mention_id, s AS score, rid FROM ({parts[0]})", params
        # every term must appear: a join of the terms' postings on the mention (twice
        # as fast as a GROUP BY of all of them with HAVING count(*) = n)
        score = " + ".join(f"t{i}.s" for i in range(len(parts)))
        if st["format"] >= 3 and st.get("rid_join"):
            # on the mentions' row positions (one per mention, each posting has it): an
            # integer join, twice as fast as on the ids (fibre lyon at 10M: 118 vs 292 ms)
            joins = " ".join(f"JOIN ({part.replace('SELECT mention_id,', 'SELECT rid,', 1)})"
                             f" t{i} ON t{i}.rid = t0.rid"
                             for i, part in enumerate(parts[1:], 1))  # fmt: skip
            return (f"SELECT t0.mention_id, {score} AS score, t0.rid FROM ({parts[0]}) t0 "
                    f"{joins}", params)  # fmt: skip
        joins = " ".join(f"JOIN ({part}) t{i} USING (mention_id)"
                         for i, part in enumerate(parts[1:], 1))  # fmt: skip
        return (f"SELECT mention_id, {score} AS score, t0.rid FROM ({parts[0]}) t0 {joins}",
                params)  # fmt: skip

    def _document_frequencies(self, terms: list[str]) -> dict[str, int]:
        """How many indexed mentions hold each term (one branch per term: ``term = ?``
        lets the zone maps skip the other terms' rows)."""
        key = ("df", tuple(terms), self._memo.get("state"))
        if key not in self._memo:
            rows = self.con.execute(
                " UNION ALL ".join("SELECT ?, count(*) FROM search_terms WHERE term = ?"
                                   for _ in terms),
                [x for t in terms for x in (t, t)]).fetchall()  # fmt: skip
            self._remember(key, {t: int(n) for t, n in rows})
        return dict(self._memo[key])

    def search_page(
        self, text: str, *, limit: int, offset: int = 0
    ) -> tuple[int, list[tuple[str, float]]]:
        """How many indexed mentions hold every term of ``text``, and the best ``limit``
        (mention_id, score) after ``offset``, best first (ties by mention id); (0, [])
        when ``text`` holds no term. One term: its document frequency is the count;
        several: the count comes with the page, from the same join."""
        relation = self.search_relation(text)
        if relation is None:
            return 0, []
        sql, params = relation
        terms = self.search_terms(text)
        if len(terms) == 1:
            total = self._document_frequencies(terms)[terms[0]]
            return total, self.search_hits(text, limit=limit, offset=offset)
        rows = self._top(
            f"SELECT mention_id, score, rid, count(*) OVER () AS total FROM ({sql})",
            params, limit, offset,
        )  # fmt: skip
        if rows:
            return int(rows[0][3]), self._hits(rows)
        # a page past the last hit: the count alone
        total = self.con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
        return int(total), []

    def _top(self, sql: str, params: list[Any], limit: int, offset: int) -> list[Any]:
        # late materialization would scan the postings twice (once for the top, once to
        # fetch its rows by rowid, without the term's zone maps): off for this query
        self.con.execute("SET late_materialization_max_rows = 0")
        try:
            return self.con.execute(
                f"SELECT * FROM ({sql}) ORDER BY score DESC, mention_id "
                f"LIMIT {int(limit)} OFFSET {int(offset)}",
                params,
            ).fetchall()
        finally:
            self.con.execute("RESET late_materialization_max_rows")

    def search_hits(self, text: str, *, limit: int, offset: int = 0) -> list[tuple[str, float]]:
        """The best ``limit`` (mention_id, score) of ``text`` after ``offset``, best first
        (ties by mention id); [] when ``text`` holds no term."""
        relation = self.search_relation(text)
        if relation is None:
            return []
        sql, params = relation
        rows = self._best_of_one_term(text, limit, offset)
        if rows is None:
            rows = self._top(sql, params, limit, offset)
        return self._hits(rows)

    def _hits(self, rows: list[Any]) -> list[tuple[str, float]]:
        """(mention_id, score) of ``rows`` (mention_id, score, rid, ...); their positions
        kept for :meth:`search_positions`."""
        self._positions = {str(r[0]): int(r[2]) for r in rows if r[2] is not None}
        return [(str(r[0]), float(r[1])) for r in rows]

    def search_positions(self, ids: list[str]) -> dict[str, int]:
        """The row positions (``mentions.rowid``) the index gave the mentions ``ids`` of
        the last page of hits this store found (those it knows: none before index layout
        3). A position is where the mention's row was when it was indexed: DuckDB may
        have renumbered the rows since (a checkpoint after deletions; the next refresh
        takes them again), so whoever reads a row there checks its id."""
        positions = getattr(self, "_positions", {})
        return {i: positions[i] for i in ids if i in positions}

    def search_labels(
        self, positions: dict[str, int], hashes: dict[str, int] | None = None
    ) -> dict[str, tuple[Any, Any, Any]]:
        """``{mention_id: (sentiment, model, detected language)}`` of those mentions read
        at ``positions`` whose labels the index's copy gives (see
        :mod:`rumeur.storage.search_labels`); the others are to be read by id."""
        known = getattr(self, "_labels_con", None) is self.con
        try:
            found = labels_at(self.con, positions, file=self._labels_file(), known=known,
                              hashes=hashes)  # fmt: skip
        except duckdb.CatalogException:  # the copy dropped since (by another process)
            self._labels_con = None
            return {}
        if found:  # the copy's table is there
            self._labels_con = self.con
        return found

    def _best_of_one_term(self, text: str, limit: int, offset: int) -> list[Any] | None:
        """The page of a one-word search from the postings at or above its floor weight
        (the row groups of the word's best ones, skipped past by the zone maps); None
        when that cannot give the exact page: several words, a page deeper than
        TOP_DEPTH, an index of layout 1, or fewer postings above the floor than the
        page needs (deleted since the last sort)."""
        terms = self.search_terms(text)
        state = self._memo.get("state")
        if len(terms) != 1 or offset + limit > TOP_DEPTH or not state or state[4] < 2:
            return None
        term = terms[0]
        row = self.con.execute(
            "SELECT floor FROM search_term_stats WHERE term = ?", [term]
        ).fetchone()
        if row is None or row[0] is None:  # a word first indexed since the last sort
            return None
        df = self._document_frequencies(terms)[term]
        # a hair under the floor: a weight just below it cannot make the same score
        floor = float(row[0]) * (1 - 1e-9)
        rows = self._top(
            f"SELECT mention_id, {self._idf(term, df)!r}::DOUBLE * w AS score, "
            f"{'rid' if state[4] >= 3 else 'NULL::BIGINT AS rid'} "
            f"FROM search_terms WHERE term = ? AND w >= {floor!r}::DOUBLE",
            [term], limit, offset,
        )  # fmt: skip
        if len(rows) < limit and offset + len(rows) < df:  # postings deleted since
            return None
        return rows
