"""The dashboard's words, in French (the default) and English; one language per page.

The page's language is, in order: ``?lang=`` in the address (remembered in the
``rumeur_lang`` cookie), that cookie, the browser's first choice among French and English
(``Accept-Language``), the project's language. Labels of analytics values (sentiments,
aspects, motivations, platforms) come from the report's vocabulary
(:mod:`rumeur.report.i18n`), so the dashboard and the report say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping

from rumeur.server.dashboard import words_en, words_fr

LANGS = ("fr", "en")
LANG_COOKIE = "rumeur_lang"


LABELS: Mapping[str, Mapping[str, str]] = {"fr": words_fr.WORDS, "en": words_en.WORDS}


class Words:
    """The labels of one language: ``t["overview"]``, ``t("period", lo=..., hi=...)``;
    analytics values (sentiments, aspects...) through :meth:`value`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else "fr"
        self._own = LABELS[self.lang]
        from rumeur.report.i18n import labels

        self._report = labels(self.lang)

    def __getitem__(self, key: str) -> str:
        return self._own[key]

    def __call__(self, key: str, **values: object) -> str:
        return self._own[key].format(**values)

    def term(self, kind: str, key: str | None) -> str:
        """An aspect, motivation, metric or platform in this language, as the report
        words it (``term("aspect", "price")`` -> ``prix``)."""
        return "—" if key is None else self._report.term(kind, key)

    def label_of(self, label: str | None) -> str:
        """``positif`` / ``positive``...; "not scored" for None."""
        return self._own.get(f"s_{label or 'none'}", label or "—")


def choose(query: str | None, cookie: str | None, accept: str | None, default: str = "fr") -> str:
    """The page's language (see the module's docstring)."""
    for given in (query, cookie):
        if given in LANGS:
            return str(given)
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return default if default in LANGS else "fr"
