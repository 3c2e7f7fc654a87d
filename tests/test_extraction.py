"""extract.py: boilerplate inside the story is pruned, the story itself is kept.

The pages are written here (not taken from the dev set); each boilerplate block
below survives plain ``trafilatura.bare_extraction`` (checked in
``test_plain_trafilatura_keeps_the_boilerplate``), so these tests fail without
the rules.
"""
import types

import pytest

from babelwire import extract, settings
from babelwire.article import Article
from babelwire.read import read

STORY = [
    "The city council voted on Monday to close the old harbour bridge to cars from March, "
    "after engineers found corrosion in two of its steel supports.",
    "Cyclists and pedestrians will still be able to cross while a replacement is designed, "
    "the council said, adding that the work could take as long as three years to finish.",
    "Local shop owners said the closure would cut trade on the north bank, where most "
    "customers arrive by car, and asked for a free shuttle bus during the works.",
    "The mayor, who has backed the closure, said a report by the city's engineers "
    "left no choice and promised a public meeting before the end of the month.",
]

PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour bridge to close to traffic | Riverside Gazette</title>
<meta property="og:site_name" content="Riverside Gazette">
<meta property="og:title" content="Harbour bridge to close to traffic">
</head><body>
<article>
<h1>Council shuts the harbour bridge after corrosion is found</h1>
<p class="article-dek">Engineers warned that two supports had rusted through in places.</p>
<p>{STORY[0]}</p>
<p>Related: <a href="/news/ferry-timetable">Ferry timetable changes for the winter season announced</a></p>
<p>{STORY[1]} The <a href="/report">engineers' report</a> is online.</p>
<div class="Newsletter-signup"><h3>Morning Briefing</h3>
<p>Get the top stories from the river towns in your inbox every weekday morning before eight.</p></div>
<p>{STORY[2]}</p>
<ul>
<li><a href="/news/a">Rowing club celebrates its hundredth anniversary with a regatta</a></li>
<li><a href="/news/b">New library opening hours start next week across the district</a></li>
<li><a href="/news/c">School bus routes to change after the summer holidays end</a></li>
</ul>
<p>{STORY[3]}</p>
</article>
</body></html>"""

BOILERPLATE = {
    "standfirst": "rusted through in places",
    "teaser paragraph": "Ferry timetable changes",
    "teaser list": "Rowing club celebrates",
    "newsletter box": "in your inbox every weekday",
    "headline": "Council shuts the harbour bridge",
}


def body_of(tmp_path, html: str) -> str:
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    (article,) = read([str(page)])
    assert isinstance(article, Article), article
    return article.body


def test_plain_trafilatura_keeps_the_boilerplate():
    # The premise of the tests below: without extract.py's rules these blocks
    # come through (if trafilatura learns to drop them, this says so).
    import trafilatura

    text = trafilatura.bare_extraction(PAGE, include_comments=False).text
    for what, snippet in BOILERPLATE.items():
        assert snippet in text, what


def test_boilerplate_inside_the_story_is_removed(tmp_path):
    body = body_of(tmp_path, PAGE)
    for what, snippet in BOILERPLATE.items():
        assert snippet not in body, what


def test_story_paragraphs_are_kept_whole(tmp_path):
    body = body_of(tmp_path, PAGE)
    for paragraph in STORY:
        assert paragraph in body
    # a paragraph with a link in a sentence is not a teaser
    assert "The engineers' report is online." in body
    assert body.startswith(STORY[0])


def _tree(html: str):
    import trafilatura

    return trafilatura.load_html(html)


def _text(tree) -> str:
    return " ".join(tree.text_content().split())


def test_teaser_share_is_the_threshold(monkeypatch):
    html = "<html><body><p>Read <a href='/x'>three linked words</a></p></body></html>"  # 3 of 4 words linked
    tree = _tree(html)
    assert extract.remove_teaser_links(tree) == 0 and "three linked words" in _text(tree)
    monkeypatch.setattr(settings, "EXTRACT_TEASER_LINK_SHARE", 0.75)
    tree = _tree(html)
    assert extract.remove_teaser_links(tree) == 1 and "three linked words" not in _text(tree)


def test_a_linked_heading_is_a_teaser():
    tree = _tree("<html><body><div><a href='/y'><h3>Another story entirely</h3></a>"
                 "<p>Text that stays here.</p></div></body></html>")
    assert extract.remove_teaser_links(tree) == 1
    assert _text(tree) == "Text that stays here."


def test_a_long_box_is_kept(monkeypatch):
    # a story wrapped whole in a class that names a box (here "modal") keeps it
    words = " ".join(["word"] * 40)
    html = f"<html><body><div class='modal-story'><p>{words}</p></div><p>tail text</p></body></html>"
    monkeypatch.setattr(settings, "EXTRACT_BOX_MAX_WORDS", 39)
    tree = _tree(html)
    assert extract.remove_boxes(tree) == 0 and words in _text(tree)
    monkeypatch.setattr(settings, "EXTRACT_BOX_MAX_WORDS", 40)
    tree = _tree(html)
    assert extract.remove_boxes(tree) == 1 and _text(tree) == "tail text"


def test_removal_keeps_the_tail_text():
    tree = _tree("<html><body><p>Before <span class='tooltip'>hover card</span> after.</p></body></html>")
    assert extract.remove_boxes(tree) == 1
    assert _text(tree) == "Before after."


def test_headline_matching_a_title_part_is_removed():
    lines = extract.title_lines(_tree(PAGE))
    assert "harbour bridge to close to traffic" in lines          # <title> before " | "
    assert "council shuts the harbour bridge after corrosion is found" in lines   # <h1>
    assert extract._without_headline("Harbour bridge to close to traffic\nBody.", lines) == "Body."
    # a one-line body is never emptied
    assert extract._without_headline("Harbour bridge to close to traffic", lines) != ""


@pytest.mark.parametrize("precise_length, expect_precise", [(0.9, True), (0.2, False)])
def test_precise_body_unless_much_shorter(monkeypatch, precise_length, expect_precise):
    import trafilatura

    plain = trafilatura.bare_extraction

    def fake(tree, **kwargs):
        doc = plain(tree, **kwargs)
        if kwargs.get("favor_precision"):
            full = " ".join(STORY)
            return types.SimpleNamespace(text="PRECISE " + full[:int(precise_length * len(full))])
        return doc

    monkeypatch.setattr(trafilatura, "bare_extraction", fake)
    text = extract.extract_html(PAGE)["text"]
    assert text.startswith("PRECISE") == expect_precise
    monkeypatch.setattr(settings, "EXTRACT_PRECISION_FIRST", False)
    assert not extract.extract_html(PAGE)["text"].startswith("PRECISE")
