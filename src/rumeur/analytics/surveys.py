"""Survey exports (one row per respondent) read question by question, whatever the tool.

:func:`read_survey` recognises the CSV layouts of the common survey tools and turns each
into :class:`Question` objects, each with its text, its kind and every respondent's answer:

- **Google Forms**: ``Horodateur`` / ``Timestamp`` then one column per question (its full
  text); checkbox answers are joined in one cell, ``a;b`` or ``a, b``.
- **SurveyMonkey**: two header rows: the question text (left blank over the other columns
  of the same question) and, below, ``Response``, ``Open-Ended Response`` or, for a
  multiple-choice question, one option label per column (the cell holds the label when
  chosen). Respondent metadata columns come first.
- **LimeSurvey** (question codes): ``id``, ``submitdate``, ``lastpage``,
  ``startlanguage``, ``seed``..., then ``Q1``, and ``Q2[SQ001]``, ``Q2[SQ002]``... for the
  sub-questions of a multiple-choice question (``Y`` when chosen).
- **Typeform**: ``#`` (response id) first, ``Start Date (UTC)``, ``Submit Date (UTC)``,
  ``Network ID``, ``Tags`` last; a multiple-selection question is one column per choice
  under the same question text (the cell holds the choice when chosen).

Kinds: ``single`` (one answer per respondent), ``multi`` (several: each option's share is
counted over the respondents who answered the question, so the shares add up to more than
100 %), ``open`` (free text: varied answers, grouped into themes by
:func:`rumeur.analytics.polls.themes`). Metadata columns (timestamps, ids, e-mails, IP
addresses) are left out. Shares come with Wilson 95 % intervals.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rumeur.analytics.stats import Estimate, proportion, wilson
from rumeur.analytics.text import fold
from rumeur.errors import ImportFileError
from rumeur.messages import Text

_META = {
    "horodateur", "timestamp", "adresse e-mail", "adresse e‑mail", "email address", "email",
    "e-mail", "score", "respondent id", "collector id", "start date", "end date",
    "ip address", "first name", "last name", "custom data 1", "id", "submitdate",
    "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr", "refurl", "#",
    "start date (utc)", "submit date (utc)", "network id", "tags", "response id", "token",
    "date de soumission", "date de début", "adresse ip", "identifiant",
}  # fmt: skip
_LIME_SUB = re.compile(r"^(?P<code>[A-Za-z][\w]*)\[(?P<sub>[^\]]+)\]$")
_WEIGHT = {"poids", "weight", "weights", "ponderation", "coefficient de ponderation"}
_NOT_CHOSEN = {"n", "no", "non", "0", "false", "faux"}
_SUBHEADERS = {"response", "open-ended response", "réponse", "réponse ouverte"}


@dataclass(slots=True)
class Question:
    """One question: its text, kind and each respondent's answer (a list of options, or
    one text for an open question; empty when not answered)."""

    text: str
    kind: str  # single | multi | open
    answers: list[list[str]] = field(default_factory=list)
    #: each respondent's survey weight (a ``poids`` / ``weight`` column), if any
    weights: list[float] | None = None

    @property
    def respondents(self) -> int:
        """How many answered it (the denominator of every share)."""
        return sum(1 for a in self.answers if a)

    def shares(self) -> dict[str, Estimate]:
        """Each option's share of the respondents who answered (Wilson intervals; with
        weights, the weighted share and a Wilson interval on Kish's effective sample size
        (Σw)² / Σw², i.e. n over the design effect)."""
        counts = Counter(o for a in self.answers for o in dict.fromkeys(a))
        order = [o for o, _ in sorted(counts.items(), key=lambda kv: -kv[1])]
        w = [wt for a, wt in zip(self.answers, self.weights or [], strict=False) if a]
        if not self.weights or sum(w) <= 0:
            n = self.respondents
            return {o: proportion(counts[o], n) for o in order}
        total, n_eff = sum(w), (sum(w) ** 2 / sum(x * x for x in w)) if w else 0.0
        out = {}
        for o in order:
            p = sum(wt for a, wt in zip(self.answers, self.weights, strict=True) if o in a) / total
            lo, hi = wilson(p * n_eff, n_eff)
            out[o] = Estimate(p, lo, hi, len(w), f"wilson(weighted, n_eff={n_eff:.1f})")
        return out

    def texts(self) -> list[str]:
        return [a[0] for a in self.answers if a]

    def themes(self, k: int = 5) -> list[Any]:
        """An open question's themes (:func:`rumeur.analytics.polls.themes`), at most ``k``
        and about one per 20 answers (at least 2)."""
        from rumeur.analytics.polls import themes

        texts = self.texts()
        return themes(texts, k=min(k, max(2, len(texts) // 20)))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"question": self.text, "kind": self.kind, "n": self.respondents}
        if self.kind != "open":
            d["options"] = {o: e.to_dict() for o, e in self.shares().items()}
        return d


def _rows(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    if not lines:
        raise ImportFileError(
            Text(f"{path} : fichier vide", f"{path}: empty file"),
            hint=Text("exportez les réponses en CSV", "export the answers as CSV"),
        )
    try:
        dialect: Any = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [r for r in csv.reader(io.StringIO(text, newline=""), dialect) if any(r)]


def _is_meta(header: str) -> bool:
    return fold(header.strip()) in {fold(m) for m in _META}


def read_survey(path: Path) -> list[Question]:
    """The questions of a survey export (see the module docstring)."""
    rows = _rows(path)
    header = [h.strip() for h in rows[0]]
    body = rows[1:]
    for line, r in enumerate(body, 2):
        if len(r) > len(header):
            raise ImportFileError(
                Text(
                    f"{path}:{line} : {len(r)} cellules pour {len(header)} colonnes",
                    f"{path}:{line}: {len(r)} cells for {len(header)} columns",
                ),
                hint=Text(
                    "vérifiez le séparateur et les guillemets de cette ligne",
                    "check the delimiter and the quotes of that line",
                ),
            )
    if body and _surveymonkey(header, body[0]):
        header = [h if fold(h) not in _WEIGHT else "" for h in header]
        return _weighted(_from_blocks(_monkey_blocks(header, body[0]), body[1:]),
                         rows[0], body[1:], path, 3)  # fmt: skip
    plain = [h if fold(h) not in _WEIGHT else "" for h in header]
    return _weighted(_from_blocks(_blocks(plain), body), header, body, path, 2)


def _weighted(
    questions: list[Question], header: list[str], body: list[list[str]], path: Path, first: int
) -> list[Question]:
    """Attach the respondents' weights (a ``poids`` / ``weight`` column) to each question."""
    col = next((i for i, h in enumerate(header) if fold(h.strip()) in _WEIGHT), None)
    if col is None:
        return questions
    weights = []
    for line, r in enumerate(body, first):
        cell = _cell(r, col).replace(",", ".")
        try:
            w = float(cell) if cell else 1.0
        except ValueError:
            raise ImportFileError(
                    Text(
                        f"{path}:{line} : le poids {cell!r} n'est pas un nombre",
                        f"{path}:{line}: weight {cell!r} is not a number",
                    ),
                    hint=Text("des poids comme 1.2 ou 0,8", "weights like 1.2 or 0,8"),
                ) from None  # fmt: skip
        if w < 0:
            raise ImportFileError(
                Text(
                    f"{path}:{line} : poids négatif {cell!r}",
                    f"{path}:{line}: negative weight {cell!r}",
                )
            )
        weights.append(w)
    for q in questions:
        q.weights = weights
    return questions


def _surveymonkey(header: list[str], second: list[str]) -> bool:
    """Two header rows: blanks in the first over option labels / "Response" below."""
    subs = [fold(c.strip()) for c in second]
    return any(s in _SUBHEADERS for s in subs) and any(not h for h in header)


_Blocks = list[tuple[str, list[tuple[int, str]]]]


def _monkey_blocks(header: list[str], second: list[str]) -> _Blocks:
    blocks: _Blocks = []
    for i, h in enumerate(header):
        sub = second[i].strip() if i < len(second) else ""
        if h:
            blocks.append((h, [(i, sub)]))
        elif blocks:
            blocks[-1][1].append((i, sub))
    return [(q, cols) for q, cols in blocks if not _is_meta(q)]


def _blocks(header: list[str]) -> _Blocks:
    """Columns grouped by question: LimeSurvey sub-questions and repeated headers
    (Typeform's multiple selection) form one block each."""
    blocks: dict[str, list[tuple[int, str]]] = {}
    for i, h in enumerate(header):
        if not h or _is_meta(h):
            continue
        m = _LIME_SUB.match(h)
        q, sub = (m["code"], m["sub"]) if m else (h, "")
        blocks.setdefault(q, []).append((i, sub))
    return list(blocks.items())


def _cell(r: list[str], i: int) -> str:
    return r[i].strip() if i < len(r) else ""  # a short row: its missing cells are blank


def _from_blocks(blocks: _Blocks, body: list[list[str]]) -> list[Question]:
    out = []
    for text, cols in blocks:
        if len(cols) > 1:  # one column per option: chosen when the cell is filled
            answers = []
            for r in body:
                chosen = []
                for i, sub in cols:
                    v = _cell(r, i)
                    if not v or fold(v) in _NOT_CHOSEN:
                        continue
                    # the option is the column's label (SurveyMonkey's second header row,
                    # LimeSurvey's sub-question code), else the cell itself (Typeform)
                    chosen.append(sub if sub and fold(sub) not in _SUBHEADERS else v)
                answers.append(chosen)
            out.append(Question(text, "multi", answers))
            continue
        i, sub = cols[0]
        values = [_cell(r, i) for r in body]
        out.append(_classify(text, values, open_hint=fold(sub) == "open-ended response"))
    return out


def _split(value: str, sep: str) -> list[str]:
    return [p.strip() for p in value.split(sep) if p.strip()]


def _classify(text: str, values: Sequence[str], *, open_hint: bool = False) -> Question:
    """single, multi ("a;b" or "a, b") or open, from the answers themselves."""
    filled = [v for v in values if v]
    if not filled:
        return Question(text, "single", [[] for _ in values])
    distinct = len(set(filled))
    for sep in (";", ", "):
        parts = [_split(v, sep) for v in filled]
        if sum(len(p) > 1 for p in parts) < max(2, 0.1 * len(filled)):
            continue
        vocab = Counter(o for p in parts for o in p)
        recurring = sum(k for k in vocab.values() if k >= 2) / sum(vocab.values())
        if len(vocab) <= max(12, 0.2 * len(filled)) and recurring >= 0.9:
            return Question(text, "multi", [_split(v, sep) if v else [] for v in values])
    # long, varied answers are free text even when some repeat ("Des codes promo.",
    # "Rien."): the demo's open question had 197 distinct answers of 400 and was read as
    # a single choice of 197 options
    long = sum(len(v) for v in filled) / len(filled) > 25
    varied = distinct > max(12, 0.2 * len(filled)) and long
    if open_hint or varied or (len(filled) >= 10 and distinct > 0.8 * len(filled)):
        return Question(text, "open", [[v] if v else [] for v in values])
    return Question(text, "single", [[v] if v else [] for v in values])


def as_table(questions: Sequence[Question]) -> tuple[list[str], list[dict[str, str]]]:
    """Question texts and one dict per respondent (several options joined by ``;``): the
    shape :func:`rumeur.analytics.polls.save_survey` stores."""
    texts = [q.text for q in questions]
    n = max((len(q.answers) for q in questions), default=0)
    rows = [{q.text: ";".join(q.answers[i]) for q in questions} for i in range(n)]
    return texts, rows


def from_table(texts: Sequence[str], rows: Sequence[dict[str, str]]) -> list[Question]:
    """Questions from texts and per-respondent dicts (an imported survey)."""
    return [_classify(t, [(r.get(t) or "").strip() for r in rows]) for t in texts]


def classify(text: str, values: Sequence[str]) -> Question:
    """One question from its answers (single, multi or open; see :func:`read_survey`)."""
    return _classify(text, [(v or "").strip() for v in values])


def survey_results(questions: Sequence[Question], *, k: int = 5) -> list[dict[str, Any]]:
    """One table per question, with its text: option shares (closed questions) or themes
    with quotes (open ones)."""
    out = []
    for q in questions:
        d = q.to_dict()
        if q.kind == "open":
            d["themes"] = [t.to_dict() for t in q.themes(k)]
        out.append(d)
    return out


__all__ = [
    "Question", "as_table", "classify", "from_table", "read_survey", "survey_results",
]  # fmt: skip
