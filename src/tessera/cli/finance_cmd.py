"""`tessera finance ...`: customers, alerts and their review, reports, feed and webhooks.

JSON lines on stdout, progress and errors on stderr.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress

from tessera.cli.context import CliContext, open_context
from tessera.errors import TesseraError

if TYPE_CHECKING:
    from tessera.services.finance import FinanceService

finance_app = typer.Typer(help="Customers, alerts, reports, feed and webhooks.", no_args_is_help=True)
customers_app = typer.Typer(help="The institution's customers (its own tenant).", no_args_is_help=True)
webhooks_app = typer.Typer(help="Webhook receivers and deliveries.", no_args_is_help=True)
finance_app.add_typer(customers_app, name="customers")
finance_app.add_typer(webhooks_app, name="webhooks")

_err = Console(stderr=True)
AgencyOpt = Annotated[str, typer.Option(help="The financial institution (agency code).")]


def _finance(ctx: CliContext) -> FinanceService:
    from tessera.screening.service import ScreeningService
    from tessera.services.finance import FinanceService

    return FinanceService(ctx.hub, ScreeningService(ctx.hub))


def _fail(exc: TesseraError) -> None:
    typer.echo(f"error: {exc.message}", err=True)
    for detail in exc.details[:50]:
        typer.echo(f"  - {detail.location}: {detail.message}", err=True)
    raise typer.Exit(2)


def _out(item: Any) -> None:
    typer.echo(json.dumps(item, ensure_ascii=False))


@customers_app.command("import")
def import_customers(
    file: Path,
    agency: AgencyOpt,
    screen: Annotated[
        bool, typer.Option("--screen/--no-screen", help="Also screen them against every list it may see.")
    ] = False,
) -> None:
    """Import a customer CSV: one JSON line per problem row (with its line number), then a summary."""
    try:
        ctx = open_context()
        viewer = ctx.viewer(agency, purpose="customer import")
        finance = _finance(ctx)
        with Progress(transient=True, console=_err) as progress:
            task = progress.add_task("storing customers", total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            result = finance.customers.import_csv(
                viewer, file.read_bytes(), str(file), screen=screen, progress=advance
            )
    except TesseraError as exc:
        _fail(exc)
    for problem in result.problems:
        _out({"problem": problem})
    summary = result.to_dict()
    typer.echo(
        f"{summary['rows']} rows: {summary['added']} added, {summary['updated']} updated, "
        f"{summary['unchanged']} unchanged, {summary['rejected']} rejected",
        err=True,
    )
    _out(summary)


@customers_app.command("screen")
def screen_customers(
    agency: AgencyOpt,
    list_name: Annotated[str, typer.Option("--list", help="The list to screen all customers against.")],
) -> None:
    """Screen every stored customer of the institution against a whole list; alerts are raised."""
    try:
        ctx = open_context()
        viewer = ctx.viewer(agency, purpose=f"batch screen against {list_name}")
        finance = _finance(ctx)
        total = ctx.hub.store.count_customers(viewer.agency)
        started = time.perf_counter()
        with Progress(transient=True, console=_err) as progress:
            task = progress.add_task(f"screening against {list_name}", total=total)

            def advance(done: int) -> None:
                progress.update(task, completed=done)

            alerts = finance.customers.screen_customers(viewer, list_name, progress=advance)
    except TesseraError as exc:
        _fail(exc)
    seconds = time.perf_counter() - started
    _out({"list": list_name, "customers": total, "alerts": alerts, "seconds": round(seconds, 2)})


@customers_app.command("list")
def list_customers(
    agency: AgencyOpt,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    offset: Annotated[int, typer.Option(help="Skip this many.")] = 0,
) -> None:
    """The institution's stored customers."""
    try:
        ctx = open_context()
        page = _finance(ctx).customers.customers(ctx.viewer(agency), limit=limit, offset=offset)
    except TesseraError as exc:
        _fail(exc)
    for customer in page["customers"]:
        _out(customer)


@finance_app.command("alerts")
def alerts(
    agency: AgencyOpt, status: Annotated[str | None, typer.Option(help="Only this status.")] = None
) -> None:
    """The institution's finance alerts."""
    try:
        ctx = open_context()
        for alert in ctx.hub.list_alerts(ctx.viewer(agency), status, "finance"):
            _out(alert.to_dict())
    except TesseraError as exc:
        _fail(exc)


@finance_app.command("review")
def review(
    alert_id: str,
    agency: AgencyOpt,
    decision: Annotated[str, typer.Option(help="in_review, true_match, false_positive or escalate.")],
    reason: Annotated[str, typer.Option(help="Why (required for false_positive and escalate).")] = "",
) -> None:
    """Review a finance alert: a true match records the freeze; escalate reports to the FIU."""
    try:
        ctx = open_context()
        _out(_finance(ctx).review.review(ctx.viewer(agency), alert_id, decision, reason))
    except TesseraError as exc:
        _fail(exc)


@finance_app.command("reports")
def reports(agency: Annotated[str, typer.Option(help="The institution or the FIU.")]) -> None:
    """Suspicious-transaction reports filed by the institution or addressed to the FIU."""
    try:
        ctx = open_context()
        for item in _finance(ctx).review.reports(ctx.viewer(agency)):
            _out(item)
    except TesseraError as exc:
        _fail(exc)


@finance_app.command("feed")
def feed(
    agency: AgencyOpt,
    since: Annotated[str | None, typer.Option(help="An event seq or an ISO time.")] = None,
) -> None:
    """New designations and alerts after ``--since``."""
    try:
        ctx = open_context()
        page = _finance(ctx).feed.feed(ctx.viewer(agency), since, 500)
    except TesseraError as exc:
        _fail(exc)
    for event in page["events"]:
        _out(event)


@webhooks_app.command("add")
def add_webhook(
    url: str,
    agency: AgencyOpt,
    secret: Annotated[str | None, typer.Option(help="HMAC secret (generated when omitted).")] = None,
    event: Annotated[list[str] | None, typer.Option(help="alert and/or designations.")] = None,
) -> None:
    """Register a webhook receiver; prints it with its secret (shown once)."""
    try:
        ctx = open_context()
        _out(_finance(ctx).feed.add_webhook(ctx.viewer(agency), url, secret, event))
    except TesseraError as exc:
        _fail(exc)


@webhooks_app.command("deliveries")
def deliveries(agency: AgencyOpt) -> None:
    """The delivery log."""
    try:
        ctx = open_context()
        for item in _finance(ctx).feed.deliveries(ctx.viewer(agency)):
            _out(item)
    except TesseraError as exc:
        _fail(exc)


@webhooks_app.command("deliver")
def deliver(
    watch: Annotated[bool, typer.Option("--watch", help="Keep delivering as deliveries fall due.")] = False,
    interval: Annotated[float, typer.Option(help="Seconds between rounds with --watch.")] = 2.0,
) -> None:
    """Attempt every due delivery (retries follow the backoff schedule)."""
    ctx = open_context()
    service = _finance(ctx).feed
    while True:
        _out(service.dispatch_due())
        if not watch:
            return
        time.sleep(interval)
