"""The store's schema, as an ordered list of migrations.

Each migration runs once, in order, inside a transaction, and is recorded in
``schema_migrations``. Never edit a released migration: append a new one.

Tables
    raw_items      every collected item exactly as received (append-only): the JSON
                   text of an API object or of a JSON Lines record, with where it came from
    raw_files      every imported CSV/Parquet file exactly as received (append-only):
                   since migration 4, one row per file whose ``archive`` names its copy
                   in the store's raw folder (``<store>.raw/``, see
                   ``DuckDBStore.raw_dir``); before, or for an in-memory store, the
                   bytes in ``data`` chunks; a mention from file F has raw_id "F[:16]" (imports
                   before 0.2 wrote "F[:16]:N", N the row): the row is the one with
                   the mention's external id, or its text, author and time; since
                   migration 7, ``edited_at`` says when an archive was rewritten to
                   erase a person (the file is then no longer byte for byte as received)
    mentions       one row per distinct mention (see rumeur.records.MENTION_COLUMNS);
                   ``dedupe_key`` is unique: platform:external_id, else a fingerprint
    enrichments    one row per (mention, enricher, version): label, score, JSON data
    quarantine     rows that could not be read, with origin, line, field and reason
    imports        one row per import or collection run, with its counts
    cursors        resumable position of each source (JSON), saved with its data
    source_state   last success/error and counters per source (for `rumeur sources`);
                   since migration 8, ``backlog`` (the last run stopped at its page
                   limit), ``quota`` (JSON: the quota readings and the read budget, see
                   rumeur.connectors.quota) and ``quota_at``
    alert_log      (migration 2) one row per alert key considered by ``rumeur alerts
                   check``: status sent / failed / cooldown, for de-duplication,
                   cooldowns and digests
    poll_results   (migration 3) imported poll results: one row per option (and wave/group)
    survey_answers (migration 3) imported survey answers: one row per respondent × question
    site_audits    (migration 5) one row per ``rumeur audit site`` run: the site, when,
                   the score, the whole result as JSON, and its legal pages' fingerprints
    content_anchors (migration 6) the export time first used for a file's content (its
                   digest without BOM or line ends): a copy of an export, re-encoded or
                   not, dates "Il y a 3 heures" against the same time, so adds nothing
    privacy_suppressions (migration 7) people erased on request, as KEYED hashes of their
                   handle or platform id (never in clear): ingest and collection drop
                   what matches, so an old file or a re-collection does not bring them back
    privacy_log    (migration 7) one row per privacy operation (erase, export, register,
                   retention): when, what, the subject's keyed hash, counts; never a name

Migration 9 drops the ART indexes on ``mention_id`` that it created for a few hours of
development (never released): an index on 10M mentions held 731 MB in every process
that read or wrote the table, took 5.9 s to load at its first use, and made an import
into such a store run out of its memory cap (see docs/search.md). It is kept as a
no-op for stores created since.

Migration 10 gives the quarantine a ``code``: the stable code of the row's reason
(rumeur.ingest.reasons), filled for the rows stored before from their English text;
``reason`` keeps that text, and what a person reads is rendered from both in the run's
language.

Migration 6 also gives mentions ``author_created_at`` (the account's creation date)
and ``extra`` (JSON: the columns of an export Rumeur does not know, kept as read).

Views
    current_enrichments   the newest version's result per (mention, enricher)
"""

from __future__ import annotations

from rumeur.ingest.reasons import sql_code
from rumeur.records import MENTION_COLUMNS

#: the mentions table of migration 1 (MENTION_COLUMNS as it was then: later migrations
#: add the newer columns, at the end, in MENTION_COLUMNS' order)
_MENTIONS_V1 = tuple(MENTION_COLUMNS)[: tuple(MENTION_COLUMNS).index("import_id") + 1]
_MENTIONS = ",\n    ".join(f"{name} {MENTION_COLUMNS[name]}" for name in _MENTIONS_V1)

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "initial schema",
        f"""
CREATE TABLE raw_items (
    raw_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    origin VARCHAR,
    locator VARCHAR,
    payload VARCHAR NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    import_id VARCHAR
);
CREATE TABLE raw_files (
    file_sha256 VARCHAR NOT NULL,
    name VARCHAR,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE mentions (
    {_MENTIONS}
);
CREATE TABLE enrichments (
    mention_id VARCHAR NOT NULL,
    enricher VARCHAR NOT NULL,
    version VARCHAR NOT NULL,
    label VARCHAR,
    score DOUBLE,
    data JSON,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE quarantine (
    quarantine_id VARCHAR NOT NULL,
    import_id VARCHAR,
    source VARCHAR NOT NULL,
    origin VARCHAR,
    line BIGINT,
    field VARCHAR,
    reason VARCHAR NOT NULL,
    payload VARCHAR,
    created_at TIMESTAMPTZ NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'open'
);
CREATE TABLE imports (
    import_id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    origin VARCHAR,
    content_sha256 VARCHAR,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status VARCHAR NOT NULL,
    n_rows BIGINT DEFAULT 0,
    n_imported BIGINT DEFAULT 0,
    n_duplicates BIGINT DEFAULT 0,
    n_quarantined BIGINT DEFAULT 0
);
CREATE TABLE cursors (
    source VARCHAR PRIMARY KEY,
    cursor JSON,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE source_state (
    source VARCHAR PRIMARY KEY,
    last_success TIMESTAMPTZ,
    last_error VARCHAR,
    last_error_at TIMESTAMPTZ,
    items_collected BIGINT DEFAULT 0,
    next_run TIMESTAMPTZ
);
CREATE VIEW current_enrichments AS
SELECT * FROM enrichments
QUALIFY row_number() OVER (
    PARTITION BY mention_id, enricher ORDER BY created_at DESC, version DESC) = 1;
""",
    ),
    (
        2,
        "alert log (de-duplication, cooldown, digests)",
        """
CREATE TABLE alert_log (
    alert_id VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    dedupe_key VARCHAR NOT NULL,
    brand VARCHAR,
    status VARCHAR NOT NULL,
    channels VARCHAR,
    title VARCHAR,
    body VARCHAR,
    data JSON,
    fired_at TIMESTAMPTZ NOT NULL
);
""",
    ),
    (
        3,
        "poll results and survey answers",
        """
CREATE TABLE poll_results (
    poll VARCHAR NOT NULL,
    question VARCHAR,
    option VARCHAR NOT NULL,
    votes BIGINT NOT NULL,
    wave VARCHAR,
    grp VARCHAR,
    source VARCHAR,
    imported_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE survey_answers (
    survey VARCHAR NOT NULL,
    respondent BIGINT NOT NULL,
    question VARCHAR NOT NULL,
    answer VARCHAR,
    source VARCHAR,
    imported_at TIMESTAMPTZ NOT NULL
);
""",
    ),
    (
        4,
        "raw files archived beside the store",
        """
ALTER TABLE raw_files ADD COLUMN archive VARCHAR;
""",
    ),
    (
        5,
        "site audits",
        """
CREATE TABLE site_audits (
    id BIGINT PRIMARY KEY,
    site VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    checked_at TIMESTAMPTZ NOT NULL,
    score DOUBLE NOT NULL,
    result JSON NOT NULL
);
""",
    ),
    (
        6,
        "mentions: author_created_at, extra; content anchors of imported files",
        """
ALTER TABLE mentions ADD COLUMN author_created_at TIMESTAMPTZ;
ALTER TABLE mentions ADD COLUMN extra JSON;
CREATE TABLE content_anchors (
    content_sha256 VARCHAR PRIMARY KEY,
    reference_at TIMESTAMPTZ NOT NULL,
    import_id VARCHAR,
    created_at TIMESTAMPTZ NOT NULL
);
""",
    ),
    (
        7,
        "privacy: erased people (keyed hashes) and the privacy operations log",
        """
CREATE TABLE privacy_suppressions (
    digest VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    platform VARCHAR,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE privacy_log (
    log_id VARCHAR PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL,
    operation VARCHAR NOT NULL,
    subject VARCHAR,
    platform VARCHAR,
    actor VARCHAR,
    counts JSON,
    note VARCHAR
);
ALTER TABLE raw_files ADD COLUMN edited_at TIMESTAMPTZ;
""",
    ),
    (
        8,
        "source state: backlog and quota readings",
        """
ALTER TABLE source_state ADD COLUMN backlog BOOLEAN;
ALTER TABLE source_state ADD COLUMN quota JSON;
ALTER TABLE source_state ADD COLUMN quota_at TIMESTAMPTZ;
""",
    ),
    (
        9,
        "no index on mention_id (drops those of an unreleased development version)",
        """
DROP INDEX IF EXISTS mentions_mention_id;
DROP INDEX IF EXISTS enrichments_mention_id;
""",
    ),
    (
        10,
        "quarantine: the stable code of each row's reason",
        f"""
ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS code VARCHAR;
UPDATE quarantine SET code = {sql_code("reason")};
""",
    ),
]

LATEST_VERSION = MIGRATIONS[-1][0]
