"""The Enricher contract.

An enricher reads a batch of mentions and returns one :class:`Enrichment` per mention.
Like a spaCy component it declares a registered, versioned ``name``/``version``, the
inputs it ``requires`` (mention columns such as ``"text"``, or the labels of other
enrichers such as ``"language"``) and the fields it ``assigns``. The store keeps every
result under (mention, enricher name, enricher version), so a newer version re-runs over
history while the older results stay for comparison.

Registering: decorate the class with :func:`register`; the pipeline finds enrichers
through :func:`registry` (``rumeur enrich --list`` shows them).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

#: The value an enricher gives for a mention it cannot judge honestly (e.g. a language
#: its model was not trained on): never a made-up label.
UNSUPPORTED = "unsupported"


@dataclass(frozen=True, slots=True)
class EnrichInput:
    """What an enricher sees of one mention."""

    mention_id: str
    text: str
    title: str | None = None
    platform: str | None = None
    #: label of the ``language`` enricher when it ran before (ISO 639-1 code), else None
    language: str | None = None
    #: labels of other enrichers this one requires, by enricher name
    labels: Mapping[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Review:
    """A cascade: in a default run, the enricher re-reads only the mentions another
    enricher (``of``, current version) answered with a score under ``below`` (or marked
    ``flagged``), most-seen first, at most ``budget`` a run (its compute budget); the
    others keep ``of``'s answer. Named explicitly (``rumeur enrich --only ...``), the
    enricher runs on everything that is missing, as before."""

    of: str
    below: float
    budget: int
    #: a key of ``of``'s stored ``data``: the mentions where it is true are re-read too,
    #: whatever their score (the crisis-flagged posts, :mod:`rumeur.nlp.crisis`)
    flagged: str | None = None


@dataclass(frozen=True, slots=True)
class Enrichment:
    """One enricher's result for one mention.

    ``label`` is the main categorical answer (queried by analytics), ``score`` its
    confidence or magnitude, ``data`` any further fields (per-class probabilities,
    per-aspect labels...), stored as JSON.
    """

    label: str | None
    score: float | None = None
    data: Mapping[str, Any] = field(default_factory=dict)


class Enricher(ABC):
    """Base class: subclass, set the class attributes, implement :meth:`enrich`."""

    #: registered name, e.g. ``"sentiment-fast"``; stable across versions
    name: ClassVar[str]
    #: bump when outputs may change (new model, new rules): results are re-computed
    version: ClassVar[str]
    #: inputs: mention columns ("text", "title", "platform") or enricher names
    requires: ClassVar[tuple[str, ...]] = ("text",)
    #: names of the fields found in ``label``/``data``
    assigns: ClassVar[tuple[str, ...]] = ()
    #: mentions per call of :meth:`enrich`
    batch_size: ClassVar[int] = 1000
    #: run by ``rumeur enrich`` without naming it
    default: ClassVar[bool] = True
    #: one line for ``rumeur enrich --list``
    description: ClassVar[str] = ""
    #: in a default run, re-read only what another enricher was unsure of (:class:`Review`)
    review: ClassVar[Review | None] = None

    @property
    def key(self) -> str:
        """``name@version``, the form shown to users and stored with results."""
        return f"{self.name}@{self.version}"

    @abstractmethod
    def enrich(self, batch: Sequence[EnrichInput]) -> list[Enrichment]:
        """Return one Enrichment per input, in the same order."""


_E = TypeVar("_E", bound=type[Enricher])
_REGISTRY: dict[str, Callable[[], Enricher]] = {}


def register(cls: _E) -> _E:
    """Class decorator: make an enricher available to the pipeline under ``cls.name``."""
    _REGISTRY[cls.name] = cls
    return cls


def registry() -> dict[str, Callable[[], Enricher]]:
    """Registered enricher factories by name (importing the built-in ones first)."""
    from rumeur.enrich import builtin  # noqa: F401  (registers the built-in enrichers)

    return dict(_REGISTRY)


__all__ = [
    "UNSUPPORTED",
    "EnrichInput",
    "Enricher",
    "Enrichment",
    "Review",
    "register",
    "registry",
]
