"""Redaction of personal data in texts: what goes, and what must stay."""

from __future__ import annotations

import pytest

from rumeur.privacy.redact import iban_ok, luhn_ok, redact


def _luhn_complete(prefix: str) -> str:
    """``prefix`` + the check digit that makes it pass Luhn."""
    for d in "0123456789":
        if luhn_ok(prefix + d):
            return prefix + d
    raise AssertionError


CARD = _luhn_complete("497010123456789")  # 16 digits, valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("écrivez à jeanne.fictive@exemple.fr svp", "écrivez à [e-mail] svp"),
        ("appelez le 06 12 34 56 78 !", "appelez le [téléphone] !"),
        ("ou le +33 6 12 34 56 78", "ou le [téléphone]"),
        ("ou le +33 (0)1 23 45 67 89", "ou le [téléphone]"),
        ("fixe 01.23.45.67.89, mobile 0612345678", "fixe [téléphone], mobile [téléphone]"),
        ("depuis l'étranger 0033612345678", "depuis l'étranger [téléphone]"),
        ("RIB : FR76 3000 6000 0112 3456 7890 189", "RIB : [IBAN]"),
        ("IBAN FR7630006000011234567890189.", "IBAN [IBAN]."),
        (f"ma carte {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]} a été débitée",
         "ma carte [carte] a été débitée"),
        (f"carte {CARD[:4]}-{CARD[4:8]}-{CARD[8:12]}-{CARD[12:]}", "carte [carte]"),
    ],
)  # fmt: skip
def test_personal_data_is_replaced(text: str, expected: str) -> None:
    assert redact(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "merci @jeanne_fictive@mastodon.example pour le lien",  # a fediverse handle
        "commande 1234 5678 9012 3456 livrée",  # 16 digits failing Luhn: an order number
        "FR76 3000 6000 0112 3456 7890 188 est faux",  # IBAN whose mod-97 check fails
        "Il y a 15 heures, 2025-10-03 18:22, 12,5k abonnés, 48 h",
        "prix 29,99 € par mois depuis 2019",
        "",
    ],
)
def test_what_is_not_personal_data_stays(text: str) -> None:
    assert redact(text)[0] == text


def test_counts_per_kind() -> None:
    _, found = redact("a@b.fr, c@d.fr, 06 12 34 56 78 et FR7630006000011234567890189")
    assert found == {"email": 2, "phone": 1, "iban": 1}


def test_checks() -> None:
    assert iban_ok("FR76 3000 6000 0112 3456 7890 189")
    assert not iban_ok("FR76 3000 6000 0112 3456 7890 188")
    assert luhn_ok(CARD) and not luhn_ok(CARD[:-1] + str((int(CARD[-1]) + 1) % 10))
