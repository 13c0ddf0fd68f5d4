"""The generator's internal mention record, before it is written in a file format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rumeur.demo.people import Person

#: Channels = output files.
VEILLE, MASTODON, BLUESKY, AVIS = "veille", "mastodon", "bluesky", "avis"
CHANNEL_FILES = {
    VEILLE: "veille_export.csv",
    MASTODON: "mastodon.jsonl",
    BLUESKY: "bluesky.jsonl",
    AVIS: "avis_clients.csv",
}
SENTIMENT_NAMES = {"pos": "positive", "neg": "negative", "neu": "neutral"}


@dataclass(slots=True, eq=False)
class Item:
    """One mention as the generator means it (the ground truth), plus its engagement."""

    channel: str
    platform: str
    created: datetime
    author: Person
    text: str
    sentiment: str  # pos / neg / neu: the ground truth (rumeur.demo.labels)
    brands: tuple[str, ...]
    lang: str = "fr"
    kind: str = "ordinary"
    aspect: str | None = None
    motivation: str | None = None
    event: str | None = None
    parent: Item | None = None
    root: Item | None = None
    title: str | None = None
    rating: float | None = None
    non_brand: bool = False
    likes: int = 0
    shares: int = 0
    replies: int = 0
    views: int | None = None
    children: list[Item] = field(default_factory=list)
    ext_id: str = ""
    url: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    #: the mood the generator drew when the label guide gives the written post another
    #: label (rumeur.demo.labels); engagement and the scripted events follow the mood
    #: drawn, so the corpus is the same as before the guide was applied
    mood: str = ""

    @property
    def drawn(self) -> str:
        """The mood the generator drew for this post."""
        return self.mood or self.sentiment

    def reply(self, **kw: object) -> Item:
        """A reply to this item, in the same channel and platform."""
        root = self.root or self
        child = Item(channel=self.channel, platform=self.platform, parent=self, root=root, **kw)  # type: ignore[arg-type]
        self.children.append(child)
        return child
