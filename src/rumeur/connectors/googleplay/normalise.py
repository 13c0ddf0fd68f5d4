"""Google Play ``Review`` resources -> mentions.

- The user's comment is a ``reviews`` mention: external id ``googleplay:<reviewId>``,
  the star ``rating``, the text (a review written with a title comes as
  ``"title\\tbody"``: split into ``title`` and ``text``), dated by its
  ``lastModified`` (Google gives no other date), the reviewer's language, the likes
  (``thumbsUpCount``) and in ``extra`` the store, package, device, Android and app
  versions (and ``originalText`` when a translation was asked for).
- The developer's reply (``developerComment``) is an **own-account** mention with
  external id ``googleplay:<reviewId>:reply`` answering the review (``reply_to`` and
  ``thread_id``), dated by its ``lastModified``.

An edited review keeps its ``reviewId``: it comes back with a new ``lastModified``,
text or rating. Both mentions carry a revision (``extra["revision"]``,
:mod:`rumeur.ingest.revisions`), so the new version replaces the stored one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from rumeur.ingest.revisions import revision
from rumeur.records import Author, Engagement, Mention

PREFIX = "googleplay:"
DEVELOPER = "Réponse du développeur"


def stamp(ts: Any) -> datetime:
    """``{"seconds": "1700000000", "nanos": 5e8}`` -> aware UTC datetime."""
    if not isinstance(ts, Mapping) or ts.get("seconds") in (None, ""):
        raise ValueError("no lastModified")
    seconds = int(ts["seconds"]) + int(ts.get("nanos") or 0) / 1e9
    return datetime.fromtimestamp(seconds, UTC)


def _comment(review: Mapping[str, Any], kind: str) -> Mapping[str, Any] | None:
    for c in review.get("comments") or []:
        if isinstance(c, Mapping) and isinstance(c.get(kind), Mapping):
            return c[kind]
    return None


def review_mention(review: Mapping[str, Any], package: str) -> Mention:
    """The user's comment of a ``Review`` -> Mention (ValueError if unusable)."""
    rid = str(review["reviewId"])
    uc = _comment(review, "userComment")
    if uc is None:
        raise ValueError("no userComment")
    rating = uc.get("starRating")
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise ValueError(f"starRating must be 1 to 5, got {rating!r}")
    text = str(uc.get("text") or "")
    title, sep, body = text.partition("\t")
    title, body = (title.strip(), body.strip()) if sep else ("", text.strip())
    lang = str(uc.get("reviewerLanguage") or "").replace("-", "_").split("_")[0].lower()
    extra = {
        "store": "google_play",
        "package": package,
        "device": uc.get("device"),
        "androidOsVersion": uc.get("androidOsVersion"),
        "appVersionName": uc.get("appVersionName"),
        "reviewerLanguage": uc.get("reviewerLanguage"),
    }
    if uc.get("originalText"):
        extra["originalText"] = uc["originalText"]
        lang = ""  # the text is a translation: let language detection say which
    name = review.get("authorName") or None
    modified = stamp(uc.get("lastModified"))
    extra["revision"] = revision(modified, rating, text, uc.get("originalText"))
    return Mention(
        platform="reviews",
        text=body or title,
        title=(title or None) if body else None,
        created_at=modified,
        external_id=PREFIX + rid,
        url=f"https://play.google.com/store/apps/details?id={package}&reviewId={rid}",
        language=lang or None,
        author=Author(handle=name, display_name=name),
        engagement=Engagement(likes=uc.get("thumbsUpCount")),
        rating=float(rating),
        thread_id=PREFIX + rid,
        extra={k: v for k, v in extra.items() if v is not None},
    )


def reply_payload(review: Mapping[str, Any]) -> dict[str, Any] | None:
    """The part of a ``Review`` that is the developer's reply (its raw item), if any."""
    dc = _comment(review, "developerComment")
    if dc is None:
        return None
    return {"reviewId": review.get("reviewId"), "developerComment": dict(dc)}


def own_handle(package: str) -> str:
    """The author handle of the developer's replies, unless ``own_handle`` is set: list
    it in the brand's ``own_accounts``."""
    return f"googleplay:{package}"


def reply_mention(reply: Mapping[str, Any], package: str, handle: str | None = None) -> Mention:
    """:func:`reply_payload` -> own-account Mention answering the review (author
    ``handle``, by default :func:`own_handle`)."""
    rid = str(reply["reviewId"])
    dc = reply["developerComment"]
    parent = PREFIX + rid
    text, modified = str(dc.get("text") or "").strip(), stamp(dc.get("lastModified"))
    return Mention(
        platform="reviews",
        text=text,
        created_at=modified,
        external_id=parent + ":reply",
        url=f"https://play.google.com/store/apps/details?id={package}&reviewId={rid}",
        author=Author(
            handle=handle or own_handle(package), display_name=DEVELOPER, is_own_account=True
        ),
        reply_to=parent,
        thread_id=parent,
        extra={"store": "google_play", "package": package, "revision": revision(modified, text)},
    )
