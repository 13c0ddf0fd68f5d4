"""Human label corrections: a person says what a mention's sentiment really is.

A correction is stored as an enrichment row of the enricher ``sentiment-human``
(version ``1``): its ``label`` is the person's, its ``data`` says who made it, why
(``note``) and what the label was before (``previous``, ``previous_model``), its
``created_at`` when. Corrections are only ever added (the history of a mention is all
its rows, newest last) and the newest one wins. Every reading of a mention's sentiment
(:data:`rumeur.query.SENTIMENT_SQL`) prefers a person's label over the models', and
says so: ``sentiment_model`` is ``sentiment-human@1`` and the opinion figures count
them (``human_labels``).

Because corrections are enrichments of a mention, erasing its author (``rumeur privacy
erase``) or the mention's retention deletes them with it. :func:`export` writes the
current corrections as training lines (``{"id", "text", "label"}`` JSON Lines, the
shape of ``rumeur/nlp/sets/*.jsonl``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from rumeur.errors import UsageError
from rumeur.messages import Text
from rumeur.records import utcnow
from rumeur.storage.base import Store
from rumeur.suggest import VALUE, listed, unknown

HUMAN_ENRICHER = "sentiment-human"
HUMAN_VERSION = "1"
#: field -> the labels a person may give
FIELDS: dict[str, tuple[str, ...]] = {"sentiment": ("negative", "neutral", "positive")}


def labelled_by(model: str | None) -> str | None:
    """ "human" for a person's label, "model" for a model's, None without a label."""
    if model is None:
        return None
    return "human" if model.startswith(HUMAN_ENRICHER + "@") else "model"


@dataclass(frozen=True, slots=True)
class LabelCorrection:
    """One correction: who set which label on which mention, when, and what it replaced."""

    mention_id: str
    field: str
    value: str
    user: str
    corrected_at: datetime
    note: str | None = None
    previous: str | None = None
    previous_model: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "mention_id": self.mention_id,
            "field": self.field,
            "value": self.value,
            "user": self.user,
            "corrected_at": self.corrected_at,
            "note": self.note,
            "previous": self.previous,
            "previous_model": self.previous_model,
            "labelled_by": "human",
        }


def resolve_mention(store: Store, mention_id: str) -> str:
    """The full id of the mention ``mention_id`` names (the id, or a unique prefix of at
    least 6 characters), else a UsageError."""
    ident = (mention_id or "").strip()
    if not ident:
        raise UsageError(Text("identifiant de mention vide", "empty mention id"))
    if store.scalar("SELECT count(*) FROM mentions WHERE mention_id = ?", [ident]):
        return ident
    found = []
    if len(ident) >= 6:
        found = [r[0] for r in store.rows(
            "SELECT mention_id FROM mentions WHERE starts_with(mention_id, ?) LIMIT 2",
            [ident])]  # fmt: skip
    if len(found) == 1:
        return str(found[0])
    raise UsageError(
        Text(
            f"pas de mention {ident!r} dans le magasin"
            + (" (plusieurs commencent ainsi)" if found else ""),
            f"no mention {ident!r} in the store" + (" (several start so)" if found else ""),
        ),
        hint=Text(
            "les identifiants sont dans rumeur mentions --json (mention_id)",
            "the ids are in rumeur mentions --json (mention_id)",
        ),
    )


def correct(
    store: Store,
    mention_id: str,
    value: str,
    *,
    user: str,
    field: str = "sentiment",
    note: str | None = None,
) -> LabelCorrection:
    """Store a person's label for a mention (appended to its history; it wins over the
    models' and over older corrections) and move the mention to its new label in the
    analytics rollups."""
    if field not in FIELDS:
        raise UsageError(
            Text(
                f"--field : champ {field!r} non corrigeable",
                f"--field: field {field!r} cannot be corrected",
            ),
            hint=Text("champs : " + ", ".join(FIELDS), "fields: " + ", ".join(FIELDS)),
        )
    if value not in FIELDS[field]:
        raise UsageError(
            unknown(VALUE, value, FIELDS[field], option=f"--{field}"),
            hint=listed(FIELDS[field]),
        )
    if not user or not user.strip():
        raise UsageError(
            Text(
                "--user : qui corrige ? (un nom ou un identifiant)",
                "--user: who corrects? (a name or an id)",
            )
        )
    from rumeur.query import SENTIMENT_SQL

    mid = resolve_mention(store, mention_id)
    before = store.query(f"SELECT sentiment, sentiment_model FROM ({SENTIMENT_SQL}) "
                         "WHERE mention_id = ?", [mid])  # fmt: skip
    previous = before[0]["sentiment"] if before else None
    previous_model = before[0]["sentiment_model"] if before else None
    now = utcnow()
    data = {"user": user.strip(), "note": note, "previous": previous,
            "previous_model": previous_model}  # fmt: skip
    from rumeur.analytics.rollup import data_fingerprint, relabel, restamp, stamped

    fresh = stamped(store) == data_fingerprint(store)  # the rollups followed every row
    with store.transaction():
        store.execute(
            "INSERT INTO enrichments (mention_id, enricher, version, label, score, data, "
            "created_at) VALUES (?, ?, ?, ?, NULL, ?, ?)",
            [mid, HUMAN_ENRICHER, HUMAN_VERSION, value, json.dumps(data, ensure_ascii=False),
             now],
        )  # fmt: skip
        relabel(store, mid, value)
        if fresh:  # the rollups followed the label in place: they stay fresh
            restamp(store)
    return LabelCorrection(mid, field, value, user.strip(), now, note, previous, previous_model)


def _correction(row: dict[str, Any]) -> LabelCorrection:
    data = row["data"]
    if isinstance(data, str):
        data = json.loads(data)
    data = data or {}
    return LabelCorrection(
        mention_id=row["mention_id"],
        field="sentiment",
        value=row["label"],
        user=str(data.get("user") or ""),
        corrected_at=row["created_at"],
        note=data.get("note"),
        previous=data.get("previous"),
        previous_model=data.get("previous_model"),
    )


def history(store: Store, mention_id: str | None = None) -> list[LabelCorrection]:
    """Every correction (of one mention, or all), oldest first."""
    sql = "SELECT mention_id, label, data, created_at FROM enrichments WHERE enricher = ?"
    params: list[Any] = [HUMAN_ENRICHER]
    if mention_id is not None:
        sql += " AND mention_id = ?"
        params.append(resolve_mention(store, mention_id))
    return [_correction(r) for r in store.query(sql + " ORDER BY created_at, mention_id", params)]


def current(store: Store) -> list[LabelCorrection]:
    """The correction in force per mention (the newest), by mention id."""
    rows = store.query(
        "SELECT mention_id, arg_max(label, created_at) AS label, arg_max(data, created_at) "
        "AS data, max(created_at) AS created_at FROM enrichments WHERE enricher = ? "
        "GROUP BY mention_id ORDER BY mention_id",
        [HUMAN_ENRICHER],
    )
    return [_correction(r) for r in rows]


def export(store: Store, out: TextIO) -> int:
    """Write the corrections in force as training lines, one JSON object a line:
    ``{"id", "text", "label", "corrected_by", "corrected_at"}`` (the text is the
    mention's title and text, as the models read them); the number written."""
    rows = store.query(
        "SELECT c.mention_id, c.label, c.data, c.created_at, m.title, m.text FROM ("
        "SELECT mention_id, arg_max(label, created_at) AS label, arg_max(data, created_at) "
        "AS data, max(created_at) AS created_at FROM enrichments WHERE enricher = ? "
        "GROUP BY mention_id) c JOIN mentions m USING (mention_id) ORDER BY c.mention_id",
        [HUMAN_ENRICHER],
    )
    for r in rows:
        c = _correction(r)
        text = " ".join(t for t in (r["title"], r["text"]) if t)
        line = {"id": c.mention_id, "text": text, "label": c.value, "corrected_by": c.user,
                "corrected_at": c.corrected_at.isoformat()}  # fmt: skip
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(rows)


__all__ = [
    "FIELDS",
    "HUMAN_ENRICHER",
    "LabelCorrection",
    "correct",
    "current",
    "export",
    "history",
    "labelled_by",
    "resolve_mention",
]
