"""``rumeur serve`` (the HTTP API and dashboard) and ``rumeur users`` (the server's users,
roles, project access and API tokens)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rumeur.cli._common import JsonOption, console, emit_json, say
from rumeur.cli.app import app

if TYPE_CHECKING:
    from rumeur.server.accounts import Accounts

StateOption = Annotated[
    Path | None,
    typer.Option(
        "--state",
        help="Le fichier des utilisateurs du serveur (par défaut : $RUMEUR_SERVER_STATE, sinon "
        "~/.local/share/rumeur/server.sqlite3).",
        show_default=False,
    ),
]
ProjectsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--project",
        "-p",
        help="Un projet que l'utilisateur peut ouvrir (son id : le nom du dossier) ; répétez "
        "pour plusieurs.",
        show_default=False,
    ),
]


def _accounts(state: Path | None) -> Accounts:
    from rumeur.server.accounts import Accounts, default_state_path

    return Accounts(state or default_state_path())


@app.command(
    "serve",
    epilog="Exemples :\n\n  rumeur serve                         # le projet d'ici, sur "
    "http://127.0.0.1:8000\n\n  rumeur serve -p ./veille-telecom -p client-b=/srv/client-b\n\n"
    "  rumeur serve --host 0.0.0.0 --port 8080   # derrière un proxy inverse TLS",
)
def serve(
    host: Annotated[str, typer.Option(help="Adresse d'écoute.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port d'écoute.", min=1, max=65535)] = 8000,
    project: Annotated[
        list[str] | None,
        typer.Option(
            "--project",
            "-p",
            help="Dossier du projet, ou ID=DOSSIER ; répétez pour plusieurs (par défaut : le "
            "rumeur.toml le plus proche).",
            show_default=False,
        ),
    ] = None,
    state: StateOption = None,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Collecte aussi chaque source des projets, dans le serveur (comme rumeur watch).",
        ),
    ] = False,
    query_threads: Annotated[
        int | None,
        typer.Option(
            "--query-threads",
            min=1,
            help="Fils de DuckDB par requête (par défaut : un par tranche de 4 cœurs, au moins "
            "un : le serveur répond à beaucoup de requêtes à la fois ; plus, pour un serveur "
            "de peu d'utilisateurs aux requêtes longues).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Sert l'API HTTP (/api/v1) et le tableau de bord d'un ou plusieurs projets. Tant qu'il
    tourne, le serveur tient leurs bases : les commandes de lecture de la CLI passent par lui,
    la collecte tourne en lui (--watch) ; voir docs/server.md. Créez le premier utilisateur
    avec rumeur users add NOM --role admin."""
    from rumeur.server.serve import run

    specs = list(project) if project else []
    if not specs:
        from rumeur import config

        specs = [str(config.find())]
    run(specs, host=host, port=port, state=state, watch=watch, query_threads=query_threads,
        say=lambda key, **kw: console.print(say(key, **kw)))  # fmt: skip


users_app = typer.Typer(
    rich_markup_mode=None,
    help="Les utilisateurs du serveur : rôles (admin, analyst, viewer), accès aux projets, "
    "jetons d'API.",
    no_args_is_help=True,
)
app.add_typer(users_app, name="users")


@users_app.command(
    "add",
    epilog="Exemples :\n\n  rumeur users add alice --role admin\n\n"
    "  rumeur users add bob --role viewer -p veille-telecom\n\n"
    "  printf 'mot de passe long' | rumeur users add carla --role analyst --password-stdin",
)
def add(
    name: Annotated[str, typer.Argument(help="Nom de l'utilisateur.")],
    role: Annotated[str, typer.Option(help="admin, analyst ou viewer.")] = "viewer",
    project: ProjectsOption = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Lit le mot de passe sur l'entrée standard.")
    ] = False,
    state: StateOption = None,
) -> None:
    """Crée un utilisateur (un admin voit tous les projets ; les autres, les projets donnés)."""
    accounts = _accounts(state)
    password = _read_password(password_stdin) if password_stdin else None
    user = accounts.add_user(name, role, _ids(project), password)
    where = (
        say("users.all_projects")
        if user.role == "admin"
        else ", ".join(sorted(user.projects)) or say("users.no_project")
    )
    console.print(say("users.created", name=user.name, role=user.role, projects=where))
    if password is None:
        console.print(say("users.next", name=name))


def _ids(projects: list[str] | None) -> list[str]:
    """Project ids from ``--project``: an id, or a project folder (its name is its id)."""
    from rumeur.server.projects import parse_spec, project_id

    out = []
    for p in projects or ():
        out.append(parse_spec(p)[0] if Path(p).exists() else project_id(p))
    return out


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = typer.prompt(say("users.prompt"), hide_input=True)
    second = typer.prompt(say("users.prompt_again"), hide_input=True)
    if first != second:
        console.print(say("users.passwords_differ"), style="red")
        raise typer.Exit(2)
    return str(first)


@users_app.command("password", epilog="Exemples :\n\n  rumeur users password alice")
def password(
    name: Annotated[str, typer.Argument(help="Nom de l'utilisateur.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Lit le mot de passe sur l'entrée standard.")
    ] = False,
    project: ProjectsOption = None,
    state: StateOption = None,
) -> None:
    """Fixe le mot de passe d'un utilisateur (demandé deux fois, jamais affiché ; ses sessions
    prennent fin). --project lui donne aussi ces projets."""
    accounts = _accounts(state)
    accounts.user(name)
    accounts.set_password(name, _read_password(password_stdin))
    if project:
        accounts.grant(name, _ids(project))
    console.print(say("users.password_set", name=name))


@users_app.command(
    "token",
    epilog="Exemples :\n\n  rumeur users token alice\n\n"
    "  rumeur users token bob --label tableur -p veille-telecom",
)
def token(
    name: Annotated[str, typer.Argument(help="Nom de l'utilisateur.")],
    label: Annotated[str, typer.Option(help="À quoi sert le jeton.")] = "api",
    project: Annotated[
        list[str] | None,
        typer.Option(
            "--project", "-p", help="Limite le jeton à ce projet (répétable).", show_default=False
        ),
    ] = None,
    state: StateOption = None,
    json_: JsonOption = False,
) -> None:
    """Crée un jeton d'API et l'affiche, une seule fois : seule son empreinte est gardée."""
    text = _accounts(state).new_token(name, label, _ids(project) if project else None)
    if json_:
        emit_json({"user": name, "id": text.split("_", 2)[1], "token": text})
        return
    console.print(text)
    console.print(say("users.token_once"), style="dim")


@users_app.command("list", epilog="Exemples :\n\n  rumeur users list\n\n  rumeur users list --json")
def list_(
    project: ProjectsOption = None, state: StateOption = None, json_: JsonOption = False
) -> None:
    """Les utilisateurs, leur rôle, leurs projets et jetons (jamais un secret). --project :
    seulement ceux qui peuvent l'ouvrir."""
    rows = _accounts(state).users()
    if project:
        wanted = set(_ids(project))
        rows = [r for r in rows if r["role"] == "admin" or wanted & set(r["projects"])]
    if json_:
        emit_json(rows)
        return
    for r in rows:
        projects = (
            say("users.all_projects") if r["role"] == "admin" else ", ".join(r["projects"]) or "-"
        )
        has = say("users.yes") if r["password"] else say("users.no")
        console.print(
            say("users.row", name=r["name"], role=r["role"], projects=projects, password=has,
                tokens=r["tokens"])
        )  # fmt: skip


@users_app.command(
    "grant", epilog="Exemples :\n\n  rumeur users grant bob -p veille-telecom -p client-b"
)
def grant(
    name: Annotated[str, typer.Argument(help="Nom de l'utilisateur.")],
    project: ProjectsOption = None,
    role: Annotated[str | None, typer.Option(help="Nouveau rôle.", show_default=False)] = None,
    revoke: Annotated[bool, typer.Option(help="Retire les projets au lieu de les donner.")] = False,
    state: StateOption = None,
) -> None:
    """Donne (ou, avec --revoke, retire) des projets, ou change le rôle."""
    accounts = _accounts(state)
    if role:
        accounts.set_role(name, role)
    if project:
        (accounts.revoke_access if revoke else accounts.grant)(name, _ids(project))
    user = accounts.user(name)
    where = ", ".join(sorted(user.projects)) or "-"
    console.print(say("users.access", name=user.name, role=user.role, projects=where))


@users_app.command("revoke-token", epilog="Exemples :\n\n  rumeur users revoke-token 3f9a0c2b7d1e")
def revoke_token(
    token_id: Annotated[str, typer.Argument(help="L'id du jeton (rmr_<id>_...).")],
    project: ProjectsOption = None,
    state: StateOption = None,
) -> None:
    """Révoque un jeton d'API, sur-le-champ."""
    if not _accounts(state).revoke_token(token_id):
        console.print(say("users.no_token", id=token_id), style="red")
        raise typer.Exit(1)
    console.print(say("users.token_revoked", id=token_id))


@users_app.command("remove", epilog="Exemples :\n\n  rumeur users remove bob")
def remove(
    name: Annotated[str, typer.Argument(help="Nom de l'utilisateur.")],
    project: ProjectsOption = None,
    state: StateOption = None,
) -> None:
    """Supprime un utilisateur avec ses jetons et ses sessions."""
    _accounts(state).remove_user(name)
    console.print(say("users.removed", name=name))
