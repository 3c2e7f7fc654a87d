"""read: formats, decoding, limits, and errors that name the file (and line)."""
from __future__ import annotations

import gc
import hashlib
import importlib
import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from babelwire import settings
from babelwire.article import Article, ReadError
from babelwire.read import expand_paths, read

# The module, even once babelwire/__init__ re-exports the function ``read``
# (which makes ``from babelwire import read`` the function).
read_module = importlib.import_module("babelwire.read")
decode_module = importlib.import_module("babelwire.decode")
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "seeds"


def sha16(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- seeds ------------------------------------------------------------------

@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not present")
def test_seeds_read_as_two_articles_with_content_ids():
    results = list(read([str(SEEDS)]))
    assert all(isinstance(a, Article) for a in results), results
    assert len(results) == 2
    files = sorted(SEEDS.glob("*.txt"))
    for article, file in zip(results, files):
        data = file.read_bytes()
        assert article.path == str(file)
        assert article.id == sha16(data)
        assert article.raw == data.decode("utf-8")
        assert article.fmt == "text" and article.encoding == "utf-8" and article.repairs == []
        assert article.source is None
        assert article.raw[article.body_offset:].startswith(article.body[:20])
        assert article.raw[article.body_offset:article.body_offset + len(article.body)] == article.body
        assert article.title not in article.body.splitlines()[0]
    hindi, english = results
    assert hindi.title.startswith("यूक्रेन में उत्तर कोरियाई मिसाइलों")
    assert hindi.body.startswith("Putin\nCreative Common")
    assert english.title == ("Kremlin has ‘no comment’ on U.S., Ukraine claims it fired "
                             "North Korean missiles")
    assert english.body.startswith("Reuters\n\nMOSCOW (Reuters)")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not present")
def test_id_comes_from_bytes_not_file_name(tmp_path):
    # The seed names embed a 16-hex id (000_3c180e9551c7fb8d.txt) that is not
    # sha256(bytes)[:16]; the id must not change when the file is renamed.
    seed = sorted(SEEDS.glob("*.txt"))[0]
    renamed = write(tmp_path / "renamed.txt", seed.read_bytes())
    a, b = read([str(seed), str(renamed)])
    assert a.id == b.id == sha16(seed.read_bytes())


def test_same_file_twice_gives_same_id_twice(tmp_path):
    f = write(tmp_path / "a.txt", "Title\n\nBody text here.\n")
    a, b = read([str(f), str(f)])
    assert a.id == b.id == sha16(f.read_bytes())


# --- plain text ---------------------------------------------------------------

def test_title_and_body_offsets_with_leading_blank_lines(tmp_path):
    f = write(tmp_path / "a.txt", "\n\n  Headline here  \n\n\nFirst paragraph.\n\nSecond.\n\n")
    a = only(read([str(f)]))
    assert a.title == "Headline here"
    assert a.body == "First paragraph.\n\nSecond."
    assert a.raw[a.body_offset:a.body_offset + len(a.body)] == a.body


def test_one_line_file_is_all_body_without_title(tmp_path):
    f = write(tmp_path / "one.txt", "Only one line of text, no title.\n")
    a = only(read([str(f)]))
    assert a.title is None
    assert a.body == "Only one line of text, no title."
    assert a.body_offset == 0
    assert a.extra["title_rule"] == "none: only one line"


def test_overlong_first_line_is_not_a_title(tmp_path):
    para = "word " * 100
    f = write(tmp_path / "long.txt", para + "\n\nSecond paragraph.\n")
    a = only(read([str(f)]))
    assert a.title is None and a.body.startswith("word word") and a.body_offset == 0


def test_crlf_is_normalised_and_recorded(tmp_path):
    f = write(tmp_path / "win.txt", b"Title\r\n\r\nBody line one.\r\nBody line two.\r\n")
    a = only(read([str(f)]))
    assert a.raw == "Title\n\nBody line one.\nBody line two.\n"
    assert a.body == "Body line one.\nBody line two."
    assert a.repairs == ["line endings normalised to \\n"]
    assert a.id == sha16(f.read_bytes())


def test_utf8_bom_is_dropped_from_raw_but_counted_in_id(tmp_path):
    data = b"\xef\xbb\xbfTitle\n\nBody.\n"
    f = write(tmp_path / "bom.txt", data)
    a = only(read([str(f)]))
    assert a.raw == "Title\n\nBody.\n" and a.title == "Title" and a.encoding == "utf-8-sig"
    assert a.id == sha16(data)


# --- decoding -----------------------------------------------------------------

def test_latin1_file_is_decoded_and_recorded(tmp_path):
    text = ("Café über Zürich\n\nLe garçon a mangé à l'hôtel, naïve résumé. "
            "Der Bär läuft über die Straße.\n")
    f = write(tmp_path / "latin1.txt", text.encode("latin-1"))
    a = only(read([str(f)]))
    assert a.raw == text
    assert a.title == "Café über Zürich"
    assert a.encoding == "cp1252"
    assert a.repairs == ["decoded as cp1252 (charset-normalizer)"]


@pytest.mark.parametrize("encoding, text", [
    ("cp1251", "Кремль\n\nКремль отказался комментировать заявления США и Украины о ракетах.\n"),
    # the cp1252 tie-break must not swallow real Central European text
    ("cp1250", "Příliš žluťoučký kůň\n\nÚpěl ďábelské ódy. Česká republika je stát ve střední Evropě.\n"),
])
def test_other_legacy_encodings_are_decoded(tmp_path, encoding, text):
    f = write(tmp_path / "legacy.txt", text.encode(encoding))
    a = only(read([str(f)]))
    assert a.raw == text and a.encoding == encoding


def test_mojibake_is_repaired_and_recorded(tmp_path):
    f = write(tmp_path / "moji.txt", "Headline\n\nCafÃ© â€œquotedâ€\x9d is fine.\nA clean line.\n")
    a = only(read([str(f)]))
    assert a.body == "Café “quoted” is fine.\nA clean line."
    assert a.encoding == "utf-8"
    assert len(a.repairs) == 1
    assert a.repairs[0].startswith("mojibake repaired by ftfy: 1 line")
    assert "windows-1252" in a.repairs[0]
    assert a.raw[a.body_offset:].startswith(a.body[:20])


def test_clean_non_ascii_utf8_records_nothing(tmp_path):
    f = write(tmp_path / "ok.txt", "Заголовок\n\n‘Curly’ quotes, ｆｕｌｌ width, ﬁ ligature, Zürich.\n")
    a = only(read([str(f)]))
    assert a.repairs == []
    assert "‘Curly’" in a.body and "ｆｕｌｌ" in a.body and "ﬁ" in a.body


def test_binary_file_is_refused(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4000)
    f = write(tmp_path / "image.txt", png)
    assert str(only(read([str(f)]))) == f"{f}: binary file, not text"


def test_binary_without_nul_bytes_is_refused(tmp_path):
    data = bytes(b for b in os.urandom(6000) if b not in (0, 10, 13))
    f = write(tmp_path / "noise.dat", b"x" + data)
    err = only(read([str(f)]))
    assert isinstance(err, ReadError) and err.reason == "binary file, not text"


def test_control_characters_mean_binary(tmp_path):
    data = ("Title\n\n" + "ab\x01\x02cd\x03\x04" * 50).encode()
    f = write(tmp_path / "ctl.txt", data)
    assert only(read([str(f)])).reason == "binary file, not text"


# --- limits and empties -----------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"  \n\n\t \n"])
def test_empty_file(tmp_path, content):
    f = write(tmp_path / "empty.txt", content)
    err = only(read([str(f)]))
    assert isinstance(err, ReadError) and str(err) == f"{f}: empty file"


def test_huge_file_refused_from_its_size_without_opening(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)   # sparse: instant, no disk used
    opened = []
    real_open = open

    def spy_open(path, *args, **kwargs):
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(read_module, "open", spy_open, raising=False)
    try:
        tracemalloc.start()
        err = only(read([str(big)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        big.unlink()
    assert str(err) == f"{big}: file too large: 50.0 MiB, limit 5.0 MiB per article"
    assert str(big) not in opened
    assert peak < 1024 * 1024


def test_huge_stdin_refused_without_holding_it(tmp_path):
    class Endless(io.RawIOBase):   # 12 MiB of text, made as it is read
        left = 12 * 1024 * 1024

        def readable(self):
            return True

        def readinto(self, b):
            n = min(len(b), self.left)
            b[:n] = b"a" * n
            self.left -= n
            return n

    err = only(read(["-"], stdin=io.BufferedReader(Endless())))
    assert str(err) == "-: file too large: 12.0 MiB, limit 5.0 MiB per article"


def test_unreadable_file_gives_os_reason(tmp_path, monkeypatch):
    f = write(tmp_path / "secret.txt", "Title\n\nBody.\n")

    def denied(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(read_module, "open", denied, raising=False)
    assert str(only(read([str(f)]))) == f"{f}: permission denied"


def test_missing_path_and_empty_glob(tmp_path):
    missing = str(tmp_path / "nope.txt")
    pattern = str(tmp_path / "*.nothing")
    errors = list(read([missing, pattern]))
    assert [str(e) for e in errors] == [f"{missing}: no such file or directory",
                                        f"{pattern}: no files match this pattern"]


# --- paths ------------------------------------------------------------------

def test_directory_recursion_is_sorted_and_skips_non_articles(tmp_path):
    write(tmp_path / "b.txt", "B\n\nbody")
    write(tmp_path / "a.txt", "A\n\nbody")
    write(tmp_path / "sub" / "c.txt", "C\n\nbody")
    write(tmp_path / "sub" / "deeper" / "d.html", "<p>x</p>")
    write(tmp_path / ".hidden.txt", "H\n\nbody")
    write(tmp_path / ".git" / "config.txt", "G\n\nbody")
    write(tmp_path / "store.db", b"SQLite format 3\x00")
    write(tmp_path / "manifest.json", "{}")
    write(tmp_path / "mod.pyc", b"\x00\x01")
    write(tmp_path / "photo.png", b"\x89PNG\r\n\x1a\n\x00")   # not skipped: reported as binary
    got = [os.path.relpath(p, tmp_path) for p in expand_paths([str(tmp_path)])]
    assert got == ["a.txt", "b.txt", "photo.png", os.path.join("sub", "c.txt"),
                   os.path.join("sub", "deeper", "d.html")]
    results = list(read([str(tmp_path)]))
    assert [r.title for r in results[:2]] == ["A", "B"]
    assert str(results[2]) == f"{tmp_path / 'photo.png'}: binary file, not text"


def test_glob_with_double_star(tmp_path):
    write(tmp_path / "x" / "one.txt", "One\n\nbody")
    write(tmp_path / "x" / "y" / "two.txt", "Two\n\nbody")
    write(tmp_path / "x" / "y" / "skip.html", "<p>no</p>")
    write(tmp_path / "x" / "data.json", '{"text": "from json"}\n')
    titles = [a.title for a in read([str(tmp_path / "**" / "*.txt")])]
    assert titles == ["One", "Two"]
    # a glob that names .json keeps .json files a directory walk would skip
    assert [a.body for a in read([str(tmp_path / "**" / "*.json")])] == ["from json"]
    # "x/**" matches x/ and x/y/ too; each file still comes once
    paths = list(expand_paths([str(tmp_path / "x" / "**")]))
    assert len(paths) == len(set(paths)) == 3


def test_explicit_json_file_is_read_even_though_walks_skip_it(tmp_path):
    f = write(tmp_path / "one.json", '{"text": "hello there"}\n')
    assert list(expand_paths([str(tmp_path)])) == []
    assert only(read([str(f)])).body == "hello there"


# --- stdin and sniffing -------------------------------------------------------

def test_stdin_text(tmp_path):
    data = "Stdin title\n\nStdin body.\n".encode()
    a = only(read(["-"], stdin=io.BytesIO(data)))
    assert a.path == "-" and a.title == "Stdin title" and a.body == "Stdin body." and a.id == sha16(data)


def test_stdin_jsonl_is_sniffed_and_streamed():
    data = b'{"text": "first"}\n{"text": "second", "title": "Two"}\n'
    a, b = read(["-"], stdin=io.BytesIO(data))
    assert (a.path, a.fmt, a.body) == ("-:1", "jsonl", "first")
    assert (b.path, b.title, b.raw) == ("-:2", "Two", "Two\n\nsecond")


def test_unknown_suffix_is_sniffed(tmp_path):
    f = write(tmp_path / "page", HTML_PAGE)
    assert only(read([str(f)])).fmt == "html"
    g = write(tmp_path / "notes.md", "# Title\n\nbody")
    assert only(read([str(g)])).fmt == "text"


# --- JSON lines -------------------------------------------------------------

def test_jsonl_bad_line_between_good_ones(tmp_path):
    f = write(tmp_path / "feed.jsonl",
              '{"text": "Good one.", "title": "First"}\n'
              '{"text": "broken" "title": 1}\n'
              '\n'
              '{"text": "Good two."}\n')
    results = list(read([str(f)]))
    assert [type(r).__name__ for r in results] == ["Article", "ReadError", "Article"]
    assert str(results[1]) == f"{f}:2: invalid JSON (Expecting ',' delimiter at column 19)"
    assert results[0].path == f"{f}:1" and results[2].path == f"{f}:4"


def test_jsonl_given_fields(tmp_path):
    line = json.dumps({"id": 42, "title": "Kremlin silent", "text": "MOSCOW - The Kremlin said nothing.",
                       "lang": "en", "published": "2024-01-09T17:53:00Z",
                       "url": "https://www.reuters.com/world/x", "byline": "A. Writer",
                       "section": "world"})
    f = write(tmp_path / "given.ndjson", line + "\n")
    a = only(read([str(f)]))
    assert a.id == sha16(line.encode())
    assert a.external_id == "42"
    assert a.lang == "en" and a.given["lang"] == "en"
    assert a.published == "2024-01-09T17:53:00Z" and a.given["published"] == a.published
    assert a.byline == "A. Writer" and a.url == "https://www.reuters.com/world/x"
    assert a.source == "reuters.com" and "source" not in a.given
    assert a.extra == {"section": "world"}
    assert a.raw == "Kremlin silent\n\nMOSCOW - The Kremlin said nothing."
    assert a.raw[a.body_offset:] == a.body == "MOSCOW - The Kremlin said nothing."


def test_jsonl_line_errors_are_specific(tmp_path):
    f = write(tmp_path / "errs.jsonl", '[1, 2]\n{"title": "x"}\n{"text": "   "}\n{"text": 5}\n')
    assert [str(e) for e in read([str(f)])] == [
        f"{f}:1: line is not a JSON object",
        f'{f}:2: no "text" field',
        f'{f}:3: "text" is empty',
        f'{f}:4: "text" is not a string',
    ]


def test_jsonl_mojibake_and_epoch_published(tmp_path):
    f = write(tmp_path / "m.jsonl", json.dumps({"text": "CafÃ© opens", "published": 1704822780}) + "\n")
    a = only(read([str(f)]))
    assert a.body == "Café opens" and a.repairs[0].startswith("mojibake repaired by ftfy")
    assert a.published == "2024-01-09T17:53:00+00:00"


def test_pretty_printed_json_is_one_clear_error(tmp_path):
    f = write(tmp_path / "pretty.json", '{\n  "text": "x"\n}\n')
    assert [str(e) for e in read([str(f)])] == [
        f"{f}: not JSON lines: one JSON document over many lines (write one object per line)"]


def test_jsonl_oversized_line_is_skipped_and_streaming_continues(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "MAX_ARTICLE_BYTES", 1000)
    f = write(tmp_path / "big.jsonl",
              '{"text": "before"}\n' + json.dumps({"text": "x" * 5000}) + '\n{"text": "after"}\n')
    results = list(read([str(f)]))
    assert results[0].body == "before" and results[2].body == "after"
    assert str(results[1]) == f"{f}:2: line too large: 4.9 KiB, limit 1000 bytes per article"


def test_large_jsonl_is_streamed_not_loaded(tmp_path):
    f = tmp_path / "many.jsonl"
    record = json.dumps({"text": "Paragraph of news. " * 50}) + "\n"
    with open(f, "w") as fh:
        fh.write(record * 10_000)   # ~10 MB, twice MAX_ARTICLE_BYTES
    count = 0
    gc.collect()
    tracemalloc.start()
    try:
        for article in read([str(f)]):
            assert isinstance(article, Article)
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 10_000
    assert peak < 2 * 1024 * 1024


# --- HTML -------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Kremlin declines comment on missiles | Example News</title>
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-01-09T17:53:00Z">
<meta property="og:site_name" content="Example News">
<meta name="description" content="The Kremlin declined to comment.">
<link rel="canonical" href="https://www.example.com/world/kremlin-missiles">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World navigation menu</a></li></ul></nav>
<article><h1>Kremlin declines comment on missiles</h1>
<p>MOSCOW - The Kremlin declined on Tuesday to comment on U.S. and Ukrainian assertions that
Moscow had fired North Korean missiles at Ukrainian targets.</p>
<p>Last week the White House said Russia had used short-range ballistic missiles sourced from
North Korea to conduct multiple strikes against Ukraine, citing newly declassified intelligence.</p>
<p>A senior Ukrainian official later corroborated the claim, saying the missiles had been used
in attacks in recent weeks.</p>
</article>
<footer><p>Copyright 2024 Example News. All rights reserved. Subscribe to our newsletter.</p></footer>
</body></html>"""


def test_html_metadata_and_body(tmp_path):
    f = write(tmp_path / "page.html", HTML_PAGE)
    a = only(read([str(f)]))
    assert isinstance(a, Article), a
    assert a.fmt == "html" and a.raw == HTML_PAGE and a.id == sha16(HTML_PAGE.encode())
    assert a.title == "Kremlin declines comment on missiles"
    assert a.byline == "Jane Reporter"
    assert a.published == "2024-01-09T17:53:00+00:00"  # htmldate asked for the time too
    assert a.url == "https://www.example.com/world/kremlin-missiles"
    assert a.source == "Example News"
    assert a.given == {"title": a.title, "byline": "Jane Reporter", "published": a.published,
                       "url": a.url, "source": "Example News"}
    assert a.extra["html_meta"]["description"] == "The Kremlin declined to comment."
    assert a.extra["html_meta"]["hostname"] == "example.com"
    assert a.body_offset == -1
    assert a.body.startswith("MOSCOW - The Kremlin declined")
    assert len(a.body.split("\n")) == 3
    for boilerplate in ("navigation menu", "Home", "Copyright", "Subscribe"):
        assert boilerplate not in a.body


def test_html_without_article_text(tmp_path):
    f = write(tmp_path / "photo.htm", "<html><head><title>Photo</title><script>var a = 1;</script></head>"
                                      "<body><img src='a.png'></body></html>")
    assert str(only(read([str(f)]))) == f"{f}: no article text found in HTML"


def test_html_declared_legacy_charset(tmp_path):
    page = HTML_PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace(
        "Jane Reporter", "José Müller")
    f = write(tmp_path / "legacy.html", page.encode("latin-1"))
    a = only(read([str(f)]))
    assert a.byline == "José Müller" and a.encoding == "cp1252"
    assert a.repairs == ["decoded as cp1252 (declared in <meta charset>)"]


def test_one_bad_file_does_not_stop_the_batch(tmp_path, monkeypatch):
    good = write(tmp_path / "good.txt", "Good\n\nbody")
    odd = write(tmp_path / "odd.html", HTML_PAGE)

    def explode(*args, **kwargs):
        raise RuntimeError("parser crashed")

    import trafilatura
    monkeypatch.setattr(trafilatura, "bare_extraction", explode)
    results = list(read([str(odd), str(good)]))
    assert str(results[0]) == f"{odd}: HTML could not be parsed: RuntimeError: parser crashed"
    assert results[1].title == "Good"


def test_mojibake_check_answers_as_ftfy_does():
    """read's windowed ``is_bad`` gives ftfy's answer: on real mojibake (UTF-8 text misread in the
    encodings ftfy knows), on clean text in many scripts, and on random strings of the characters
    ftfy's pattern is made of."""
    import random

    import ftfy.badness

    assert decode_module._BADNESS_GATE is not None   # this ftfy's pattern has the shape the gate needs
    samples = ["Café “quoted” — naïve façade, Zürich ½ £5 ©2024 ™",
               "Заголовок: «Кремль» — №5, 10 °C", "Αθήνα — ‘καλή’ μέρα", "東京で地震、死者は１０人",
               "पुतिन ने किया", "Ångström Œuvre œil ØRE ×² à¼", "Straße, Ćwierć, Łódź, Ğüşİ, Ţară, ﬁn"]
    texts = list(samples)
    for text in samples:
        for encoding in ("cp1252", "latin-1", "cp1251", "cp1253", "cp1257", "mac_roman", "cp437"):
            texts.append(text.encode("utf-8").decode(encoding, errors="replace"))
    texts += ["ГўВЂВ™s", "xГўВЂВ.a", "ØØØØ", "Ø€Ù€", "a Ã b", "Ã word", "x Â «", "â€™", "β€™", "ā€"]
    rng = random.Random(0)
    special = [chr(c) for c in range(0x80, 0x250)] + list("ΒΓΞΟβвЂВГРСҐ‘‚“”„†‡•‰‹›⁄€№™√∞≈≠│┌═▀░◊ﬁﬂ\ufffd")
    plain = list("abcdefghijklmnopqrstuvwxyzABCXYZ .,?!\n\t0123456789")
    texts += ["".join(rng.choice(special if rng.random() < 0.4 else plain) for _ in range(rng.randrange(1, 16)))
              for _ in range(20000)]
    answers = [(ftfy.badness.is_bad(t), decode_module._is_bad(t)) for t in texts]
    assert all(ours == theirs for theirs, ours in answers)
    assert 1000 < sum(theirs for theirs, _ in answers) < len(texts) - 1000   # both answers well represented
