"""The HTTP API and web UI: a read-only shell over the store (one optional, token-guarded write).

Article text is untrusted: pages are rendered by Jinja2 with autoescaping, highlights are built
as (text, annotation) segments, never by inserting markup into the article's characters, and the
scripts build their SVG with DOM calls and ``textContent`` only. Every query is parameterised
(``dateline.store.queries``). The server binds loopback unless told otherwise (``dateline serve``).
"""

from __future__ import annotations

import hmac
import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any, Optional

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from ..errors import DatelineError
from ..model import PLOVER_CATEGORIES, Article
from ..store import Store
from ..store import queries as Q
from ..store.sqlite import MIGRATIONS
from .params import ArticleParams, EventParams, offset_param, page_param

HERE = Path(__file__).parent
MAX_PAGE = 200  # responses stay bounded whatever a client asks for
MAX_BODY = 1_000_000  # bytes: the largest request body (an article POSTed for analysis)
MAX_URL = 4096  # characters of path + query string
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def segments(article: Article) -> list[dict]:
    """Split the text into runs, each with the annotations covering it (outermost first)."""
    spans = []
    for e in article.entities:
        for m in e.mentions:
            spans.append((m.start, m.end, "entity " + e.type.lower(), f"{e.type}: {e.name}" +
                          (f" ({e.actor.code})" if e.actor else "")))
    for p in article.places:
        for m in p.mentions:
            spans.append((m.start, m.end, "place", f"place: {p.name}" + (f", {p.country}" if p.country else "")))
    for t in article.times:
        spans.append((t.start, t.end, "time", f"{t.type}: {t.value}"))
    for q in article.quotes:
        spans.append((q.start, q.end, "quote", f"{q.kind} quote, speaker: {q.speaker_name or 'unknown'}"))
    for ev in article.events:
        for m in [ev.evidence, *ev.mentions]:
            spans.append((m.start, m.end, f"event ev-{ev.id}", f"{ev.category} ({ev.date.value})"))
    n = len(article.text)
    spans = [s for s in spans if 0 <= s[0] < s[1] <= n]
    bounds = sorted({0, n, *[s for s, _, _, _ in spans], *[e for _, e, _, _ in spans]})
    out = []
    for a, b in zip(bounds, bounds[1:]):
        covering = [s for s in spans if s[0] <= a and b <= s[1]]
        events = [c.split()[1] for _, _, c, _ in covering if c.startswith("event ")]
        out.append({"text": article.text[a:b], "classes": " ".join(c for _, _, c, _ in covering),
                    "title": "; ".join(t for _, _, _, t in covering), "events": " ".join(events)})
    return out


class Readers:
    """One read-only SQLite connection per server thread (a connection is not shared across threads)."""

    def __init__(self, path: Path):
        self.path = path
        self.local = threading.local()

    def get(self) -> sqlite3.Connection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = Store(self.path, readonly=True).conn
            self.local.conn = conn
        return conn


WORKER_DIED = object()  # the analysis worker's pipe closed: it crashed or was killed


class Analyser:
    """Analyses POSTed articles in one supervised worker process, under the ingest's time limit.

    In the worker (its main thread) the ingest's alarm stops each phase after ``config.limit``
    seconds (E008). A phase stuck in C code never sees the alarm, so this side waits at most
    ``3 * limit + GRACE`` (three phases: cheap stages, parse, later stages) and then kills and
    replaces the worker (E008 too). A crashed worker is E016. One article at a time; a request that
    cannot get the worker within ``BUSY_WAIT`` seconds is told to retry (503), so queued writes never
    hold the server's threads, which the readers need.
    """

    GRACE = 10.0  # seconds over the in-worker limit before the worker is taken to be stuck
    START_UP = 300.0  # model loading in a fresh worker (~10 s idle; minutes on a saturated machine)
    BUSY_WAIT = 10.0

    def __init__(self, config: Any):
        import multiprocessing as mp

        self.config = config
        self.ctx = mp.get_context("spawn")  # the server has threads: never fork it
        self.lock = threading.Lock()
        self.proc: Any = None
        self.conn: Any = None
        self.ready = False

    def start(self) -> None:
        parent, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_analyser_worker, args=(child, self.config), daemon=True,
                                     name="dateline-analyser")
        self.proc.start()
        child.close()
        self.conn, self.ready = parent, False

    def stop(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        if self.conn is not None:
            self.conn.close()
        self.proc = self.conn = None

    def _answer(self, seconds: float | None) -> Any:
        """The worker's next message; None if it sent none in time, ``WORKER_DIED`` if its pipe closed."""
        try:
            if self.conn.poll(seconds):
                return self.conn.recv()
        except (EOFError, OSError):
            return WORKER_DIED
        return None

    def analyse(self, text: str, hints: dict) -> Article:
        if not self.lock.acquire(timeout=self.BUSY_WAIT):
            raise HTTPException(503, "busy analysing another article; retry", headers={"Retry-After": "5"})
        try:
            if self.proc is None or not self.proc.is_alive():
                self.start()
            if not self.ready:
                message = self._answer(self.START_UP)
                if not (isinstance(message, tuple) and message[0] == "ready"):
                    self.stop()
                    raise message if isinstance(message, DatelineError) else DatelineError(
                        "E016", "the analysis worker did not start")
                self.ready = True
            self.conn.send((text, hints))
            limit = self.config.limit
            result = self._answer(3 * limit + self.GRACE if limit else None)
            if isinstance(result, DatelineError):
                raise result
            if isinstance(result, Article):
                return result
            # a closed pipe means the worker died, though it may not be reaped yet (is_alive() lags)
            died = result is WORKER_DIED or not self.proc.is_alive()
            self.stop()  # stuck or dead: the next request gets a fresh worker
            if died:
                raise DatelineError("E016", "the analysis worker died on this document")
            raise DatelineError("E008", f"limit {limit:g} s per phase; the analysis was stopped")
        finally:
            self.lock.release()


def _analyser_worker(conn: Any, config: Any) -> None:
    """The worker: load the models once, then analyse what the server sends, one at a time."""
    import signal

    from ..ingest import analyse_raw
    from ..readers import RawArticle
    from ..scale.local import warm

    # No parent-death signal: Linux sends it when the *thread* that started the worker ends, and a
    # restart happens on a server pool thread that may retire when idle. If the server dies, the
    # pipe closes and the next recv() ends this loop (at most one analysis, under its limit, later).
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C on the server is the server's to handle
    try:
        pipeline = warm(config.build())
    except DatelineError as exc:
        conn.send(exc)
        return
    except Exception as exc:  # noqa: BLE001 - report why rather than die silently
        conn.send(DatelineError("E016", f"analysis worker setup: {exc.__class__.__name__}: {exc}"))
        return
    conn.send(("ready",))
    while True:
        try:
            text, hints = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(analyse_raw(RawArticle(text, hints, hints.get("origin") or "POST /api/articles"), pipeline,
                              config.limit))


#: the newest migration the server's read queries need. Later ones (5: entities."group") only add
#: what the pages take from the article JSON, so an older database on a read-only disk is still served.
READ_SCHEMA = 4


def _ensure_schema(db: Path, writable: bool = False) -> None:
    """Apply pending migrations once at start-up, so an older database can be served."""
    store = Store(db, readonly=True)
    try:
        current = store.schema_version()
    finally:
        store.close()
    if current < len(MIGRATIONS):
        try:
            Store(db).close()
        except (DatelineError, sqlite3.Error) as exc:
            if current >= READ_SCHEMA and not writable:
                import logging

                logging.getLogger("dateline").warning(
                    "%s is at schema version %d and could not be migrated (%s); serving it read-only as it is",
                    db, current, exc)
                return
            raise DatelineError("E011", f"{db} is at schema version {current} and could not be migrated: {exc}")


def create_app(db: str | Path, write_token: str | None = None, analysis: Any = None) -> FastAPI:
    """The application over ``db``. Writes (``POST /api/articles``) exist only when a token is given
    here or in ``DATELINE_WRITE_TOKEN`` at start-up, and need it as ``Authorization: Bearer``.
    ``analysis`` (a ``dateline.scale.local.Config``) sets the model, dictionaries and per-document
    time limit of POSTed articles; the default is the ingest's (``DEFAULT_TIME_LIMIT``)."""
    db = Path(db)
    token = write_token if write_token is not None else os.environ.get("DATELINE_WRITE_TOKEN") or None
    _ensure_schema(db, writable=token is not None)
    readers = Readers(db)
    readers.get()  # fail now, not on the first request, if the file is not a database
    write_lock = threading.Lock()
    analyser = None
    if token is not None:
        from ..scale.local import Config

        analyser = Analyser(analysis or Config())
        analyser.start()  # models load while the server starts, not on the first POST
    app = FastAPI(title="dateline", version=__import__("dateline").__version__, docs_url=None, redoc_url=None,
                  description="Evidence-linked events, quotes, entities and places from news text. Read-only "
                              "unless started with a write token.")
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    if analyser is not None:
        app.router.on_shutdown.append(analyser.stop)

    def conn() -> sqlite3.Connection:
        return readers.get()

    @app.middleware("http")
    async def guard(request: Request, call_next):
        url_len = len(request.url.path) + len(request.url.query)
        if url_len > MAX_URL:
            response = JSONResponse({"detail": f"URL longer than {MAX_URL} characters"}, status_code=414)
        elif "%00" in request.url.query.lower() or "%00" in request.url.path.lower() or "\x00" in request.url.path:
            # SQLite ends strings at NUL in places (LIKE patterns): no parameter may hold one
            response = JSONResponse({"detail": "NUL characters are not allowed in URLs"}, status_code=400)
        else:
            length = request.headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
                response = JSONResponse({"detail": f"request body over {MAX_BODY} bytes"}, status_code=413)
            else:
                response = await call_next(request)
        # Swagger UI (vendored, served from /static/swagger) sets inline styles: allowed on /docs only
        response.headers["Content-Security-Policy"] = DOCS_CSP if request.url.path == "/docs" else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return response

    # -- API ------------------------------------------------------------------------------
    @app.get("/api/articles", summary="Search and list articles")
    def api_articles(f: ArticleParams = Depends(), limit: int = page_param(50), offset: int = offset_param()):
        """Full-text search (`q`: words, all required; `word*` for a prefix) and filters."""
        return FastJSON(Q.search_articles(conn(), f.filter(), limit, offset))

    @app.get("/api/articles/{article_id}", summary="One article, the full contract JSON")
    def api_article(article_id: str):
        return _article(conn(), article_id).to_dict()

    @app.post("/api/articles", status_code=201, summary="Analyse and store an article (needs the write token)")
    async def api_add_article(request: Request):
        """Runs the pipeline under the ingest's per-document time limit, in a worker process.
        Errors carry the catalogue code: 422 for the document (E008 over the time limit, E017
        pathological text, ...), 503 when busy or the store is locked, 500 if the worker crashed."""
        _authorise(request, token)
        body = bytearray()
        async for chunk in request.stream():  # chunked bodies have no Content-Length: count as they come
            body += chunk
            if len(body) > MAX_BODY:
                raise HTTPException(413, f"request body over {MAX_BODY} bytes")
        try:
            data = json.loads(body)
        except ValueError:
            raise HTTPException(400, "body must be JSON: {\"text\": ..., \"published\": ..., \"title\": ...}")
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise HTTPException(422, "body must be a JSON object with a string field \"text\"")
        hints = {k: data[k] for k in ("published", "title", "source", "url") if isinstance(data.get(k), str)}
        try:
            article = await run_in_threadpool(analyser.analyse, data["text"], hints)
        except DatelineError as exc:
            status = {"E016": 500}.get(exc.code, 422)
            return JSONResponse({"detail": exc.message, "code": exc.code}, status_code=status)

        def write() -> bool:
            with write_lock:
                store = Store(db)
                try:
                    return store.add(article)
                finally:
                    store.close()

        try:
            created = await run_in_threadpool(write)
        except (DatelineError, sqlite3.Error) as exc:  # e.g. an ingest holding the write lock too long
            return JSONResponse({"detail": f"[E011] store error: {exc}", "code": "E011"}, status_code=503,
                                headers={"Retry-After": "5"})
        return JSONResponse({"id": article.id, "created": created}, status_code=201 if created else 200)

    @app.get("/api/events", summary="Events with filters")
    def api_events(f: EventParams = Depends(), limit: int = page_param(50), offset: int = offset_param()):
        """Filters combine with AND. Dates select events whose own date range (not the publication
        date) overlaps `[date_from, date_to]`."""
        return FastJSON(Q.list_events(conn(), f.filter(), limit, offset))

    @app.get("/api/quotes", summary="Quotes by speaker and text")
    def api_quotes(speaker: Optional[str] = Query(None, max_length=200),
                   q: Optional[str] = Query(None, max_length=500),
                   article_id: Optional[str] = Query(None, max_length=100),
                   limit: int = page_param(50), offset: int = offset_param()):
        return FastJSON(Q.list_quotes(conn(), speaker or None, q or None, limit, offset, article_id or None))

    @app.get("/api/entities/{article_id}/{entity_id}", summary="One entity: mentions, events, quotes")
    def api_entity(article_id: str, entity_id: str):
        """Entity ids (`E1`...) are per article, so an entity is named by its article and its id.
        `elsewhere` lists other articles with an entity of the same name."""
        detail = Q.entity_detail(conn(), _article(conn(), article_id), entity_id)
        if detail is None:
            raise HTTPException(404, f"no entity {entity_id} in article {article_id}")
        return detail

    @app.get("/api/stats", summary="Counts by day/week/month, category and country")
    def api_stats(f: EventParams = Depends(),
                  bucket: str = Query("auto", pattern="^(auto|day|week|month|year)$")):
        return FastJSON(Q.stats(conn(), f.filter(), bucket))

    @app.get("/api/map", summary="Events grouped by place")
    def api_map(f: EventParams = Depends(), limit: int = Query(2000, ge=1, le=5000)):
        return FastJSON({"points": Q.map_points(conn(), f.filter(), limit)})

    @app.get("/api/network", summary="Who acts on whom, by category")
    def api_network(f: EventParams = Depends(), limit: int = Query(150, ge=1, le=500)):
        return FastJSON(Q.network(conn(), f.filter(), limit))

    @app.get("/api/info", summary="Counts and schema version")
    def api_info():
        c = conn()
        tables = ["articles", "entities", "places", "times", "quotes", "events"]
        return {"counts": {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables},
                "schema_version": c.execute("SELECT max(version) FROM schema_version").fetchone()[0],
                "writable": token is not None,
                # seconds per phase a POSTed article may take (None: no limit, or no writes)
                "time_limit": analyser.config.limit if analyser is not None else None}

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request):
        """The OpenAPI explorer, from vendored files: works offline and without inline script."""
        return templates.TemplateResponse(request, "docs.html", {})

    # -- pages ----------------------------------------------------------------------------
    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, f: ArticleParams = Depends(), offset: int = offset_param()):
        result = Q.search_articles(conn(), f.filter(), 50, offset)
        return page(request, "index.html", result=result, f=f, categories=PLOVER_CATEGORIES,
                    facets=Q.facets(conn()), query=_query(request, "offset"))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str):
        article = _article(conn(), article_id)
        names = {e.id: e.name for e in article.entities}
        return page(request, "article.html", a=article, segments=segments(article), names=names,
                    places={p.id: p for p in article.places}, times={t.id: t for t in article.times})

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request, f: EventParams = Depends(), offset: int = offset_param()):
        result = Q.list_events(conn(), f.filter(), 50, offset)
        return page(request, "events.html", result=result, f=f, categories=PLOVER_CATEGORIES,
                    facets=Q.facets(conn()), query=_query(request, "offset"))

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(request: Request, speaker: Optional[str] = Query(None, max_length=200),
                    q: Optional[str] = Query(None, max_length=500), offset: int = offset_param()):
        result = Q.list_quotes(conn(), speaker or None, q or None, 50, offset)
        return page(request, "quotes.html", result=result, speaker=speaker or "", q=q or "",
                    query=_query(request, "offset"))

    @app.get("/entities/{article_id}/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, article_id: str, entity_id: str):
        article = _article(conn(), article_id)
        detail = Q.entity_detail(conn(), article, entity_id)
        if detail is None:
            raise HTTPException(404, f"no entity {entity_id} in article {article_id}")
        return page(request, "entity.html", d=detail, a=article, names={e.id: e.name for e in article.entities})

    return app


class FastJSON(JSONResponse):
    """JSON straight from ``json.dumps``: the rows are plain dicts of str/int/float/bool/None."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _article(conn: sqlite3.Connection, article_id: str) -> Article:
    row = conn.execute("SELECT json FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        raise HTTPException(404, f"no article {article_id}")
    return Article.from_json(row[0])


def _authorise(request: Request, token: str | None) -> None:
    if token is None:
        raise HTTPException(403, "this server is read-only (start it with DATELINE_WRITE_TOKEN to allow writes)")
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise HTTPException(401, "missing or wrong write token", headers={"WWW-Authenticate": "Bearer"})


def _query(request: Request, *drop: str) -> str:
    """The current query string without ``drop`` (for pagination links; Jinja escapes it)."""
    from urllib.parse import urlencode

    return urlencode([(k, v) for k, v in request.query_params.multi_items() if k not in drop and v])
