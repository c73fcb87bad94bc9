"""The HTTP API and web UI: a read-only shell over the store.

Article text is untrusted: pages are rendered by Jinja2 with autoescaping, highlights are built
as (text, annotation) segments, never by inserting markup into the article's characters.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..model import Article
from ..store import Store

HERE = Path(__file__).parent
MAX_PAGE = 200  # responses stay bounded whatever a client asks for


def segments(article: Article) -> list[dict]:
    """Split the text into runs, each with the annotations covering it (outermost first)."""
    spans = []
    for e in article.entities:
        for m in e.mentions:
            spans.append((m.start, m.end, "entity " + e.type.lower(), f"{e.type}: {e.name}" +
                          (f" ({e.actor.code})" if e.actor else "")))
    for t in article.times:
        spans.append((t.start, t.end, "time", f"{t.type}: {t.value}"))
    for q in article.quotes:
        spans.append((q.start, q.end, "quote", f"{q.kind} quote, speaker: {q.speaker_name or 'unknown'}"))
    for ev in article.events:
        spans.append((ev.evidence.start, ev.evidence.end, f"event ev-{ev.id}", f"{ev.category} ({ev.date.value})"))
    bounds = sorted({0, len(article.text), *[s for s, _, _, _ in spans], *[e for _, e, _, _ in spans]})
    out = []
    for a, b in zip(bounds, bounds[1:]):
        if a >= b:
            continue
        covering = [s for s in spans if s[0] <= a and b <= s[1]]
        out.append({"text": article.text[a:b], "classes": " ".join(c for _, _, c, _ in covering),
                    "title": "; ".join(t for _, _, _, t in covering)})
    return out


def create_app(db: str | Path) -> FastAPI:
    store = Store(db, readonly=True)
    app = FastAPI(title="dateline", version=__import__("dateline").__version__)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.get("/api/articles")
    def api_articles(limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)):
        return {"items": store.list_articles(limit, offset), "limit": limit, "offset": offset,
                "total": store.counts()["articles"]}

    @app.get("/api/articles/{article_id}")
    def api_article(article_id: str):
        article = store.get(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id}")
        return article.to_dict()

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request, offset: int = Query(0, ge=0)):
        return templates.TemplateResponse(request, "index.html", {
            "articles": store.list_articles(50, offset), "offset": offset})

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(request: Request, article_id: str):
        article = store.get(article_id)
        if article is None:
            raise HTTPException(404, f"no article {article_id}")
        names = {e.id: e.name for e in article.entities}
        return templates.TemplateResponse(request, "article.html", {
            "a": article, "segments": segments(article), "names": names})

    return app
