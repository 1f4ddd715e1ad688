"""`tessera lists ...` and `tessera screen`: JSON lines out, progress on stderr."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress

from tessera.cli.context import HUB_AGENCY, open_context
from tessera.errors import ErrorDetail, TesseraError, ValidationError

lists_app = typer.Typer(help="Versioned watchlists and sanctions lists.", no_args_is_help=True)


def _fail(exc: TesseraError) -> None:
    typer.echo(f"error: {exc.message}", err=True)
    for detail in exc.details[:50]:
        typer.echo(f"  - {detail.location}: {detail.message}", err=True)
    raise typer.Exit(2)


@lists_app.command("import")
def import_list(
    path: Path,
    format: Annotated[str, typer.Option("--format", help="ofac-csv, un-xml, eu-xml or ftm")],
    list_name: Annotated[str, typer.Option("--list", help="Name of the list (a new version each import).")],
    agency: Annotated[str, typer.Option(help="Owning agency.")] = HUB_AGENCY,
    title: Annotated[str | None, typer.Option(help="Title of a new list.")] = None,
    rescreen: Annotated[
        bool,
        typer.Option(
            "--rescreen/--no-rescreen",
            help="Re-screen institutions' stored customers against the delta here (with a server "
            "running, --no-rescreen leaves it to the server's warm indexes, within seconds).",
        ),
    ] = True,
) -> None:
    """Import a list file as a new version; prints the version, counts and problems as JSON."""
    from tessera.screening.service import ScreeningService
    from tessera.services.finance import FinanceService

    try:
        ctx = open_context()
        viewer = ctx.viewer(agency)
        screening = ScreeningService(ctx.hub)
        if rescreen:
            FinanceService(ctx.hub, screening)  # institutions' customers re-screened against the delta
        report = screening.import_list(viewer, list_name, path, format, title=title)
    except TesseraError as exc:
        _fail(exc)
    for problem in report.problems[:20]:
        typer.echo(f"skipped {path}: line {problem.get('line')}: {problem.get('message')}", err=True)
    out = report.to_dict()
    out["problems"] = len(report.problems)
    typer.echo(json.dumps(out))


@lists_app.command("show")
def show(name: str, agency: Annotated[str, typer.Option(help="Agency to look as.")] = HUB_AGENCY) -> None:
    """A list's versions."""
    try:
        ctx = open_context()
        viewer = ctx.viewer(agency)
        info = ctx.hub.store.get_list(viewer, name)
        typer.echo(json.dumps({**info.to_dict(), "versions": ctx.hub.store.versions(viewer, name)}))
    except TesseraError as exc:
        _fail(exc)


@lists_app.command("diff")
def diff(
    name: str,
    version: Annotated[int | None, typer.Option(help="Version (default: latest).")] = None,
    agency: Annotated[str, typer.Option(help="Agency to look as.")] = HUB_AGENCY,
) -> None:
    """Entries added, removed and changed by a version, as JSON lines."""
    try:
        ctx = open_context()
        _, changes = ctx.hub.store.changes(ctx.viewer(agency), name, version)
    except TesseraError as exc:
        _fail(exc)
    for change in changes:
        typer.echo(json.dumps(change, ensure_ascii=False))


def read_queries(path: Path) -> list[dict[str, Any]]:
    """FtM-shaped JSON lines (one query per line, with an id) or CSV id,name,birth_date,nationality,schema."""
    text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    queries: list[dict[str, Any]] = []
    errors: list[ErrorDetail] = []
    if path.suffix.lower() == ".csv":
        for line_no, row in enumerate(csv.DictReader(text.splitlines()), start=2):
            if not row.get("name"):
                errors.append(ErrorDetail(f"{path}:{line_no}", "needs a name column value"))
                continue
            props: dict[str, list[str]] = {"name": [row["name"]]}
            if row.get("birth_date"):
                props["birthDate"] = [row["birth_date"]]
            if row.get("nationality"):
                props["nationality"] = [row["nationality"]]
            queries.append(
                {
                    "id": row.get("id") or str(line_no),
                    "schema": row.get("schema") or "Person",
                    "properties": props,
                }
            )
    else:
        for line_no, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append(
                    ErrorDetail(f"{path}:{line_no}", f"not JSON ({exc.msg}); one query object per line")
                )
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get("properties"), dict):
                errors.append(
                    ErrorDetail(f"{path}:{line_no}", 'expected {"id", "schema", "properties": {...}}')
                )
                continue
            obj.setdefault("id", str(line_no))
            queries.append(obj)
    if errors:
        raise ValidationError(
            f"{path}: {len(errors)} line(s) could not be read; nothing was screened.", details=errors
        )
    return queries


def screen(
    input: Annotated[Path, typer.Argument(help="JSON lines or CSV of queries; '-' for stdin.")],
    list_name: Annotated[
        list[str],
        typer.Option(
            "--list", help="List to screen against (repeatable; 'hub' for the hub's watch subjects)."
        ),
    ],
    threshold: Annotated[float | None, typer.Option(help="Score from which a match is reported.")] = None,
    limit: Annotated[int, typer.Option(help="Matches per query.")] = 5,
    agency: Annotated[str, typer.Option(help="Agency to screen as.")] = HUB_AGENCY,
    batch: Annotated[int, typer.Option(help="Queries per batch.")] = 500,
) -> None:
    """Screen names against lists: one JSON line per query with its matches, best first."""
    from tessera.matching import DEFAULT_THRESHOLD
    from tessera.screening.service import ScreeningService

    try:
        ctx = open_context()
        viewer = ctx.viewer(agency, purpose="screening")
        service = ScreeningService(ctx.hub)
        queries = read_queries(input)
        with Progress(transient=True, disable=len(queries) < batch) as progress:
            task = progress.add_task("screening", total=len(queries))
            for start in range(0, len(queries), batch):
                part = queries[start : start + batch]
                for result in service.screen(
                    viewer,
                    list_name,
                    part,
                    limit=limit,
                    threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
                ):
                    typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
                progress.advance(task, len(part))
    except TesseraError as exc:
        _fail(exc)
