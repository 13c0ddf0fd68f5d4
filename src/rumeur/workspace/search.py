"""Full-text search of the mentions (BM25, French stemming, accents ignored): the use
case behind ``rumeur mentions --search`` and the API's explorer.

The index (see :mod:`rumeur.storage.search`) follows the mentions: every import,
collection, enrichment run and erasure brings it up to date, and a search on a stale
index first refreshes it when it can write the store; when another process holds the
store, the search reads the index as it is and says so (``SearchResults.index.fresh``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rumeur.errors import StoreError, StoreLockedError, UsageError
from rumeur.messages import Text
from rumeur.workspace._base import TimeLike, WorkspaceBase

if TYPE_CHECKING:
    from rumeur.query import MentionFilter
    from rumeur.storage.base import Store
    from rumeur.storage.search import SearchIndexInfo

#: search_mentions' sorts
SEARCH_SORTS = ("relevance", "date", "reach", "engagement")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One mention found, with its BM25 score and its label (and who gave it)."""

    mention_id: str
    score: float
    created_at: datetime
    platform: str
    author_handle: str | None
    brands: tuple[str, ...]
    title: str | None
    text: str
    url: str | None
    sentiment: str | None
    #: the model (``name@version``) behind ``sentiment``; ``sentiment-human@1`` for a
    #: label corrected by a person
    sentiment_model: str | None
    #: "human" when a person set the label, "model" when a model did, None: no label
    labelled_by: str | None
    reach: int | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> SearchHit:
        from rumeur.labels import labelled_by

        return cls(
            mention_id=row["mention_id"],
            score=float(row.get("score") or 0.0),
            created_at=row["created_at"],
            platform=row["platform"],
            author_handle=row.get("author_handle"),
            brands=tuple(row.get("brands") or ()),
            title=row.get("title"),
            text=row.get("text") or "",
            url=row.get("url"),
            sentiment=row.get("sentiment"),
            sentiment_model=row.get("sentiment_model"),
            labelled_by=labelled_by(row.get("sentiment_model")),
            reach=row.get("views") if row.get("views") is not None
            else row.get("author_followers"),
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {
            "mention_id": self.mention_id,
            "score": round(self.score, 6),
            "created_at": self.created_at,
            "platform": self.platform,
            "author_handle": self.author_handle,
            "brands": list(self.brands),
            "title": self.title,
            "text": self.text,
            "url": self.url,
            "sentiment": self.sentiment,
            "sentiment_model": self.sentiment_model,
            "labelled_by": self.labelled_by,
            "reach": self.reach,
        }


#: the columns of ``mentions`` a :class:`SearchHit` is made of (a page of hits reads
#: only these: each column of 50 scattered rows costs about 1 ms at 10M mentions)
HIT_COLUMNS = ("mention_id, created_at, platform, author_handle, brands, title, text, url, "
               "views, author_followers")  # fmt: skip


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A page of search results: ``total`` mentions match, ``hits`` are
    ``[offset, offset + limit)`` of them in ``sort`` order."""

    query: str
    #: what the index looked for: the query's terms (stemmed, accents stripped)
    terms: list[str]
    total: int
    offset: int
    limit: int
    sort: str
    hits: list[SearchHit] = field(default_factory=list)
    index: SearchIndexInfo | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "terms": self.terms,
            "total": self.total,
            "offset": self.offset,
            "limit": self.limit,
            "sort": self.sort,
            "hits": [h.to_dict() for h in self.hits],
            "index": self.index.to_dict() if self.index else None,
        }


class SearchMixin(WorkspaceBase):
    """Full-text search of the mentions and its index."""

    if TYPE_CHECKING:

        def mention_filter(
            self, *, since: TimeLike = None, until: TimeLike = None, **fields: Any
        ) -> MentionFilter: ...

    def refresh_search_index(self, *, full: bool = False) -> SearchIndexInfo:
        """Bring the search index up to the stored mentions (nothing to do when they did
        not change; everything again with ``full``)."""
        return self.writer().refresh_search_index(full=full)

    def search_index(self) -> SearchIndexInfo:
        """Where the search index stands (read-only)."""
        return self.reader().search_index_info()

    def _search_store(self) -> Store:
        """The store to search: its index refreshed first when it is stale and the store
        can be written; as it is when another process holds the store."""
        return self._search_store_and_index()[0]

    def _search_store_and_index(self) -> tuple[Store, SearchIndexInfo]:
        """:meth:`_search_store`, and where its index stands then."""
        store = self.reader()
        info = store.search_index_info()
        if info.fresh:
            return store, info
        try:
            writer = self.writer()
        except StoreLockedError:
            if info.exists:
                return self.reader(), info
            raise StoreError(
                Text(
                    "pas encore d'index de recherche, et le magasin est utilisé par un autre "
                    "processus Rumeur",
                    "no search index yet, and the store is in use by another Rumeur process",
                ),
                hint=Text(
                    "l'index se construit à la fin de l'import ou de la collecte en cours",
                    "the index is built at the end of the import or collection under way",
                ),
            ) from None
        # while another request refreshes it, an existing index is searched as it is
        # (the rows it does not hold yet come with the next search), not waited for
        return writer, writer.refresh_search_index(wait=not info.exists)

    def search_mentions(
        self,
        query: str,
        *,
        brand: str | None = None,
        platform: str | None = None,
        since: TimeLike = None,
        until: TimeLike = None,
        sentiment: str | None = None,
        language: str | None = None,
        author: str | None = None,
        own: bool | None = None,
        sort: str = "relevance",
        limit: int = 20,
        offset: int = 0,
    ) -> SearchResults:
        """Mentions holding every word of ``query`` (French stemming, accents and case
        ignored, stop words skipped), BM25-ranked (or by date, reach, engagement), with
        the filters; a page of ``limit`` from ``offset`` and how many match in all."""
        from rumeur.query import find_and_count
        from rumeur.workspace.choices import check

        if not query or not query.strip():
            raise UsageError(
                Text("--search : une recherche vide", "--search: an empty search"),
                hint=Text("des mots à chercher", "some words to search for"),
            )
        check("--sort", sort, SEARCH_SORTS)
        if limit < 1 or offset < 0:
            raise UsageError(
                Text(
                    f"--limit/--offset : limit ≥ 1 et offset ≥ 0 (pas {limit}/{offset})",
                    f"--limit/--offset: limit ≥ 1 and offset ≥ 0 (not {limit}/{offset})",
                )
            )
        flt = self.mention_filter(
            search=query, brand=brand, platform=platform, since=since, until=until,
            sentiment=sentiment, language=language, author=author, own=own, sort=sort,
            limit=limit, offset=offset,
        )  # fmt: skip
        self._check_filter(flt)
        store, info = self._search_store_and_index()
        rows, total = find_and_count(store, flt, HIT_COLUMNS, fresh=info.fresh)
        return SearchResults(
            query=query,
            terms=store.search_terms(query),
            total=total,
            offset=offset,
            limit=limit,
            sort=sort,
            hits=[SearchHit.from_row(r) for r in rows],
            index=info,
        )

    def _check_filter(self, flt: MentionFilter) -> None:
        from rumeur.workspace.choices import ALL_PLATFORMS, SENTIMENTS, check

        if flt.brand:
            self.check_brands([flt.brand])
        if flt.platform:
            check("--platform", flt.platform, ALL_PLATFORMS)
        if flt.sentiment:
            check("--sentiment", flt.sentiment, SENTIMENTS)
