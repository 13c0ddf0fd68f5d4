"""Redaction of personal data in stored texts (``[privacy] redact_text = true``).

What is replaced, and by what (French labels, the project's language of storage):

- e-mail addresses -> ``[e-mail]`` (a fediverse address written ``@user@host`` is a
  handle, not an e-mail, and is left alone);
- French telephone numbers (``06 12 34 56 78``, ``+33 6 12 34 56 78``, ``0033 (0)1...``,
  dots, dashes or no separator) -> ``[téléphone]``;
- IBANs whose ISO 13616 check (mod 97) holds -> ``[IBAN]``;
- payment card numbers (13 to 19 digits, spaces or dashes allowed) whose Luhn check
  holds -> ``[carte]``; a run of digits that fails the check (an order number) stays.

:func:`redact` returns the new text and what it replaced, per kind.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from rumeur.checksums import iban_ok, luhn

_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)33[ .-]?(?:\(0\)[ .-]?)?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)"
)
_EMAIL = re.compile(r"(?<![\w@.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}\b")

#: quick test: can the text hold anything :func:`redact` replaces?
MAYBE = re.compile(r"@|\d[\d .-]{7,}\d")

LABELS = {"iban": "[IBAN]", "card": "[carte]", "phone": "[téléphone]", "email": "[e-mail]"}


def luhn_ok(candidate: str) -> bool:
    """A card number: 13 to 19 digits (spaces and dashes ignored) passing the Luhn check."""
    return 13 <= sum(c.isdigit() for c in candidate) <= 19 and luhn(candidate)


def redact(text: str) -> tuple[str, Counter[str]]:
    """``text`` with its e-mails, French phone numbers, IBANs and card numbers replaced;
    and how many of each kind were replaced."""
    found: Counter[str] = Counter()
    if not text or not MAYBE.search(text):
        return text, found

    def sub(
        kind: str, check: Callable[[str], bool] | None = None
    ) -> Callable[[re.Match[str]], str]:
        def repl(m: re.Match[str]) -> str:
            if check is not None and not check(m.group(0)):
                return m.group(0)
            found[kind] += 1
            return LABELS[kind]

        return repl

    text = _IBAN.sub(sub("iban", iban_ok), text)
    text = _CARD.sub(sub("card", luhn_ok), text)
    text = _PHONE.sub(sub("phone"), text)
    text = _EMAIL.sub(sub("email"), text)
    return text, found


__all__ = ["LABELS", "MAYBE", "iban_ok", "luhn_ok", "redact"]
