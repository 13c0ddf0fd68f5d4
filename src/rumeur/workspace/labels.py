"""Human label corrections (see :mod:`rumeur.labels`): set, history, export for
training. What the explorer's "correct a label" and ``rumeur labels`` call."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from rumeur.workspace._base import WorkspaceBase

if TYPE_CHECKING:
    from rumeur.labels import LabelCorrection


class LabelsMixin(WorkspaceBase):
    """A person's labels over the models'."""

    def correct_label(
        self,
        mention_id: str,
        *,
        field: str = "sentiment",
        value: str,
        user: str,
        note: str | None = None,
    ) -> LabelCorrection:
        """Set a mention's ``field`` to ``value`` as ``user`` (appended to its history,
        newest wins); the metrics use it over the models' label from now on, and the
        rollups are updated in place."""
        from rumeur.labels import correct

        return correct(self.writer(), mention_id, value, user=user, field=field, note=note)

    def label_history(self, mention_id: str | None = None) -> list[LabelCorrection]:
        """Every correction (of one mention, or all), oldest first."""
        from rumeur.labels import history

        return history(self.reader(), mention_id)

    def export_labels(self, out: TextIO) -> int:
        """Write the corrections in force as JSON Lines training data (``id``, ``text``,
        ``label``, ``corrected_by``, ``corrected_at``); the number of lines."""
        from rumeur.labels import export

        return export(self.reader(), out)
