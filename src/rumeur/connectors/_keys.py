"""Private keys of the app-store connectors: read, checked, never printed.

A key is given either as a *file path* in ``rumeur.toml`` (``private_key_file =
"~/.keys/AuthKey_ABC123.p8"``, ``service_account_file = "play-sa.json"``: the path is not
a secret, the file is), or as its *content* through the usual secret channels
(``<key>_env`` naming an environment variable, or the secrets file), see
:meth:`rumeur.connectors.base.Context.secret`. Whatever is read is registered with the
source's redactor, so it never appears in a message or a log.
"""

from __future__ import annotations

from pathlib import Path

from rumeur.connectors.base import Context
from rumeur.errors import CredentialsError
from rumeur.messages import Text


def read_key(ctx: Context, key: str, file_option: str, *, what: Text, hint: Text) -> str:
    """The content of the ``key`` credential: the file named by the ``file_option``
    setting (relative to the project folder), else ``<key>_env`` or the secrets file."""
    name = ctx.options.get(file_option)
    if name:
        path = Path(str(name)).expanduser()
        path = path if path.is_absolute() else ctx.project.root / path
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CredentialsError(
                Text(
                    f"source '{ctx.name}' : fichier de {what.fr} introuvable : {path}",
                    f"source '{ctx.name}': {what.en} file not found: {path}",
                ),
                hint=hint,
            ) from None
        except (OSError, UnicodeDecodeError) as exc:  # never echo the content
            why = type(exc).__name__
            raise CredentialsError(
                Text(
                    f"source '{ctx.name}' : impossible de lire le fichier de {what.fr} {path} "
                    f"({why})",
                    f"source '{ctx.name}': cannot read the {what.en} file {path} ({why})",
                ),
                hint=hint,
            ) from None
        if not text.strip():
            raise CredentialsError(
                Text(
                    f"source '{ctx.name}' : le fichier de {what.fr} {path} est vide",
                    f"source '{ctx.name}': the {what.en} file {path} is empty",
                ),
                hint=hint,
            )
        ctx.redactor.add(text, text.strip())
        return text
    value = ctx.secret(key, required=False)
    if not value:
        env = ctx.options.get(f"{key}_env")
        where = (
            Text(f"la variable d'environnement {env}", f"environment variable {env}")
            if env
            else Text("le fichier [secrets]", "the [secrets] file")
        )
        raise CredentialsError(
            Text(
                f"source '{ctx.name}' : pas de {what.fr} : renseignez {file_option} (un "
                f"chemin), {key}_env, ou {key} dans {where.fr}",
                f"source '{ctx.name}': no {what.en}: set {file_option} (a path), {key}_env, "
                f"or {key} in {where.en}",
            ),
            hint=hint,
        )
    return value


__all__ = ["read_key"]
