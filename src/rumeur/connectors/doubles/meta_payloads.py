"""A fictional Facebook Page ("Fibrelia", an invented internet provider) and its public,
shaped as the Graph API documents its objects: Page Posts (``/{page-id}/feed``),
Comments (``/{object-id}/comments``, replies with ``parent``), Page Recommendations
(``/{page-id}/ratings``) and tagged posts (``/{page-id}/tagged``); and Meta's Page
webhook change notifications. Everything is invented: no real person or post.

The corpus is a pure function of its parameters, so a test can work out what the double
served (who asked what, when the page answered) without reading the store.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

PAGE_ID = "104000000000001"
PAGE_NAME = "Fibrelia"
PEOPLE = (
    "Camille Martin",
    "Léa Bernard",
    "Hugo Petit",
    "Inès Robert",
    "Nathan Richard",
    "Chloé Durand",
    "Yanis Moreau",
    "Manon Simon",
    "Louis Laurent",
    "Zoé Michel",
)
PAGE_POSTS = (
    "Nouvelle offre fibre 1 Gb/s disponible dans votre ville 🚀",
    "Maintenance réseau prévue cette nuit entre 2 h et 4 h.",
    "Jeu-concours : gagnez une box Fibrelia dernier cri !",
    "Nos conseillers sont joignables 7 j/7 au 3900 (appel fictif).",
)
QUESTIONS = (
    "Bonjour, quand la fibre arrivera-t-elle à Villeneuve-sur-Lot ?",
    "Ma box redémarre toute seule depuis hier, que faire ?",
    "Pourquoi ma facture a augmenté de 5 € ce mois-ci ?",
    "Est-ce que l'offre est valable pour les clients actuels ?",
    "Toujours pas de connexion après 3 jours, quelqu'un peut m'aider ?",
)
ANSWER = "Bonjour {name}, nous vous répondons en message privé pour regarder votre dossier."
BANTER = "Pareil chez moi, c'est revenu après un redémarrage."
VISITOR = "Trois semaines sans internet et aucun retour du service client Fibrelia."
REVIEWS = (
    (True, "Installation rapide, technicien très aimable, je recommande Fibrelia."),
    (False, "Service client injoignable, coupures fréquentes, je ne recommande pas."),
    (True, "Débit conforme à l'offre et prix correct."),
)
TAGGED = "Soirée gaming sans latence grâce à @Fibrelia 🎮"


def iso(dt: datetime) -> str:
    """Graph API time format: ``2026-11-24T08:00:00+0000``."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def person(i: int) -> dict[str, str]:
    return {"id": str(5_000_000_000_000 + i % 37), "name": PEOPLE[i % len(PEOPLE)]}


@dataclass
class PageCorpus:
    """``posts`` posts, one every ``spacing`` from ``epoch``; every fifth is a visitor's.
    Under the page's own posts, ``3 + i % 4`` questions from the public, 20 minutes apart;
    the page answers question j of post i when ``(i + j) % 3 != 0``, after
    ``1 + (7 i + 13 j) % 10`` hours; one question in four gets a reply from another person.

    ``scale`` multiplies those fixed delays (minutes, hours; not ``spacing``): at
    ``1 / 3600`` an hour of the page's life is a second, and a soak test sees comments
    and answers arrive under older posts while it runs."""

    epoch: datetime
    posts: int = 40
    spacing: timedelta = timedelta(hours=6)
    ratings: int = 12
    tagged: int = 6
    scale: float = 1.0
    all_posts: list[dict[str, Any]] = field(default_factory=list)
    comments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    all_ratings: list[dict[str, Any]] = field(default_factory=list)
    all_tagged: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for i in range(self.posts):
            self._post(i)
        for i in range(self.ratings):
            self._rating(i)
        for i in range(self.tagged):
            when = self.epoch + self._d(hours=9 * i + 5)
            self.all_tagged.append(
                {
                    "id": f"{5_000_000_000_000 + i}_{900 + i}",
                    "message": f"{TAGGED} (#{i})",
                    "created_time": iso(when),
                    "from": person(i + 3),
                    "permalink_url": f"https://www.facebook.com/tag/{900 + i}",
                }
            )

    def _d(self, **delay: float) -> timedelta:
        """A fixed delay of the corpus, scaled (see the class)."""
        return timedelta(**delay) * self.scale

    def _post(self, i: int) -> None:
        when = self.epoch + self.spacing * i
        pid = f"{PAGE_ID}_{1000 + i}"
        visitor = i % 5 == 4
        post = {
            "id": pid,
            "message": f"{VISITOR} (#{i})"
            if visitor
            else f"{PAGE_POSTS[i % len(PAGE_POSTS)]} (#{i})",
            "created_time": iso(when),
            "from": person(i) if visitor else {"id": PAGE_ID, "name": PAGE_NAME},
            "permalink_url": f"https://www.facebook.com/{PAGE_ID}/posts/{1000 + i}",
            "shares": {"count": i % 7},
            "reactions": {"data": [], "summary": {"total_count": 3 * i % 50}},
        }
        comments: list[dict[str, Any]] = []
        if not visitor:
            for j in range(3 + i % 4):
                asked = when + self._d(minutes=20 * (j + 1))
                who = person(i * 3 + j)
                cid = f"{1000 + i}_{i * 100 + j}"
                comments.append(
                    self._comment(
                        cid, QUESTIONS[(i + j) % len(QUESTIONS)] + f" (#{i}.{j})", asked, who
                    )
                )
                if (i + j) % 3 != 0:
                    delay = self._d(hours=1 + (7 * i + 13 * j) % 10)
                    name = who["name"].split()[0]
                    comments.append(
                        self._comment(
                            f"{cid}9",
                            ANSWER.format(name=name),
                            asked + delay,
                            {"id": PAGE_ID, "name": PAGE_NAME},
                            cid,
                        )
                    )
                if j % 4 == 1:
                    comments.append(
                        self._comment(
                            f"{cid}8", BANTER, asked + self._d(minutes=7), person(i + j + 11), cid
                        )
                    )
        post["comments"] = {"data": [], "summary": {"total_count": len(comments)}}
        self.all_posts.append(post)
        self.comments[pid] = comments

    @staticmethod
    def _comment(
        cid: str, text: str, when: datetime, who: dict[str, str], parent: str | None = None
    ) -> dict[str, Any]:
        c: dict[str, Any] = {
            "id": cid,
            "message": text,
            "created_time": iso(when),
            "from": who,
            "like_count": len(text) % 5,
            "comment_count": 0,
            "permalink_url": f"https://www.facebook.com/{cid}",
        }
        if parent:
            c["parent"] = {"id": parent}
        return c

    def _rating(self, i: int) -> None:
        when = self.epoch + self._d(hours=11 * i + 2)
        positive, text = REVIEWS[i % len(REVIEWS)]
        story = f"{PAGE_ID}_ogs{2000 + i}"
        rec = {
            "created_time": iso(when),
            "recommendation_type": "positive" if positive else "negative",
            "review_text": f"{text} (#{i})",
            "reviewer": person(i + 20),
            "open_graph_story": {"id": story},
            "has_rating": False,
            "has_review": True,
        }
        self.all_ratings.append(rec)
        self.comments[story] = (
            [
                self._comment(
                    f"{story}_r",
                    "Merci pour votre retour, nous revenons vers vous.",
                    when + self._d(hours=5),
                    {"id": PAGE_ID, "name": PAGE_NAME},
                )
            ]
            if not positive
            else []
        )

    # -- what a test checks against ------------------------------------------------------
    def questions(
        self, until: datetime | None = None
    ) -> list[tuple[dict[str, Any], datetime | None]]:
        """Every question asked under the page's posts (visible at ``until``) with the time
        of the page's first answer to it (None when unanswered by then)."""
        out = []
        for post in self.all_posts:
            if post["from"]["id"] != PAGE_ID:
                continue
            cs = [c for c in self.comments[post["id"]] if until is None or _t(c) <= until]
            for c in cs:
                if "parent" in c or c["from"]["id"] == PAGE_ID:
                    continue
                answers = [
                    _t(r)
                    for r in cs
                    if r.get("parent", {}).get("id") == c["id"] and r["from"]["id"] == PAGE_ID
                ]
                out.append((c, min(answers) if answers else None))
        return out


def _t(obj: dict[str, Any], key: str = "created_time") -> datetime:
    return datetime.strptime(obj[key], "%Y-%m-%dT%H:%M:%S%z")


def feed_change(page_id: str, comment: dict[str, Any], post_id: str, *, verb: str = "add") -> bytes:
    """A Page webhook notification for a new comment (``object: page``, field ``feed``,
    ``item: comment``), as Meta POSTs it."""
    when = int(_t(comment).timestamp())
    value: dict[str, Any] = {
        "from": comment["from"],
        "item": "comment",
        "verb": verb,
        "post_id": post_id,
        "comment_id": comment["id"],
        "created_time": when,
        "message": comment.get("message"),
        "parent_id": (comment.get("parent") or {}).get("id") or post_id,
        "post": {"id": post_id, "status_type": "mobile_status_update", "is_published": True},
    }
    body = {
        "object": "page",
        "entry": [{"id": page_id, "time": when, "changes": [{"field": "feed", "value": value}]}],
    }
    return json.dumps(body, ensure_ascii=False).encode()


def hub_signature(app_secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature-256`` header Meta sends: ``sha256=`` HMAC of the raw body."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
