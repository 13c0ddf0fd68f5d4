"""Polls and surveys: results with honest margins of error, comparisons, open-answer themes.

Poll CSV (one row per option; French or English headers)::

    question,option,votes[,wave][,group]        or   question,option,percent,total[,wave]
    Aimez-vous la nouvelle offre ?,Oui,823            Aimez-vous ... ?,Oui,71.38,1153

``percent`` with ``total`` is turned back into votes (``round(percent/100 × total)``):
71.38 % of 1,153 votes is 823 votes, whose Wilson 95% interval is 68.7 %–73.9 %.

Survey CSV: one row per respondent, one column per question (open or closed answers).
Comparisons between groups or waves use a two-proportion z-test (two groups, one option
vs the rest; effect size Cohen's h) or a chi-square test (more groups or options; Cramér's
V). Themes of open answers: TF-IDF (French stop words) + k-means, each theme with its top
terms and the answers closest to its centre as representative quotes.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rumeur.analytics.stats import Estimate, TestResult, compare_counts, proportion
from rumeur.analytics.text import STOP_FR, fold
from rumeur.errors import ImportFileError
from rumeur.messages import Text

_ALIASES = {
    "question": ("question", "sondage", "poll"),
    "option": ("option", "reponse", "choix", "answer", "choice"),
    "votes": ("votes", "voix", "nombre", "count", "n"),
    "percent": ("percent", "pourcentage", "pct", "%", "part"),
    "total": ("total", "votants", "base", "total_votes"),
    "wave": ("wave", "vague", "date", "periode"),
    "group": ("group", "groupe", "segment", "cible"),
}


@dataclass(frozen=True, slots=True)
class PollRow:
    question: str
    option: str
    votes: int
    wave: str = ""
    group: str = ""


def _header_map(header: Sequence[str]) -> dict[str, int]:
    out = {}
    for i, h in enumerate(header):
        key = fold(h.strip())
        for field, names in _ALIASES.items():
            if key in names and field not in out:
                out[field] = i
    return out


def _number(cell: str, path: Path, line: int, field: str) -> float:
    try:
        return float(cell.strip().replace("%", "").replace("\u202f", "").replace(" ", "")
                     .replace(",", "."))  # fmt: skip
    except ValueError as exc:
        raise ImportFileError(
            Text(
                f"{path}:{line} : colonne {field!r} : {cell!r} n'est pas un nombre",
                f"{path}:{line}: column {field!r}: {cell!r} is not a number",
            ),
            hint=Text(
                "des votes en nombres entiers, des pourcentages comme 71.38 ou 71,38 %",
                "votes as whole numbers, percents like 71.38 or 71,38 %",
            ),
        ) from exc


def read_poll_csv(path: Path) -> list[PollRow]:
    """Read a poll-results CSV (see the module docstring)."""
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    rows = list(csv.reader(text.splitlines(), dialect))
    cols = _header_map(rows[0])
    if "option" not in cols or ("votes" not in cols and not {"percent", "total"} <= set(cols)):
        raise ImportFileError(
            Text(
                f"{path} : il faut une colonne option et les votes (ou pourcentage et total)",
                f"{path}: needs an option column and votes (or percent and total)",
            ),
            hint=Text(
                "en-têtes : question,option,votes[,wave][,group]",
                "headers: question,option,votes[,wave][,group]",
            ),
        )
    out = []
    need = max(cols.values()) + 1
    for line, r in enumerate(rows[1:], 2):
        if not any(c.strip() for c in r):
            continue
        if len(r) < need:
            cells = ";".join(r)
            raise ImportFileError(
                Text(
                    f"{path}:{line} : {len(r)} cellule(s) là où l'en-tête en a "
                    f"{len(rows[0])} : {cells!r}",
                    f"{path}:{line}: {len(r)} cell(s) where the header has {len(rows[0])}: "
                    f"{cells!r}",
                ),
                hint=Text(
                    "complétez ou supprimez cette ligne (un séparateur ou un guillemet manquant ?)",
                    "complete or remove that line (a missing delimiter or quote?)",
                ),
            )
        if "votes" in cols:
            votes = _number(r[cols["votes"]], path, line, "votes")
        else:
            pct = _number(r[cols["percent"]], path, line, "percent")
            votes = pct / 100 * _number(r[cols["total"]], path, line, "total")
        out.append(
            PollRow(
                question=r[cols["question"]].strip() if "question" in cols else "",
                option=r[cols["option"]].strip(),
                votes=round(votes),
                wave=r[cols["wave"]].strip() if "wave" in cols else "",
                group=r[cols["group"]].strip() if "group" in cols else "",
            )
        )
    return out


def results(rows: Sequence[PollRow], question: str | None = None) -> list[dict[str, Any]]:
    """One table per question, with its text: each option's share per (wave, group) with
    its Wilson interval, over that question's own votes (questions are never pooled)."""
    by_q: dict[str, dict[tuple[str, str], list[PollRow]]] = {}
    for r in rows:
        if question is None or r.question == question:
            by_q.setdefault(r.question, defaultdict(list))[(r.wave, r.group)].append(r)
    out = []
    for q, cells in by_q.items():
        table: dict[str, Any] = {}
        for (wave, group), rs in sorted(cells.items()):
            n = sum(r.votes for r in rs)
            table[f"{wave}|{group}".strip("|") or "all"] = {
                "n": n,
                "options": {r.option: proportion(r.votes, n).to_dict() for r in rs},
            }
        out.append({"question": q, "cells": table})
    return out


def option_share(rows: Sequence[PollRow], option: str) -> Estimate:
    n = sum(r.votes for r in rows)
    return proportion(sum(r.votes for r in rows if r.option == option), n)


def compare(rows: Sequence[PollRow], by: str = "wave", option: str | None = None) -> TestResult:
    """Compare groups (``by`` = "wave" or "group"): with ``option``, that option vs the rest
    (2 groups: two-proportion z; more: chi-square); without, the full option table."""
    groups = sorted({getattr(r, by) for r in rows})
    options = sorted({r.option for r in rows})
    if len(groups) < 2:
        raise ValueError(f"need at least two {by}s to compare, got {groups}")
    table = []
    for g in groups:
        counts = {o: 0 for o in options}
        for r in rows:
            if getattr(r, by) == g:
                counts[r.option] += r.votes
        if option is not None:
            k = counts.get(option, 0)
            table.append([k, sum(counts.values()) - k])
        else:
            table.append([counts[o] for o in options])
    return compare_counts(table)


@dataclass(slots=True)
class Theme:
    terms: list[str]
    size: int
    share: Estimate
    quotes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"terms": self.terms, "size": self.size, "share": self.share.to_dict(),
                "quotes": self.quotes}  # fmt: skip


def themes(answers: Sequence[str], k: int = 5, *, seed: int = 0, quotes: int = 3) -> list[Theme]:
    """Themes of open-ended answers: TF-IDF + k-means; quotes are nearest the centre."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [a for a in answers if a and a.strip()]
    if len(texts) < 2:
        return []
    vec = TfidfVectorizer(
        stop_words=sorted(STOP_FR), ngram_range=(1, 2), min_df=2 if len(texts) > 20 else 1,
        sublinear_tf=True, token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
    )  # fmt: skip
    try:
        x = vec.fit_transform(texts)
    except ValueError:  # no answer holds a word of three letters or more but stop words
        x = None
    # answers without any such word ("Non.", "Rien") are no theme of their own words:
    # grouped apart, with no terms, rather than given a cluster's terms
    bare = np.arange(len(texts)) if x is None else np.flatnonzero(x.getnnz(axis=1) == 0)
    groups: list[tuple[list[str], np.ndarray]] = [([], bare)] if bare.size else []
    worded = np.setdiff1d(np.arange(len(texts)), bare)
    if x is not None and worded.size:
        xw = x[worded]
        distinct = len({(tuple(r.indices), tuple(np.round(r.data, 9))) for r in xw})
        k = max(1, min(k, distinct))  # k-means finds no more clusters than points
        km = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(xw)
        vocab = np.array(vec.get_feature_names_out())
        for c in range(k):
            members = np.flatnonzero(km.labels_ == c)
            if not members.size:
                continue
            centre = km.cluster_centers_[c]
            dist = ((xw[members].toarray() - centre) ** 2).sum(axis=1)
            top = [i for i in np.argsort(-centre)[:6] if centre[i] > 0]
            groups.append((list(vocab[top]), worded[members[np.argsort(dist)]]))
    out = []
    for terms, members in groups:
        near = list(dict.fromkeys(texts[i] for i in members))  # nearest the centre first
        out.append(
            Theme(
                terms=terms,
                size=int(members.size),
                share=proportion(int(members.size), len(texts)),
                quotes=near[:quotes],
            )
        )
    out.sort(key=lambda t: (-t.size, not t.terms))
    return out


def read_survey_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Questions and answers (one dict per respondent; several options joined by ``;``)
    of a survey export from Google Forms, Typeform, LimeSurvey, SurveyMonkey or a plain
    CSV (see :mod:`rumeur.analytics.surveys`)."""
    from rumeur.analytics.surveys import as_table, read_survey

    return as_table(read_survey(path))


def closed_question(rows: Sequence[dict[str, str]], question: str) -> dict[str, Estimate]:
    """Share of each answer to a closed question among those who answered it (blank
    answers left out); several answers (``a;b``, ``a, b``) are counted per option."""
    from rumeur.analytics.surveys import classify

    return classify(question, [r.get(question) or "" for r in rows]).shares()


def save_poll(store: Any, name: str, rows: Sequence[PollRow], source: str = "") -> int:
    """Store a poll under ``name`` (replacing an earlier import of that name)."""
    from rumeur.records import utcnow

    now = utcnow()
    with store.transaction():
        store.execute("DELETE FROM poll_results WHERE poll = ?", [name])
        for r in rows:
            store.execute(
                "INSERT INTO poll_results VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [name, r.question, r.option, r.votes, r.wave, r.group, source, now],
            )
    return len(rows)


def load_poll(store: Any, name: str) -> list[PollRow]:
    rows = store.query(
        "SELECT question, option, votes, wave, grp FROM poll_results WHERE poll = ? "
        "ORDER BY question, wave, grp, votes DESC", [name],
    )  # fmt: skip
    return [PollRow(r["question"] or "", r["option"], int(r["votes"]), r["wave"] or "",
                    r["grp"] or "") for r in rows]  # fmt: skip


def save_survey(
    store: Any, name: str, questions: Sequence[str], answers: Sequence[dict[str, str]],
    source: str = "",
) -> int:  # fmt: skip
    """Store survey answers under ``name`` (replacing an earlier import of that name)."""
    from rumeur.records import utcnow

    now = utcnow()
    with store.transaction():
        store.execute("DELETE FROM survey_answers WHERE survey = ?", [name])
        for i, a in enumerate(answers, 1):
            for q in questions:
                store.execute("INSERT INTO survey_answers VALUES (?, ?, ?, ?, ?, ?)",
                              [name, i, q, a.get(q), source, now])  # fmt: skip
    return len(answers)


def load_survey(store: Any, name: str) -> tuple[list[str], list[dict[str, str]]]:
    rows = store.query(
        "SELECT respondent, question, answer FROM survey_answers WHERE survey = ? "
        "ORDER BY respondent", [name],
    )  # fmt: skip
    questions = list(dict.fromkeys(r["question"] for r in rows))
    by: dict[int, dict[str, str]] = {}
    for r in rows:
        by.setdefault(r["respondent"], {})[r["question"]] = r["answer"] or ""
    return questions, list(by.values())


def is_poll_file(path: Path) -> bool:
    """True when the CSV looks like poll results (option + votes, or percent + total)."""
    first = path.read_text(encoding="utf-8-sig").splitlines()[0]
    dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
    cols = _header_map(next(csv.reader([first], dialect)))
    return "option" in cols and ("votes" in cols or {"percent", "total"} <= set(cols))


__all__ = [
    "PollRow",
    "Theme",
    "closed_question",
    "compare",
    "is_poll_file",
    "load_poll",
    "load_survey",
    "option_share",
    "read_poll_csv",
    "read_survey_csv",
    "results",
    "save_poll",
    "save_survey",
    "themes",
]
