"""Numbers in the fact checks (:func:`babelwire.facts.changed_facts`): digits counted, clock times read as times
of day and matched across 12- and 24-hour clocks (``PROVENANCE_CLOCK_TIMES``, ``PROVENANCE_CLOCK_HALF_DAY``), and
imperial measures matched with their metric renderings (``PROVENANCE_UNIT_CONVERSIONS``).
"""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from typing import Optional

from babelwire.entities import _number_text
from babelwire.settings import PROVENANCE_CLOCK_HALF_DAY, PROVENANCE_UNIT_CONVERSIONS

# Clock times (:func:`clock_times`): "10:26", "22:26:05"; and four digits 0000-2359 in a time
# context: a time word right after them, or one capitalised word and then one ("0500 hours", "At 0500 sharp",
# "0430 Itania time", "0500時", "1930 Uhr"), or English "at" before them where they have a leading zero or no
# word follows ("at 0500", "at 1930."; "at 1500 metres", "in 1930", "2024" stay numbers and years).
_CLOCK_COLON = re.compile(r"(?<![\d:.,])(\d{1,2}):([0-5]\d)(?::[0-5]\d)?(?![\d:]|[.,]\d)")
_CLOCK_DIGITS = re.compile(r"(?<![\d:])(?<!\d[.,])([01]\d|2[0-3])([0-5]\d)(?!\d|[.,:]\d)")
_CLOCK_WORD_AFTER = re.compile(r"\s*(?:[A-Z]\w*\s+)?(?:(?:hours|hrs|hr|h|sharp|o['’]clock|GMT|UTC|Z|Zulu|local|time|"
                               r"Uhr|horas|heures|hodin|hod|часов|годин)(?!\w)|時(?!間)|[点點]|बजे)")
_CLOCK_AT_BEFORE = re.compile(r"(?<!\w)at\s+$", re.IGNORECASE)
_CLOCK_NO_WORD_AFTER = re.compile(r"\s*(?:[^\w\s]|$)")
# The half of the day a clock time or an hour is given in (:func:`half_day`), from a marker right
# after it ("10:26 PM", "10:26 p.m.", "10:26 e.h.", "10:26 अपराह्न", "5 Uhr abends", "в 10 вечера") or right before it
# ("午後10時", "上午10点", "रात 10:26", "शाम 5 बजे"). Night and evening words say "after noon" only for the hours 6-11
# ("रात 2 बजे" is 2 a.m.): they are kept apart.
_MERIDIEM_AM = ("AM|A\\.M\\.|am|a\\.m\\.|f\\.h\\.|午前|上午|早上|早晨|凌晨|清晨|सुबह|पूर्वाह्न|утра|ráno|dopoledne|"
                "vormittags|morgens|de la mañana")
_MERIDIEM_PM = "PM|P\\.M\\.|pm|p\\.m\\.|e\\.h\\.|午後|下午|अपराह्न|дня|odpoledne|nachmittags|de la tarde"
_MERIDIEM_LATE = "晚上|夜|傍晚|रात|शाम|вечера|вечора|večer|abends|de la noche"
_MERIDIEM_AFTER = re.compile(f"\\s?(?:(?:बजे|Uhr|時|点|點|hod(?:in)?\\.?)\\s?)?(?:(?P<am>{_MERIDIEM_AM})|(?P<pm>{_MERIDIEM_PM})|"
                             f"(?P<late>{_MERIDIEM_LATE}))(?!\\w)")
_MERIDIEM_BEFORE = re.compile(f"(?<![A-Za-z])(?:(?P<am>{_MERIDIEM_AM})|(?P<pm>{_MERIDIEM_PM})|(?P<late>{_MERIDIEM_LATE}))"
                              f"(?:\\s?के)?\\s?$")


def _digit_runs(text: str) -> Counter:
    """How often each number written in digits (any script's digits) occurs in ``text``."""
    return Counter(int(run) for run in re.findall(r"\d+", text) if len(run) <= 12)


# Imperial units a translator converts to metric ("6 inches" -> "15 cm", "350 yards" -> "320 metres"): a number
# followed by one (English text), and the factors of its metric renderings (inches: cm or mm; feet: m or cm).
# Fahrenheit converts by its own formula.
_IMPERIAL = re.compile(r"\s?(?:-\s?)?(inch(?:es)?|in\b|\"|″|feet|foot|ft\b|′|yards?|yds?\b|miles?\s+(?:an|per)\s+hour|"
                       r"mph\b|miles?|mi\b|pounds?|lbs?\b|ounces?|oz\b|gallons?|gal\b|pints?|acres?|square\s+(?:feet|foot)|"
                       r"sq\.?\s?ft\b|stones?\b|°\s?F\b|degrees?\s+(?:Fahrenheit|F\b)|Fahrenheit)", re.IGNORECASE)
_IMPERIAL_FACTORS = [("inch", (2.54, 25.4)), ("in", (2.54, 25.4)), ('"', (2.54, 25.4)), ("″", (2.54, 25.4)),
                     ("feet", (0.3048, 30.48)), ("foot", (0.3048, 30.48)), ("ft", (0.3048, 30.48)), ("′", (0.3048, 30.48)),
                     ("yard", (0.9144,)), ("yd", (0.9144,)), ("mph", (1.609,)), ("mile", (1.609,)), ("mi", (1.609,)),
                     ("pound", (0.4536,)), ("lb", (0.4536,)), ("ounce", (28.35,)), ("oz", (28.35,)),
                     ("gallon", (3.785,)), ("gal", (3.785,)), ("pint", (0.4732,)), ("acre", (0.4047, 4047.0)),
                     ("square", (0.0929,)), ("sq", (0.0929,)), ("stone", (6.35,))]


def _metric_renderings(text: str, value: Decimal) -> list[float]:
    """The metric values a number of ``text`` written with an imperial unit converts to (empty if it has none)."""
    out: list[float] = []
    number, plain = _number_text(value), text.replace(",", "")
    for m in re.finditer(r"(?<![\d.,])" + re.escape(number) + r"(?![\d]|[.,]\d)", plain):
        unit = _IMPERIAL.match(plain, m.end())
        if not unit:
            continue
        word = unit.group(1).lower()
        if "f" == word[-1:] or "fahrenheit" in word:
            out.append((float(value) - 32) * 5 / 9)
            continue
        for prefix, factors in _IMPERIAL_FACTORS:
            if word.startswith(prefix):
                out.extend(float(value) * f for f in factors)
                break
    return out


def _rounds_to(value: Decimal, exact: float) -> bool:
    """``value`` is ``exact`` rounded at its own last non-zero digit (15 for 15.24, 320 for 320.04, 1 for 0.91;
    not 16 for 15.24, nor 321 for 320.04)."""
    step = Decimal(1).scaleb(value.normalize().as_tuple().exponent)
    return abs(float(value) - exact) <= float(step) / 2


def _converted(only_s: list[str], only_d: list[str], src: str, der: str) -> tuple[list[str], list[str]]:
    """``only_s`` and ``only_d`` (number keys) less the pairs where one side's number, written with an imperial
    unit, has the other's for its metric rendering, rounded (``PROVENANCE_UNIT_CONVERSIONS``)."""
    if not PROVENANCE_UNIT_CONVERSIONS:
        return only_s, only_d

    def value(key: str) -> Optional[Decimal]:   # "num:15" (clock times have keys of their own)
        kind, _, text = key.partition(":")
        try:
            return Decimal(text) if kind == "num" else None
        except ArithmeticError:
            return None

    only_s, only_d = list(only_s), list(only_d)
    for a_keys, b_keys, a_text in ((only_s, only_d, src), (only_d, only_s, der)):
        for a in [k for k in a_keys if value(k) is not None]:
            rendered = _metric_renderings(a_text, value(a))
            b = next((b for b in b_keys if value(b) is not None and any(_rounds_to(value(b), r) for r in rendered)),
                     None)
            if b is not None:
                a_keys.remove(a)
                b_keys.remove(b)
    return only_s, only_d


def clock_times(text: str) -> list[tuple[int, int, int, int]]:
    """``(start, end, hour, minute)`` of each clock time in ``text``: ``H:MM`` (``10:26``), and four digits
    0000-2359 with minutes below 60 in a time context (:data:`_CLOCK_WORD_AFTER`: "0500 hours",
    "At 0500 sharp", "0430 Itania time"; or "at" before them with a leading zero or no word after: "at 0500",
    "at 1930."). A year ("in 1930", "2024") or a plain number ("1500 members", "at 1500 metres") is none."""
    out = [(m.start(), m.end(), int(m.group(1)), int(m.group(2))) for m in _CLOCK_COLON.finditer(text)
           if int(m.group(1)) < 24]
    for m in _CLOCK_DIGITS.finditer(text):
        at = _CLOCK_AT_BEFORE.search(text, max(0, m.start() - 4), m.start())
        if (_CLOCK_WORD_AFTER.match(text, m.end())
                or at and (m.group(1).startswith("0") or _CLOCK_NO_WORD_AFTER.match(text, m.end()))):
            out.append((m.start(), m.end(), int(m.group(1)), int(m.group(2))))
    return sorted(out)


def half_day(text: str, start: int, end: int, hour: int) -> Optional[bool]:
    """Whether the time or hour at ``text[start:end]`` is after noon (True), before it (False), or not said (None):
    hours 13-23 are after noon, 0 before it; otherwise a marker right after or right before it
    (:data:`_MERIDIEM_AFTER`, ``_MERIDIEM_BEFORE``: "10:26 PM", "午後10時", "上午10点", "10:26 पूर्वाह्न";
    night and evening words only for the hours 6-11, "रात 10:26" but not "रात 2 बजे")."""
    if not PROVENANCE_CLOCK_HALF_DAY or hour > 23:
        return None
    if hour >= 13 or hour == 0:
        return hour >= 13
    marker = _MERIDIEM_AFTER.match(text, end, min(len(text), end + 16)) \
        or _MERIDIEM_BEFORE.search(text, max(0, start - 8), start)
    if marker is None:
        return None
    if marker.group("late"):
        return True if 6 <= hour <= 11 else None
    return marker.group("pm") is not None


def _hours_written(text: str, hour: int) -> list[Optional[bool]]:
    """The half of the day of each place ``text`` writes ``hour`` (1-12) as a number ("5時", "10点", "5 Uhr")."""
    return [half_day(text, m.start(), m.end(), hour) for m in re.finditer(f"(?<!\\d)0?{hour}(?!\\d)", text)]


def _number_clocks(src: str, der: str, sk: dict[str, str], dk: dict[str, str]
                   ) -> tuple[dict[str, str], dict[str, str], Counter, Counter]:
    """The number keys and digit counts of both sides, clock times compared as times of day
    (``PROVENANCE_CLOCK_TIMES``): "At 0500 sharp" = "5時ちょうど" = "um 5 Uhr" = "5:00"; "0430" = "4時30分";
    "10:26 PM" = "22:26" (hours modulo 12). A time both sides print, or one side's time whose hour (and minute,
    unless 00) the other side writes as numbers, leaves both comparisons; a time the other side renders
    with neither stays, keyed ``clock:H:MM``, so "0500" → "6時" is a changed number. Four digits that the other
    side prints as the same number are that number, not a time."""
    texts, keys = [src, der], [dict(sk), dict(dk)]
    clocks = [clock_times(src), clock_times(der)]
    runs = [_digit_runs(src), _digit_runs(der)]
    for side in (0, 1):
        # four digits the other side prints as the same number (or year) are that number
        clocks[side] = [c for c in clocks[side] if not texts[side][c[0]:c[1]].isdigit()
                        or int(texts[side][c[0]:c[1]]) not in runs[1 - side]]
    if not clocks[0] and not clocks[1]:
        return sk, dk, runs[0], runs[1]
    runs = []
    for side in (0, 1):
        text, own = texts[side], keys[side]
        for start, end, _, _ in clocks[side]:
            if text[start:end].isdigit():   # the number the entity finder read in the four digits
                own.pop(f"num:{int(text[start:end])}", None)
        blanked = "".join(" " if any(s <= i < e for s, e, _, _ in clocks[side]) else ch for i, ch in enumerate(text))
        runs.append(_digit_runs(blanked))
    # a time both sides print, hours modulo 12 unless both say which half of the day ("10:26 PM" against
    # "10:26 पूर्वाह्न", a.m., is no match: PROVENANCE_CLOCK_HALF_DAY)
    halves = [{c: half_day(texts[side], c[0], c[1], c[2]) for c in clocks[side]} for side in (0, 1)]
    left = [list(clocks[0]), list(clocks[1])]
    for c in clocks[0]:
        match = next((d for d in left[1] if (d[2] % 12, d[3]) == (c[2] % 12, c[3])
                      and (None in (halves[0][c], halves[1][d]) or halves[0][c] == halves[1][d])), None)
        if match:
            left[0].remove(c)
            left[1].remove(match)
    # a time whose hour (and minute) the other side writes as numbers: 5時, 4時30分, "04-30"
    clashed: set = set()
    for side in (0, 1):
        other, other_runs = keys[1 - side], runs[1 - side]
        for c in list(left[side]):
            hour = next((h for h in (c[2] % 12, c[2] % 12 + 12) if f"num:{h}" in other), None)
            if hour is None or (c[3] and f"num:{c[3]}" not in other):
                continue
            own_half = halves[side][c]
            if own_half is not None and hour <= 12:
                written = _hours_written(texts[1 - side], hour)
                if written and all(h is not None and h != own_half for h in written):
                    clashed.add(c)   # the other side writes the hour in the other half of the day: 上午10点 for 10:26 PM
                    continue
            left[side].remove(c)
            for n in (hour, c[3]) if c[3] else (hour,):
                other.pop(f"num:{n}", None)
                if other_runs[n] > 0:
                    other_runs[n] -= 1
    # what is left is compared as a number: four digits (a number to the entity finder, "0500" → "6時"), and
    # an H:MM time where the other side has a time left too ("0500" → "6:00"); an H:MM time alone, which the
    # finder reads as no number, stays out ("3/3" / "2024-03-03 00:00:00")
    for side in (0, 1):
        for start, end, hour, minute in left[side]:
            if texts[side][start:end].isdigit() or left[1 - side] or (start, end, hour, minute) in clashed:
                shown = hour % 12 + (12 if halves[side][(start, end, hour, minute)] else 0)   # 24 h where said
                keys[side][f"clock:{shown}:{minute:02d}"] = texts[side][start:end]
    return keys[0], keys[1], +runs[0], +runs[1]
