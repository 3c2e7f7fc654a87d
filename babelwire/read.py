"""read: files, directories, globs and stdin in; :class:`Article` records out.

The first stage. Every input becomes either an :class:`Article` (raw text, title,
body, and whatever metadata the input itself supplied) or a :class:`ReadError`
naming the file (and line, for JSON lines) and saying why. Nothing here raises
for bad input, and one bad file or line never stops the batch.

Formats by suffix (:data:`FORMAT_BY_SUFFIX`): plain text (first non-empty line
= title), HTML (trafilatura), JSON lines (one article per line, streamed). Stdin,
unknown suffixes and *no* suffix (pages saved by ``wget`` often have none) are
sniffed: ``{`` → JSON lines, ``<`` → HTML, anything else → text.
"""
from __future__ import annotations

import codecs
import glob
import io
import json
import os
import re
import stat
import sys
from datetime import datetime, timezone
from typing import BinaryIO, Iterable, Iterator, Optional, Union
from urllib.parse import urlsplit


from babelwire import settings
from babelwire.article import Article, ReadError, content_id
from babelwire.decode import SNIFF_BYTES, declared_charset, decode, detect, repair
from babelwire.extract import HTML_DATE_FORMAT, extract_html

__all__ = ["expand_paths", "read"]

FORMAT_BY_SUFFIX = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
}
# Skipped only while walking a directory (or matched by a glob that does not
# spell the suffix out): the store's own files, bytecode, editor backups and
# ``.json`` manifests (package.json, metadata.json) sit beside articles and are
# never articles. A file named explicitly is always read. Images, PDFs and the
# like are *not* skipped: they come back as "binary file, not text", so nothing
# disappears silently.
SKIP_IN_DIRECTORIES = (".db", ".db-wal", ".db-shm", ".db-journal", ".sqlite", ".sqlite3",
                       ".pyc", ".pyo", ".json", ".usearch", "~")
JSONL_FIELDS = ("id", "text", "title", "url", "published", "source", "lang", "byline")

_NON_SPACE = re.compile(r"\S")
_GLOB_MAGIC = re.compile(r"[*?[]")


# --- paths ------------------------------------------------------------------

def expand_paths(paths: Iterable[str]) -> Iterator[Union[str, ReadError]]:
    """Turn arguments into file paths, in order: files as given, directories
    walked recursively in name order (hidden entries and :data:`SKIP_IN_DIRECTORIES`
    skipped, symlinked directories not followed), globs with ``**`` expanded,
    ``-`` passed through for stdin. Missing paths and empty globs come back as
    :class:`ReadError`; readability is checked later, by :func:`read`."""
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            yield from _walk(path)
        elif os.path.lexists(path):
            yield path
        elif _GLOB_MAGIC.search(path):
            yield from _expand_glob(path)
        else:
            yield ReadError(path, "no such file or directory")


def _walk(top: str) -> Iterator[Union[str, ReadError]]:
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except OSError as e:
        yield ReadError(top, _os_reason(e))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path)
        elif not entry.is_dir() and not _skipped(entry.name):
            yield entry.path


def _expand_glob(pattern: str) -> Iterator[Union[str, ReadError]]:
    wanted_suffix = os.path.splitext(pattern)[1].lower()
    seen: set[str] = set()   # "dir/**" matches dir/ and everything under it
    matched = False
    for match in sorted(glob.glob(pattern, recursive=True)):
        items = _walk(match) if os.path.isdir(match) else [match]
        for item in items:
            if isinstance(item, str):
                name = os.path.basename(item)
                if item in seen or (_skipped(name) and not name.lower().endswith(wanted_suffix or "\0")):
                    continue
                seen.add(item)
            matched = True
            yield item
    if not matched:
        yield ReadError(pattern, "no files match this pattern")


def _skipped(name: str) -> bool:
    return name.lower().endswith(SKIP_IN_DIRECTORIES)


# --- the stage --------------------------------------------------------------

def read(paths: Iterable[str], stdin: Optional[BinaryIO] = None) -> Iterator[Union[Article, ReadError]]:
    """Read every input named in ``paths`` (see :func:`expand_paths`) and yield
    an :class:`Article` or a :class:`ReadError` for each article, in input order.
    ``-`` reads ``stdin`` (default: ``sys.stdin.buffer``)."""
    for item in expand_paths(paths):
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            if item == "-":
                stream = stdin if stdin is not None else sys.stdin.buffer
                yield from _read_stream(stream, "-", fmt=None, size=None)
            else:
                yield from _read_file(item)
        except OSError as e:
            yield ReadError(item, _os_reason(e))
        except Exception as e:  # a library choking on one odd file must not end the batch
            yield ReadError(item, f"unexpected error: {type(e).__name__}: {e}")


def _read_file(path: str) -> Iterator[Union[Article, ReadError]]:
    st = os.stat(path)
    suffix = os.path.splitext(path)[1].lower()
    fmt = FORMAT_BY_SUFFIX.get(suffix)
    if st.st_size == 0 and stat.S_ISREG(st.st_mode):
        yield ReadError(path, "empty file")
        return
    # Refuse an oversized text/HTML file from its size alone, before opening it.
    if fmt in ("text", "html") and st.st_size > settings.MAX_ARTICLE_BYTES:
        yield ReadError(path, _too_large(st.st_size))
        return
    with open(path, "rb") as f:
        yield from _read_stream(f, path, fmt, st.st_size if stat.S_ISREG(st.st_mode) else None)


def _read_stream(stream: BinaryIO, name: str, fmt: Optional[str],
                 size: Optional[int]) -> Iterator[Union[Article, ReadError]]:
    head = stream.read(SNIFF_BYTES) or b""
    buffered = io.BufferedReader(_Prefixed(head, stream), buffer_size=1 << 16)
    fmt = fmt or _sniff(head)
    if fmt == "jsonl":
        yield from _read_jsonl(buffered, name)
        return
    if size is not None and size > settings.MAX_ARTICLE_BYTES:   # sniffed, unknown suffix
        yield ReadError(name, _too_large(size))
        return
    data = buffered.read(settings.MAX_ARTICLE_BYTES + 1)
    if len(data) > settings.MAX_ARTICLE_BYTES:   # a pipe, or a file that grew
        total = len(data) + _drain(buffered)
        yield ReadError(name, _too_large(total))
        return
    yield _read_document(data, name, fmt)


def _read_document(data: bytes, name: str, fmt: str) -> Union[Article, ReadError]:
    if not data.strip():
        return ReadError(name, "empty file")
    declared = declared_charset(data) if fmt == "html" else None
    decoded = decode(data, declared)
    if isinstance(decoded, str):
        return ReadError(name, decoded)
    text, encoding, repairs = decoded
    if not text.strip():
        return ReadError(name, "empty file")
    article_id = content_id(data)   # the whole file's bytes, before any repair
    if fmt == "html":
        return _html_article(text, article_id, name, encoding, repairs)
    return _text_article(text, article_id, name, encoding, repairs)


class _Prefixed(io.RawIOBase):
    """The sniffed head, then the rest of the stream: lets a pipe be sniffed
    and still be read (or streamed line by line) from its first byte."""

    def __init__(self, head: bytes, stream: BinaryIO):
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            chunk, self._head = self._head[:len(buffer)], self._head[len(buffer):]
        else:
            chunk = self._stream.read(len(buffer)) or b""
        buffer[:len(chunk)] = chunk
        return len(chunk)


def _sniff(head: bytes) -> str:
    start = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")[:9].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"<"):   # covers <!doctype and <html
        return "html"
    return "text"


def _drain(stream: BinaryIO) -> int:
    return sum(len(chunk) for chunk in iter(lambda: stream.read(1 << 20), b""))


def _too_large(size: int, what: str = "file") -> str:
    return f"{what} too large: {_size(size)}, limit {_size(settings.MAX_ARTICLE_BYTES)} per article"


def _size(n: int) -> str:
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MiB"
    return f"{n / 1024:.1f} KiB" if n >= 1024 else f"{n} bytes"


def _os_reason(e: OSError) -> str:
    return (e.strerror or str(e)).lower()


# --- formats ----------------------------------------------------------------

def _text_article(raw: str, article_id: str, name: str, encoding: str, repairs: list[str]) -> Article:
    """First non-empty line = title, the rest = body. A file of one line, or one
    whose first line is too long to be a headline, gets no title: its text is all
    body (``extra["title_rule"]`` says which), so nothing is lost; ``meta`` may
    still find a title."""
    start = _NON_SPACE.search(raw).start()
    line_end = raw.find("\n", start)
    line_end = len(raw) if line_end < 0 else line_end
    title = raw[start:line_end].strip()
    after = _NON_SPACE.search(raw, line_end)
    if after is None:
        title, body_offset, rule = None, start, "none: only one line"
    elif len(title) > settings.READ_MAX_TITLE_CHARS:
        title, body_offset, rule = None, start, f"none: first line over {settings.READ_MAX_TITLE_CHARS} characters"
    else:
        body_offset, rule = after.start(), "first line"
    return Article(id=article_id, raw=raw, path=name, fmt="text", encoding=encoding, repairs=repairs,
                   title=title, body=raw[body_offset:].rstrip(), body_offset=body_offset,
                   extra={"title_rule": rule})


def _html_date(value) -> Optional[str]:
    """htmldate's ``2025-03-06T19:40:00+0000`` as ISO 8601; a bare midnight means it found a day only."""
    text = _as_text(value)
    if not text:
        return None
    try:
        moment = datetime.strptime(text, HTML_DATE_FORMAT)
    except ValueError:
        return text
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.date().isoformat()
    return moment.isoformat()


def _html_article(html: str, article_id: str, name: str, encoding: str,
                  repairs: list[str]) -> Union[Article, ReadError]:
    try:
        # extract.py: boilerplate inside the story pruned, headline line removed
        meta = extract_html(html) or {}
    except Exception as e:
        return ReadError(name, f"HTML could not be parsed: {type(e).__name__}: {e}")
    text = (meta.get("text") or "").strip()
    if not text:
        return ReadError(name, "no article text found in HTML")
    title = _as_text(meta.get("title"))
    given = {key: value for key, value in (
        ("title", title), ("byline", _as_text(meta.get("author"))), ("published", _html_date(meta.get("date"))),
        ("url", _as_text(meta.get("url"))),
        ("source", _as_text(meta.get("sitename")) or _as_text(meta.get("hostname")))) if value}
    skip = {"title", "author", "date", "url", "text", "raw_text", "body", "commentsbody", "comments",
            "filedate", "fingerprint", "id"}
    html_meta = {k: v for k, v in meta.items() if k not in skip and v not in (None, "", [], {})}
    # body_offset = -1: ``body`` is trafilatura's extraction, not a slice of the
    # HTML, so no character offset into ``raw`` can point at it.
    return Article(id=article_id, raw=html, path=name, fmt="html", encoding=encoding, repairs=repairs,
                   title=title, body=text, body_offset=-1, byline=given.get("byline"),
                   published=given.get("published"), url=given.get("url"), source=given.get("source"),
                   given=given, extra={"html_meta": html_meta})


def _read_jsonl(stream: BinaryIO, name: str) -> Iterator[Union[Article, ReadError]]:
    """One article per line, holding one line at a time (at most
    ``MAX_ARTICLE_BYTES``; a longer line is skipped over in 1 MiB chunks)."""
    limit = settings.MAX_ARTICLE_BYTES
    lineno, seen_content = 0, False
    while line := stream.readline(limit + 2):   # + "\r\n"
        lineno += 1
        where = f"{name}:{lineno}"
        if not line.endswith(b"\n") and len(line) == limit + 2:
            size = len(line)
            while chunk := stream.readline(1 << 20):
                size += len(chunk.rstrip(b"\r\n"))
                if chunk.endswith(b"\n"):
                    break
            yield ReadError(where, _too_large(size, "line"))
            seen_content = True
            continue
        content = line.rstrip(b"\n").rstrip(b"\r")
        if lineno == 1 and content.startswith(codecs.BOM_UTF8):
            content = content[len(codecs.BOM_UTF8):]
        if not content.strip():
            continue
        if len(content) > limit:
            yield ReadError(where, _too_large(len(content), "line"))
            continue
        first = not seen_content
        seen_content = True
        try:
            result = _jsonl_article(content, where)
        except Exception as e:
            result = ReadError(where, f"unexpected error: {type(e).__name__}: {e}")
        if first and isinstance(result, ReadError) and content.strip() in (b"{", b"["):
            yield ReadError(name, "not JSON lines: one JSON document over many lines "
                                  "(write one object per line)")
            return
        yield result
    if not seen_content:
        yield ReadError(name, "empty file")


def _jsonl_article(content: bytes, where: str) -> Union[Article, ReadError]:
    try:
        line, encoding, repairs = content.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        encoding = detect(content)
        if encoding is None:
            return ReadError(where, "line is not text (not UTF-8, encoding unknown)")
        line, repairs = content.decode(encoding, errors="replace"), [f"decoded as {encoding} (charset-normalizer)"]
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return ReadError(where, f"invalid JSON ({e.msg} at column {e.colno})")
    if not isinstance(obj, dict):
        return ReadError(where, "line is not a JSON object")
    if "text" not in obj:
        return ReadError(where, 'no "text" field')
    if not isinstance(obj["text"], str):
        return ReadError(where, '"text" is not a string')
    text, fixed = repair(obj["text"].strip())
    if not text.strip():
        return ReadError(where, '"text" is empty')
    given = {k: _published(obj[k]) if k == "published" else _as_text(obj[k])
             for k in JSONL_FIELDS if k != "text" and k in obj}
    given = {k: v for k, v in given.items() if v}
    title = given.get("title")
    if title:
        title, title_fixed = repair(title)
        title = " ".join(title.split())
        given["title"] = title
        fixed += [r for r in title_fixed if r not in fixed]
    raw = f"{title}\n\n{text}" if title else text
    url = given.get("url")
    return Article(id=content_id(content), raw=raw, path=where, url=url,
                   source=given.get("source") or _host(url), external_id=given.get("id"),
                   fmt="jsonl", encoding=encoding, repairs=repairs + fixed,
                   title=title or None, body=text, body_offset=len(title) + 2 if title else 0,
                   byline=given.get("byline"), published=given.get("published"), lang=given.get("lang"),
                   given=given, extra={k: v for k, v in obj.items() if k not in JSONL_FIELDS})


def _as_text(value) -> Optional[str]:
    if value is None or isinstance(value, str):
        return (value or "").strip() or None
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _published(value) -> Optional[str]:
    """Kept as given (``meta`` parses dates); a bare number is taken as Unix
    seconds (milliseconds when it is too large for seconds) and made ISO."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat()
        except (OverflowError, OSError, ValueError):
            return str(value)
    return _as_text(value)


def _host(url: Optional[str]) -> Optional[str]:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None
