"""Clock times among the changed facts (babelwire/facts.py and fact_numbers.py, ``PROVENANCE_CLOCK_TIMES``,
``PROVENANCE_CLOCK_HALF_DAY``): a time matches its rendering on a 12- or 24-hour clock, a time moved or put in the
other half of the day is flagged, years and plain numbers stay numbers. Sentences written for these tests."""
from __future__ import annotations

import pytest

from babelwire import fact_numbers, facts
from babelwire.facts import changed_facts


def numbers(source: str, derived: str, lang: str, source_lang: str = "en") -> list[str]:
    return [c["detail"] for c in changed_facts([source], [derived], source_lang, lang) if c["kind"] == "number"]


@pytest.mark.parametrize("source, derived, lang", [
    # a 24-hour clock time against its hour (and minutes) in the translation
    ("At 0500 sharp, the company assembled at the motor pool.", "5時ちょうど、中隊は配車場に集合した。", "ja"),
    ("At 0500 sharp, the company assembled.", "Um 5 Uhr versammelte sich die Kompanie.", "de"),
    ("At 0500 sharp, the company assembled.", "Um 5:00 Uhr versammelte sich die Kompanie.", "de"),
    ("The convoy left at 0500.", "Колонна вышла в 5:00.", "ru"),
    ("0430 Itania time.", "イタニア時間4時30分。", "ja"),
    ("At 1930 hours, 12 men left.", "19時30分、12人が去った。", "ja"),
    # a time the other side prints no counterpart of is no changed number
    ("Updated 3/3.", "2024-03-03 00:00:00 更新。", "ja"),
    # the same time of day on a 12-hour and a 24-hour clock
    ("JANUARY 14th, 10:26 PM, 2543.", "14. JANUAR, 22:26 Uhr, 2543.", "de"),
    ("JANUARY 14th, 10:26 PM, 2543.", "2543年1月14日、午後10時26分", "ja"),
])
def test_a_clock_time_matches_its_rendering(source, derived, lang):
    assert numbers(source, derived, lang) == []


@pytest.mark.parametrize("source, derived, lang", [
    ("At 0500 sharp, the company assembled at the motor pool.", "6時ちょうど、中隊は配車場に集合した。", "ja"),
    ("At 0500 sharp, the company assembled.", "Um 6:00 Uhr versammelte sich die Kompanie.", "de"),
    ("0430 Itania time.", "イタニア時間4時31分。", "ja"),
    ("JANUARY 14th, 10:26 PM, 2543.", "14. JANUAR, 22:27 Uhr, 2543.", "de"),
    # a number next to the time, changed
    ("At 0500 sharp, 5 men left.", "5時ちょうど、6人が去った。", "ja"),
])
def test_a_clock_time_or_a_number_beside_it_changed_is_flagged(source, derived, lang):
    assert numbers(source, derived, lang)


def test_a_year_or_a_plain_number_is_no_clock_time(monkeypatch):
    assert fact_numbers.clock_times("At 0500 sharp, the company") == [(3, 7, 5, 0)]
    assert fact_numbers.clock_times("0430 Itania time.") == [(0, 4, 4, 30)]
    assert fact_numbers.clock_times("We met at 1930.") == [(10, 14, 19, 30)]
    for text in ("The bridge opened in 1930.", "It is 2024 now.", "The team had 1500 members.",
                 "The summit stands at 1500 metres.", "at 2460.", "at 0575."):
        assert fact_numbers.clock_times(text) == [], text
    # 1500 is not 15:00: the plain number changed is flagged
    assert numbers("The team had 1500 members.", "Das Team hatte 15 Mitglieder.", "de") == ["1500 → 15"]
    # a year still compares as a year
    assert [c["kind"] for c in changed_facts(["The bridge opened in 1930."], ["Die Brücke wurde 1931 eröffnet."],
                                             "en", "de")] == ["date"]
    assert changed_facts(["The bridge opened in 1930."], ["Die Brücke wurde 1930 eröffnet."], "en", "de") == []
    # without the setting, 0500 is the number 500
    monkeypatch.setattr(facts, "PROVENANCE_CLOCK_TIMES", False)
    assert numbers("At 0500 sharp, the company assembled.", "5時ちょうど、中隊は集合した。", "ja") == ["0500 → 5"]


@pytest.mark.parametrize("source, derived, lang", [
    # the other half of the day: a.m. for p.m., on a clock or as numbers
    ("JANUARY 14th, 10:26 PM, 2543.", "14 जनवरी, 10:26 पूर्वाह्न, 2543.", "hi"),
    ("JANUARY 14th, 10:26 PM, 2543.", "1月14日，上午10点26分，2543。", "zh"),
    ("JANUARY 14th, 10:26 PM, 2543.", "2543年1月14日、午前10時26分", "ja"),
    ("The meeting starts at 9:30 a.m.", "Die Sitzung beginnt um 21:30 Uhr.", "de"),
])
def test_a_time_given_in_the_other_half_of_the_day_is_flagged(source, derived, lang, monkeypatch):
    assert numbers(source, derived, lang)
    monkeypatch.setattr(fact_numbers, "PROVENANCE_CLOCK_HALF_DAY", False)   # modulo 12: the same time
    assert numbers(source, derived, lang) == []


@pytest.mark.parametrize("source, derived, lang", [
    ("JANUARY 14th, 10:26 PM, 2543.", "14 जनवरी, रात 10:26 बजे, 2543।", "hi"),      # night, at 10
    ("JANUARY 14th, 10:26 PM, 2543.", "14 जनवरी, 10:26 अपराह्न, 2543।", "hi"),
    ("JANUARY 14th, 10:26 PM, 2543.", "1月14日，晚上10点26分，2543。", "zh"),
    ("JANUARY 14th, 10:26 PM, 2543.", "14. JANÚAR 2543, 10:26 e.h.", "is"),
    ("JANUARY 14th, 10:26 PM, 2543.", "14 जनवरी, 10:26 बजे, 2543।", "hi"),          # the half not said
    ("They left at 2:10 AM.", "वे रात 2:10 बजे निकले।", "hi"),                      # night at 2 is a.m.
])
def test_a_time_in_the_same_or_an_unsaid_half_of_the_day_is_kept(source, derived, lang):
    assert numbers(source, derived, lang) == []


def test_half_day_markers():
    assert fact_numbers.half_day("10:26 PM", 0, 5, 10) is True
    assert fact_numbers.half_day("午前10時", 2, 4, 10) is False
    assert fact_numbers.half_day("22:26", 0, 5, 22) is True
    assert fact_numbers.half_day("10:26", 0, 5, 10) is None
    assert fact_numbers.half_day("रात 2:10 बजे", 4, 8, 2) is None
