"""A Tantivy index beside a large store: the explorer's searches at the speed of a search engine.

DuckDB's index (:mod:`rumeur.storage.search`) stays the index of record: it answers
every search, with or without filters, and decides which mentions hold which terms.
Past :data:`MIN_DOCS` indexed mentions its refresh also keeps this copy of it, a
`Tantivy <https://github.com/quickwit-oss/tantivy>`_ index in the folder
``<store file>.search/``, which answers a search by relevance *with no other filter*
(the explorer's search box) in a few milliseconds at 10M mentions, where DuckDB needs
60-180 ms of CPU: several words' postings are intersected by skip lists instead of a
hash join, and the page's mentions are read from the engine's stored fields instead of
50 rows scattered over the column store (each in its own row group).

What it holds, one document per indexed mention:

``mention_id``  the id (raw, indexed: a mention is deleted by its id)
``terms``       the mention's index terms as DuckDB's index made them (stemmed, accents
                stripped, stop words dropped), each repeated as often as it occurs,
                split on spaces: the same words match in both indexes
``rid``         the mention's row position when indexed (its labels come from the
                labels' copy at that position, checked against the id's ``h``:
                DuckDB's ``hash(mention_id)``, as the copy keeps it)
``hit``         the columns a search hit shows (:data:`COLUMNS`), as JSON

Ranking is Okapi BM25 with the same constants (k1 = 1.2, b = 0.75) and idf, computed
by Tantivy in 32-bit floats over its own document lengths and average: the scores agree
with DuckDB's to about six digits, and equal scores come in the engine's order (stable
for one state of the index) rather than by mention id.

It is used only while it is in step: ``stamp.json``, written after each commit, names
the state of DuckDB's index it copies (``search_state``'s counts and time); a search
uses the engine only when that state is the current one and the index is fresh (the
mentions unchanged since). Everything else reads DuckDB as before. Kept in step by the
refresh of DuckDB's index: the mentions it adds, replaces or drops are added, replaced
or dropped here; a mention whose shown columns changed in place (a reply that inherits
its thread's brands) is written again (:meth:`SearchMixin.search_touched`); a rebuild
or a new taking of the row positions writes the whole engine again (at 10M mentions,
about 4 minutes on 2 cores). Erasing a person deletes the folder before anything else
(their texts must not outlive the erasure), and the full refresh that follows builds it
again.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import duckdb
import tantivy

from rumeur.config import DEFAULT_ENGINE_MIN_MENTIONS
from rumeur.files import write_atomic

#: bump when the engine's schema or contents change: the next refresh rebuilds it
ENGINE_FORMAT = 1
#: below this many indexed mentions DuckDB's index answers quickly enough alone and no
#: engine is kept (a project's ``[search] engine_min_mentions``; 0: never)
MIN_DOCS = DEFAULT_ENGINE_MIN_MENTIONS
#: the columns of ``mentions`` a hit shows, kept in the engine (``mention_id`` aside)
COLUMNS = ("created_at", "platform", "author_handle", "brands", "title", "text", "url",
           "views", "author_followers")  # fmt: skip
#: the writer's memory (Tantivy flushes a segment when it is full) and threads
HEAP_BYTES = 256_000_000
#: documents read from DuckDB per batch when the engine is written
BATCH = 20_000
#: a refresh that changes more than this share of the documents writes the engine whole
#: (each batch of changed ids reads the postings' id column: cheaper at once)
REBUILD_SHARE = 0.1

_TOKENIZER = "rumeur_terms"


class _Con(Protocol):
    def execute(self, sql: str, params: Any = None) -> Any: ...


def engine_path(store_path: Path) -> Path:
    """The engine's folder beside the store's file ``store_path``."""
    return store_path.with_name(store_path.name + ".search")


def state_key(state: dict[str, Any]) -> str:
    """What names a state of DuckDB's index (a refresh always writes another)."""
    updated = state.get("updated_at")
    when = updated.isoformat() if isinstance(updated, datetime) else str(updated)
    # DuckDB's version: the ids' hashes kept in the engine are its hash()'s
    return f"{ENGINE_FORMAT}|{duckdb.__version__}|{state.get('version')}|" \
           f"{state.get('format')}|{state.get('docs')}|{state.get('postings')}|{when}"  # fmt: skip


def _schema() -> Any:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("mention_id", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("terms", stored=False, tokenizer_name=_TOKENIZER, index_option="freq")
    sb.add_integer_field("rid", stored=True)
    sb.add_unsigned_field("h", stored=True)
    sb.add_bytes_field("hit", stored=True)
    return sb.build()


def _open(path: Path, *, create: bool = False) -> Any:
    """The index at ``path``: a new one (``create``), else the one there (an error when
    there is none: Tantivy would start an empty one in its place)."""
    if create:
        index = tantivy.Index(_schema(), path=str(path), reuse=False)
    else:
        index = tantivy.Index.open(str(path))
    index.register_tokenizer(
        _TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    )
    return index


def read_stamp(path: Path) -> str | None:
    """The state of DuckDB's index the engine at ``path`` copies (None: none usable)."""
    try:
        return str(json.loads((path / "stamp.json").read_text("utf-8"))["state"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_stamp(path: Path, key: str) -> None:
    write_atomic(path / "stamp.json", json.dumps({"state": key}))


def _unstamp(path: Path) -> None:
    """Mark the engine out of step before changing it (a crash then leaves it unused)."""
    (path / "stamp.json").unlink(missing_ok=True)


def drop(path: Path) -> None:
    """Delete the engine at ``path``, and any half-written one beside it (nothing
    there: nothing done)."""
    _remove(path)
    _remove(path.with_name(path.name + ".new"))
    _ENGINES.pop(str(path), None)


def _remove(path: Path) -> None:
    if path.is_dir():
        _unstamp(path)  # first: a reader that opens it meanwhile does not use it
        shutil.rmtree(path, ignore_errors=True)


# -- writing -------------------------------------------------------------------------------
def _documents_sql(some: bool) -> str:
    """(mention_id, rid, hash of the id, terms, COLUMNS...) of the indexed mentions
    (``some``: those whose ids are the one parameter, a list), from the postings of
    DuckDB's index."""
    cols = ", ".join(f"m.{c}" for c in COLUMNS)
    ids = "mention_id IN (SELECT unnest($1::VARCHAR[]))" if some else "true"
    return f"""
        SELECT d.mention_id, d.rid, hash(d.mention_id), t.terms, {cols}
        FROM (SELECT mention_id, rid FROM search_docs WHERE {ids}) d
        LEFT JOIN (SELECT mention_id, string_agg(repeat(term || ' ', tf), '') AS terms
                   FROM search_terms WHERE {ids} GROUP BY mention_id) t USING (mention_id)
        JOIN mentions m ON m.mention_id = d.mention_id
    """


def _hit_json(row: tuple[Any, ...]) -> bytes:
    values = []
    for v in row:
        values.append(v.isoformat() if isinstance(v, datetime) else v)
    return json.dumps(values, ensure_ascii=False).encode("utf-8")


def _add(writer: Any, con: _Con, ids: list[str] | None) -> int:
    """Write the documents of the mentions ``ids`` (None: all)."""
    cur = con.execute(_documents_sql(ids is not None), [] if ids is None else [ids])
    n = 0
    while rows := cur.fetchmany(BATCH):
        for r in rows:
            doc = tantivy.Document(mention_id=str(r[0]), terms=r[3] or "", hit=_hit_json(r[4:]))
            doc.add_unsigned("h", int(r[2]))
            if r[1] is not None:
                doc.add_integer("rid", int(r[1]))
            writer.add_document(doc)
        n += len(rows)
    return n


def rebuild(con: _Con, path: Path, key: str) -> int:
    """Write the engine at ``path`` again from DuckDB's index and mentions (in a new
    folder, then put in place); the number of documents."""
    new = path.with_name(path.name + ".new")
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir(parents=True)
    index = _open(new, create=True)
    writer = index.writer(heap_size=HEAP_BYTES, num_threads=2)
    n = _add(writer, con, None)
    writer.commit()
    writer.wait_merging_threads()
    _write_stamp(new, key)
    _remove(path)
    os.replace(new, path)
    _ENGINES.pop(str(path), None)
    return n


def update(con: _Con, path: Path, key: str, *, gone: Iterable[str], changed: Iterable[str]) -> int:
    """Bring the engine at ``path`` to ``key``: delete the mentions ``gone`` and write
    ``changed`` (new, stored again or edited in place) again from DuckDB; the number of
    documents written."""
    changed, gone = sorted(set(changed)), set(gone)
    if not changed and not gone:  # nothing moved: the same documents, the new state
        _write_stamp(path, key)
        return 0
    _unstamp(path)
    index = _open(path)
    writer = index.writer(heap_size=HEAP_BYTES, num_threads=1)
    for mid in gone | set(changed):
        writer.delete_documents_by_term("mention_id", mid)
    n = 0
    for i in range(0, len(changed), BATCH):
        n += _add(writer, con, changed[i : i + BATCH])
    writer.commit()
    writer.wait_merging_threads()
    _write_stamp(path, key)
    return n


# -- reading -------------------------------------------------------------------------------
class _Engine:
    """An open engine: its index, searcher and stamp (one per folder and process, shared
    by the threads: Tantivy's searchers are safe to share)."""

    def __init__(self, path: Path, stamp: str, docs: int) -> None:
        self.index = _open(path)
        self.searcher = self.index.searcher()
        self.stamp = stamp
        if self.searcher.num_docs != docs:  # not the documents the stamp says
            raise ValueError(f"{self.searcher.num_docs} documents, not {docs}")


_ENGINES: dict[str, _Engine] = {}
_LOCK = threading.Lock()


def forget(path: Path) -> None:
    """Close this process's engine at ``path`` (the next search opens it again)."""
    with _LOCK:
        _ENGINES.pop(str(path), None)


def engine_for(path: Path, key: str, docs: int) -> _Engine | None:
    """The engine at ``path`` if it copies the index state ``key`` (of ``docs``
    documents), else None."""
    found = _ENGINES.get(str(path))
    if found is not None and found.stamp == key:
        return found
    with _LOCK:
        stamp = read_stamp(path)
        if stamp != key:
            return None
        try:
            engine = _Engine(path, stamp, docs)
        except (OSError, ValueError):  # replaced meanwhile, or damaged: DuckDB answers
            return None
        _ENGINES[str(path)] = engine
        return engine


def search(
    engine: _Engine, terms: list[str], *, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """How many documents hold every term, and the page ``[offset, offset + limit)`` of
    them by BM25: dicts of :data:`COLUMNS` with ``mention_id``, ``score``,
    ``rumeur_position`` (the row position when indexed, None if unknown) and
    ``rumeur_hash`` (DuckDB's hash of the id)."""
    schema = engine.index.schema
    clauses = [(tantivy.Occur.Must, tantivy.Query.term_query(schema, "terms", t)) for t in terms]
    query = clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)
    found = engine.searcher.search(query, limit, count=True, offset=offset)
    rows: list[dict[str, Any]] = []
    for score, address in found.hits:
        doc = engine.searcher.doc(address)
        row = dict(zip(COLUMNS, json.loads(doc.get_first("hit")), strict=True))
        created = row.get("created_at")
        if isinstance(created, str):
            row["created_at"] = datetime.fromisoformat(created)
        rid = doc.get_first("rid")
        rows.append({"rumeur_position": None if rid is None else int(rid),
                     "rumeur_hash": doc.get_first("h"), "mention_id": doc.get_first("mention_id"),
                     **row, "score": float(score)})  # fmt: skip
    return int(found.count or 0), rows


__all__ = [
    "COLUMNS",
    "ENGINE_FORMAT",
    "MIN_DOCS",
    "drop",
    "engine_for",
    "engine_path",
    "forget",
    "read_stamp",
    "rebuild",
    "search",
    "state_key",
    "update",
]
