"""``[[sources]]`` settings of ``type = "webhook"``."""

from __future__ import annotations

from dataclasses import dataclass, field

from rumeur.connectors.options import SourceOptions
from rumeur.options import Duration


@dataclass(frozen=True, kw_only=True)
class WebhookOptions(SourceOptions):
    """Signed pushes to ``POST /hooks/<source name>``."""

    secret_env: str | None = None
    platform: str = "webhook"
    host: str = "127.0.0.1"
    port: int = field(default=8787, metadata={"min": 0})
    #: how far a push's timestamp may be from our clock
    tolerance: Duration = 300.0
    #: bodies larger than this are refused (413) before being read
    max_bytes: int = field(default=5 * 1024 * 1024, metadata={"min": 1})
    #: connections served at once; more wait in the listen queue
    max_connections: int = field(default=32, metadata={"min": 1})
