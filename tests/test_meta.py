"""meta: byline, date, dateline, wire credits and credits read from the cleaned article."""
import json
from pathlib import Path

import pytest

from babelwire.article import Article
from babelwire.clean import clean
from babelwire.meta import meta, parse_credits, parse_published, wire_credits
from test_clean import ENGLISH, HINDI, seed, text_article


def run(*articles: Article) -> list[Article]:
    return list(meta(clean(articles)))


@pytest.fixture(scope="module")
def seeds():
    return run(seed(HINDI), seed(ENGLISH))


def test_hindi_seed_meta(seeds):
    hindi, _ = seeds
    assert hindi.byline == "अभिनय आकाश"
    assert hindi.published == "2024-01-09T17:53:00"
    assert hindi.wire == []          # a rewrite that never names Reuters
    assert hindi.wire_inferred == []  # left to the link stage
    assert hindi.dateline is None
    assert hindi.credits == {}


def test_english_seed_meta(seeds):
    _, english = seeds
    assert english.dateline == "MOSCOW"
    assert english.wire == ["Reuters"]
    assert english.credits == {"writing": ["Felix Light"], "editing": ["Guy Faulconbridge", "Gareth Jones"]}
    assert english.byline is None and english.published is None  # the scrape gives neither
    assert english.title.startswith("Kremlin has")


@pytest.mark.parametrize("byline_line, name, published", [
    ("Иван Петров, 3 марта 2025", "Иван Петров", "2025-03-03"),
    ("Por María López | 3 de marzo de 2025", "María López", "2025-03-03"),
    ("Actualizado el 3 de marzo de 2025 a las 10:15", None, "2025-03-03T10:15:00"),
    ("रमेश कुमार । 9 जनवरी 2024", "रमेश कुमार", "2024-01-09"),
    ("By Jane Doe | March 3, 2025", "Jane Doe", "2025-03-03"),
    ("Updated: Jan 9, 2024, 18:05 IST", None, "2024-01-09T18:05:00"),
])
def test_byline_and_date_in_several_languages(byline_line, name, published):
    raw = f"Заголовок / Titular / शीर्षक\n\n{byline_line}\n\nThe body of the story is a long sentence that goes on, as bodies do.\n"
    [article] = run(text_article(raw))
    assert [s.reason for s in article.removed] == ["byline"]
    assert article.byline == name
    assert article.published == published


def test_given_byline_and_date_are_kept():
    article = text_article("Title\n\nBy Jane Doe | March 3, 2025\n\nA body sentence long enough to be prose, it says.\n")
    article.byline, article.published = "J. Doe (given)", "2025-03-04T08:00:00"
    [article] = run(article)
    assert (article.byline, article.published) == ("J. Doe (given)", "2025-03-04T08:00:00")


def test_short_agency_names_only_in_credit_contexts():
    andhra = ["The AP government in Amaravati announced a new scheme for farmers on Monday.",
              "Andhra Pradesh (AP) officials said the scheme would start in March.",
              "ANI and UNI are the names of two of the chief minister's dogs, he joked."]
    assert wire_credits(andhra) == []
    assert wire_credits(["The minister said this on Tuesday. (With inputs from PTI, ANI)"]) == ["PTI", "ANI"]
    assert wire_credits(["Police said three people were arrested. — AFP"]) == ["AFP"]
    assert wire_credits(["President Biden speaks in Washington. (AP Photo/Evan Vucci)"]) == []
    assert wire_credits(["Former New York mayor Michael Bloomberg donated $1 billion."]) == []
    assert wire_credits(["The company is weighing a sale, Bloomberg reported on Monday."]) == ["Bloomberg"]
    assert wire_credits(["Shares of Thomson Reuters rose 2% on Tuesday."]) == []
    assert wire_credits(["इस भाषा में लिखा गया लेख बहुत लोकप्रिय हुआ।"]) == []


def test_agencies_in_other_scripts():
    assert wire_credits(["रॉयटर्स के मुताबिक बातचीत जारी रहेगी।"]) == ["Reuters"]
    assert wire_credits(["Как сообщает ТАСС, переговоры продолжатся."]) == ["TASS"]
    assert wire_credits(["По данным Интерфакса, во вторник было тихо."]) == ["Interfax"]
    assert wire_credits(["据新华社报道，会谈将继续。"]) == ["Xinhua"]
    assert wire_credits(["وقالت وكالة فرانس برس إن الاجتماع سيعقد غدا."]) == ["AFP"]
    assert wire_credits(["Синьхуа и Ассошиэйтед Пресс сообщили об этом."]) == ["Xinhua", "AP"]


@pytest.mark.parametrize("first, place, wire", [
    ("LIMA, March 3 (AFP) - Peru's congress voted on Monday to remove the president.", "LIMA", ["AFP"]),
    ("WASHINGTON (AP) — The Senate voted on Tuesday to extend the funding deadline.", "WASHINGTON", ["AP"]),
    ("नयी दिल्ली, नौ जनवरी (भाषा) केंद्र सरकार ने मंगलवार को नई योजना की घोषणा की।", "नयी दिल्ली", ["PTI"]),
    ("Berlin (dpa) - Die Regierung will das Gesetz noch in diesem Jahr ändern.", "Berlin", ["dpa"]),
    ("Andhra Pradesh (AP) officials said the scheme would start in March.", None, []),
])
def test_datelines_and_their_credits(first, place, wire):
    [article] = run(text_article(f"Headline\n\n{first}\n\nSecond paragraph of the story, which says more.\n"))
    assert article.dateline == place
    assert article.wire == wire


def test_standalone_credit_lines_and_title_suffix():
    raw = ("Port strike spreads to second terminal - Reuters\n\n"
           "Workers at a second terminal joined the strike on Tuesday, the union said in a statement.\n\n"
           "With inputs from PTI\n")
    [article] = run(text_article(raw))
    assert article.title == "Port strike spreads to second terminal"
    assert article.extra["title_suffix"] == "Reuters"
    assert article.wire == ["Reuters", "PTI"]
    [hindi] = run(text_article("शीर्षक\n\nसरकार ने मंगलवार को नई योजना की घोषणा की, अधिकारियों ने बताया।\n\nएजेंसी/भाषा\n"))
    assert hindi.wire == ["PTI"]


def test_title_suffix_only_when_it_is_a_site():
    [kept] = run(text_article("Russia - Ukraine talks resume\n\nTalks resumed in Istanbul on Monday, officials said.\n"))
    assert kept.title == "Russia - Ukraine talks resume"
    [piped] = run(text_article("Talks resume | Daily Planet\n\nTalks resumed in Istanbul on Monday, officials said.\n"))
    assert piped.title == "Talks resume" and piped.extra["title_suffix"] == "Daily Planet"


def test_credits_lines():
    assert parse_credits("(Reporting by Felix Light in Moscow and Olena Harmash in Kyiv; Additional reporting "
                         "by Mark Trevelyan; Writing by Guy Faulconbridge; Editing by Alex Richardson)") == {
        "reporting": ["Felix Light", "Olena Harmash"], "additional reporting": ["Mark Trevelyan"],
        "writing": ["Guy Faulconbridge"], "editing": ["Alex Richardson"]}
    assert parse_credits("(Reporte de Marco Aquino; Editado en español por Javier López de Lérida)") == {
        "reporting": ["Marco Aquino"], "editing": ["Javier López de Lérida"]}
    assert parse_credits("The minister said so.") == {}


def test_parse_published_refuses_non_dates():
    assert parse_published("Jan 9 2024 5:53PM") == "2024-01-09T17:53:00"
    assert parse_published("2018 Jeongdong Theater Series") is None


DEMO = Path(__file__).parents[1] / "samples" / "demo"


@pytest.mark.skipif(not (DEMO / "EXPECTED.json").exists(), reason="demo corpus not present")
def test_demo_wire_credits_match_the_answer_key():
    expected = json.loads((DEMO / "EXPECTED.json").read_text(encoding="utf-8"))["wire"]
    files = sorted(DEMO.glob("*/*.txt"))
    articles = run(*(text_article(f.read_text(encoding="utf-8"), path=str(f)) for f in files))
    assert len(articles) > 20
    for f, article in zip(files, articles):
        name = f"{f.parent.name}/{f.name}"
        assert article.wire == expected.get(name, []), name
        assert article.paragraphs, name
    russian = articles[[f.name for f in files].index("chili-zabastovka-dokerov.txt")]
    assert russian.wire == ["Reuters"]  # credited as "Рейтер" inside a sentence
