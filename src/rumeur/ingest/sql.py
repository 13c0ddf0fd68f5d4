"""SQL building blocks of the import: literals, French-formatted numbers, and the
``parsed`` table every stage goes through (dates, platforms, brands, dedupe keys)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import orjson

from rumeur.ingest import dates, reasons
from rumeur.ingest.brands import BrandMatcher
from rumeur.records import PLATFORMS
from rumeur.storage.base import Store

PLATFORM_ALIASES = {
    "x": "twitter", "x.com": "twitter", "twitter.com": "twitter", "tweet": "twitter",
    "fb": "facebook", "facebook.com": "facebook", "insta": "instagram", "ig": "instagram",
    "yt": "youtube", "youtube.com": "youtube", "reddit.com": "reddit", "bsky": "bluesky",
    "google": "reviews", "google reviews": "reviews", "avis google": "reviews",
    "trustpilot": "reviews", "avis verifies": "reviews", "tripadvisor": "reviews",
    "app store": "reviews", "google play": "reviews", "play store": "reviews",
    "presse": "news", "press": "news", "web": "news", "blog": "news", "forums": "forum",
}  # fmt: skip


def lit(s: str) -> str:
    """A SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


def ident(s: str) -> str:
    """A SQL identifier, quoted."""
    return '"' + s.replace('"', '""') + '"'


def trimmed(col: str) -> str:
    """SQL of ``trim(col)`` (spaces removed at both ends) that copies the string only when
    it has a space to remove: ``trim`` copies every value (on the benchmark's million
    dates, timed by hand: 0.11 s with trim, 0.011 s guarded)."""
    return (
        f"(CASE WHEN starts_with({col}, ' ') OR ends_with({col}, ' ') "
        f"THEN trim({col}) ELSE {col} END)"
    )


def text(value: Any) -> str | None:
    """Any JSON value as staging text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return orjson.dumps(value).decode()
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def sql_int(col: str) -> str:
    """Counts as exports write them: '1234', '1 234', '1.234', '12,5k', '3M'."""
    return (
        f"coalesce(try_cast({col} AS BIGINT), "
        f"CASE WHEN regexp_matches({col}, '^\\s*\\d+([.,]\\d+)?\\s*[kKmM]\\s*$') THEN "
        f"CAST(round(try_cast(replace(regexp_extract({col}, '(\\d+(?:[.,]\\d+)?)', 1), ',', '.')"
        f" AS DOUBLE) * CASE WHEN {col} ILIKE '%k%' THEN 1000 ELSE 1000000 END) AS BIGINT) "
        f"ELSE try_cast(regexp_replace({col}, '[\\s\u00a0\u202f.,]', '', 'g') AS BIGINT) END)"
    )


@contextmanager
def bulk_settings(store: Store) -> Iterator[None]:
    """DuckDB settings for the statements of a file import, restored afterwards.

    - filter pushdown off (see :func:`parsed_select_sql`); joins written in WHERE
      clauses need it, so keep the block to statements over the parsed relation;
    - insertion order not preserved: rows are inserted by all threads at once (the
      order of rows in a table means nothing to Rumeur; what needs an order uses
      line numbers or content).
    """
    with (
        store.setting("disabled_optimizers", "filter_pushdown"),
        store.setting("preserve_insertion_order", "false"),
    ):
        yield


def parsed_select_sql(
    source: str,
    *,
    timezone: str,
    reference: datetime,
    matcher: BrandMatcher,
    raw_id: str,
    with_payload: bool,
    default_platform: str = "other",
) -> str:
    """A SELECT of every staged row of ``source``, parsed and judged.

    Bad rows keep a ``reason`` (and the ``field`` at fault); good rows get their dedupe
    key, brands and own-account flag (the connector's ``is_own_account``, or an author
    among the brands' ``own_accounts``). ``raw_id`` is the SQL of each row's raw item id;
    a platform name Rumeur does not know (a review site's name...) becomes
    ``default_platform``.

    Filtering this relation on ``reason`` should run with DuckDB's filter pushdown off
    (:func:`bulk_settings`): pushed down, the filter would carry a copy of the
    whole ``reason`` expression (date parsing included) below the projection that
    computes it, and every row would be parsed twice.
    """
    created = dates.sql_parse_date("s.created_at", timezone)
    account = dates.sql_parse_date("s.author_created_at", timezone)
    platforms = "[" + ", ".join(lit(p) for p in PLATFORMS) + "]"
    platform = f"lower({trimmed('s.platform')})"
    aliases = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in PLATFORM_ALIASES.items())
    payload = ", payload" if with_payload else ""
    text = f"nullif({trimmed('s.text')}, '')"
    ext, date_raw = trimmed("external_id"), trimmed("created_raw")
    words = trimmed("regexp_replace(lowered, '[^\\pL\\pN]+', ' ', 'g')")
    bad_date = reasons.sql_stored("bad_date", value="left(created_raw, 60)")
    future = reasons.sql_stored("future_date", value="left(created_raw, 60)")
    return f"""
        SELECT * EXCLUDE (lowered, handle_l, created_raw),
            CASE WHEN reason IS NULL THEN
                CASE WHEN nullif({ext}, '') IS NOT NULL
                     THEN platform || ':' || {ext}
                     ELSE 'fp:' || md5({words}
                          || chr(31) || coalesce(handle_l, lower(author_name), '')
                          || chr(31) || strftime(created_ts, '%Y-%m-%dT%H:%M'))
                END END AS dedupe_key,
            CASE WHEN reason IS NULL THEN {matcher.sql_brands("lowered", "handle_l")}
                 END AS brands_m,
            coalesce(lower(own_flag) IN ('true', '1'), false)
                OR {matcher.sql_own_account("handle_l")} AS own_m
        FROM (
            SELECT *,
                CASE
                    WHEN problem IS NOT NULL THEN problem
                    WHEN text IS NULL THEN {reasons.sql_stored("no_text")}
                    WHEN created_raw IS NULL OR {date_raw} = ''
                        THEN {reasons.sql_stored("no_date")}
                    WHEN created_ts IS NULL THEN {bad_date}
                    WHEN created_ts > TIMESTAMPTZ '{reference.isoformat()}' + INTERVAL 2 DAY
                        THEN {future}
                    WHEN contains(text, chr(65533)) THEN {reasons.sql_stored("broken_encoding")}
                END AS reason,
                CASE WHEN problem IS NOT NULL THEN NULL
                     WHEN text IS NULL OR contains(text, chr(65533)) THEN 'text'
                     ELSE 'created_at' END AS field
            FROM (
                SELECT s.platform AS platform_raw, s.external_id, s.url, s.author_id,
                       s.author_handle, s.author_name, s.author_followers, s.author_verified,
                       s.title, {text} AS text, s.language,
                       s.likes, s.shares, s.replies, s.views, s.reply_to, s.thread_id,
                       s.line, s.problem{payload}, s.extra, s.is_own_account AS own_flag,
                       CASE WHEN s.problem IS NULL AND s.author_created_at IS NOT NULL
                            THEN {account} END AS author_created_at,
                       CASE WHEN s.problem IS NULL THEN {created} END AS created_ts,
                       s.created_at AS created_raw,
                       CASE WHEN list_contains({platforms}, {platform})
                            THEN {platform}
                            ELSE CASE strip_accents({platform}) {aliases}
                                 ELSE {lit(default_platform)} END END AS platform,
                       try_cast(replace(regexp_extract(s.rating, '(\\d+(?:[.,]\\d+)?)', 1),
                                        ',', '.') AS DOUBLE) AS rating,
                       {raw_id} AS raw_id,
                       CASE WHEN s.title IS NULL THEN lower(s.text)
                            ELSE lower(s.title || ' ' || s.text) END AS lowered,
                       lower(CASE WHEN starts_with(s.author_handle, '@')
                                  THEN ltrim(s.author_handle, '@')
                                  ELSE s.author_handle END) AS handle_l
                FROM {source} s
            )
        )
    """


#: mentions column -> SQL over the ``parsed`` table (columns not listed are copied)
MENTION_VALUES = {
    "mention_id": "md5(dedupe_key)",
    "author_followers": sql_int("author_followers"),
    "author_verified": f"coalesce(lower({trimmed('author_verified')}) IN "
    "('true', '1', 'yes', 'oui', 'vrai', 'x', 'y', 'o'), false)",
    "is_own_account": "own_m",
    "language": f"nullif(lower({trimmed('language')}), '')",
    "created_at": "created_ts",
    "collected_at": "?",
    "likes": sql_int("likes"),
    "shares": sql_int("shares"),
    "replies": sql_int("replies"),
    "views": sql_int("views"),
    "reply_to": f"nullif({trimmed('reply_to')}, '')",
    "thread_id": f"nullif({trimmed('thread_id')}, '')",
    "brands": "brands_m",
    "unmatched": "len(brands_m) = 0",
    "import_id": "?",
    "extra": "CAST(extra AS JSON)",
}


#: Replies that name no brand inherit their thread's brands (a reply "same here, no
#: network since this morning" under a post about Volta is about Volta): first from the
#: thread root, then from the parent, a few levels up.
#: Only pairs touching ``_inherit_scope`` (this import's mentions, then those updated
#: from them) are looked at, so an import does not rescan the whole store's threads.
INHERIT_BRANDS_SQL = """
    UPDATE mentions SET brands = p.brands, unmatched = false
    FROM mentions p
    WHERE mentions.unmatched AND NOT mentions.is_own_account
      AND p.dedupe_key = mentions.platform || ':' || {link}
      AND len(p.brands) > 0
      AND (mentions.mention_id IN (SELECT mention_id FROM _inherit_scope)
           OR p.mention_id IN (SELECT mention_id FROM _inherit_scope))
    RETURNING mentions.mention_id
"""
