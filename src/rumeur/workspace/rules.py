"""Use cases that edit the alert rules of ``rumeur.toml`` (``[[alerts.rules]]``): list,
add, replace, delete. The file is edited with tomlkit (comments and layout kept), the
new ``[alerts]`` table validated exactly as loading the project would, written to a
temporary file and moved into place; the project is then reloaded. An invalid rule
leaves the file as it was and raises the validation's ConfigError (key and reason)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rumeur import config
from rumeur.errors import ConfigError, UsageError
from rumeur.workspace._base import WorkspaceBase


class AlertRulesMixin(WorkspaceBase):
    """Alert rules CRUD."""

    def alert_rules(self) -> list[dict[str, Any]]:
        """Every rule as written in ``rumeur.toml`` (``name`` filled in when absent), with
        ``settings``: the rule as the engine reads it, defaults included."""
        from rumeur.alerts import from_project

        written = self._rule_tables()
        out = []
        for raw, rule in zip(written, from_project(self.project).rules, strict=True):
            out.append(
                {
                    "name": rule.name,
                    "type": rule.type,
                    "brand": rule.brand,
                    "channels": list(rule.channels),
                    "cooldown_minutes": rule.cooldown_minutes,
                    "settings": dict(rule.options),
                    "written": dict(raw),
                }
            )
        return out

    def add_alert_rule(self, rule: Mapping[str, Any]) -> dict[str, Any]:
        """Append ``rule`` (a ``[[alerts.rules]]`` table: ``name``, ``type``...); a
        name already used is refused."""
        name = self._rule_name(rule)
        if any(r["name"] == name for r in self.alert_rules()):
            raise UsageError(f"une règle d'alerte s'appelle déjà {name!r}")
        self._write_rules(lambda rules: [*rules, dict(rule)])
        return self._rule(name)

    def replace_alert_rule(self, name: str, rule: Mapping[str, Any]) -> dict[str, Any]:
        """Replace the rule called ``name`` by ``rule`` (which may rename it)."""
        index = self._rule_index(name)
        new_name = self._rule_name(rule)
        if new_name != name and any(r["name"] == new_name for r in self.alert_rules()):
            raise UsageError(f"une règle d'alerte s'appelle déjà {new_name!r}")
        self._write_rules(lambda rules: [*rules[:index], dict(rule), *rules[index + 1 :]])
        return self._rule(new_name)

    def delete_alert_rule(self, name: str) -> None:
        """Remove the rule called ``name``."""
        index = self._rule_index(name)
        self._write_rules(lambda rules: [*rules[:index], *rules[index + 1 :]])

    # -- helpers ---------------------------------------------------------------------
    @staticmethod
    def _rule_name(rule: Mapping[str, Any]) -> str:
        name = rule.get("name")
        if not isinstance(name, str) or not name.strip():
            raise UsageError("une règle d'alerte a besoin d'un nom (name)")
        return name

    def _rule(self, name: str) -> dict[str, Any]:
        return next(r for r in self.alert_rules() if r["name"] == name)

    def _rule_index(self, name: str) -> int:
        for i, r in enumerate(self.alert_rules()):
            if r["name"] == name:
                return i
        raise UsageError(f"pas de règle d'alerte {name!r}", hint="GET .../alerts/rules")

    def _rule_tables(self) -> list[dict[str, Any]]:
        alerts = self.project.extra.get("alerts") or {}
        rules = alerts.get("rules", []) if isinstance(alerts, Mapping) else []
        return [dict(r) for r in rules if isinstance(r, Mapping)]

    def _write_rules(self, change: Any) -> None:
        import tomlkit

        from rumeur.alerts.rules import parse

        path = self.project.root / config.CONFIG_NAME
        text = path.read_text(encoding="utf-8")
        doc = tomlkit.parse(text)
        alerts = doc.get("alerts")
        if alerts is None:
            alerts = tomlkit.table()
            doc["alerts"] = alerts
        current = [dict(r) for r in alerts.get("rules", [])]
        rules = change(current)
        array = tomlkit.aot()
        for r in rules:
            table = tomlkit.table()
            for key, value in r.items():
                table[_key(key)] = _value(key, value)
            array.append(table)
        if rules:
            alerts["rules"] = array
        elif "rules" in alerts:
            del alerts["rules"]
        new_text = tomlkit.dumps(doc)
        raw = tomlkit.parse(new_text).unwrap().get("alerts")
        parse(raw, path, new_text, brands=[b.id for b in self.project.brands])  # may raise
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(new_text, encoding="utf-8")
        try:
            config.load(tmp)  # the whole file still loads
        except ConfigError:
            tmp.unlink(missing_ok=True)
            raise
        tmp.replace(path)
        self.project = config.load(path)


_SCALARS = (str, int, float, bool)


def _key(key: object) -> str:
    if not isinstance(key, str) or not key or not all(c.isalnum() or c in "_-" for c in key):
        raise UsageError(
            f"alerts.rules : clé invalide {key!r}", hint="lettres, chiffres, '_' ou '-'"
        )
    return key


def _value(key: str, value: object) -> object:
    """A rule setting TOML can hold: a string, number, boolean, or a list of them."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, list) and all(isinstance(v, _SCALARS) for v in value):
        return value
    raise UsageError(
        f"alerts.rules.{key} : valeur invalide {value!r}",
        hint="un texte, un nombre, un booléen ou une liste de ceux-ci",
    )
