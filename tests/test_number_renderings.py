"""Numbers a translation renders another way (docs/provenance.md, "How it works" 5): a unit written on to its number,
an imperial measure converted to metric. Sentences are ours."""
import pytest

from babelwire.entities import find_entities
from babelwire.facts import changed_facts


def numbers(text: str, lang: str = "en") -> list[str]:
    return [e.key for e in find_entities(None, [text], lang)[0] if e.kind == "number"]


def details(source: str, derived: str, lang: str) -> list[str]:
    return [c["detail"] for c in changed_facts([source], [derived], "en", lang) if c["kind"] == "number"]


def test_a_unit_written_on_to_its_number():
    assert numbers("She rows at least 2.8km a day.") == ["num:2.8"]     # was read as 2
    assert numbers("A 1.5kg bag and a 3.5mm jack, 10MB free.") == ["num:1.5", "num:3.5", "num:10"]
    # other letters still make no number of it, nor of its part before the decimal mark
    assert numbers("A 3G phone, a 4x4 truck, the A320, B2B sales, version 2.8b.") == []
    assert numbers("In the late 90s she earned $5m in her 20s.") == []       # decades, a scale: no units
    assert details("She rows at least 2.8km a day.", "Sie rudert täglich mindestens 2,8 km.", "de") == []
    assert details("She rows at least 2.8km a day.", "Sie rudert täglich mindestens 3,8 km.", "de") == ["at least 2.8 → 3,8"]


@pytest.mark.parametrize("source, derived, lang", [
    ("The post is sunk 6 inches into the ground.", "El poste está clavado 15 cm en el suelo.", "es"),
    ("Heat signatures 350 yards out, 20 degrees right.", "Tepelné signatury 320 metrů daleko, 20 stupňů vpravo.", "cs"),
    ("The wall is 3 feet high.", "Die Mauer ist 1 m hoch.", "de"),
    ("He is 6 feet tall.", "Er ist 1,83 m groß.", "de"),
    ("The road runs for 10 miles.", "Дорога тянется на 16 км.", "ru"),
    ("It was 100°F in the shade.", "Ve stínu bylo 38 °C.", "cs"),
    ("She lost 20 pounds.", "Sie hat 9 Kilo abgenommen.", "de"),
])
def test_a_converted_measure_is_the_same_number(source, derived, lang):
    assert details(source, derived, lang) == []


@pytest.mark.parametrize("source, derived, lang", [
    ("The post is sunk 6 inches into the ground.", "El poste está clavado 16 cm en el suelo.", "es"),
    ("Heat signatures 350 yards out.", "Tepelné signatury 321 metrů daleko.", "cs"),
    ("The road runs for 10 miles.", "Дорога тянется на 26 км.", "ru"),
    ("The post is sunk 6 centimetres into the ground.", "El poste está clavado 15 cm en el suelo.", "es"),
])
def test_a_changed_measure_is_still_flagged(source, derived, lang):
    assert len(details(source, derived, lang)) == 1
