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
    starttls = true
    username = "rumeur"
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
    type = "spike"                # spike | threshold | detractor | keyword | authenticity
    brand = "volta"               # optional: all brands when absent
    metrics = ["volume", "negative", "negative_reach", "negative_share"]
    tones = ["negative"]          # optional: only bad buzz (default: every spike)
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
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rumeur.errors import ConfigError

RULE_TYPES = ("spike", "threshold", "detractor", "keyword", "authenticity")
CHANNEL_TYPES = ("email", "webhook")
THRESHOLD_METRICS = ("negative_share", "negative_count", "negative_reach", "volume")


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
        raise ConfigError(f"no alert channel named {name!r}")


class _Lines:
    """Line numbers of keys inside the n-th ``[[alerts.<kind>]]`` table."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.lines = path, text.splitlines()

    def line(self, kind: str | None, index: int, key: str | None) -> int | None:
        start = 0
        if kind is not None:
            header = re.compile(rf"^\s*\[\[\s*alerts\.{kind}\s*\]\]")
            seen = -1
            for i, line in enumerate(self.lines):
                if header.match(line):
                    seen += 1
                    if seen == index:
                        start = i
                        break
            else:
                return None
        else:
            for i, line in enumerate(self.lines):
                if re.match(r"^\s*\[\s*alerts\s*\]", line):
                    start = i
                    break
        if key is None:
            return start + 1
        pat = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for i in range(start + 1, len(self.lines)):
            if i > start + 1 and self.lines[i].lstrip().startswith("["):
                break
            if pat.match(self.lines[i]):
                return i + 1
        return start + 1

    def fail(self, kind: str | None, index: int, key: str | None, msg: str) -> ConfigError:
        full = "alerts" + (f".{kind}[{index}]" if kind else "") + (f".{key}" if key else "")
        return ConfigError(msg, path=self.path, line=self.line(kind, index, key), key=full)


def parse(raw: Any, path: Path | None = None, text: str = "") -> AlertSettings:
    """Validate the ``[alerts]`` table; errors name the key and its line."""
    ln = _Lines(path or Path("rumeur.toml"), text)
    if raw is None:
        return AlertSettings()
    if not isinstance(raw, dict):
        raise ln.fail(None, 0, None, "must be a table: [alerts]")
    for key in raw:
        if key not in ("channels", "rules", "cooldown_minutes", "digest"):
            raise ln.fail(None, 0, key, "unknown setting; expected channels, rules, "
                          "cooldown_minutes or digest")  # fmt: skip
    cooldown = raw.get("cooldown_minutes", 120)
    if isinstance(cooldown, bool) or not isinstance(cooldown, int) or cooldown < 0:
        raise ln.fail(None, 0, "cooldown_minutes", f"must be a whole number >= 0, got {cooldown!r}")
    digest = raw.get("digest", "daily")
    if digest not in ("daily", "weekly"):
        raise ln.fail(None, 0, "digest", f"must be 'daily' or 'weekly', got {digest!r}")
    channels: list[Channel] = []
    for i, c in enumerate(raw.get("channels", [])):
        name, typ = c.get("name"), c.get("type")
        if not isinstance(name, str) or not name:
            raise ln.fail("channels", i, "name", "is required (a short name)")
        if typ not in CHANNEL_TYPES:
            raise ln.fail("channels", i, "type", f"must be one of {CHANNEL_TYPES}, got {typ!r}")
        need = ("smtp_host", "sender", "to") if typ == "email" else ("url",)
        for k in need:
            if not c.get(k):
                raise ln.fail("channels", i, k if k in c else None, f"{typ} channel needs {k!r}")
        if typ == "webhook" and not str(c["url"]).startswith(("http://", "https://")):
            raise ln.fail("channels", i, "url", f"must be an http(s) URL, got {c['url']!r}")
        if "password" in c or "secret" in c:
            raise ln.fail("channels", i, "password" if "password" in c else "secret",
                          "secrets do not belong in rumeur.toml: use password_env / secret_env "
                          "(the name of an environment variable)")  # fmt: skip
        if any(ch.name == name for ch in channels):
            raise ln.fail("channels", i, "name", f"channel name {name!r} is used twice")
        channels.append(
            Channel(name, typ, {k: v for k, v in c.items() if k not in ("name", "type")})
        )
    rules: list[Rule] = []
    for i, r in enumerate(raw.get("rules", [])):
        typ = r.get("type")
        if typ not in RULE_TYPES:
            raise ln.fail("rules", i, "type", f"must be one of {RULE_TYPES}, got {typ!r}")
        name = r.get("name", f"{typ}-{i + 1}")
        chs = r.get("channels", [c.name for c in channels])
        for ch in chs:
            if ch not in [c.name for c in channels]:
                raise ln.fail("rules", i, "channels", f"unknown channel {ch!r}")
        cd = r.get("cooldown_minutes", cooldown)
        if isinstance(cd, bool) or not isinstance(cd, int) or cd < 0:
            raise ln.fail(
                "rules", i, "cooldown_minutes", f"must be a whole number >= 0, got {cd!r}"
            )
        if typ == "threshold":
            if r.get("metric") not in THRESHOLD_METRICS:
                raise ln.fail(
                    "rules",
                    i,
                    "metric",
                    f"must be one of {THRESHOLD_METRICS}, got {r.get('metric')!r}",
                )
            if not isinstance(r.get("above"), int | float) or isinstance(r.get("above"), bool):
                raise ln.fail(
                    "rules", i, "above", "must be a number (alert when the metric is above it)"
                )
        if typ == "keyword" and (not isinstance(r.get("terms"), list) or not r["terms"]):
            raise ln.fail("rules", i, "terms", "must be a non-empty list of words or phrases")
        if typ == "authenticity":
            for k in ("min_size", "history_days", "lookback_hours"):
                v = r.get(k, 1)
                if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                    raise ln.fail("rules", i, k, f"must be a whole number >= 1, got {v!r}")
        if typ == "spike":
            from rumeur.analytics.spikes import METRICS

            for m in r.get("metrics", METRICS):
                if m not in METRICS:
                    raise ln.fail("rules", i, "metrics", f"unknown metric {m!r}; use {METRICS}")
        every = r.get("every_minutes", 60)
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ln.fail(
                "rules", i, "every_minutes", f"must be a whole number >= 1, got {every!r}"
            )
        bad = [t for t in r.get("tones", ()) if t not in ("negative", "positive", "mixed")]
        if bad:
            raise ln.fail("rules", i, "tones", f"unknown tone {bad[0]!r}; use negative, positive "
                          "or mixed")  # fmt: skip
        known = {"name", "type", "brand", "channels", "cooldown_minutes"}
        rules.append(Rule(name=name, type=typ, brand=r.get("brand"), channels=tuple(chs),
                          cooldown_minutes=cd,
                          options={k: v for k, v in r.items() if k not in known}))  # fmt: skip
    return AlertSettings(tuple(channels), tuple(rules), cooldown, digest)


def from_project(project: Any) -> AlertSettings:
    path = project.root / "rumeur.toml"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return parse(project.extra.get("alerts"), path, text)


__all__ = ["AlertSettings", "Channel", "Rule", "from_project", "parse"]
