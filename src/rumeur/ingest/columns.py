"""Which column of an export holds what: guessed from French or English headers.

:func:`guess_mapping` maps Rumeur's fields (``text``, ``created_at``, ``author``...) to
the file's headers; ``--map text=Texte,created_at=Date`` overrides any guess
(:func:`parse_map_option`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from rumeur.errors import ImportFileError
from rumeur.messages import Text

#: Rumeur field -> header spellings (compared folded: lower-case, no accents, no
#: punctuation). Order matters: the first field to claim a header keeps it.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "external_id": (
        "id",
        "external id",
        "post id",
        "tweet id",
        "status id",
        "message id",
        "mention id",
        "review id",
        "identifiant",
        "id du post",
        "id avis",
        "id message",
        "guid",
        "uid",
        "key",
    ),
    "text": (
        "text",
        "texte",
        "content",
        "contenu",
        "message",
        "body",
        "corps",
        "avis",
        "review",
        "review text",
        "commentaire",
        "comment",
        "post",
        "snippet",
        "extrait",
        "full text",
        "texte complet",
        "description",
        "verbatim",
        "mention",
        "tweet",
        "publication",
        "status",
    ),
    "title": ("title", "titre", "subject", "sujet", "headline", "objet"),
    "created_at": (
        "created at",
        "created",
        "date",
        "datetime",
        "timestamp",
        "time",
        "published",
        "published at",
        "publication date",
        "date de publication",
        "date publication",
        "posted",
        "posted at",
        "date du post",
        "date avis",
        "date de l avis",
        "date heure",
        "date et heure",
        "heure",
        "pubdate",
        "date created",
    ),
    "author_handle": (
        "author",
        "auteur",
        "username",
        "user name",
        "screen name",
        "handle",
        "user",
        "utilisateur",
        "pseudo",
        "compte",
        "account",
        "author handle",
        "from",
        "de",
        "author username",
        "login",
    ),
    "author_name": (
        "author name",
        "display name",
        "nom",
        "name",
        "nom affiche",
        "nom de l auteur",
        "full name",
        "author display name",
        "nom complet",
    ),
    "author_id": (
        "author id",
        "user id",
        "account id",
        "id auteur",
        "id utilisateur",
        "id compte",
        "author did",
        "did",
    ),
    "author_followers": (
        "followers",
        "followers count",
        "abonnes",
        "nombre d abonnes",
        "nb abonnes",
        "audience",
        "fans",
        "subscribers",
        "reach",
        "author followers",
        "portee",
    ),
    "author_verified": ("verified", "verifie", "certifie", "is verified", "compte certifie"),
    "rating": (
        "rating",
        "note",
        "stars",
        "etoiles",
        "score",
        "note globale",
        "star rating",
        "evaluation",
        "note sur 5",
    ),
    "url": ("url", "link", "lien", "permalink", "adresse", "source url", "lien du post"),
    "platform": (
        "platform",
        "plateforme",
        "network",
        "reseau",
        "reseau social",
        "source",
        "media",
        "site",
        "channel",
        "canal",
        "origine",
    ),
    "likes": (
        "likes",
        "like count",
        "likes count",
        "j aime",
        "favourites",
        "favorites",
        "reactions",
        "reactions count",
        "favourites count",
    ),
    "shares": (
        "shares",
        "share count",
        "retweets",
        "reposts",
        "partages",
        "reblogs",
        "repost count",
        "reblogs count",
    ),
    "replies": (
        "replies",
        "reply count",
        "comments",
        "comments count",
        "reponses",
        "commentaires count",
        "nb commentaires",
        "replies count",
    ),
    "views": (
        "views",
        "view count",
        "impressions",
        "vues",
        "nombre de vues",
        "nb vues",
        "plays",
        "lectures",
    ),
    "reply_to": (
        "in reply to",
        "in reply to id",
        "reply to",
        "parent id",
        "parent",
        "en reponse a",
        "reponse a",
        "in reply to status id",
    ),
    "thread_id": (
        "thread id",
        "conversation id",
        "thread",
        "fil",
        "root id",
        "id conversation",
        "conversation",
    ),
    "language": ("language", "lang", "langue", "locale"),
    # the account's creation date (the authenticity audit reads young accounts)
    "author_created_at": (
        "author created at",
        "author created",
        "account created at",
        "account created",
        "account creation date",
        "user created at",
        "user created",
        "compte cree le",
        "compte cree",
        "date de creation du compte",
        "creation du compte",
        "date creation compte",
        "anciennete du compte",
        "membre depuis",
        "inscrit depuis",
        "inscrit le",
        "member since",
        "joined",
        "author joined",
    ),
}

FIELDS = tuple(SYNONYMS)
_FOLDED = {field: {s for s in spellings} for field, spellings in SYNONYMS.items()}


def fold_header(header: str) -> str:
    """``"Date de l'avis "`` -> ``"date de l avis"``."""
    text = unicodedata.normalize("NFKD", header.strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[_\-./'’:()#]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def guess_mapping(
    headers: Iterable[str], overrides: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Rumeur field -> header, from the headers' names and the user's overrides."""
    headers = list(headers)
    mapping: dict[str, str] = {}
    overrides = dict(overrides or {})
    for field, header in overrides.items():
        if field not in SYNONYMS:
            raise ImportFileError(
                Text(
                    f"--map nomme un champ inconnu '{field}'",
                    f"--map names an unknown field '{field}'",
                ),
                hint=Text("champs : " + ", ".join(FIELDS), "fields: " + ", ".join(FIELDS)),
            )
        if header not in headers:
            raise ImportFileError(
                Text(
                    f"--map {field}={header} : le fichier n'a pas de colonne '{header}'",
                    f"--map {field}={header}: the file has no column '{header}'",
                ),
                hint=Text("colonnes : " + ", ".join(headers), "columns: " + ", ".join(headers)),
            )
        mapping[field] = header
    taken = set(mapping.values())
    folded = [(h, fold_header(h)) for h in headers]
    for field in FIELDS:
        if field in mapping:
            continue
        for spelling in SYNONYMS[field]:
            match = next((h for h, f in folded if f == spelling and h not in taken), None)
            if match is not None:
                mapping[field] = match
                taken.add(match)
                break
    return mapping


def parse_map_option(value: str | None) -> dict[str, str]:
    """``"text=Texte,created_at=Date"`` -> ``{"text": "Texte", "created_at": "Date"}``."""
    if not value:
        return {}
    result = {}
    for part in value.split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise ImportFileError(
                Text(
                    f"--map : '{part}' n'est pas de la forme CHAMP=COLONNE",
                    f"--map: '{part}' is not FIELD=COLUMN",
                ),
                hint=Text(
                    "par exemple --map text=Texte,created_at=Date",
                    "e.g. --map text=Texte,created_at=Date",
                ),
            )
        field, column = part.split("=", 1)
        result[field.strip()] = column.strip()
    return result
