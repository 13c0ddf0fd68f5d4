"""A fictional Instagram professional account ("fibrelia.officiel") served by the Graph
API double (:class:`~rumeur.connectors.doubles.meta.MetaDouble`), shaped as the
Instagram Graph API documents it: ``/{ig-user-id}`` (username, followers_count),
``/{ig-user-id}/media`` and ``/tags`` (IG Media), ``/{ig-media-id}/comments`` (IG Comment
with nested ``replies``), ``/ig_hashtag_search`` and ``/{ig-hashtag-id}/recent_media``
(the last 24 hours only). Everything is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from rumeur.connectors.doubles.meta_payloads import QUESTIONS, iso

IG_USER_ID = "17841400000000001"
USERNAME = "fibrelia.officiel"
FOLLOWERS = 12840
HANDLES = ("camille.m", "lea_b", "hugo.p", "ines.rbt", "nathan_r", "chloe.dd", "yanis.mo")
CAPTIONS = (
    "Coulisses de notre centre de supervision réseau 🛰️",
    "La nouvelle box arrive en magasin cette semaine 📦",
    "Vos questions, nos réponses : rendez-vous en story !",
)
HASHTAGS = {"fibrelia": "17843800000000001", "fibreoptique": "17843800000000002"}


def _user(i: int) -> dict[str, str]:
    return {"id": str(17_850_000_000_000_000 + i % 23), "username": HANDLES[i % len(HANDLES)]}


@dataclass
class InstagramCorpus:
    """``media`` posts of the account, one every ``spacing`` from ``epoch``, each with
    ``2 + i % 3`` questions; the account answers question j of media i (a nested reply)
    when ``(i + j) % 2 == 0``, ``2 + (i + j) % 5`` hours later. ``tags`` media by others
    tag it; each hashtag has ``hashtag_media`` media over the last 24 hours before ``now``."""

    epoch: datetime
    media: int = 20
    spacing: timedelta = timedelta(hours=8)
    tags: int = 4
    hashtag_media: int = 12
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    all_media: list[dict[str, Any]] = field(default_factory=list)
    comments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    all_tags: list[dict[str, Any]] = field(default_factory=list)
    by_hashtag: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i in range(self.media):
            when = self.epoch + self.spacing * i
            mid = f"179000000{i:06d}"
            cs = []
            for j in range(2 + i % 3):
                asked = when + timedelta(minutes=30 * (j + 1))
                c: dict[str, Any] = {
                    "id": f"180000{i:04d}{j:02d}",
                    "timestamp": iso(asked),
                    "like_count": j,
                    "text": f"{QUESTIONS[(i + j) % len(QUESTIONS)]} (ig #{i}.{j})",
                    "username": _user(i + j)["username"],
                    "from": _user(i + j),
                    "replies": {"data": []},
                }
                if (i + j) % 2 == 0:
                    c["replies"]["data"].append(
                        {
                            "id": f"180000{i:04d}{j:02d}1",
                            "like_count": 0,
                            "timestamp": iso(asked + timedelta(hours=2 + (i + j) % 5)),
                            "text": f"@{c['username']} Bonjour, on vous écrit en message privé.",
                            "username": USERNAME,
                            "from": {"id": IG_USER_ID, "username": USERNAME},
                        }
                    )
                cs.append(c)
            self.comments[mid] = cs
            self.all_media.append(
                self._media(mid, f"{CAPTIONS[i % 3]} (#{i})", when, USERNAME, len(cs))
            )
        for i in range(self.tags):
            when = self.epoch + timedelta(hours=13 * i + 3)
            self.all_tags.append(
                self._media(
                    f"178800000{i:06d}",
                    f"Installée par @{USERNAME} ✨ (#{i})",
                    when,
                    _user(i + 2)["username"],
                    0,
                )
            )
        for tag in HASHTAGS:
            self.by_hashtag[tag] = [
                {
                    k: v
                    for k, v in self._media(
                        f"1787{len(tag)}0000{i:06d}",
                        f"#{tag} débit du soir (#{i})",
                        self.now - timedelta(minutes=110 * i + 10),
                        "x",
                        1,
                    ).items()
                    if k != "username"
                }  # Instagram does not say who posted hashtag media
                for i in range(self.hashtag_media)
            ]

    @staticmethod
    def _media(mid: str, caption: str, when: datetime, user: str, n: int) -> dict[str, Any]:
        return {
            "id": mid,
            "caption": caption,
            "media_type": "IMAGE",
            "timestamp": iso(when),
            "permalink": f"https://www.instagram.com/p/{mid[-8:]}/",
            "username": user,
            "like_count": len(caption) % 40,
            "comments_count": n,
        }

    def questions(self) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
        """Each question under the account's media, with its answer (or None)."""
        return [
            (c, (c["replies"]["data"] or [None])[0]) for cs in self.comments.values() for c in cs
        ]
