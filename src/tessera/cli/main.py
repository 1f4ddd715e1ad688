"""The ``tessera`` command: a thin shell over the hub's services."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console

from tessera.cli.finance_cmd import finance_app
from tessera.cli.lists_cmd import lists_app, screen
from tessera.cli.travel_cmd import retention_app, travel_app
from tessera.errors import TesseraError
from tessera.settings import load_settings
from tessera.store import Store

app = typer.Typer(help="Tessera: counter-terrorism knowledge hub.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
admin_app = typer.Typer(help="Agencies, users and sharing groups.", no_args_is_help=True)
agency_app = typer.Typer(help="Member agencies.", no_args_is_help=True)
user_app = typer.Typer(help="Users and their API tokens.", no_args_is_help=True)
group_app = typer.Typer(help="Sharing groups.", no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(admin_app, name="admin")
admin_app.add_typer(agency_app, name="agency")
admin_app.add_typer(user_app, name="user")
admin_app.add_typer(group_app, name="group")
app.add_typer(audit_app, name="audit")
app.add_typer(lists_app, name="lists")
app.add_typer(travel_app, name="travel")
app.add_typer(retention_app, name="retention")
app.add_typer(finance_app, name="finance")
app.command("screen")(screen)

err = Console(stderr=True)


def fail(exc: TesseraError) -> None:
    err.print(f"[red]error:[/red] {exc.message}")
    for detail in exc.details:
        err.print(f"  - {detail.location}: {detail.message}")
    raise typer.Exit(2)


def _store() -> Store:
    from tessera.store import open_store

    settings = load_settings()
    return open_store(settings.database_url, secret=settings.secret)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema (TESSERA_DATABASE_URL)."""
    from tessera.store import make_engine, upgrade

    settings = load_settings()
    upgrade(make_engine(settings.database_url))
    err.print(f"database at {settings.database_url} is up to date")


@agency_app.command("create")
def agency_create(
    code: str,
    name: Annotated[str, typer.Option(help="Full name of the agency.")],
    country: Annotated[str, typer.Option(help="ISO 3166 alpha-2 country code.")],
    kind: Annotated[str, typer.Option(help="police, intelligence, fiu, piu, financial_institution, ...")],
    default_marking: Annotated[
        str, typer.Option(help="Default marking as JSON.")
    ] = '{"distribution": "agency"}',
) -> None:
    """Create a member agency."""
    try:
        marking = json.loads(default_marking)
    except json.JSONDecodeError as exc:
        err.print(
            f"[red]error:[/red] --default-marking is not JSON ({exc.msg}); "
            'e.g. \'{"distribution": "agency"}\''
        )
        raise typer.Exit(2) from exc
    try:
        agency = _store().create_agency(code, name, country, kind, marking)
    except TesseraError as exc:
        fail(exc)
    print(json.dumps(agency.to_dict()))


@user_app.command("create")
def user_create(
    username: str,
    agency: Annotated[str, typer.Option(help="Agency code.")],
    role: Annotated[list[str], typer.Option(help="analyst, steward, admin or auditor (repeatable).")],
    clearance: Annotated[str, typer.Option(help="unclassified, restricted or confidential.")] = "restricted",
    password: Annotated[str | None, typer.Option(help="Console password (optional).")] = None,
) -> None:
    """Create a user; prints its API token once (it is stored hashed)."""
    from tessera.web.passwords import hash_password

    try:
        user, token = _store().create_user(
            username, agency.upper(), role, clearance, hash_password(password) if password else None
        )
    except TesseraError as exc:
        fail(exc)
    print(json.dumps({"username": user.username, "agency": user.agency, "token": token}))
    err.print("The token is shown only this once; store it safely.")


@group_app.command("create")
def group_create(
    code: str,
    name: Annotated[str, typer.Option(help="Name of the group.")],
    owner: Annotated[str, typer.Option(help="Owning agency code.")],
    member: Annotated[list[str], typer.Option(help="Member agency code (repeatable).")],
) -> None:
    """Create a sharing group."""
    try:
        _store().create_group(code, name, owner.upper(), [m.upper() for m in member])
    except TesseraError as exc:
        fail(exc)
    print(json.dumps({"code": code, "owner": owner.upper(), "members": sorted({owner.upper(), *member})}))


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the audit chain; exits non-zero naming the first altered or missing entry."""
    check = _store().verify_audit()
    if check.ok:
        print(json.dumps({"ok": True, "checked": check.checked}))
        return
    print(
        json.dumps(
            {
                "ok": False,
                "checked": check.checked,
                "first_bad_seq": check.first_bad_seq,
                "problem": check.problem,
            }
        )
    )
    err.print(f"[red]audit chain broken:[/red] {check.problem}")
    raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
) -> None:
    """Serve the API and console."""
    import uvicorn

    from tessera.api.app import create_app
    from tessera.service import Hub

    settings = load_settings()
    hub = Hub.open(settings)
    api = create_app(hub)
    api.state.finance.feed.start_worker()  # webhook deliveries, retried with backoff
    uvicorn.run(api, host=host or settings.host, port=port or settings.port, log_level="info")


@app.command()
def demo(
    persons: Annotated[int, typer.Option(help="Number of synthetic persons.")] = 5000,
    seed: Annotated[int, typer.Option(help="Random seed of the synthetic world.")] = 7,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Start the server after seeding.")
    ] = True,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
) -> None:
    """Seed a deterministic synthetic world into the embedded database and start the hub."""
    from tessera.demo.seed import seed_demo

    settings = load_settings()
    try:
        info = seed_demo(settings, persons=persons, seed=seed)
    except TesseraError as exc:
        fail(exc)
    url = f"http://{settings.host}:{port or settings.port}/"
    print(json.dumps({"url": url, "personas": info.personas}, indent=2))
    if serve_after:
        serve(host=None, port=port)


def main() -> None:
    try:
        app()
    except TesseraError as exc:
        err.print(f"[red]error:[/red] {exc.message}")
        sys.exit(2)
