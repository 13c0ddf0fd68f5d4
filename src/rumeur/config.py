"""The project file, ``rumeur.toml``: brands, competitors, own accounts, sources, retention.

:func:`load` reads and validates it into a :class:`Project`; every problem raises a
:class:`~rumeur.errors.ConfigError` naming the file, the line and the key.
:func:`template` is the commented file that ``rumeur init`` writes.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rumeur.errors import ConfigError
from rumeur.messages import Text
from rumeur.suggest import unknown

CONFIG_NAME = "rumeur.toml"
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


#: the analyses that read every mention of their scope into memory (aspects,
#: motivations, people, the report...) refuse a scope of more (mention, brand) rows than
#: this: about 3 KB a row held, 7-8 KB at the peak of the read (measured at 10M, 330k rows)
DEFAULT_MAX_ROWS = 500_000
#: from how many indexed mentions the refresh of the search index keeps the search engine
#: beside the store (``rumeur.storage.search_engine``; 200,000 mentions: DuckDB's index
#: alone answers a search in ~5 ms of CPU below it)
DEFAULT_ENGINE_MIN_MENTIONS = 200_000


@dataclass(frozen=True, slots=True)
class Brand:
    """A brand to follow: ours or a competitor's."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    own_accounts: tuple[str, ...] = ()
    competitor: bool = False

    @property
    def terms(self) -> tuple[str, ...]:
        """Words that name the brand in running text (its name and aliases)."""
        seen: dict[str, None] = {self.name: None}
        seen.update(dict.fromkeys(self.aliases))
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """A configured source: ``type`` picks the connector, ``options`` are its settings as
    written, ``settings`` the same validated against the type's declared model
    (:mod:`rumeur.connectors.options`; None when built by hand without validation)."""

    name: str
    type: str
    options: Mapping[str, Any] = field(default_factory=dict)
    settings: Any = None


@dataclass(frozen=True, slots=True)
class Retention:
    """How long data is kept, in days (0 = forever)."""

    raw_days: int = 0
    mentions_days: int = 0
    quarantine_days: int = 90


@dataclass(frozen=True, slots=True)
class Project:
    """A loaded, validated ``rumeur.toml``."""

    root: Path
    name: str
    timezone: str = "Europe/Paris"
    language: str = "fr"
    store: str = "rumeur.duckdb"
    brands: tuple[Brand, ...] = ()
    sources: tuple[SourceConfig, ...] = ()
    retention: Retention = field(default_factory=Retention)
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: ``[analysis] max_rows``: see :data:`DEFAULT_MAX_ROWS` (0: no limit)
    max_rows: int = DEFAULT_MAX_ROWS
    #: ``[search] engine_min_mentions``: see :data:`DEFAULT_ENGINE_MIN_MENTIONS` (0: never)
    search_engine_min: int = DEFAULT_ENGINE_MIN_MENTIONS

    @property
    def store_path(self) -> Path:
        """The DuckDB file, resolved against the project folder."""
        p = Path(self.store)
        return p if p.is_absolute() else self.root / p

    @property
    def own_accounts(self) -> frozenset[str]:
        """Handles (lower-case, no '@') of accounts operated by any configured brand."""
        return frozenset(_handle(h) for b in self.brands for h in b.own_accounts)

    def brand(self, brand_id: str) -> Brand:
        for b in self.brands:
            if b.id == brand_id:
                return b
        known = ", ".join(b.id for b in self.brands)
        raise ConfigError(
            Text(f"aucune marque d'id '{brand_id}'", f"no brand with id '{brand_id}'"),
            hint=Text(f"connues : {known}", f"known: {known}"),
        )


def _handle(h: str) -> str:
    return h.strip().lstrip("@").lower()


def find(start: Path | None = None) -> Path:
    """The nearest ``rumeur.toml`` in ``start`` or a parent folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    raise ConfigError(
        Text(f"pas de {CONFIG_NAME} dans {here} ni dans ses dossiers parents",
             f"no {CONFIG_NAME} in {here} or its parents"),
        hint=Text("créez-en un avec `rumeur init`, ou donnez --project DOSSIER",
                  "run `rumeur init` to create one, or pass --project PATH"),
    )  # fmt: skip


class _Reader:
    """Typed access to the parsed TOML with errors that name the key and its line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def line_of(self, key: str, occurrence: int = 0) -> int | None:
        leaf = key.rsplit(".", 1)[-1]
        leaf = re.sub(r"\[\d+\]$", "", leaf)
        pattern = re.compile(rf"^\s*{re.escape(leaf)}\s*=")
        seen = 0
        for i, line in enumerate(self.lines, 1):
            if pattern.match(line):
                if seen == occurrence:
                    return i
                seen += 1
        return None

    def fail(self, key: str, message: str | Text, occurrence: int = 0) -> ConfigError:
        return ConfigError(message, path=self.path, line=self.line_of(key, occurrence), key=key)

    def str_(
        self,
        table: Mapping[str, Any],
        key: str,
        full: str,
        default: str | None = None,
        occurrence: int = 0,
    ) -> str:
        value = table.get(key, default)
        if value is None:
            raise self.fail(full, Text("est obligatoire", "is required"), occurrence)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(
                full,
                Text(
                    f"doit être un texte non vide, pas {value!r}",
                    f"must be a non-empty string, got {value!r}",
                ),
                occurrence,
            )
        return value

    def str_list(
        self, table: Mapping[str, Any], key: str, full: str, occurrence: int = 0
    ) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(
                full,
                Text(
                    f"doit être une liste de textes non vides, pas {value!r}",
                    f"must be a list of non-empty strings, got {value!r}",
                ),
                occurrence,
            )
        return tuple(v.strip() for v in value)

    def int_(self, table: Mapping[str, Any], key: str, full: str, default: int) -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(
                full,
                Text(
                    f"doit être un nombre entier >= 0, pas {value!r}",
                    f"must be a whole number >= 0, got {value!r}",
                ),
            )
        return value


_KNOWN_TOP = {
    "project", "brands", "sources", "retention", "audience", "alerts", "secrets", "privacy",
    "analysis", "search",
}  # fmt: skip
_KNOWN_BRAND = {
    "id",
    "name",
    "aliases",
    "handles",
    "hashtags",
    "exclude",
    "own_accounts",
    "competitor",
}


def load(path: Path | str | None = None) -> Project:
    """Read and validate a project file (default: the nearest ``rumeur.toml``)."""
    p = Path(path) if path is not None else find()
    if p.is_dir():
        p = p / CONFIG_NAME
    if not p.is_file():
        raise ConfigError(Text("fichier introuvable", "file not found"), path=p,
                          hint=Text("créez-en un avec `rumeur init`",
                                    "run `rumeur init` to create one"))  # fmt: skip
    text = p.read_text(encoding="utf-8-sig")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(
            Text(f"TOML invalide : {exc}", f"not valid TOML: {exc}"),
            path=p,
            line=int(m.group(1)) if m else None,
        ) from exc
    return parse(data, p, text)


def parse(data: Mapping[str, Any], path: Path, text: str = "") -> Project:
    """Validate parsed TOML ``data`` read from ``path``."""
    r = _Reader(path, text)
    for key in data:
        if key not in _KNOWN_TOP:
            raise r.fail(
                key,
                Text(
                    f"section inconnue ; attendu : {sorted(_KNOWN_TOP)}",
                    f"unknown section; expected one of {sorted(_KNOWN_TOP)}",
                ),
            )
    proj = data.get("project", {})
    if not isinstance(proj, dict):
        raise r.fail(
            "project", Text("doit être une table : [project]", "must be a table: [project]")
        )
    name = r.str_(proj, "name", "project.name", default=path.parent.name or "rumeur")
    tz = r.str_(proj, "timezone", "project.timezone", default="Europe/Paris")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise r.fail("project.timezone", Text(f"fuseau horaire inconnu {tz!r} (par exemple "
                                              f"'Europe/Paris')", f"unknown time zone {tz!r} "
                                              "(e.g. 'Europe/Paris')")) from exc  # fmt: skip
    language = r.str_(proj, "language", "project.language", default="fr")
    if language not in ("fr", "en"):
        raise r.fail(
            "project.language",
            Text(
                f"doit valoir 'fr' ou 'en', et non {language!r}",
                f"must be 'fr' or 'en', got {language!r}",
            ),
        )
    store = r.str_(proj, "store", "project.store", default="rumeur.duckdb")

    raw_brands = data.get("brands", [])
    if not isinstance(raw_brands, list):
        raise r.fail(
            "brands",
            Text(
                "doit être un tableau de tables : [[brands]]",
                "must be an array of tables: [[brands]]",
            ),
        )
    brands: list[Brand] = []
    for i, b in enumerate(raw_brands):
        where = f"brands[{i}]"
        for key in b:
            if key not in _KNOWN_BRAND:
                raise r.fail(
                    f"{where}.{key}",
                    Text(
                        f"réglage de marque inconnu ; attendu : {sorted(_KNOWN_BRAND)}",
                        f"unknown brand setting; expected one of {sorted(_KNOWN_BRAND)}",
                    ),
                )
        bid = r.str_(b, "id", f"{where}.id", occurrence=i)
        if not _ID_RE.match(bid):
            raise r.fail(
                f"{where}.id",
                Text(
                    f"doit être en minuscules, chiffres, '-' ou '_', pas {bid!r}",
                    f"must be lower-case letters, digits, '-' or '_', got {bid!r}",
                ),
                i,
            )
        if any(x.id == bid for x in brands):
            raise r.fail(
                f"{where}.id",
                Text(
                    f"l'id de marque {bid!r} est utilisé deux fois",
                    f"brand id {bid!r} is used twice",
                ),
                i,
            )
        competitor = b.get("competitor", False)
        if not isinstance(competitor, bool):
            raise r.fail(
                f"{where}.competitor",
                Text(
                    f"doit valoir true ou false, pas {competitor!r}",
                    f"must be true or false, got {competitor!r}",
                ),
            )
        brands.append(
            Brand(
                id=bid,
                name=r.str_(b, "name", f"{where}.name", default=bid, occurrence=i),
                aliases=r.str_list(b, "aliases", f"{where}.aliases", i),
                handles=tuple(_handle(h) for h in r.str_list(b, "handles", f"{where}.handles", i)),
                hashtags=tuple(
                    h.strip().lstrip("#").lower()
                    for h in r.str_list(b, "hashtags", f"{where}.hashtags", i)
                ),
                exclude=r.str_list(b, "exclude", f"{where}.exclude", i),
                own_accounts=tuple(
                    _handle(h) for h in r.str_list(b, "own_accounts", f"{where}.own_accounts", i)
                ),
                competitor=competitor,
            )
        )

    raw_sources = data.get("sources", [])
    if not isinstance(raw_sources, list):
        raise r.fail(
            "sources",
            Text(
                "doit être un tableau de tables : [[sources]]",
                "must be an array of tables: [[sources]]",
            ),
        )
    sources: list[SourceConfig] = []
    from rumeur.connectors.options import validate_source
    from rumeur.options import Place

    for i, s in enumerate(raw_sources):
        sname = r.str_(s, "name", f"sources[{i}].name", occurrence=i)
        stype = r.str_(s, "type", f"sources[{i}].type", occurrence=i)
        if any(x.name == sname for x in sources):
            raise r.fail(
                f"sources[{i}].name",
                Text(
                    f"le nom de source {sname!r} est utilisé deux fois",
                    f"source name {sname!r} is used twice",
                ),
                i,
            )
        settings = validate_source(stype, s, Place(path, text, "sources", i))
        brand = getattr(settings, "brand", None)
        if brand is not None and all(b.id != brand for b in brands):
            known = ", ".join(b.id for b in brands)
            raise r.fail(
                f"sources[{i}].brand",
                Text(
                    f"{brand!r} n'est pas un id de [[brands]] (marques : {known or 'aucune'})",
                    f"{brand!r} is not a [[brands]] id (brands: {known or 'none'})",
                ),
                i,
            )
        opts = {k: v for k, v in s.items() if k not in ("name", "type")}
        sources.append(SourceConfig(name=sname, type=stype, options=opts, settings=settings))

    ret = data.get("retention", {})
    retention = Retention(
        raw_days=r.int_(ret, "raw_days", "retention.raw_days", 0),
        mentions_days=r.int_(ret, "mentions_days", "retention.mentions_days", 0),
        quarantine_days=r.int_(ret, "quarantine_days", "retention.quarantine_days", 90),
    )
    analysis = data.get("analysis", {})
    if not isinstance(analysis, dict):
        raise r.fail(
            "analysis", Text("doit être une table : [analysis]", "must be a table: [analysis]")
        )
    for key in analysis:
        if key != "max_rows":
            raise r.fail(
                f"analysis.{key}",
                unknown(Text("réglage inconnu", "unknown setting"), key, ["max_rows"]),
            )
    max_rows = r.int_(analysis, "max_rows", "analysis.max_rows", DEFAULT_MAX_ROWS)
    search = data.get("search", {})
    if not isinstance(search, dict):
        raise r.fail("search", Text("doit être une table : [search]", "must be a table: [search]"))
    for key in search:
        if key != "engine_min_mentions":
            raise r.fail(
                f"search.{key}",
                unknown(Text("réglage inconnu", "unknown setting"), key, ["engine_min_mentions"]),
            )
    engine_min = r.int_(search, "engine_min_mentions", "search.engine_min_mentions",
                        DEFAULT_ENGINE_MIN_MENTIONS)  # fmt: skip
    extra = {k: v for k, v in data.items() if k in ("audience", "alerts", "secrets", "privacy")}
    if "alerts" in data:  # refused at load, so that no command runs on bad rules
        from rumeur.alerts.rules import parse as parse_alerts

        parse_alerts(data["alerts"], path, text, brands=[b.id for b in brands])
    project = Project(
        root=path.parent.resolve(),
        name=name,
        timezone=tz,
        language=language,
        store=store,
        brands=tuple(brands),
        sources=tuple(sources),
        retention=retention,
        extra=extra,
        max_rows=max_rows,
        search_engine_min=engine_min,
    )
    if "privacy" in data:  # refused at load too (rumeur.privacy.settings)
        from rumeur.privacy.settings import settings as privacy_settings

        privacy_settings(project)
    return project


def _toml_list(items: tuple[str, ...] | list[str]) -> str:
    """A TOML array of strings, written by tomlkit (every value escaped)."""
    import tomlkit

    arr = tomlkit.array()
    arr.extend(list(items))
    return arr.as_string()


def _toml_str(s: str) -> str:
    """A TOML string, written by tomlkit: quotes, backslashes, line breaks and control
    characters escaped, so a name can never break out of its value."""
    import tomlkit

    return tomlkit.string(s).as_string()


def render_brand(b: Brand) -> str:
    """One ``[[brands]]`` table as TOML text."""
    lines = [
        "[[brands]]",
        f"id = {_toml_str(b.id)}",
        f"name = {_toml_str(b.name)}",
        f"aliases = {_toml_list(b.aliases)}",
        f"handles = {_toml_list(['@' + h for h in b.handles])}",
        f"hashtags = {_toml_list(['#' + h for h in b.hashtags])}",
        f"exclude = {_toml_list(b.exclude)}",
        f"own_accounts = {_toml_list(['@' + h for h in b.own_accounts])}",
    ]
    if b.competitor:
        lines.append("competitor = true")
    return "\n".join(lines) + "\n"


def template(
    name: str = "Ma marque",
    brands: tuple[Brand, ...] | None = None,
    timezone: str = "Europe/Paris",
    language: str = "fr",
) -> str:
    """The commented project file that ``rumeur init`` writes."""
    if brands is None:
        brands = (
            Brand(
                id="ma-marque",
                name="Ma Marque",
                aliases=("MaMarque",),
                handles=("mamarque",),
                hashtags=("mamarque",),
                exclude=("ma marque de fabrique",),
                own_accounts=("mamarque", "mamarque_sav"),
            ),
            Brand(
                id="concurrent",
                name="Concurrent",
                aliases=(),
                handles=("concurrent",),
                competitor=True,
            ),
        )
    body = "\n".join(render_brand(b) for b in brands)
    return f"""# Rumeur project file. Paths are relative to this file.
# Reference: docs/configuration.md

[project]
name = {_toml_str(name)}
# Naive dates in imported files are read in this time zone, then stored in UTC.
timezone = {_toml_str(timezone)}
# Language of reports and labels: "fr" or "en".
language = {_toml_str(language)}
# The embedded DuckDB store (created on first use); imported files are archived as
# received in the folder beside it (rumeur.duckdb.raw/): back up both together.
store = "rumeur.duckdb"

# One [[brands]] table per brand to follow, yours and your competitors'.
#   aliases      other names in running text (matched accent- and case-insensitively,
#                on whole words)
#   handles      accounts that name the brand (@mention); hashtags likewise (#tag)
#   exclude      phrases that use the name for something else ("jus d'orange" for an
#                operator called Orange): a mention whose only hits sit in them does not match
#   own_accounts the brand's own accounts: their posts are flagged as the brand's conduct
#   competitor   true for a competitor
{body}
# Sources for `rumeur collect` / `rumeur watch` (see docs/connectors.md); types:
# mastodon, bluesky, reddit, youtube, rss, webhook. Files are imported with
# `rumeur import FILE`, not declared here. E.g.:
# [[sources]]
# name = "alerte-google"
# type = "rss"
# url = "https://www.google.com/alerts/feeds/01234567890/12345678901234567890"
# interval = "30m"

[retention]
# Days to keep raw items and mentions (0 = forever); quarantined rows are purged after
# quarantine_days.
raw_days = 0
mentions_days = 0
quarantine_days = 90

# RGPD (docs/privacy.md): pseudonyms for authors and redaction of e-mails, phones, IBANs
# and cards at ingest; who to name in the record of processing (rumeur privacy register).
# [privacy]
# pseudonymise_authors = true
# redact_text = true
# controller = "Ma Marque SAS, adresse"
# contact = "dpo@ma-marque.example"
"""


__all__ = [
    "CONFIG_NAME",
    "Brand",
    "Project",
    "Retention",
    "SourceConfig",
    "find",
    "load",
    "parse",
    "render_brand",
    "template",
]
