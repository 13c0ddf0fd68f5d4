"""Delivery: e-mail (smtplib) and signed webhooks (Slack/Teams-compatible ``{"text": ...}``).

Webhook signature: ``X-Rumeur-Timestamp: <unix seconds>`` and
``X-Rumeur-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + body)>``; a receiver
recomputes it with the shared secret (:func:`verify_signature`) and rejects old timestamps.
The secret and the SMTP password come from environment variables named in rumeur.toml.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import smtplib
import time
import urllib.request
from email.message import EmailMessage
from typing import Any

from rumeur.alerts.rules import Channel
from rumeur.errors import RumeurError


class DeliveryError(RumeurError):
    """A channel refused or could not take a message."""


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(
    secret: str, timestamp: str, body: bytes, signature: str, *, max_age: int = 300
) -> bool:
    """True when ``signature`` is valid for ``body`` and ``timestamp`` is recent."""
    if abs(time.time() - int(timestamp)) > max_age:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def _env(opts: Any, key: str) -> str | None:
    name = opts.get(key)
    if not name:
        return None
    value = os.environ.get(name)
    if value is None:
        raise DeliveryError(f"environment variable {name} is not set",
                            hint=f"export {name}=... before running rumeur")  # fmt: skip
    return value


def send_webhook(ch: Channel, title: str, text: str, data: dict[str, Any]) -> None:
    body = json.dumps({"text": f"*{title}*\n{text}", "rumeur": data}, ensure_ascii=False,
                      default=str).encode()  # fmt: skip
    headers = {"Content-Type": "application/json", "User-Agent": "rumeur-alerts"}
    secret = _env(ch.options, "secret_env")
    if secret:
        ts = str(int(time.time()))
        headers["X-Rumeur-Timestamp"] = ts
        headers["X-Rumeur-Signature"] = sign(secret, ts, body)
    req = urllib.request.Request(ch.options["url"], data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=float(ch.options.get("timeout", 10))) as resp:
            if resp.status >= 300:
                raise DeliveryError(f"webhook {ch.name}: HTTP {resp.status}")
    except OSError as exc:
        raise DeliveryError(f"webhook {ch.name}: {exc}") from exc


def send_email(ch: Channel, title: str, text: str, data: dict[str, Any]) -> None:
    o = ch.options
    msg = EmailMessage()
    msg["Subject"] = f"[Rumeur] {title}"
    msg["From"] = o["sender"]
    to = o["to"] if isinstance(o["to"], list) else [o["to"]]
    msg["To"] = ", ".join(to)
    msg.set_content(text)
    try:
        with smtplib.SMTP(o["smtp_host"], int(o.get("smtp_port", 25)),
                          timeout=float(o.get("timeout", 10))) as smtp:  # fmt: skip
            if o.get("starttls"):
                smtp.starttls()
            if o.get("username"):
                smtp.login(o["username"], _env(o, "password_env") or "")
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"e-mail {ch.name}: {exc}") from exc


def send(ch: Channel, title: str, text: str, data: dict[str, Any] | None = None) -> None:
    """Deliver one message through ``ch``; raises :class:`DeliveryError`."""
    (send_email if ch.type == "email" else send_webhook)(ch, title, text, data or {})


__all__ = ["DeliveryError", "send", "sign", "verify_signature"]
