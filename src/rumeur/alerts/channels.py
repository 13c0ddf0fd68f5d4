"""Delivery: e-mail (smtplib) and signed webhooks (Slack/Teams-compatible ``{"text": ...}``).

Webhook signature: ``X-Rumeur-Timestamp: <unix seconds>`` and
``X-Rumeur-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + body)>``; a receiver
recomputes it with the shared secret (:func:`verify_signature`) and rejects old timestamps.
The secret and the SMTP password come from environment variables named in rumeur.toml.

E-mail safety: ``starttls = true`` (port 587) or ``tls = true`` (port 465) verify the
server's certificate against the system's authorities (or ``ca_file``), so an impostor
never receives the password; a login (``username``) over a link that is not encrypted
is refused, unless ``allow_plain_auth = true`` and the server is on this machine.
Header values are built from one line of text (a line break in an author's handle cannot
add headers), and only ``http``/``https`` links appear in a message.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import os
import re
import smtplib
import ssl
import time
import urllib.request
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any

from rumeur.alerts.rules import Channel
from rumeur.errors import RumeurError
from rumeur.messages import Text


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
        raise DeliveryError(
                Text(
                    f"la variable d'environnement {name} n'est pas définie",
                    f"environment variable {name} is not set",
                ),
                hint=Text(
                    f"export {name}=... avant de lancer rumeur",
                    f"export {name}=... before running rumeur",
                ),
            )  # fmt: skip
    return value


def send_webhook(ch: Channel, title: str, text: str, data: dict[str, Any]) -> None:
    # built as JSON by the encoder (never by hand): any text is escaped
    body = json.dumps({"text": f"*{one_line(title)}*\n{safe_links(text)}", "rumeur": data},
                      ensure_ascii=False, default=str).encode()  # fmt: skip
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
                raise DeliveryError(
                    Text(
                        f"webhook {ch.name} : HTTP {resp.status}",
                        f"webhook {ch.name}: HTTP {resp.status}",
                    )
                )
    except OSError as exc:
        raise DeliveryError(
            Text(f"webhook {ch.name} : {exc}", f"webhook {ch.name}: {exc}")
        ) from exc


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_LINK = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]{1,20}):[^\s<>\"']+")


def one_line(text: str, limit: int = 200) -> str:
    """``text`` fit for a header: control characters and line breaks become spaces."""
    return _CONTROL.sub(" ", text).strip()[:limit]


def safe_links(text: str) -> str:
    """``text`` with every link that is not http(s) (``javascript:``, ``data:``...)
    defanged: its scheme is replaced by ``[lien retiré]``."""

    def keep(m: re.Match[str]) -> str:
        scheme = m.group(1).lower()
        if scheme in ("http", "https") or not m.group(0).split(":", 1)[1]:
            return m.group(0)
        if scheme in ("javascript", "data", "vbscript", "file"):
            return "[lien retiré]"
        return m.group(0)

    return _LINK.sub(keep, text)


def _address(value: str) -> str:
    """One e-mail address, checked (a header injection attempt is a DeliveryError)."""
    if _CONTROL.search(value):
        raise DeliveryError(
            Text(f"adresse e-mail invalide {value!r}", f"invalid e-mail address {value!r}")
        )
    try:
        addr = Address(addr_spec=value.strip())
    except (ValueError, IndexError) as exc:
        raise DeliveryError(
            Text(f"adresse e-mail invalide {value!r}", f"invalid e-mail address {value!r}")
        ) from exc
    return formataddr(("", addr.addr_spec))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _tls_context(o: Any) -> ssl.SSLContext:
    """Certificates and host names verified (``ca_file``: an extra trusted authority)."""
    return ssl.create_default_context(cafile=o.get("ca_file") or None)


def build_email(ch: Channel, title: str, text: str) -> EmailMessage:
    """The message: one-line subject, checked addresses, only http(s) links."""
    o = ch.options
    msg = EmailMessage()
    msg["Subject"] = one_line(f"[Rumeur] {title}")
    msg["From"] = _address(str(o["sender"]))
    to = o["to"] if isinstance(o["to"], list) else [o["to"]]
    msg["To"] = ", ".join(_address(str(a)) for a in to)
    msg.set_content(safe_links(text))
    return msg


def send_email(ch: Channel, title: str, text: str, data: dict[str, Any]) -> None:
    o = ch.options
    msg = build_email(ch, title, text)
    host = str(o["smtp_host"])
    tls, starttls = bool(o.get("tls")), bool(o.get("starttls"))
    port = int(o.get("smtp_port") or (465 if tls else 587 if starttls else 25))
    timeout = float(o.get("timeout", 10))
    plain_ok = bool(o.get("allow_plain_auth")) and _is_loopback(host)
    if o.get("username") and not (tls or starttls) and not plain_ok:
        raise DeliveryError(
            Text(
                f"e-mail {ch.name} : refus d'envoyer le mot de passe SMTP à {host} sans "
                "chiffrement",
                f"e-mail {ch.name}: refusing to send the SMTP password to {host} unencrypted",
            ),
            hint=Text(
                "mettez starttls = true (port 587) ou tls = true (port 465) ; "
                "allow_plain_auth = true n'est accepté que pour un serveur sur cette machine",
                "set starttls = true (port 587) or tls = true (port 465); "
                "allow_plain_auth = true is accepted only for a server on this machine",
            ),
        )
    try:
        smtp: smtplib.SMTP
        if tls:
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=_tls_context(o))
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        with smtp:
            if starttls:
                smtp.starttls(context=_tls_context(o))
            if o.get("username"):
                smtp.login(o["username"], _env(o, "password_env") or "")
            smtp.send_message(msg)
    except ssl.SSLError as exc:
        raise DeliveryError(
            Text(
                f"e-mail {ch.name} : le certificat TLS de {host} n'est pas digne de confiance "
                f"({exc.reason})",
                f"e-mail {ch.name}: the TLS certificate of {host} cannot be trusted ({exc.reason})",
            ),
            hint=Text(
                "vérifiez smtp_host ; pour une autorité privée, renseignez ca_file",
                "check smtp_host; for a private authority, set ca_file",
            ),
        ) from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(Text(f"e-mail {ch.name} : {exc}", f"e-mail {ch.name}: {exc}")) from exc


def send(ch: Channel, title: str, text: str, data: dict[str, Any] | None = None) -> None:
    """Deliver one message through ``ch``; raises :class:`DeliveryError`."""
    (send_email if ch.type == "email" else send_webhook)(ch, title, text, data or {})


__all__ = [
    "DeliveryError",
    "build_email",
    "one_line",
    "safe_links",
    "send",
    "sign",
    "verify_signature",
]
