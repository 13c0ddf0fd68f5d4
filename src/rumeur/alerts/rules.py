"""The ``[alerts]`` table of rumeur.toml: channels, rules, cooldown, digest.

Example::

    [alerts]
    cooldown_minutes = 120        # default quiet time per (rule, brand) after an alert
    digest = "daily"              # or "weekly"

    [[alerts.channels]]
    name = "equipe"
    type = "email"                # smtplib; starttls and login optional
    smtp_host = "smtp.example.org"
    smtp_port = 587
    starttls = true               # certificates verified; or tls = true (port 465)
    username = "rumeur"           # login only over TLS (allow_plain_auth: loopback only)
    password_env = "RUMEUR_SMTP_PASSWORD"   # read from the environment, never the file
    sender = "rumeur@example.org"
    to = ["com@example.org"]

    [[alerts.channels]]
    name = "slack"
    type = "webhook"              # POST {"text": ...}: Slack and Teams incoming webhooks
    url = "https://hooks.slack.com/services/..."
    secret_env = "RUMEUR_WEBHOOK_SECRET"    # HMAC-SHA256 key for X-Rumeur-Signature

    [[alerts.rules]]
    name = "bad-buzz"
    type = "spike"                # spike | threshold | detractor | keyword | authenticity |
                                  # site | conduct
    brand = "volta"               # optional: all brands when absent
    metrics = ["volume", "negative", "negative_reach", "negative_share"]
    tones = ["negative"]          # optional: only bad buzz (default: every spike)
    early = true                  # warn on a burst in the last 15-60 min (default true)
    early_reports_threshold = 4   # surprise of independent unfavourable reports (3.25:
                                  # sensitive, ~3x the false alerts)
    early_metrics = ["volume", "reports", "severe"]  # opt-in: severe, issue, concerns
    every_minutes = 60            # how often the rule runs (default: hourly; any rule)
    channels = ["equipe", "slack"]

    [[alerts.rules]]
    name = "avis-negatifs"
    type = "threshold"
    metric = "negative_share"     # negative_share | negative_count | negative_reach | volume
    above = 0.4
    window_hours = 24
    min_mentions = 20

    [[alerts.rules]]
    name = "detracteur-influent"
    type = "detractor"
    min_reach = 10000             # estimated reach of an unfavourable mention

    [[alerts.rules]]
    name = "mots-sensibles"
    type = "keyword"
    terms = ["rappel produit", "intoxication"]

    [[alerts.rules]]
    name = "faux-avis"
    type = "authenticity"         # a new coordinated campaign (fake praise, review bombing)
    min_size = 5                  # mentions in the campaign (default 5)
    history_days = 30             # the audit reads this far back (default 30)
    lookback_hours = 24           # campaigns still active in the last N hours (default 24)

    [[alerts.rules]]
    name = "cgv-modifiees"
    type = "site"                 # a CGV/CGU/privacy page changed without a new date

    [[alerts.rules]]
    name = "conduite"
    type = "conduct"              # a conduct finding (over-posting, unsolicited ads...)
    min_severity = "high"         # low | medium | high
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from rumeur.errors import ConfigError
from rumeur.messages import Text
from rumeur.options import Place, unknown_key, validate
from rumeur.suggest import BRAND, listed, unknown

RULE_TYPES = ("spike", "threshold", "detractor", "keyword", "authenticity", "site", "conduct")
CONDUCT_SEVERITIES = ("low", "medium", "high")
CHANNEL_TYPES = ("email", "webhook")
THRESHOLD_METRICS = ("negative_share", "negative_count", "negative_reach", "volume")
#: the metrics a spike rule watches (rumeur.analytics.spikes.METRICS, kept here so that
#: reading the configuration does not load the analytics)
SPIKE_METRICS = ("volume", "negative", "negative_reach", "negative_share")
SPIKE_TONES = ("negative", "positive", "mixed")
#: what the early warning counts (rumeur.analytics.early.ALL_METRICS)
EARLY_METRICS = ("volume", "negative", "reports", "severe", "issue", "concerns")


# -- the declared settings of each rule and channel type ---------------------------
@dataclass(frozen=True, kw_only=True)
class _RuleSettings:
    name: str | None = None
    #: a brand id of [[brands]]; all brands when absent
    brand: str | None = None
    #: channel names; all channels when absent
    channels: list[str] | None = None
    cooldown_minutes: int | None = field(default=None, metadata={"min": 0})
    #: how often the rule runs (rumeur.alerts.schedule)
    every_minutes: int = field(default=60, metadata={"min": 1})


@dataclass(frozen=True, kw_only=True)
class SpikeRule(_RuleSettings):
    metrics: list[str] = field(default_factory=lambda: list(SPIKE_METRICS))
    #: the spikes' tones to alert on (negative: only bad buzz)
    tones: list[str] = field(default_factory=lambda: list(SPIKE_TONES))
    threshold: float = field(default=5.0, metadata={"min": 0})
    min_count: int = field(default=8, metadata={"min": 0})
    lookback_hours: int = field(default=24, metadata={"min": 1})
    #: warn early on a burst in the last 15/30/60 minutes (rumeur.alerts.early)
    early: bool = True
    #: the early warning's surprise (-log10 of the tail probability) and minimum count
    early_threshold: float = field(default=5.0, metadata={"min": 0})
    early_min_count: int = field(default=6, metadata={"min": 1})
    #: the same for independent unfavourable reports (distinct authors, no replies)
    early_reports_threshold: float = field(default=4.0, metadata={"min": 0})
    early_min_reports: int = field(default=3, metadata={"min": 1})
    #: the same for severe reports (the crisis lexicon flags their text; opt-in)
    early_severe_threshold: float = field(default=5.0, metadata={"min": 0})
    early_min_severe: int = field(default=2, metadata={"min": 1})
    #: the surprise of reports finding fault with one same aspect (opt-in)
    early_issue_threshold: float = field(default=6.0, metadata={"min": 0})
    #: the surprise of posts not read as favourable, answering no one (opt-in)
    early_concerns_threshold: float = field(default=4.5, metadata={"min": 0})
    #: what the early warning counts: volume, reports (default), negative, severe, issue,
    #: concerns (rumeur.analytics.early_series)
    early_metrics: list[str] = field(default_factory=lambda: ["volume", "reports"])


@dataclass(frozen=True, kw_only=True)
class ThresholdRule(_RuleSettings):
    metric: Literal["negative_share", "negative_count", "negative_reach", "volume"]
    #: alert when the metric is above it
    above: float
    window_hours: int = field(default=24, metadata={"min": 1})
    min_mentions: int = field(default=1, metadata={"min": 0})


@dataclass(frozen=True, kw_only=True)
class DetractorRule(_RuleSettings):
    #: estimated reach of an unfavourable mention
    min_reach: float = field(default=10_000.0, metadata={"min": 0})
    lookback_hours: int = field(default=24, metadata={"min": 1})


@dataclass(frozen=True, kw_only=True)
class KeywordRule(_RuleSettings):
    terms: list[str]
    lookback_hours: int = field(default=24, metadata={"min": 1})


@dataclass(frozen=True, kw_only=True)
class AuthenticityRule(_RuleSettings):
    """A new coordinated campaign (fake praise, review bombing)."""

    #: mentions in the campaign
    min_size: int = field(default=5, metadata={"min": 1})
    #: the audit reads this far back (days)
    history_days: int = field(default=30, metadata={"min": 1})
    #: campaigns still active in the last N hours
    lookback_hours: int = field(default=24, metadata={"min": 1})


@dataclass(frozen=True, kw_only=True)
class SiteRule(_RuleSettings):
    """A legal page of an audited site changed without a new date, or is gone."""


@dataclass(frozen=True, kw_only=True)
class ConductRule(_RuleSettings):
    """A conduct finding (over-posting, unsolicited ads...) of at least ``min_severity``."""

    min_severity: Literal["low", "medium", "high"] = "high"
    history_days: int = field(default=30, metadata={"min": 1})
    lookback_hours: int = field(default=24, metadata={"min": 1})


RULE_MODELS: dict[str, type[_RuleSettings]] = {
    "spike": SpikeRule, "threshold": ThresholdRule, "detractor": DetractorRule,
    "keyword": KeywordRule, "authenticity": AuthenticityRule, "site": SiteRule,
    "conduct": ConductRule,
}  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class EmailChannel:
    smtp_host: str
    sender: str
    to: list[str]
    smtp_port: int | None = field(default=None, metadata={"min": 1})
    #: STARTTLS after connecting (certificates verified)
    starttls: bool = False
    #: TLS from the start (SMTPS, port 465; certificates verified)
    tls: bool = False
    username: str | None = None
    #: the environment variable holding the SMTP password
    password_env: str | None = None
    #: allow login over an unencrypted link; only to a server on this machine
    allow_plain_auth: bool = False
    #: an extra certificate authority to trust (a private one), PEM
    ca_file: str | None = None
    timeout: float = field(default=10.0, metadata={"min": 0.1})


@dataclass(frozen=True, kw_only=True)
class WebhookChannel:
    url: str
    #: the environment variable holding the HMAC-SHA256 signing key
    secret_env: str | None = None
    timeout: float = field(default=10.0, metadata={"min": 0.1})


CHANNEL_MODELS: dict[str, type[Any]] = {"email": EmailChannel, "webhook": WebhookChannel}


# -- what the engine reads ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Channel:
    name: str
    type: str
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    type: str
    brand: str | None = None
    channels: tuple[str, ...] = ()
    cooldown_minutes: int = 120
    #: the type's settings, defaults filled in (see the models above)
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AlertSettings:
    channels: tuple[Channel, ...] = ()
    rules: tuple[Rule, ...] = ()
    cooldown_minutes: int = 120
    digest: str = "daily"

    def channel(self, name: str) -> Channel:
        for c in self.channels:
            if c.name == name:
                return c
        raise ConfigError(
            Text(f"pas de canal d'alerte nommé {name!r}", f"no alert channel named {name!r}")
        )


_TOP = ("channels", "rules", "cooldown_minutes", "digest")
#: the settings every rule has that the engine reads from Rule itself (not its options)
_BASE = {"name", "brand", "channels", "cooldown_minutes"}


def parse(
    raw: Any, path: Path | None = None, text: str = "", brands: list[str] | None = None
) -> AlertSettings:
    """Validate the ``[alerts]`` table; errors name the key and its line. ``brands``: the
    project's brand ids (a rule naming another brand is refused)."""
    path = path or Path("rumeur.toml")
    top = Place(path, text, "alerts")
    if raw is None:
        return AlertSettings()
    if not isinstance(raw, dict):
        raise top.fail(None, Text("doit être une table : [alerts]", "must be a table: [alerts]"))
    for key in raw:
        if key not in _TOP:
            raise unknown_key(top, key, list(_TOP), "[alerts]")
    cooldown = raw.get("cooldown_minutes", 120)
    if isinstance(cooldown, bool) or not isinstance(cooldown, int) or cooldown < 0:
        raise top.fail(
            "cooldown_minutes",
            Text(
                f"doit être un nombre entier >= 0, pas {cooldown!r}",
                f"must be a whole number >= 0, got {cooldown!r}",
            ),
        )
    digest = raw.get("digest", "daily")
    if digest not in ("daily", "weekly"):
        raise top.fail(
            "digest",
            Text(
                f"doit valoir 'daily' ou 'weekly', pas {digest!r}",
                f"must be 'daily' or 'weekly', got {digest!r}",
            ),
        )
    channels = _channels(raw.get("channels", []), path, text)
    rules: list[Rule] = []
    for i, r in enumerate(raw.get("rules", [])):
        at = Place(path, text, "alerts.rules", i)
        typ = _kind(r, at, RULE_TYPES, Text("règle", "rule"))
        model = validate(
            RULE_MODELS[typ], r, at, what=Text(f"une règle {typ}", f"a {typ} rule"), skip=("type",)
        )
        known = [c.name for c in channels]
        for ch in model.channels or []:
            if ch not in known:
                raise at.fail(
                    "channels",
                    unknown(Text("canal inconnu", "unknown channel"), ch, known),
                    hint=listed(known, Text("canaux", "channels")),
                )
        if brands is not None and model.brand is not None and model.brand not in brands:
            raise at.fail(
                "brand",
                unknown(BRAND, model.brand, brands),
                hint=listed(brands, Text("ids des [[brands]]", "brand ids of [[brands]]")),
            )
        if isinstance(model, SpikeRule):
            lists: tuple[tuple[str, Sequence[str], Sequence[str], tuple[str, str]], ...] = (
                # key, values given, values allowed, what one is (fr, en)
                ("metrics", model.metrics, SPIKE_METRICS, ("indicateur inconnu", "unknown metric")),
                ("early_metrics", model.early_metrics, EARLY_METRICS,
                 ("indicateur inconnu", "unknown metric")),
                ("tones", model.tones, SPIKE_TONES, ("tonalité inconnue", "unknown tone")),
            )  # fmt: skip
            for key, given, allowed, (fr, en) in lists:
                for value in given:
                    if value not in allowed:
                        raise at.fail(
                            key, unknown(Text(fr, en), value, allowed), hint=listed(allowed)
                        )
        settings = {k: v for k, v in asdict(model).items() if k not in _BASE}
        rules.append(Rule(
            name=model.name or f"{typ}-{i + 1}", type=typ, brand=model.brand,
            channels=tuple(model.channels if model.channels is not None else known),
            cooldown_minutes=cooldown if model.cooldown_minutes is None
            else model.cooldown_minutes,
            options=settings,
        ))  # fmt: skip
    return AlertSettings(tuple(channels), tuple(rules), cooldown, digest)


def _kind(table: Any, at: Place, kinds: tuple[str, ...], what: Text) -> str:
    if not isinstance(table, Mapping):
        raise at.fail(
            None, Text(f"doit être une table : [[{at.array}]]", f"must be a table: [[{at.array}]]")
        )
    typ = table.get("type")
    if typ not in kinds:
        raise at.fail(
            "type" if "type" in table else None,
            unknown(Text(f"type de {what.fr} inconnu", f"unknown {what.en} type"), typ, kinds),
            hint=listed(kinds, Text("types possibles", "valid types")),
        )
    return str(typ)


def _channels(raw: Any, path: Path, text: str) -> list[Channel]:
    out: list[Channel] = []
    for i, c in enumerate(raw):
        at = Place(path, text, "alerts.channels", i)
        typ = _kind(c, at, CHANNEL_TYPES, Text("canal", "channel"))
        name = c.get("name")
        if not isinstance(name, str) or not name:
            raise at.fail(
                "name" if "name" in c else None,
                Text("est obligatoire (un nom court)", "is required (a short name)"),
            )
        for secret in ("password", "secret"):
            if secret in c:
                raise at.fail(
                    secret,
                    Text(
                        "les secrets n'ont pas leur place dans rumeur.toml : utilisez "
                        "password_env / secret_env (le nom d'une variable d'environnement)",
                        "secrets do not belong in rumeur.toml: use "
                        "password_env / secret_env (the name of an environment variable)",
                    ),
                )
        what = (
            Text("un canal e-mail", "an e-mail channel")
            if typ == "email"
            else Text("un canal webhook", "a webhook channel")
        )
        model = validate(CHANNEL_MODELS[typ], c, at, what=what, skip=("name", "type"))
        if isinstance(model, WebhookChannel) and not model.url.startswith(("http://", "https://")):
            raise at.fail(
                "url",
                Text(
                    f"doit être une URL http(s), pas {model.url!r}",
                    f"must be an http(s) URL, got {model.url!r}",
                ),
            )
        if isinstance(model, EmailChannel) and model.starttls and model.tls:
            raise at.fail(
                "tls",
                Text(
                    "choisissez starttls (port 587) ou tls (port 465), pas les deux",
                    "choose starttls (port 587) or tls (port 465), not both",
                ),
            )
        if any(ch.name == name for ch in out):
            raise at.fail(
                "name",
                Text(
                    f"le nom de canal {name!r} est utilisé deux fois",
                    f"channel name {name!r} is used twice",
                ),
            )
        opts = {k: v for k, v in asdict(model).items() if v is not None}
        out.append(Channel(name, typ, opts))
    return out


def from_project(project: Any) -> AlertSettings:
    path = project.root / "rumeur.toml"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return parse(project.extra.get("alerts"), path, text, brands=[b.id for b in project.brands])


__all__ = [
    "AlertSettings",
    "AuthenticityRule",
    "Channel",
    "ConductRule",
    "DetractorRule",
    "EmailChannel",
    "KeywordRule",
    "Rule",
    "SiteRule",
    "SpikeRule",
    "ThresholdRule",
    "WebhookChannel",
    "from_project",
    "parse",
]
