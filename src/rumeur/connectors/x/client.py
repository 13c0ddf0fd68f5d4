"""X API v2 with an app's bearer token (OAuth 2.0 app-only).

Streams of one source (each with its own place in the cursor):

- ``search``: ``GET /2/tweets/search/recent`` (``query`` in X's syntax, the last 7
  days), paged with ``next_token``;
- ``timeline``: ``GET /2/users/:id/tweets``, the own account's posts (its replies
  included), paged with ``pagination_token``;
- ``mentions``: ``GET /2/users/:id/mentions``, posts that mention the own account.

Every read asks for ``expansions=author_id`` with ``user.fields=created_at,
public_metrics,verified`` and the ``tweet.fields`` of :data:`~.payloads.TWEET_FIELDS`.
A pass pages from the newest post down to the previous pass's newest id
(``since_id``): X's ids grow with time, so nothing is skipped and no clock is trusted.
Mid-pass the cursor holds the page token, so a crash resumes there.

Limits: ``x-rate-limit-remaining: 0`` makes the next call wait for
``x-rate-limit-reset`` (never hammering); a ``429`` is waited out the same way
(``rate_limit_waits`` times); the headers are reported as quota readings (``rumeur
sources``). Reads are paid: ``monthly_read_budget`` counts posts
(:mod:`rumeur.connectors.quota`), checked **before** each request (``max_results`` never
asks for more than is left); a ``429 UsageCapExceeded``
(the plan's own monthly cap) stops the source the same way. Error bodies are X's
problem objects (``title``, ``detail``, ``type``, ``status``); an answer with ``data``
and an ``errors`` array (a deleted post, a suspended author) keeps the data.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from rumeur.connectors._http import HttpStatusError
from rumeur.connectors.base import Context, Page, normalise
from rumeur.connectors.quota import BUDGET_HINT, BudgetSpentError, Quota, ReadBudget
from rumeur.connectors.x.normalise import tweet_row
from rumeur.connectors.x.payloads import TWEET_FIELDS, USER_FIELDS
from rumeur.errors import ConnectorError, CredentialsError
from rumeur.messages import Text

log = logging.getLogger("rumeur.watch")

#: stream -> (path template, smallest max_results the endpoint accepts, token parameter)
STREAMS = {
    "search": ("/tweets/search/recent", 10, "next_token"),
    "timeline": ("/users/{id}/tweets", 5, "pagination_token"),
    "mentions": ("/users/{id}/mentions", 5, "pagination_token"),
}
#: recent search reaches back 7 days; ask a little less (X refuses an older start_time,
#: and a request may wait up to a rate-limit window of 15 minutes before it is sent)
SEARCH_REACH = 7 * 86400.0 - 3600.0


class UsageCapError(BudgetSpentError):
    """X answered ``429 UsageCapExceeded``: the plan's monthly post cap is reached."""


class XConnector:
    """One X source: a recent search and/or the own account's timeline and mentions."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.name = ctx.name
        st = self.settings = ctx.settings
        self.base = ctx.base_url(st.base_url)
        token = ctx.secret("bearer_token")
        #: X bills the posts read: the budget counts them (before ctx.http())
        self.budget = ctx.read_budget(unit="posts")
        self.http = ctx.http(Authorization=f"Bearer {token}")
        self.http.max_wait = st.max_rate_limit_wait
        self.limit = min(st.limit or 100, 100)
        self.kinds: list[str] = []
        if st.query:
            self.kinds.append("search")
        if st.user_id or st.username:
            self.kinds += [k for k in ("timeline", "mentions") if getattr(st, k)]
        if not self.kinds:
            ctx.option("query", required=True)  # names what is missing
        self.own_handles = {h.lower() for h in ctx.project.own_accounts}
        #: reposts read (and paid) but not stored: their text is the original's
        self.reposts = 0
        #: entries of ``errors`` arrays in answers that also had data
        self.partial_errors = 0
        self.rate_limited = 0
        #: what a search pass could not reach (said in the run's note)
        self.gap: str | None = None

    def close(self) -> None:
        self.http.close()

    # -- requests ----------------------------------------------------------------
    def get(self, path: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """GET ``path``; 429s are waited out (until ``x-rate-limit-reset``)."""
        url = self.base + path
        for attempt in range(self.settings.rate_limit_waits + 1):
            try:
                resp, body = self.http.get_page(url, params=params, ok=(429,))
            except HttpStatusError as exc:
                raise self._refused(exc) from None
            except CredentialsError as exc:
                raise CredentialsError(
                    Text(
                        f"{self.name} : X a refusé le jeton bearer ({_problem(exc)})",
                        f"{self.name}: X refused the bearer token ({_problem(exc)})",
                    ),
                    hint=_credentials_hint(exc),
                ) from None
            self._report(path, resp.headers)
            if resp.status_code != 429:
                return body if isinstance(body, dict) else {}
            self.rate_limited += 1
            problem = body if isinstance(body, Mapping) else {}
            kind = f"{problem.get('type')} {problem.get('title')}"
            if "usage-capped" in kind or "UsageCap" in kind:
                why = problem.get("detail") or problem.get("title")
                raise UsageCapError(
                    Text(
                        f"{self.name} : X indique que le plafond mensuel de posts de l'offre "
                        f"est atteint ({why})",
                        f"{self.name}: X says the plan's monthly post cap is reached ({why})",
                    ),
                    hint=Text(
                        "les lectures reprennent quand le mois de l'offre change ; voir la page "
                        "d'usage du portail développeur",
                        "reads start again when the plan's month turns; see the usage page "
                        "of the developer portal",
                    ),
                )
            if attempt < self.settings.rate_limit_waits and not resp.headers.get(
                "x-rate-limit-reset"
            ):  # no reset time: Retry-After if sent, else back off
                after = resp.headers.get("retry-after")
                delay = float(after) if after and after.isdigit() else self.http._delay(attempt)
                self.http._wait(delay)
        raise ConnectorError(
            Text(
                f"{self.name} : X a répondu 429 Too Many Requests à chaque essai",
                f"{self.name}: X kept answering 429 Too Many Requests",
            ),
            hint=Text(
                "la fenêtre de limite de débit est de 15 minutes ; le prochain passage prévu "
                "réessaiera",
                "the rate-limit window is 15 minutes; the next scheduled run tries again",
            ),
        )

    def _report(self, path: str, headers: Mapping[str, str]) -> None:
        """``x-rate-limit-*`` as a quota reading of the endpoint (``rumeur sources``)."""
        limit, left = headers.get("x-rate-limit-limit"), headers.get("x-rate-limit-remaining")
        reset = headers.get("x-rate-limit-reset")
        if limit is None or left is None:
            return
        try:
            when = datetime.fromtimestamp(float(reset), UTC) if reset else None
            name = "x " + ("search" if "search" in path else path.rsplit("/", 1)[-1])
            self.ctx.report_quota(Quota(name=name, limit=float(limit), remaining=float(left),
                                        reset_at=when, period="15 min"))  # fmt: skip
        except ValueError:
            return

    def _refused(self, exc: HttpStatusError) -> ConnectorError:
        detail = _problem(exc)
        hint = Text("le prochain passage prévu réessaiera", "the next scheduled run tries again")
        if exc.status == 400:
            hint = Text(
                "vérifiez la requête de la source (syntaxe de recherche de X, 512 caractères "
                "au plus)",
                "check the source's query (X's search syntax, 512 characters at most)",
            )
        return ConnectorError(
            Text(
                f"{self.name} : X a répondu HTTP {exc.status} : {detail}",
                f"{self.name}: X answered HTTP {exc.status}: {detail}",
            ),
            hint=hint,
        )

    # -- collection --------------------------------------------------------------
    def fetch(self, cursor: Any) -> Iterator[Page]:
        state = dict(cursor or {})
        streams: dict[str, Any] = dict(state.get("streams") or {})
        user = dict(state.get("user") or {})
        if any(k != "search" for k in self.kinds):
            user = self._own_user(user)
        for kind in self.kinds:
            yield from self._stream(kind, streams, user)

    def _own_user(self, known: dict[str, Any]) -> dict[str, Any]:
        st = self.settings
        if st.user_id:
            return {"id": str(st.user_id), "username": st.username}
        if known.get("username") == st.username and known.get("id"):
            return known
        body = self.get(f"/users/by/username/{st.username}", {"user.fields": USER_FIELDS})
        data = body.get("data") or {}
        if not data.get("id"):
            raise ConnectorError(
                Text(
                    f"{self.name} : X ne connaît pas de compte @{st.username} "
                    f"({_first_error(body)})",
                    f"{self.name}: X knows no account @{st.username} ({_first_error(body)})",
                ),
                hint=Text(
                    "vérifiez username (sans @), ou donnez user_id",
                    "check username (without @), or give user_id",
                ),
            )
        return {"id": str(data["id"]), "username": data.get("username") or st.username}

    def _stream(self, kind: str, streams: dict[str, Any], user: dict[str, Any]) -> Iterator[Page]:
        st = self.settings
        path, minimum, token_param = STREAMS[kind]
        path = path.format(id=user.get("id"))
        sub = dict(streams.get(kind) or {})
        since_id, token, newest = sub.get("since_id"), sub.get("resume"), sub.get("newest")
        first = since_id is None
        start_time: str | None = None
        if first:  # the first pass reaches back `since`, with the same start on every page
            reach = min(st.since, SEARCH_REACH) if kind == "search" else st.since
            start = (self.ctx.now() - timedelta(seconds=reach)).strftime("%Y-%m-%dT%H:%M:%SZ")
            start_time = max(sub.get("start_time") or start, start)
        limit = (st.backfill_pages or st.max_pages) if first else st.max_pages
        own_id = user.get("id")
        pages = 0
        while True:
            params: dict[str, Any] = {
                "max_results": self._allowed(minimum),
                "expansions": "author_id",
                "tweet.fields": TWEET_FIELDS,
                "user.fields": USER_FIELDS,
            }
            if kind == "search":
                params["query"] = st.query
            if since_id:
                params["since_id"] = since_id
            elif start_time:
                params["start_time"] = start_time
            if token:
                params[token_param] = token
            try:
                body = self.get(path, params)
            except ConnectorError as exc:
                if kind != "search" or "since_id" not in exc.message or token:
                    raise
                # the last pass is older than recent search reaches (7 days): start again
                # from as far back as it goes, and say what may have been missed
                since_id = None
                reach = (self.ctx.now() - timedelta(seconds=SEARCH_REACH)).replace(microsecond=0)
                start_time = params["start_time"] = reach.strftime("%Y-%m-%dT%H:%M:%SZ")
                params.pop("since_id", None)
                self.gap = f"recent search reaches back 7 days: posts between the last " \
                    f"collection and {start_time} could not be read"  # fmt: skip
                body = self.get(path, params)
            data = [t for t in body.get("data") or [] if isinstance(t, Mapping)]
            if self.budget is not None:
                self.budget.spend(len(data))
            users = {u.get("id"): u for u in (body.get("includes") or {}).get("users") or []}
            if body.get("errors"):
                self.partial_errors += len(body["errors"])
                log.info("%s: X left out %d object(s): %s", self.name, len(body["errors"]),
                         _first_error(body))  # fmt: skip
            page = Page(origin=self.base + path)
            posts = []
            for t in data:
                if any(r.get("type") == "retweeted" for r in t.get("referenced_tweets") or []):
                    self.reposts += 1  # a repost's text is the original's ("RT @...")
                    continue
                author = users.get(t.get("author_id"))
                posts.append({"data": t, "includes": {"users": [author] if author else []}})

            def row(obj: Mapping[str, Any]) -> dict[str, Any]:
                t = obj["data"]
                author = (obj["includes"]["users"] or [None])[0]
                handle = str((author or {}).get("username") or "").lower()
                own = kind == "timeline" or t.get("author_id") == own_id or (
                    bool(handle) and handle in self.own_handles)  # fmt: skip
                return tweet_row(t, author, own=own)

            normalise(page, posts, row)
            meta = body.get("meta") or {}
            if meta.get("newest_id"):
                newest = _newer(newest, str(meta["newest_id"]))
            token = meta.get("next_token") if data else None
            done = not token
            if done:
                streams[kind] = {"since_id": newest or since_id}
            else:
                streams[kind] = {"since_id": since_id, "resume": token, "newest": newest}
                if start_time:
                    streams[kind]["start_time"] = start_time
            page.cursor = {"streams": dict(streams), "user": user}
            if self.gap and kind == "search":
                page.note, self.gap = self.gap, None
            pages += 1
            if not done and pages >= limit:
                page.more = True
                page.note = f"page limit reached ({limit} pages) in {kind}: the next run continues"
            yield page
            if done or pages >= limit:
                return

    def _allowed(self, minimum: int) -> int:
        """``max_results`` of the next request: what the read budget still allows (it
        raises BudgetSpentError when nothing is left), and never fewer than the
        endpoint's minimum (a budget with fewer posts left than that is spent: asking
        would pass it)."""
        if self.budget is None:
            return self.limit
        n = self.budget.allow(self.limit)
        if n < minimum:
            return _spent(self.budget, minimum)
        return n


def _spent(budget: ReadBudget, minimum: int) -> int:
    when = f"{budget.reset_at:%d/%m/%Y %H:%M} ({budget.tz.key})"
    raise BudgetSpentError(
        Text(
            f"{budget.source} : budget de lecture mensuel épuisé ({budget.used} / "
            f"{budget.limit} posts ; une requête en lit au moins {minimum}) ; aucune requête "
            f"avant le {when}",
            f"{budget.source}: monthly read budget spent ({budget.used} / {budget.limit} "
            f"posts; a request reads at least {minimum}); no request before {when}",
        ),
        hint=BUDGET_HINT,
    )


def _newer(a: str | None, b: str) -> str:
    """The newer of two post ids (X's ids grow with time; compared as numbers)."""
    if a is None:
        return b
    return a if int(a) >= int(b) else b


def _problem(exc: Exception) -> str:
    """The readable part of an X error body: ``title: detail`` (and the first entry of
    ``errors``), or the error's message."""
    body = getattr(exc, "body", None)
    if isinstance(body, Mapping):
        parts = [str(body[k]) for k in ("title", "detail") if body.get(k)]
        if body.get("errors"):
            parts.append(_first_error(body))
        if parts:
            return ": ".join(dict.fromkeys(parts))
    return str(getattr(exc, "message", exc))


def _first_error(body: Mapping[str, Any]) -> str:
    errors = body.get("errors") or []
    if not errors or not isinstance(errors[0], Mapping):
        return "no detail"
    e = errors[0]
    return str(e.get("detail") or e.get("message") or e.get("title") or e)


def _credentials_hint(exc: Exception) -> Text:
    body = getattr(exc, "body", None)
    kind = str(body.get("type")) if isinstance(body, Mapping) else ""
    if "client-not-enrolled" in kind:
        return Text(
            "rattachez l'application à un Project dans le portail développeur X",
            "attach the app to a Project in the X developer portal",
        )
    return Text(
        "régénérez le jeton bearer dans le portail développeur X (Keys and tokens)",
        "regenerate the bearer token in the X developer portal (Keys and tokens)",
    )
