"""Use cases over the project's alert rules (``[[alerts.rules]]`` of ``rumeur.toml``):
list them, add one, delete one. What the dashboard's alerts page and the API call.

The rules live in ``rumeur.toml`` (the file stays the one place a team reads and edits
by hand): a change is validated exactly as loading the file would validate it, then
written with tomlkit (the file's comments and layout kept) through a temporary file
renamed over it, so a failed write never leaves half a file. The loaded project is
updated in place, so every Workspace sharing it sees the new rules at once.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rumeur.errors import ConfigError, UsageError
from rumeur.messages import Text
from rumeur.workspace._base import WorkspaceBase

if TYPE_CHECKING:
    from rumeur.alerts.rules import Rule

_OTHER_NAME = Text("choisissez un autre nom", "choose another name")


def _no_rule(name: str, names: list[str]) -> UsageError:
    return UsageError(
        Text(f"pas de règle d'alerte nommée {name!r}", f"no alert rule named {name!r}"),
        hint=Text(
            "règles : " + (", ".join(names) or "(aucune)"),
            "rules: " + (", ".join(names) or "(none)"),
        ),
    )


class AlertRulesMixin(WorkspaceBase):
    """The alert rules of ``rumeur.toml``."""

    def alert_rules(self) -> list[Rule]:
        """The rules as the alert engine reads them (defaults filled in), file order."""
        from rumeur.alerts import from_project

        return list(from_project(self.project).rules)

    def add_alert_rule(self, rule: Mapping[str, Any]) -> Rule:
        """Add ``rule`` (a table as in ``[[alerts.rules]]``: name, type and the type's
        settings) to ``rumeur.toml``; refused with the reason (unknown type, key, brand,
        a name already used...) without touching the file."""
        import tomlkit

        table = _table(rule)
        name = table["name"]
        if any(r.name == name for r in self.alert_rules()):
            raise UsageError(
                Text(
                    f"une règle nommée {name!r} existe déjà",
                    f"a rule named {name!r} exists already",
                ),
                hint=_OTHER_NAME,
            )
        doc = self._toml()
        alerts = doc.setdefault("alerts", tomlkit.table())
        rules = alerts.get("rules")
        if not isinstance(rules, tomlkit.items.AoT):  # absent, or an empty `rules = []`
            rules = tomlkit.aot()
            alerts["rules"] = rules
        rules.append(tomlkit.item(table))
        self._save(doc)
        return next(r for r in self.alert_rules() if r.name == name)

    def replace_alert_rule(self, name: str, rule: Mapping[str, Any]) -> Rule:
        """Put ``rule`` in the place of the rule named ``name`` (it may rename it); refused
        with the reason, the file untouched, like :meth:`add_alert_rule`."""
        import tomlkit

        table = _table(rule)
        names = [r.name for r in self.alert_rules()]
        if name not in names:
            raise _no_rule(name, names)
        if table["name"] != name and table["name"] in names:
            raise UsageError(
                Text(
                    f"une règle nommée {table['name']!r} existe déjà",
                    f"a rule named {table['name']!r} exists already",
                ),
                hint=_OTHER_NAME,
            )
        doc = self._toml()
        doc["alerts"]["rules"][names.index(name)] = tomlkit.item(table)
        self._save(doc)
        return next(r for r in self.alert_rules() if r.name == table["name"])

    def delete_alert_rule(self, name: str) -> None:
        """Remove the rule named ``name`` from ``rumeur.toml`` (UsageError when none is)."""
        doc = self._toml()
        rules = doc.get("alerts", {}).get("rules") or []
        names = [r.name for r in self.alert_rules()]
        if name not in names:
            raise _no_rule(name, names)
        # by position: the engine names an unnamed rule "<type>-<n>" after its place
        del rules[names.index(name)]
        if not rules:  # no `rules = []` left behind (appending to it breaks the file)
            del doc["alerts"]["rules"]
        self._save(doc)

    # -- the file ------------------------------------------------------------------
    def _config_path(self) -> Path:
        from rumeur.config import CONFIG_NAME

        return self.project.root / CONFIG_NAME

    def _toml(self) -> Any:
        import tomlkit

        return tomlkit.parse(self._config_path().read_text(encoding="utf-8-sig"))

    def _save(self, doc: Any) -> None:
        """Validate ``doc`` as a project file, write it atomically, reload the project."""
        import tomlkit

        from rumeur import config
        from rumeur.alerts.rules import parse

        path = self._config_path()
        text = tomlkit.dumps(doc)
        try:
            loaded = config.parse(tomlkit.parse(text).unwrap(), path, text)
            parse(loaded.extra.get("alerts"), path, text, brands=[b.id for b in loaded.brands])
        except ConfigError as exc:  # the new rule is wrong: say what, the file untouched
            message, hint = exc.texts
            raise UsageError(message, hint=hint) from exc
        fd, tmp = tempfile.mkstemp(prefix=".rumeur.", suffix=".toml", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        extra = self.project.extra
        if isinstance(extra, dict):  # the project object other Workspaces share
            extra.clear()
            extra.update(loaded.extra)
        else:
            self.project = loaded


_SCALARS = (str, int, float, bool)


def _table(rule: Mapping[str, Any]) -> dict[str, Any]:
    """``rule`` as a TOML table: empty settings left out, a name required, keys and
    values TOML can hold (a text, number, boolean or a list of them), else UsageError."""
    table = {k: v for k, v in rule.items() if v is not None and v != [] and v != ""}
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise UsageError(
            Text("une règle d'alerte a besoin d'un nom", "an alert rule needs a name"),
            hint=Text("name = 'bad-buzz'", "name = 'bad-buzz'"),
        )
    table["name"] = name.strip()
    for key, value in table.items():
        if not isinstance(key, str) or not key or not all(c.isalnum() or c in "_-" for c in key):
            raise UsageError(
                Text(f"alerts.rules : clé invalide {key!r}", f"alerts.rules: invalid key {key!r}"),
                hint=Text("lettres, chiffres, '_' ou '-'", "letters, digits, '_' or '-'"),
            )
        scalar = isinstance(value, _SCALARS)
        if not scalar and not (
            isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value)
        ):
            raise UsageError(
                Text(
                    f"alerts.rules.{key} : valeur invalide {value!r}",
                    f"alerts.rules.{key}: invalid value {value!r}",
                ),
                hint=Text(
                    "un texte, un nombre, un booléen ou une liste de ceux-ci",
                    "a text, a number, a boolean or a list of these",
                ),
            )
    return table
