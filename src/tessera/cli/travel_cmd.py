"""`tessera travel ...` and `tessera retention run`."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from tessera.cli.context import CliContext, open_context
from tessera.errors import TesseraError

travel_app = typer.Typer(help="PNR and API intake, flights, alerts.", no_args_is_help=True)
retention_app = typer.Typer(help="Lawful retention of travel data.", no_args_is_help=True)

AgencyOpt = Annotated[str, typer.Option(help="The passenger information unit (agency code).")]


def _services(ctx: CliContext):  # type: ignore[no-untyped-def]
    from tessera.screening.service import ScreeningService
    from tessera.services.travel import TravelService

    return TravelService(ctx.hub, ScreeningService(ctx.hub))


def _fail(exc: TesseraError) -> None:
    typer.echo(f"error: {exc.message}", err=True)
    raise typer.Exit(2)


@travel_app.command("ingest")
def ingest(files: list[Path], agency: AgencyOpt) -> None:
    """Ingest PNRGOV / PAXLST / JSON files: one JSON line per file (stored, duplicate or quarantined)."""
    try:
        ctx = open_context()
        viewer = ctx.viewer(agency, purpose="travel intake")
        travel = _services(ctx)
        with Progress(transient=True, disable=len(files) < 20) as progress:
            task = progress.add_task("ingesting", total=len(files))
            for path in files:
                result = travel.ingest(viewer, path.read_bytes(), str(path))
                typer.echo(json.dumps(result.to_dict()))
                progress.advance(task)
    except TesseraError as exc:
        _fail(exc)


@travel_app.command("flights")
def flights(agency: AgencyOpt) -> None:
    """Flights with travellers received by the agency."""
    ctx = open_context()
    for flight in ctx.hub.store.flights(ctx.viewer(agency)):
        typer.echo(json.dumps(flight))


@travel_app.command("alerts")
def alerts(
    agency: AgencyOpt, status: Annotated[str | None, typer.Option(help="Filter by status.")] = None
) -> None:
    """Travel alerts of the agency, newest first."""
    ctx = open_context()
    for alert in ctx.hub.list_alerts(ctx.viewer(agency), status=status, kind="travel"):
        typer.echo(json.dumps(alert.to_dict(), ensure_ascii=False))


@travel_app.command("watch")
def watch(
    folder: Path,
    agency: AgencyOpt,
    once: Annotated[bool, typer.Option(help="Process what is there, then stop.")] = False,
    interval: Annotated[float, typer.Option(help="Seconds between scans.")] = 1.0,
) -> None:
    """Ingest files dropped into FOLDER; each moves to processed/ or quarantined/ after commit."""
    ctx = open_context()
    viewer = ctx.viewer(agency, purpose="travel intake")
    travel = _services(ctx)
    for sub in ("processed", "quarantined"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    while True:
        for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
            result = travel.ingest(viewer, path.read_bytes(), str(path))
            target = folder / ("quarantined" if result.status == "quarantined" else "processed") / path.name
            shutil.move(str(path), target)
            typer.echo(json.dumps(result.to_dict()))
        if once:
            return
        time.sleep(interval)


@travel_app.command("publish")
def publish(
    files: list[Path],
    agency: AgencyOpt,
    queue: Annotated[str, typer.Option(help="Queue name.")] = "tessera.travel",
) -> None:
    """Put message files on the RabbitMQ intake queue (TESSERA_AMQP_URL)."""
    from tessera.services import amqp
    from tessera.settings import load_settings

    n = amqp.publish(
        load_settings().amqp_url, ((p.read_bytes(), str(p), agency.upper()) for p in files), queue
    )
    typer.echo(json.dumps({"published": n}))


@travel_app.command("worker")
def worker(
    idle: Annotated[
        float | None, typer.Option(help="Stop after this many idle seconds (default: never).")
    ] = None,
    prefetch: Annotated[
        int, typer.Option(help="Unacknowledged messages in flight (small: workers share evenly).")
    ] = 2,
    queue: Annotated[str, typer.Option(help="Queue name.")] = "tessera.travel",
    agency: Annotated[
        list[str] | None,
        typer.Option(help="Build this PIU's screening indexes before taking messages (repeatable)."),
    ] = None,
) -> None:
    """Consume the RabbitMQ intake queue; several workers share the load."""
    from tessera.services import amqp
    from tessera.settings import load_settings

    ctx = open_context()
    travel = _services(ctx)
    viewers = {}
    for code in agency or []:
        viewers[code.upper()] = ctx.viewer(code.upper(), purpose="travel intake")
        travel.warm_up(viewers[code.upper()])
    if agency:
        typer.echo(json.dumps({"ready": True}), err=True)

    def handle(raw: bytes, source: str, agency: str) -> None:
        if agency not in viewers:
            viewers[agency] = ctx.viewer(agency, purpose="travel intake")
        travel.ingest(viewers[agency], raw, source)

    timing: dict[str, float] = {}
    n = amqp.consume(
        load_settings().amqp_url, handle, queue=queue, prefetch=prefetch, idle_seconds=idle, timing=timing
    )
    typer.echo(json.dumps({"processed": n, **timing}))


@retention_app.command("run")
def retention_run() -> None:
    """Depersonalise travel data older than 6 months; delete it after 5 years."""
    ctx = open_context()
    typer.echo(json.dumps(_services(ctx).run_retention()))
