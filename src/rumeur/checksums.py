"""Check digits of French and international identifiers: Luhn (card numbers, SIREN and
SIRET) and ISO 13616 (IBAN). Used by the redaction of personal data and the site audit."""

from __future__ import annotations


def luhn(digits: str) -> bool:
    """The Luhn check of a string of digits (other characters ignored)."""
    total = 0
    for i, ch in enumerate(reversed([c for c in digits if c.isdigit()])):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(candidate: str) -> bool:
    """The ISO 13616 check: the IBAN read as a number is 1 modulo 97."""
    s = candidate.replace(" ", "")
    if not 15 <= len(s) <= 34:
        return False
    moved = s[4:] + s[:4]
    digits = "".join(str(int(c, 36)) for c in moved)
    return int(digits) % 97 == 1
