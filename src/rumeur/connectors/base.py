"""What a connector is, and what it shares with the others.

A connector reads one configured source (``[[sources]]`` in ``rumeur.toml``) and yields
:class:`Page` objects: the items as received with their :class:`~rumeur.records.Mention`,
the items it could not normalise (``rejected``, for the quarantine) and the cursor to
save *with* them. The watcher stores each batch and its cursor in one transaction, so a
crash never loses nor doubles anything: the next run resumes from the saved cursor.

Connectors never touch the store. Their HTTP goes through
:class:`~rumeur.connectors._http.HttpClient`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import orjson

from rumeur.config import Project, SourceConfig
from rumeur.connectors._http import CircuitBreaker, HttpClient, Redactor
from rumeur.connectors.quota import Quota, QuotaBook, ReadBudget
from rumeur.errors import ConfigError, CredentialsError
from rumeur.ingest.reasons import stored
from rumeur.messages import Text
from rumeur.records import Author, Engagement, Mention

Item = tuple[str, Mention]
Rejected = tuple[str, str]

from rumeur.connectors.options import SECRET_KEYS  # noqa: E402,F401  (re-exported)


@dataclass(slots=True)
class Page:
    """One page of a source: items, rejected items, and the cursor that follows them."""

    items: list[Item] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    cursor: Any = None
    origin: str | None = None
    #: the run stopped at its page limit: the rest of the pass follows in the next run
    more: bool = False
    #: what the user should know about this run (a cap, the first collection's reach)
    note: str | None = None


class Connector(Protocol):
    """A source's reader: ``fetch(cursor)`` yields pages from the saved cursor on."""

    name: str

    def fetch(self, cursor: Any) -> Iterator[Page]: ...

    def close(self) -> None: ...


@dataclass(slots=True)
class Context:
    """What a connector gets: its config, secrets and HTTP settings."""

    project: Project
    source: SourceConfig
    sleep: Callable[[float], None] | None = None
    clock: Callable[[], float] | None = None
    redactor: Redactor = field(default_factory=Redactor)
    #: the quota readings and read budget of this source (:mod:`rumeur.connectors.quota`):
    #: the watcher loads the saved ones before a run and stores them with each batch
    quotas: QuotaBook = field(default_factory=QuotaBook)

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def options(self) -> Mapping[str, Any]:
        return self.source.options

    def option(self, key: str, default: Any = None, *, required: bool = False) -> Any:
        value = self.source.options.get(key, default)
        if required and (value is None or value == ""):
            raise ConfigError(
                Text(
                    f"la source '{self.name}' ({self.source.type}) a besoin de '{key}'",
                    f"source '{self.name}' ({self.source.type}) needs '{key}'",
                ),
                path=self.project.root / "rumeur.toml",
                key=f"sources.{key}",
                hint=Text(
                    "voir docs/connectors.md pour ce type de source",
                    "see docs/connectors.md for this source type",
                ),
            )
        return value

    def secret(self, key: str, *, required: bool = True) -> str | None:
        """A credential: ``<key>_env`` names an environment variable, else the secrets
        file's ``[<source name>]`` table holds ``<key>``. Never rumeur.toml itself."""
        if key in self.source.options:
            raise ConfigError(
                Text(
                    f"source '{self.name}' : '{key}' ne doit pas être écrit dans rumeur.toml",
                    f"source '{self.name}': '{key}' must not be written in rumeur.toml",
                ),
                path=self.project.root / "rumeur.toml",
                key=f"sources.{key}",
                hint=Text(
                    f'mettez {key}_env = "VARIABLE" ou placez-le dans le fichier [secrets]',
                    f'set {key}_env = "VARIABLE" or put it in the [secrets] file',
                ),
            )
        value: str | None = None
        env = self.source.options.get(f"{key}_env")
        if env:
            value = os.environ.get(str(env))
        if not value:
            value = _secrets_file(self.project).get(self.name, {}).get(key)
        if value:
            self.redactor.add(str(value))  # also registers it for log redaction
            return str(value)
        if required:
            where = f"environment variable {env}" if env else "the [secrets] file"
            raise CredentialsError(
                Text(
                    f"source '{self.name}' : aucun {key} trouvé dans {where}",
                    f"source '{self.name}': no {key} found in {where}",
                ),
                hint=Text(
                    f'mettez {key}_env = "VARIABLE" dans la source, ou ajoutez {key} sous '
                    f"[{self.name}] dans le fichier des secrets (docs/connectors.md)",
                    f'set {key}_env = "VARIABLE" in the source, or add {key} under '
                    f"[{self.name}] in the secrets file (docs/connectors.md)",
                ),
            )
        return None

    def now(self) -> datetime:
        """The current time (the injected clock's, in tests)."""
        return datetime.fromtimestamp(self.clock(), UTC) if self.clock else datetime.now(UTC)

    def report_quota(self, quota: Quota) -> None:
        """Note what the platform says of a quota (``rumeur sources`` shows it)."""
        self.quotas.record(quota, now=self.now())

    def read_budget(self, unit: str = "requests") -> ReadBudget | None:
        """The source's monthly read budget (``monthly_read_budget``), or None when none
        is set. The first call fixes what it counts: a connector whose platform bills
        items calls ``read_budget(unit="posts")`` before :meth:`http`, which then does
        not charge requests."""
        st = self.settings
        limit = getattr(st, "monthly_read_budget", None)
        if limit is None:
            return None
        if self.quotas.budget is None:
            now = self.now
            self.quotas.budget = ReadBudget(
                limit, unit=unit, reset_day=st.budget_reset_day, tz=self.project.timezone,
                source=self.name, now=now,
            )  # fmt: skip
            self.quotas.budget.restore(self.quotas.saved.get("budget"))
        return self.quotas.budget

    @property
    def settings(self) -> Any:
        """The source's typed settings (``connectors/<platform>/options.py``), validated
        when rumeur.toml was loaded (or now, for a source built by hand)."""
        if self.source.settings is not None:
            return self.source.settings
        from rumeur.connectors.options import validate_source
        from rumeur.options import Place

        place = Place(self.project.root / "rumeur.toml", "", "sources", 0)
        return validate_source(self.source.type, self.source.options, place)

    def base_url(self, url: str, *, credentials: bool = True) -> str:
        """``url`` without its trailing ``/``; a plain ``http://`` URL to another machine
        is refused (credentials and tokens would travel in clear) unless the source sets
        ``allow_insecure_http = true`` (``credentials=False``: a source that sends none,
        such as a public feed, may use http)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(
                Text(
                    f"source '{self.name}' : {url!r} n'est pas une URL http(s)",
                    f"source '{self.name}': {url!r} is not an http(s) URL",
                ),
                path=self.project.root / "rumeur.toml", key="sources.base_url",
            )  # fmt: skip
        local = parts.hostname in ("localhost", "::1") or parts.hostname.startswith("127.")
        insecure = parts.scheme == "http" and not local and credentials
        if insecure and not self.settings.allow_insecure_http:
            raise ConfigError(
                Text(
                    f"source '{self.name}' : http:// simple vers {parts.hostname} enverrait "
                    "ses identifiants et ses données sans chiffrement",
                    f"source '{self.name}': plain http:// to {parts.hostname} would send its "
                    "credentials and data unencrypted",
                ),
                path=self.project.root / "rumeur.toml",
                key="sources.base_url",
                hint=Text(
                    "utilisez https://, ou mettez allow_insecure_http = true si vous l'acceptez",
                    "use https://, or set allow_insecure_http = true if you accept that",
                ),
            )
        return url.rstrip("/")

    def paging(self) -> dict[str, Any]:
        """Settings of :func:`rumeur.connectors._paging.newest_first` for this source."""
        st = self.settings
        return {
            "max_pages": st.max_pages,
            "first_max_pages": st.backfill_pages,
            "since": st.since,
            "skew": st.clock_skew,
            "now": self.now,
        }

    def http(self, **headers: str) -> HttpClient:
        """The source's HTTP client. With a read budget set that counts requests (the
        default), every request is charged to it first, and refused once it is spent; a
        connector whose budget counts items (``read_budget(unit="posts")``, called first)
        charges it itself."""
        st = self.settings
        kwargs: dict[str, Any] = {}
        budget = self.read_budget()
        if budget is not None and budget.unit == "requests":
            kwargs["budget"] = budget
        if self.sleep is not None:
            kwargs["sleep"] = self.sleep
        if self.clock is not None:
            kwargs["clock"] = self.clock
        return HttpClient(
            source=self.name,
            timeout=st.timeout,
            retries=st.retries,
            backoff=st.backoff,
            max_backoff=st.max_backoff,
            breaker=CircuitBreaker(
                failure_threshold=st.breaker_threshold, cooldown=st.breaker_cooldown
            ),
            headers=headers,
            redactor=self.redactor,
            max_bytes=st.max_response_bytes,
            **kwargs,
        )


def _secrets_file(project: Project) -> dict[str, Any]:
    table = project.extra.get("secrets") or {}
    name = table.get("file") if isinstance(table, Mapping) else None
    if not name:
        return {}
    path = Path(name)
    path = path if path.is_absolute() else project.root / path
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(
            Text("fichier des secrets introuvable", "secrets file not found"),
            path=path,
            key="secrets.file",
        ) from exc
    except tomllib.TOMLDecodeError as exc:  # never echo the content
        raise ConfigError(
            Text(
                "le fichier des secrets n'est pas du TOML valide", "secrets file is not valid TOML"
            ),
            path=path,
        ) from exc
    return data


_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")


def parse_interval(value: Any, default: float = 300.0) -> float:
    """``"5m"`` -> 300.0 seconds (units ms, s, m, h, d; a bare number is seconds)."""
    if value is None:
        return default
    if isinstance(value, int | float):
        return float(value)
    m = _INTERVAL.match(str(value))
    if not m:
        raise ConfigError(
            Text(f"intervalle invalide {value!r}", f"bad interval {value!r}"),
            hint=Text('écrivez par exemple "30s", "5m", "1h"', 'write e.g. "30s", "5m", "1h"'),
        )
    unit = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2) or "s"]
    return float(m.group(1)) * unit


# -- normalisation shared by connectors ------------------------------------------


def parse_time(value: Any) -> datetime:
    """ISO 8601 text or epoch seconds -> aware UTC datetime (ValueError otherwise)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(float(value), UTC)
    if not isinstance(value, str) or not value.strip():
        raise ValueError("no date")
    dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _int(v: Any) -> int | None:
    if v is None or v == "":
        return None
    return int(v)


def row_to_mention(row: Mapping[str, Any]) -> Mention:
    """A staging row (see :mod:`rumeur.ingest.formats`) -> Mention; ValueError if unusable."""
    text = row.get("text")
    if text is None or not str(text).strip():
        raise ValueError("no text")
    if not row.get("external_id"):
        raise ValueError("no id")
    return Mention(
        platform=str(row.get("platform") or "other"),
        text=str(text),
        created_at=parse_time(row.get("created_at")),
        external_id=str(row["external_id"]),
        url=row.get("url"),
        title=row.get("title"),
        language=row.get("language"),
        author=Author(
            id=row.get("author_id"),
            handle=row.get("author_handle"),
            display_name=row.get("author_name"),
            followers=_int(row.get("author_followers")),
            verified=str(row.get("author_verified")).lower() == "true",
            is_own_account=row.get("is_own_account") is True
            or str(row.get("is_own_account")).lower() == "true",
            created_at=parse_time(row["author_created_at"])
            if row.get("author_created_at")
            else None,
        ),
        engagement=Engagement(
            likes=_int(row.get("likes")),
            shares=_int(row.get("shares")),
            replies=_int(row.get("replies")),
            views=_int(row.get("views")),
        ),
        reply_to=row.get("reply_to"),
        thread_id=row.get("thread_id"),
        rating=_rating(row.get("rating")),
        extra=row.get("extra") if isinstance(row.get("extra"), Mapping) else None,
    )


def _rating(v: Any) -> float | None:
    """A star rating (1-5 as the platforms give them); ValueError outside 0-10."""
    if v is None or v == "":
        return None
    r = float(v)
    if not 0 <= r <= 10:
        raise ValueError(f"rating {v!r} out of range")
    return r


def dumps(obj: Any) -> str:
    """A raw item's text as stored (the platform's object, re-encoded compactly)."""
    return orjson.dumps(obj).decode()


def normalise(
    page: Page, objs: list[Any], to_row: Callable[[Any], Mapping[str, Any]], **override: Any
) -> None:
    """Append each raw object to ``page`` as an item, or as rejected with the reason."""
    for obj in objs:
        payload = dumps(obj)
        try:
            row = dict(to_row(obj))
            row.update({k: v for k, v in override.items() if v is not None})
            page.items.append((payload, row_to_mention(row)))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            page.rejected.append(
                (payload, stored("cannot_normalise", error=f"{type(exc).__name__}: {exc}"))
            )
