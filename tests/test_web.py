"""The web UI and API, tested over real HTTP against `babelwire serve` running as a subprocess.

One server (session-scoped, shared with tests/test_browser.py) serves a copy of the seeds database;
while it serves, `babelwire ingest` adds a hostile article to the same file (WAL): the requests made
meanwhile are the concurrency test, the article the escaping test.
"""
from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

HINDI_ID = "26f6055a67e583cf"
ENGLISH_ID = "03cf51798c567e09"
HINDI_QUERY = "रूस ने यूक्रेन पर उत्तर कोरियाई मिसाइलें दागीं"   # "Russia fired North Korean missiles at Ukraine"
LONG_LINE = "W" * 10_000
HOSTILE = {
    "id": "hostile-1",
    "title": "<script>alert('title')</script> Harbour <b>ferries</b> resume",
    "url": "javascript:alert(document.cookie)",
    "source": "<img src=x onerror=alert('source')>",
    "published": "2025-06-01T10:00:00",
    "text": "\n\n".join([
        "The harbour authority of Port Example said on Monday that ferries will resume next week "
        "after storm repairs. <script>alert('xss')</script>",
        "<img src=x onerror=alert('img')> A spokesperson said the repairs cost 4 million euros and "
        "took eleven weeks.",
        "Details: <a href=\"javascript:alert('link')\">click here</a> or [here](javascript:alert('md')) "
        "for the timetable of the ferries.",
        LONG_LINE,
    ]),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes
    elapsed: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


def fetch(url: str, headers: dict | None = None, timeout: float = 60) -> Reply:
    request = urllib.request.Request(url, headers=headers or {})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return Reply(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read(), time.perf_counter() - start)
    except urllib.error.HTTPError as e:
        return Reply(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read(), time.perf_counter() - start)


def copy_db(src: Path, dst: Path) -> Path:
    """A consistent copy (SQLite backup, whatever WAL state the source is in), in WAL mode, closed."""
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(dst)
    source.backup(target)
    source.close()
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    return dst


@dataclass
class Server:
    url: str
    db: Path
    process: subprocess.Popen
    during_ingest: list = field(default_factory=list)   # (path, status, seconds) fetched while ingesting
    ingest: subprocess.CompletedProcess | None = None

    def get(self, path: str, **kw) -> Reply:
        return fetch(self.url + path, **kw)


def start_server(db: Path, cwd: Path = ROOT) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "babelwire.cli", "serve", "--db", str(db), "--port", str(port)],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}", db, process)
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"babelwire serve exited: {process.stdout.read().decode()}")
        try:
            if server.get("/api/health", timeout=2).status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("babelwire serve did not answer within 60 s")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def served(seeds_db, tmp_path_factory):
    """`babelwire serve` on a copy of the seeds database, after an ingest ran into it while serving."""
    work = tmp_path_factory.mktemp("web")
    db = copy_db(seeds_db, work / "web.db")
    hostile = work / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    server = start_server(db)
    try:
        ingest = subprocess.Popen(
            [sys.executable, "-m", "babelwire.cli", "ingest", str(hostile), "--db", str(db), "--json"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        paths = ["/", "/api/stories", "/stories/1", f"/articles/{HINDI_ID}", "/api/stories/1"]
        i = 0
        while ingest.poll() is None:
            path = paths[i % len(paths)]
            reply = server.get(path)
            server.during_ingest.append((path, reply.status, reply.elapsed))
            i += 1
            time.sleep(0.05)
        out, err = ingest.communicate()
        server.ingest = subprocess.CompletedProcess(ingest.args, ingest.returncode, out, err)
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="session")
def hostile_id(served) -> str:
    stories = served.get("/api/stories").json()
    for story in stories:
        for article_id in story["articles"]:
            if article_id not in (HINDI_ID, ENGLISH_ID):
                return article_id
    raise AssertionError(f"the hostile article is not served: {stories}")


# --- the CLI command ------------------------------------------------------------------------------
def test_serve_is_documented_and_binds_loopback_by_default():
    help_text = run_cli("serve", "--help").stdout.decode()
    assert "--host" in help_text and "default: 127.0.0.1" in help_text
    assert "--port" in help_text and "--db" in help_text


def test_serve_refuses_a_missing_database(tmp_path):
    proc = run_cli("serve", "--db", str(tmp_path / "none.db"), "--port", str(free_port()), check=False)
    assert proc.returncode != 0
    assert "no such database" in proc.stderr.decode()


# --- concurrency: serving while ingest writes ------------------------------------------------------
def test_serving_while_ingest_writes(served):
    assert served.ingest.returncode == 0, served.ingest.stderr.decode()
    assert json.loads(served.ingest.stdout)["stored"] == 1
    assert len(served.during_ingest) >= 5, "the ingest finished before the server was asked anything"
    failures = [(p, s) for p, s, _ in served.during_ingest if s != 200]
    assert not failures, failures
    assert max(t for _, _, t in served.during_ingest) < 10
    # the article the ingest committed is served without a restart
    assert sum(len(s["articles"]) for s in served.get("/api/stories").json()) == 3


def test_reads_are_not_blocked_by_an_open_write_transaction(served):
    writer = sqlite3.connect(served.db, timeout=5)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO stories(title, created_at, updated_at) VALUES ('pending', 'x', 'x')")
        for path in ("/", "/stories/1", "/api/stories/1", f"/api/articles/{HINDI_ID}"):
            reply = served.get(path, timeout=10)
            assert reply.status == 200, path
            assert reply.elapsed < 5, (path, reply.elapsed)
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def _as_nobody(fn) -> tuple[int, str]:
    """Run ``fn()`` in a forked child with root's privileges dropped; (exit code, message)."""
    try:
        nobody = pwd.getpwnam("nobody")
        uid, gid = nobody.pw_uid, nobody.pw_gid
    except KeyError:
        uid = gid = 65534
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:   # child: no pytest machinery from here on
        os.close(read)
        code, message = 0, ""
        try:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            message = str(fn())
        except BaseException as error:   # noqa: BLE001 - reported to the parent
            code, message = 1, f"{type(error).__name__}: {error}"
        os.write(write, message.encode()[:60000])
        os._exit(code)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode()


def test_readonly_open_needs_the_wal_files_to_exist_or_be_creatable(seeds_db):
    """SQLite reads a WAL database read-only only with DB-wal and DB-shm beside it, or the right to
    create them. The web app opens read-only, works in both cases, and says what to do otherwise."""
    from babelwire.web import DatabaseUnavailable, open_readonly

    def count(path):
        with open_readonly(path) as store:
            return store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    folder = Path(tempfile.mkdtemp(prefix="babelwire-ro-"))   # not under pytest's 0700 tmp: others must reach it
    try:
        db = copy_db(seeds_db, folder / "ro.db")
        os.chmod(folder, 0o755)
        os.chmod(db, 0o644)
        assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()
        # 1. no WAL files, writable folder: the read-only connection creates them
        assert count(db) == 2
        assert Path(f"{db}-wal").exists() and Path(f"{db}-shm").exists()
        for suffix in ("-wal", "-shm"):
            Path(f"{db}{suffix}").unlink()

        # 2. no WAL files and a folder this user cannot write to: a clear error, not a crash
        os.chmod(folder, 0o555)
        if os.geteuid() == 0:
            code, message = _as_nobody(lambda: count(db))
            assert code == 1, message
        else:
            with pytest.raises(DatabaseUnavailable) as error:
                count(db)
            message = str(error.value)
        assert "DatabaseUnavailable" in message or "-wal" in message
        assert "ro.db-wal" in message and "ro.db-shm" in message

        # 3. the files exist (a writer has the database open), folder still read-only: reads work
        os.chmod(folder, 0o755)
        writer = sqlite3.connect(db)
        writer.execute("SELECT COUNT(*) FROM articles").fetchone()
        for suffix in ("-wal", "-shm"):
            os.chmod(f"{db}{suffix}", 0o644)
        os.chmod(folder, 0o555)
        try:
            if os.geteuid() == 0:
                code, message = _as_nobody(lambda: count(db))
                assert (code, message) == (0, "2")
            else:
                assert count(db) == 2
        finally:
            os.chmod(folder, 0o755)
            writer.close()
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder, ignore_errors=True)


# --- pages ------------------------------------------------------------------------------------------
def test_stories_page_lists_the_seed_story(served):
    reply = served.get("/")
    assert reply.status == 200 and reply.headers["content-type"].startswith("text/html")
    html = reply.text
    assert "Kremlin has ‘no comment’" in html
    assert 'href="/stories/1"' in html
    assert '<span class="lang">en</span><span class="lang">hi</span>' in html
    assert "2024-01-09T17:53:00" in html


def test_stories_page_filters(served):
    assert "/stories/1" in served.get("/?lang=hi").text
    assert "/stories/1" not in served.get("/?lang=fr").text
    assert "/stories/1" in served.get("/?from=2024-01-01&to=2024-01-31").text
    assert "/stories/1" not in served.get("/?from=2025-01-01").text
    empty = served.get("/?q=&lang=&source=&from=&to=")      # an empty form submits empty fields
    assert empty.status == 200 and "/stories/1" in empty.text
    api = served.get("/api/stories?source=" + urllib.parse.quote(HOSTILE["source"])).json()
    assert len(api) == 1 and api[0]["id"] != 1


def test_search_in_hindi_finds_the_english_article(served):
    reply = served.get("/api/stories?q=" + urllib.parse.quote(HINDI_QUERY))
    assert reply.status == 200
    results = reply.json()
    assert results and results[0]["id"] == 1, results
    match = results[0]["match"]
    assert match["meaning"] is not None and ENGLISH_ID in match["articles"] and "en" in match["languages"]
    html = served.get("/?q=" + urllib.parse.quote(HINDI_QUERY)).text
    assert 'href="/stories/1"' in html and "meaning" in html


def test_search_by_keyword(served):
    results = served.get("/api/stories?q=Peskov").json()
    assert [r["id"] for r in results][:1] == [1] and results[0]["match"]["keyword"]
    assert served.get("/api/stories?q=" + urllib.parse.quote("100% _nothing_ \\ here")).status == 200


def test_story_page_shows_timeline_tree_and_side_by_side(served):
    html = served.get("/stories/1").text
    for needle in (f'href="/articles/{HINDI_ID}"', f'href="/articles/{ENGLISH_ID}"', "Timeline", "Derivation",
                   'id="compare-grid"', 'class="side-head source" lang="en"', 'class="side-head derived" lang="hi"',
                   "Reuters (inferred)", "अभिनय आकाश"):
        assert needle in html, needle
    # aligned rows, a paragraph the rewrite dropped, and facts marked in both languages
    assert 'class="cell source kept' in html or 'class="cell source changed' in html
    assert 'class="cell source dropped' in html
    assert '<mark class="fact-kept">पुतिन</mark>' in html or '<mark class="fact-kept">व्लादिमीर पुतिन</mark>' in html
    assert '<mark class="fact-dropped">' in html
    # the debris toggle and what the clean stage removed, with reasons
    assert 'id="debris-toggle"' in html and "read-also link" in html and "We&#39;re now on WhatsApp" in html


def test_story_page_picks_a_derived_article(served):
    assert served.get(f"/stories/1?pair={HINDI_ID}").status == 200
    assert served.get(f"/stories/1?pair={ENGLISH_ID}").status == 200   # derives from nothing: no comparison
    assert served.get("/stories/1?pair=0123456789abcdef").status == 404
    assert served.get(f"/stories/1?tpage=2").status == 200


def test_article_page(served):
    html = served.get(f"/articles/{HINDI_ID}").text
    for needle in ("अभिनय आकाश", "Reuters (inferred)", f'href="/articles/{ENGLISH_ID}"', "Removed by the clean stage (9)",
                   '<span class="reason">promo</span>', "name:putin", "<del class=\"debris\"", "Entities"):
        assert needle in html, needle


# --- JSON API ---------------------------------------------------------------------------------------
def test_api_has_the_cli_json_shapes(served):
    db = str(served.db)
    cli_stories = {s["id"]: s for s in json.loads(run_cli("stories", "--db", db, "--json").stdout)}
    api_stories = {s["id"]: s for s in served.get("/api/stories").json()}
    assert api_stories == cli_stories
    assert served.get("/api/stories/1").json() == json.loads(run_cli("show", "1", "--db", db, "--json").stdout)
    assert served.get(f"/api/articles/{HINDI_ID}").json() == json.loads(
        run_cli("show", HINDI_ID, "--db", db, "--json").stdout)


def test_api_pagination(served):
    first = served.get("/api/stories?limit=1")
    assert first.headers["x-total-count"] == "2" and len(first.json()) == 1
    assert 'rel="next"' in first.headers["link"]
    second = served.get("/api/stories?limit=1&offset=1").json()
    assert second[0]["id"] != first.json()[0]["id"]
    assert served.get("/api/stories?limit=100000").status == 422
    members = served.get("/api/stories/1?limit=1")
    assert len(members.json()["members"]) == 1 and members.headers["x-total-count"] == "2"


def test_openapi_is_served_and_no_page_needs_a_cdn(served):
    spec = served.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}"} <= set(spec["paths"])
    assert served.get("/docs").status == 404 and served.get("/redoc").status == 404   # they load a CDN
    for path in ("/", "/stories/1", f"/articles/{HINDI_ID}", "/?q=Kremlin"):
        html = served.get(path).text
        for attr in re.findall(r'<(?:script|link|img|iframe)\b[^>]*>', html):
            assert "//" not in attr, attr
    for asset in ("/static/style.css", "/static/app.js"):
        assert served.get(asset).status == 200


# --- hostile input and validation -------------------------------------------------------------------
class _Tags(HTMLParser):
    """Every element and attribute a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _assert_inert(html: str) -> None:
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("img", "iframe", "object", "embed", "b"), (tag, attrs)
        if tag == "script":
            assert attrs.get("src") == "/static/app.js", attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "action", "formaction"):
                assert not value.strip().lower().startswith(("javascript:", "data:")), (tag, name, value)


def test_hostile_article_is_escaped_everywhere(served, hostile_id):
    article = served.get(f"/articles/{hostile_id}")
    assert article.status == 200
    csp = article.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert article.headers["x-content-type-options"] == "nosniff"
    html = article.text
    _assert_inert(html)
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(&#39;img&#39;)&gt;" in html
    assert "javascript:alert(document.cookie)" in html          # shown as text, not as a link
    assert LONG_LINE in html                                     # the 10,000-character line, whole
    story_id = served.get(f"/api/articles/{hostile_id}").json()["story"]
    for path in ("/", f"/stories/{story_id}", "/?q=" + urllib.parse.quote("Harbour ferries"),
                 "/?source=" + urllib.parse.quote(HOSTILE["source"])):
        reply = served.get(path)
        assert reply.status == 200, path
        _assert_inert(reply.text)
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in served.get("/").text
    # the stylesheet wraps unbreakable lines instead of widening the page
    assert "overflow-wrap: anywhere" in served.get("/static/style.css").text
    # the API returns the text as data, unchanged
    assert LONG_LINE in served.get(f"/api/articles/{hostile_id}").json()["paragraphs"]


@pytest.mark.parametrize("path, status", [
    ("/stories/abc", 422),
    ("/stories/1%20OR%201=1", 422),
    ("/stories/-1", 422),
    ("/stories/99999999999999999999", 422),
    ("/stories/424242", 404),
    ("/articles/xyz", 422),
    ("/articles/0123456789ABCDEF", 422),
    ("/articles/0123456789abcde'", 422),
    ("/articles/..%2F..%2Fetc%2Fpasswd", 404),
    ("/articles/0123456789abcdef", 404),
    ("/api/stories/abc", 422),
    ("/api/articles/0123456789abcdeg", 422),
    ("/api/articles/0123456789abcdef", 404),
    ("/static/..%2F..%2Fstore.py", 404),
    ("/?lang=en';DROP%20TABLE%20articles;--", 422),
    ("/?from=yesterday", 422),
    ("/?page=0", 422),
    ("/stories/1?pair=../../x", 422),
])
def test_ids_and_parameters_are_validated(served, path, status):
    reply = served.get(path)
    assert reply.status == status, (path, reply.status, reply.body[:300])
    assert "Traceback" not in reply.text


def test_query_length_is_limited(served):
    assert served.get("/?q=" + "a" * 201).status == 422
    assert served.get("/api/stories?q=" + "a" * 201).status == 422
    assert served.get("/?q=" + "a" * 200).status == 200


def test_host_header_must_be_loopback(served):
    assert served.get("/api/health", headers={"Host": "evil.example"}).status == 400
    assert served.get("/api/health", headers={"Host": f"localhost:{served.url.rsplit(':', 1)[1]}"}).status == 200
