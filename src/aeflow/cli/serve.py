"""``aeflow serve``: the web workspace (uvicorn), and ``aeflow user``: accounts for it."""

from __future__ import annotations

from typing import Annotated

import typer

from aeflow.cli.common import console, handle_errors, state
from aeflow.i18n import _

user_app = typer.Typer(help="Accounts of the web workspace: add users, set passwords, give roles, make API tokens.",
                       no_args_is_help=True)

DEMO_USER = "demo"
DEMO_PASSWORD = "aeflow-demo"


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: the global --db or the data dir's SQLite).")] = None,
    secure_cookies: Annotated[bool, typer.Option("--secure-cookies", help="Mark cookies Secure (when served over HTTPS, e.g. behind a proxy).")] = False,
    demo_user: Annotated[bool, typer.Option("--demo-user", help="Make sure the demo login exists (an administrator) and print it; use after aeflow demo.")] = False,
) -> None:
    """Start the web workspace; GET /healthz answers 200 once it is ready."""
    st = state(ctx)
    with handle_errors():
        import uvicorn

        from aeflow.config import Settings
        from aeflow.web.app import create_app

        settings = st.settings
        if db:
            settings = Settings.from_env(database_url=db, data_dir=str(settings.data_dir), language=settings.language,
                                         user=settings.user)
        app = create_app(settings, secure_cookies=secure_cookies)
        if demo_user:
            _demo_login(app.state.db)
        if not _has_users(app.state.db):
            console.print(_("No user yet: create the first one (an administrator) with: aeflow user add NAME"),
                          highlight=False)
        console.print(_("aeflow is running on http://{host}:{port} (Ctrl+C to stop)", host=host, port=port),
                      highlight=False)
        uvicorn.run(app, host=host, port=port, log_level="warning")


def _has_users(db: object) -> bool:
    from aeflow.services import accounts

    return accounts.count_users(db) > 0  # type: ignore[arg-type]


def _demo_login(db: object) -> None:
    from aeflow.errors import Conflict
    from aeflow.services import accounts

    try:
        accounts.add_user(db, DEMO_USER, DEMO_PASSWORD, display_name=_("Demo AE"), admin=True)  # type: ignore[arg-type]
    except Conflict:  # made by an earlier run: reset its password to the documented one
        accounts.set_password(db, DEMO_USER, DEMO_PASSWORD)  # type: ignore[arg-type]
    console.print(_("Demo login — user: {user} · password: {password}", user=DEMO_USER, password=DEMO_PASSWORD),
                  style="bold", highlight=False)


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Login name.")],
    password: Annotated[str | None, typer.Option("--password", help="Password (asked for when not given).")] = None,
    name: Annotated[str, typer.Option("--name", help="Display name.")] = "",
    admin: Annotated[bool, typer.Option("--admin", help="Administrator: sees and leads every project. The first user always is one.")] = False,
    lang: Annotated[str, typer.Option("--language", help="Interface language: zh or en.")] = "zh",
) -> None:
    """Create a user of the web workspace (the first one becomes an administrator)."""
    st = state(ctx)
    with handle_errors():
        from aeflow.services import accounts

        secret = password or typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
        user = accounts.add_user(st.db, username, secret, display_name=name, admin=admin, language=lang)
        role = _("administrator") if user.is_admin else _("user")
        console.print(_("Created {role} {name}", role=role, name=user.username), highlight=False)


@user_app.command("password")
def user_password(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Login name.")],
    password: Annotated[str | None, typer.Option("--password", help="New password (asked for when not given).")] = None,
) -> None:
    """Set a user's password."""
    st = state(ctx)
    with handle_errors():
        from aeflow.services import accounts

        secret = password or typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
        accounts.set_password(st.db, username, secret)
        console.print(_("Password changed for {name}", name=username), highlight=False)


@user_app.command("role")
def user_role(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Login name.")],
    project: Annotated[str, typer.Argument(help="Project ID.")],
    role: Annotated[str, typer.Argument(help="lead, member, viewer or client.")],
) -> None:
    """Give a user a role on a project."""
    st = state(ctx)
    with handle_errors():
        from aeflow.services import accounts

        accounts.set_role(st.db, project, username, accounts.Role.parse(role))
        console.print(_("{name} is now {role} of {project}", name=username, role=role, project=project),
                      highlight=False)


@user_app.command("list")
def user_list(ctx: typer.Context) -> None:
    """List the users."""
    st = state(ctx)
    with handle_errors():
        from aeflow.services import accounts

        for u in accounts.list_users(st.db):
            console.print(f"{u.username}\t{u.display_name}\t{'admin' if u.is_admin else ''}", highlight=False)


@user_app.command("token")
def user_token(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Login name.")],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "script",
) -> None:
    """Make an API token for scripts (printed once; send it as Authorization: Bearer TOKEN)."""
    st = state(ctx)
    with handle_errors():
        from aeflow.services import accounts

        user = accounts.get_user(st.db, username)
        typer.echo(accounts.create_api_token(st.db, user, name))

