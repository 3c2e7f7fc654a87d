"""Framing (docs/provenance.md, "How it works" 6): a claim attributed to a source in one text and stated as fact in
the other, read in three levels (framing.attribution_level); a sentence turned into a question or back. Sentences are
ours."""
import pytest

from babelwire.framing import attribution, attribution_level, framing


def kinds(source: str, derived: str, lang: str) -> list[str]:
    return [f["kind"] for f in framing([source], [derived], "en", lang)]


@pytest.mark.parametrize("source, derived, lang", [
    ("The bridge collapsed on Monday, police said.", "Die Brücke stürzte am Montag ein.", "de"),
    ("The bridge collapsed on Monday, police said.", "桥梁在周一坍塌了。", "zh"),
    ("According to the council, the school will close.", "Škola bude uzavřena.", "cs"),
    ("Officials told reporters the road was closed.", "Дорога была закрыта.", "ru"),
    ("The dam held, the mayor announced.", "Bandarið hélt.", "is"),
])
def test_a_frame_struck_out_is_flagged(source, derived, lang):
    f = framing([source], [derived], "en", lang)
    assert [x["kind"] for x in f] == ["attribution"] and "in the source, stated as fact" in f[0]["detail"]


@pytest.mark.parametrize("source, derived, lang", [
    ("Twenty people died in the fire.", "警察によると、火災で20人が死亡した。", "ja"),
    ("Twenty people died in the fire.", "火災で20人が死亡したと関係者は述べた。", "ja"),
    ("Twenty people died in the fire.", "Laut Polizei starben zwanzig Menschen bei dem Brand.", "de"),
    ("Twenty people died in the fire.", "पुलिस के अनुसार, आग में बीस लोगों की मौत हुई।", "hi"),
    ("Twenty people died in the fire.", "За словами очевидців, у пожежі загинули двадцять людей.", "uk"),
    ("Twenty people died in the fire.", "据警方称，火灾中有二十人死亡。", "zh"),
    ("Twenty people died in the fire.", "Veinte personas murieron en el incendio, según la policía.", "es"),
])
def test_a_frame_written_in_is_flagged(source, derived, lang):
    f = framing([source], [derived], "en", lang)
    assert [x["kind"] for x in f] == ["attribution"] and "attributed" in f[0]["detail"] and "here" in f[0]["detail"]


@pytest.mark.parametrize("source, derived, lang", [
    # idioms that only look like frames (each was flagged by the plain word lists)
    ("That being said, the mayor resigned.", "Trotzdem trat der Bürgermeister zurück.", "de"),
    ("The same cannot be said for the old bridge.", "Для старого мосту цього не скажеш.", "uk"),
    ("In said tunnel, the lights went out.", "V tom tunelu zhasla světla.", "cs"),
    ("If the bags are not claimed today, staff will remove them.",
     "Wenn die Taschen heute nicht abgeholt werden, räumt das Personal sie weg.", "de"),
    ("It was a hard winter for me.", "对我来说，那是一个艰难的冬天。", "zh"),
    ("That plan makes no sense.", "这个计划根本说不通。", "zh"),
    ("Learning it first would be easier tbh.", "老实说，先学它会更容易。", "zh"),
    ("Learning it first would be easier tbh.", "Abych řekl pravdu, nejdřív se to naučit by bylo snazší.", "cs"),
    ("The hall was quiet, yet so loud.", "Der Saal war still und doch so laut.", "de"),
    ("The cat hissed at the dog.", "Die Katze stieß einen zischenden Laut aus.", "de"),
    ("Kim did not agree with Lee at all.", "Kim no estaba para nada de acuerdo con Lee.", "es"),
    ("They call him the ghost.", "人称他为“幽灵”。", "zh"),
    # a frame rendered with another verb of speech, or a quotation on both sides (a line of dialogue)
    ("He said quietly that he was tired.", "Er sprach leise davon, wie müde er war.", "de"),
    ("He said quietly that he was tired.", "他低声说话，说自己累了", "zh"),
    ("She told me the shop was closed.", "Она объяснила мне, что магазин закрыт.", "ru"),
    ("“We are ready,” the coach said.", "„Wir sind bereit.“", "de"),
    ("“Get back in,” he said.", "「中に戻れ」と彼は言った。", "ja"),
])
def test_no_attribution_change(source, derived, lang):
    assert kinds(source, derived, lang) == []


def test_levels():
    assert attribution_level("The storm claimed 20 lives.", "en") == 0       # no claim of anyone's
    assert attribution_level("The storm, they claimed, was the worst in years.", "en") == 2
    assert attribution_level("The bridge collapsed.", "en") == 0
    assert attribution_level("“Stop!”", "en") == 1                              # a quotation: someone's words
    assert attribution_level("Police said the bridge collapsed.", "en") == 2
    assert attribution("The league tells officials to help Miami.", "en") is None   # an order, not a frame
    assert attribution("She told Reuters the deal was off.", "en") == "told"
    assert attribution("V tom tunelu, podle svědků, zhasla světla.", "cs") == "podle"
    assert attribution("Šel ven, podle toho, co jsem slyšel.", "cs") is None
    assert attribution_level("Šel ven, podle toho, co jsem slyšel.", "cs") == 1
    # a language without frames of its own keeps the plain list
    assert attribution("Le pont s'est effondré, selon la police.", "fr") == "selon"


# --- questions -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("source, derived, lang", [
    ("The army shelled the town.", "Did the army shell the town?", "en"),
    ("Is the plan working?", "Der Plan funktioniert.", "de"),
    ("So do I.", "Ich auch?", "de"),                               # no unmarked question: "so" without its comma
    ("“Are you coming?”", "„Du kommst mit.“", "de"),               # a line of dialogue on both sides, changed
])
def test_question_changes_are_flagged(source, derived, lang):
    assert kinds(source, derived, lang) == ["question"]


@pytest.mark.parametrize("source, derived, lang", [
    # a quoted question on one side only, the other printing no quotation: a title, or a line of dialogue the
    # alignment set beside its tag (each flagged before)
    ("I will edit Too Hot to Handle tonight.", "今夜は「もうガマンできない？！」を編集する。", "ja"),
    ("Mara asked, closing the door.", "„Kommst du mit?“, fragte Mara und schloss die Tür.", "de"),
    # an English question written without its mark: the translator may add it or not (the first was flagged)
    ("why are the trains always late", "Warum kommen die Züge immer zu spät?", "de"),
    ("Snarky friend: So, with this new job, are you moving to the city.", "Přítel: Takže se kvůli práci stěhuješ.", "cs"),
    # the same question, quoted on one side only
    ("“Did you lock the door?”", "Hast du die Tür abgeschlossen?", "de"),
])
def test_no_question_change(source, derived, lang):
    assert kinds(source, derived, lang) == []
