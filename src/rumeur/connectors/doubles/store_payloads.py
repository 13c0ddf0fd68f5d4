"""Fictional app-store reviews shaped as Apple's and Google's APIs document them.

- App Store Connect: a ``customerReviews`` resource and its ``customerReviewResponses``
  (https://developer.apple.com/documentation/appstoreconnectapi/customerreview,
  .../customerreviewresponsev1), and the JSON:API error document;
- Google Play: a ``Review`` with its ``userComment`` and ``developerComment``
  (https://developers.google.com/android-publisher/api-ref/rest/v3/reviews) and the
  Google API error document.

The app ("Fibrelia & moi", package ``fr.fibrelia.monespace``), its users and their
words are invented. ``when`` is the item's date; the caller chooses it.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from rumeur.connectors.doubles.payloads import NAMES

APP_ID = "1234567890"
PACKAGE = "fr.fibrelia.monespace"
TERRITORIES = ("FRA", "FRA", "FRA", "BEL", "CHE", "CAN")
REVIEWS = (
    (1, "Inutilisable", "L'appli Fibrelia plante à chaque ouverture depuis la mise à jour."),
    (5, "Parfait", "Je suis ma consommation et mes factures Fibrelia en deux clics, top."),
    (2, "Lent", "Le suivi de commande est lent et la connexion expire tout le temps."),
    (4, "Bien mais", "Pratique pour le SAV, mais les notifications sont trop fréquentes."),
    (3, "", "Correct, sans plus. Le chat avec le service client met du temps à répondre."),
    (1, "Arnaque ?", "Abonnement Fibrelia prélevé deux fois ce mois-ci, aucune réponse."),
    (5, "Merci", "Panne signalée depuis l'appli, technicien venu le lendemain. Bravo."),
    (4, "", "Interface claire, il manque juste le mode sombre."),
)
ANSWERS = (
    "Bonjour, merci pour votre retour. Notre équipe regarde le problème : écrivez-nous "
    "depuis l'onglet Aide de l'application. L'équipe Fibrelia",
    "Merci beaucoup pour ce message, toute l'équipe Fibrelia vous souhaite une belle journée !",
    "Bonjour, nous sommes désolés de ce désagrément. Contactez notre SAV au 3900 (numéro "
    "fictif) avec votre référence client, nous allons corriger cela.",
)
DEVICES = ("a52q", "starqltechn", "OnePlus8T", "sunfish", "beyond1")


def _rng(i: int, salt: str) -> random.Random:
    return random.Random(f"{salt}:{i}")


def apple_date(when: datetime) -> str:
    """Apple's dates: ISO 8601 with the offset of Cupertino (``-08:00``)."""
    return when.astimezone(timezone(timedelta(hours=-8))).isoformat(timespec="seconds")


def appstore_review(i: int, when: datetime, *, response: bool = False) -> dict[str, Any]:
    """Review ``i`` as a ``customerReviews`` resource (with its response's id)."""
    rating, title, body = REVIEWS[i % len(REVIEWS)]
    rid = appstore_review_id(i)
    review: dict[str, Any] = {
        "type": "customerReviews",
        "id": rid,
        "attributes": {
            "rating": rating,
            "title": title or None,
            "body": f"{body} (#{i})",
            "reviewerNickname": f"{NAMES[i % len(NAMES)]}{_rng(i, 'nick').randint(1, 99)}",
            "createdDate": apple_date(when),
            "territory": TERRITORIES[i % len(TERRITORIES)],
        },
        "relationships": {
            "response": {
                "links": {
                    "self": f"/v1/customerReviews/{rid}/relationships/response",
                    "related": f"/v1/customerReviews/{rid}/response",
                },
            }
        },
        "links": {"self": f"/v1/customerReviews/{rid}"},
    }
    if response:
        review["relationships"]["response"]["data"] = {
            "type": "customerReviewResponses",
            "id": appstore_response_id(i),
        }
    return review


def appstore_review_id(i: int) -> str:
    return f"00000000-0000-4000-a000-{i:012d}"


def appstore_response_id(i: int) -> str:
    return f"00000000-0000-4000-b000-{i:012d}"


def appstore_response(i: int, when: datetime, *, state: str = "PUBLISHED") -> dict[str, Any]:
    """The developer's response to review ``i``."""
    return {
        "type": "customerReviewResponses",
        "id": appstore_response_id(i),
        "attributes": {
            "responseBody": ANSWERS[i % len(ANSWERS)],
            "lastModifiedDate": apple_date(when),
            "state": state,
        },
        "relationships": {
            "review": {"data": {"type": "customerReviews", "id": appstore_review_id(i)}}
        },
    }


def apple_error(status: int, code: str, title: str, detail: str) -> dict[str, Any]:
    """A JSON:API error document as App Store Connect sends it."""
    return {
        "errors": [
            {
                "id": f"{status}-{abs(hash(detail)) % 10**8:08d}",
                "status": str(status),
                "code": code,
                "title": title,
                "detail": detail,
            }
        ]
    }


def _stamp(when: datetime) -> dict[str, Any]:
    ts = when.astimezone(UTC).timestamp()
    return {"seconds": str(int(ts)), "nanos": int(round((ts - int(ts)) * 1e9, -3))}


def play_review_id(i: int) -> str:
    return f"gp:AOqpTOF{i:010d}fictif"


def play_review(
    i: int, when: datetime, *, reply_at: datetime | None = None, edited: int = 0
) -> dict[str, Any]:
    """Review ``i`` as a Google Play ``Review`` (``edited`` > 0: its n-th new version)."""
    r = _rng(i, "play")
    rating, title, body = REVIEWS[(i + edited) % len(REVIEWS)]
    text = f"{body} (#{i})" + (f" [modifié {edited}x]" if edited else "")
    user: dict[str, Any] = {
        "text": f"{title}\t{text}" if title else text,
        "lastModified": _stamp(when),
        "starRating": rating,
        "reviewerLanguage": "fr_FR" if i % 7 else "fr_BE",
        "device": DEVICES[i % len(DEVICES)],
        "androidOsVersion": 30 + i % 5,
        "appVersionCode": 400 + i % 20,
        "appVersionName": f"4.{i % 20}.0",
        "thumbsUpCount": r.randint(0, 12),
        "thumbsDownCount": r.randint(0, 3),
        "deviceMetadata": {
            "productName": DEVICES[i % len(DEVICES)],
            "manufacturer": "Fictif",
            "deviceClass": "phone",
            "ramMb": 4096,
        },
    }
    comments: list[dict[str, Any]] = [{"userComment": user}]
    if reply_at is not None:
        comments.append(
            {
                "developerComment": {
                    "text": ANSWERS[i % len(ANSWERS)],
                    "lastModified": _stamp(reply_at),
                }
            }
        )
    return {
        "reviewId": play_review_id(i),
        "authorName": f"{NAMES[i % len(NAMES)]} {chr(65 + i % 26)}.",
        "comments": comments,
    }


def google_error(code: int, status: str, message: str) -> dict[str, Any]:
    """A Google API error document."""
    return {"error": {"code": code, "message": message, "status": status}}
