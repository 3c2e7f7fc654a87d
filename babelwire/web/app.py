"""The web app: server-rendered pages and a JSON API over one babelwire database, read-only.

Pages: ``/`` (stories, filters, search), ``/stories/{id}`` (timeline, derivation tree, side by side),
``/articles/{id}``. API: ``/api/stories``, ``/api/stories/{id}``, ``/api/articles/{id}`` with the
CLI's ``--json`` shapes (README), ``/api/health``; OpenAPI at ``/openapi.json``.

Every request opens its own read-only connection (``Store(path, readonly=True)``): SQLite in WAL
mode gives it a consistent snapshot while ``babelwire ingest`` writes. Article text is hostile
input: templates autoescape everything, and the Content-Security-Policy allows no inline script,
no inline style and nothing from another origin.
"""
from __future__ import annotations

import re
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from babelwire import __version__
from babelwire.report import article_json
from babelwire.settings import (
    WEB_API_MAX_LIMIT,
    WEB_MAX_QUERY_CHARS,
    WEB_PAGE_SIZE,
    WEB_TIMELINE_PAGE_SIZE,
    WEB_TREE_MAX_NODES,
)
from babelwire.store import Store
from babelwire.web import compare as comparing
from babelwire.web import queries
from babelwire.web.search import LeadVectors, search

HERE = Path(__file__).parent
ARTICLE_ID = r"^[0-9a-f]{16}$"
STORY_ID_MAX = 2**63 - 1
LANG = r"^([a-z]{2,3}(-[A-Za-z0-9]{2,8})?)?$"
DATE = r"^(\d{4}-\d{2}-\d{2})?$"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class DatabaseUnavailable(RuntimeError):
    """The database cannot be opened read-only (missing, or its WAL files cannot be created)."""


def open_readonly(db_path: str | Path) -> Store:
    """``Store(path, readonly=True)``, checked with a query, with an error a person can act on.

    A read-only connection to a WAL database needs ``DB-wal`` and ``DB-shm`` beside it, or the right
    to create them: SQLite cannot read a WAL database without its shared-memory index.
    """
    try:
        store = Store(db_path, readonly=True)
    except FileNotFoundError as error:
        raise DatabaseUnavailable(str(error)) from None
    try:
        store.db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        store.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone()
    except sqlite3.Error as error:
        store.close()
        path = Path(db_path)
        raise DatabaseUnavailable(
            f"cannot read {path} read-only ({error}). A WAL-mode database needs {path.name}-wal and "
            f"{path.name}-shm beside it, or write permission on {path.parent} so SQLite can create them: "
            f"run `babelwire ingest` (or any writer) on it once as its owner, or give this user write "
            f"access to the directory."
        ) from None
    return store


def outlet(member: dict[str, Any]) -> str:
    """Who published it: the source, else the URL's host, else the folder the file came from."""
    if member.get("source"):
        return member["source"]
    url = member.get("url")
    if url:
        host = urlsplit(url).hostname
        if host:
            return host
    path = member.get("path") or ""
    parts = [p for p in re.split(r"[\\/]", path.split(":", 1)[0]) if p]
    return parts[-2] if len(parts) >= 2 else (parts[-1] if parts else "—")


def safe_url(url: Optional[str]) -> Optional[str]:
    """``url`` when it is http(s); anything else (``javascript:``, ``data:``) is not made a link."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


class WebState:
    def __init__(self, db_path: str | Path):
        self.db_path = Path(db_path)
        self.summaries = queries.StorySummaries()
        self.vectors = LeadVectors()

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A read-only store for one request (sqlite3 connections stay on the thread that made them)."""
        store = open_readonly(self.db_path)
        try:
            yield store
        finally:
            store.close()


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["outlet"] = outlet
    env.filters["safe_url"] = safe_url
    env.globals["version"] = __version__
    return env


def _blank(value: Optional[str]) -> Optional[str]:
    return value.strip() or None if value is not None else None


def warm_up(state: "WebState") -> None:
    """Build the story summaries and lead vectors and load the query model, so the first visitor
    does not wait for them (about 2 s and 3 s at 100k articles). Errors surface on requests."""
    try:
        with state.store() as store:
            state.summaries.refresh(store.db)
            state.vectors.refresh(store.db)
        from babelwire.web.search import embed_query, query_language

        embed_query("warm-up")
        query_language("warm-up")
    except Exception:   # noqa: BLE001 - a request will report it with its reason
        pass


def create_app(db_path: str | Path, allowed_hosts: Optional[set[str]] = None, warm: bool = False) -> FastAPI:
    """The app over ``db_path``. ``allowed_hosts``: Host header names accepted (None: any); a server
    bound to loopback accepts only loopback names, so a web page elsewhere cannot reach it by DNS
    rebinding. ``warm``: build the in-memory indexes in a background thread at start."""
    app = FastAPI(
        title="babelwire", version=__version__, docs_url=None, redoc_url=None,   # their pages load a CDN
        description="Stories across languages: the CLI's --json shapes over HTTP (read-only).",
    )
    state = WebState(db_path)
    app.state.web = state
    if warm:
        threading.Thread(target=warm_up, args=(state,), name="babelwire-warm-up", daemon=True).start()
    env = _templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(name: str, code: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=code)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if allowed_hosts is not None:
            host = request.headers.get("host", "")
            name = host[1:].split("]")[0] if host.startswith("[") else host.rsplit(":", 1)[0] if ":" in host else host
            if name.lower() not in allowed_hosts:
                return Response("Invalid host header", status_code=400, media_type="text/plain")
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return page("error.html", exc.status_code, status=exc.status_code, message=str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = [f"{'.'.join(map(str, e['loc'][1:])) or e['loc'][0]}: {e['msg']}" for e in exc.errors()]
        if wants_json(request):
            return JSONResponse({"detail": problems}, status_code=422)
        return page("error.html", 422, status=422, message="Invalid request: " + "; ".join(problems))

    @app.exception_handler(DatabaseUnavailable)
    async def unavailable(request: Request, exc: DatabaseUnavailable):
        if wants_json(request):
            return JSONResponse({"detail": str(exc)}, status_code=503)
        return page("error.html", 503, status=503, message=str(exc))

    def not_found(what: str) -> StarletteHTTPException:
        return StarletteHTTPException(404, f"no {what} in this database")

    # --- shared readers -------------------------------------------------------------------------
    def story_list(store: Store, filters: queries.Filters, q: Optional[str], offset: int, limit: int):
        state.summaries.refresh(store.db)
        hits = None
        if q:
            hits = search(store.db, state.vectors, q)
            total, rows = state.summaries.page(filters, offset, limit, only=[h.story_id for h in hits])
        else:
            total, rows = state.summaries.page(filters, offset, limit)
        by_story = {h.story_id: h for h in hits} if hits is not None else {}
        return total, rows, by_story

    def filters_of(lang, source, date_from, date_to) -> queries.Filters:
        return queries.Filters(_blank(lang), _blank(source), _blank(date_from), _blank(date_to))

    # --- pages ----------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        q: Optional[str] = Query(None, max_length=WEB_MAX_QUERY_CHARS),
        lang: Optional[str] = Query(None, pattern=LANG, max_length=12),
        source: Optional[str] = Query(None, max_length=200),
        date_from: Optional[str] = Query(None, alias="from", pattern=DATE),
        date_to: Optional[str] = Query(None, alias="to", pattern=DATE),
        page_no: int = Query(1, alias="page", ge=1, le=10**6),
    ):
        filters = filters_of(lang, source, date_from, date_to)
        q = _blank(q)
        with state.store() as store:
            total, rows, hits = story_list(store, filters, q, (page_no - 1) * WEB_PAGE_SIZE, WEB_PAGE_SIZE)
        params = {k: v for k, v in (("q", q), ("lang", filters.lang), ("source", filters.source),
                                    ("from", filters.date_from), ("to", filters.date_to)) if v}
        return page(
            "stories.html", stories=rows, hits=hits, total=total, q=q or "", filters=filters,
            page=page_no, pages=max(1, -(-total // WEB_PAGE_SIZE)), query_string=urlencode(params),
            languages=state.summaries.languages, sources=[s for s, _ in state.summaries.sources[:200]],
            n_articles=state.summaries.n_articles, n_stories=len(state.summaries.ordered),
        )

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(
        story_id: int = PathParam(..., ge=1, le=STORY_ID_MAX),
        pair: Optional[str] = Query(None, pattern=r"^([0-9a-f]{16})?$"),
        tpage: int = Query(1, ge=1, le=10**6),
        sentences: bool = Query(False),
    ):
        with state.store() as store:
            state.summaries.refresh(store.db)
            summary = state.summaries.by_id.get(story_id)   # not story_row: a story may have 100k members
            if summary is None:
                raise not_found(f"story {story_id}")
            row = summary.row([])
            n = summary.count
            timeline = queries.members(store.db, story_id, (tpage - 1) * WEB_TIMELINE_PAGE_SIZE,
                                       WEB_TIMELINE_PAGE_SIZE, order="time")
            nodes, _ = queries.derivation_nodes(store.db, story_id, WEB_TREE_MAX_NODES)
            tree = queries.derivation_tree(nodes)
            derived = [m for m in nodes if m["derived_from"]]
            chosen = _blank(pair) or (derived[0]["id"] if derived else None)
            comparison = None
            debris: dict[str, list] = {}
            if chosen:
                d_article = store.article(chosen)
                if d_article is None or d_article.story_id != story_id:
                    raise not_found(f"article {chosen} in story {story_id}")
                if d_article.derived_from:
                    s_article = store.article(d_article.derived_from)
                    if s_article is not None:
                        comparison = comparing.compare(store, d_article, s_article, want_sentences=sentences)
                        for a in (comparison.source, comparison.derived):
                            debris[a.id] = [{"reason": s.reason, "text": s.text} for s in a.removed]
        return page(
            "story.html", story=row, n=n, timeline=timeline, tpage=tpage,
            tpages=max(1, -(-n // WEB_TIMELINE_PAGE_SIZE)), tree=tree, tree_truncated=n > len(nodes),
            derived=derived, chosen=chosen, comparison=comparison, debris=debris, sentences=sentences,
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str = PathParam(..., pattern=ARTICLE_ID)):
        with state.store() as store:
            article = store.article(article_id)
            if article is None:
                raise not_found(f"article {article_id}")
            data = article_json(article)
            source = store.article(article.derived_from) if article.derived_from else None
            derived_here = [
                dict(r) for r in store.db.execute(
                    "SELECT id, lang, title FROM articles WHERE story_id=? AND derived_from=? ORDER BY seq LIMIT 100",
                    (article.story_id, article_id),
                )
            ]
        raw = comparing.raw_with_debris(article.raw or "", data["removed"])
        return page("article.html", a=data, raw=raw, source=source, derived_here=derived_here,
                    outlet=outlet(data))

    # --- API ----------------------------------------------------------------------------------
    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """Whether the database can be read, and how many articles it holds."""
        with state.store() as store:
            n = store.db.execute("SELECT MAX(rowid) FROM articles").fetchone()[0] or 0
        return {"ok": True, "db": str(state.db_path), "max_rowid": n, "version": __version__}

    @app.get("/api/stories", tags=["stories"])
    def api_stories(
        response: Response,
        request: Request,
        q: Optional[str] = Query(None, max_length=WEB_MAX_QUERY_CHARS,
                                 description="Search by meaning (any language) and keyword."),
        lang: Optional[str] = Query(None, pattern=LANG, max_length=12),
        source: Optional[str] = Query(None, max_length=200),
        date_from: Optional[str] = Query(None, alias="from", pattern=DATE),
        date_to: Optional[str] = Query(None, alias="to", pattern=DATE),
        limit: int = Query(WEB_PAGE_SIZE, ge=1, le=WEB_API_MAX_LIMIT),
        offset: int = Query(0, ge=0, le=10**9),
    ) -> list[dict[str, Any]]:
        """Stories newest first, as `babelwire stories --json` (a list; the total is in X-Total-Count).

        With `q`, best match first, and each object gains `match`: `{score, meaning, keyword, articles, languages}`.
        """
        filters = filters_of(lang, source, date_from, date_to)
        q = _blank(q)
        with state.store() as store:
            total, rows, hits = story_list(store, filters, q, offset, limit)
            ids = queries.article_ids(store.db, [r.id for r in rows])   # the schema lists every member
        out = []
        for s in rows:
            item = s.row(ids[s.id])
            if q:
                h = hits[s.id]
                item["match"] = {"score": round(h.score, 4), "meaning": None if h.meaning is None else round(h.meaning, 4),
                                 "keyword": h.keyword, "articles": h.articles[:20], "languages": h.languages}
            out.append(item)
        response.headers["X-Total-Count"] = str(total)
        if offset + limit < total:
            nxt = dict(request.query_params)
            nxt["offset"] = str(offset + limit)
            response.headers["Link"] = f'</api/stories?{urlencode(nxt)}>; rel="next"'
        return out

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def api_story(
        response: Response,
        story_id: int = PathParam(..., ge=1, le=STORY_ID_MAX),
        limit: int = Query(WEB_API_MAX_LIMIT, ge=1, le=WEB_API_MAX_LIMIT, description="Members per page."),
        offset: int = Query(0, ge=0, le=10**9),
    ) -> dict[str, Any]:
        """One story as `babelwire show STORY --json`: the stories object plus `members` (paged)."""
        with state.store() as store:
            data = queries.story_json(store.db, story_id, offset, limit)
        if data is None:
            raise not_found(f"story {story_id}")
        response.headers["X-Total-Count"] = str(len(data["articles"]))
        return data

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(article_id: str = PathParam(..., pattern=ARTICLE_ID)) -> dict[str, Any]:
        """One article as `babelwire show ARTICLE_ID --json`."""
        with state.store() as store:
            article = store.article(article_id)
        if article is None:
            raise not_found(f"article {article_id}")
        return article_json(article)

    return app
