"""Names a translation renders another way (drift round 17, ``PROVENANCE_NAME_RENDERINGS``): an unmatched source name
and an unmatched derived name of one sentence group that are one name — an acronym or a feast in the derived
language, emphasis capitals, hashtags, an inflection, a slip — so that :func:`babelwire.facts.changed_facts` does
not report a changed name or speaker for them.
"""
from __future__ import annotations

import re
from typing import Optional

from rapidfuzz.distance import Levenshtein

from babelwire.article import Article
from babelwire.cues import _HASHTAG
from babelwire.entities import shared_keys
from babelwire.settings import (PROVENANCE_NAME_EMPHASIS_MIN_LETTERS, PROVENANCE_NAME_NEAR_SKELETON_MIN,
                                PROVENANCE_NAME_RENDERINGS, PROVENANCE_NAME_SLIP_MAX_EDITS,
                                PROVENANCE_NAME_SLIP_MIN_LETTERS)

# Acronyms of international bodies and common news terms as the dev languages write them, where the gazetteer
# (which already reads OTAN / ONU / UE / OMS / МВФ / EZB as NATO / UN / EU / WHO / IMF / ECB) has no entry: one
# group per acronym, every spelling upper-case (drift round 17; our own table: GDPR -> DSGVO / RGPD on WMT24
# dev documents 25-32). A derived name printing one of a group's spellings renders a source name printing
# another (DSGVO-Beschwerde for GDPR).
_ACRONYM_GROUPS = (
    ("GDPR", "DSGVO", "RGPD", "ОРЗД", "ЗРЗД"),           # EU data-protection regulation
    ("OECD", "OCDE", "ОЭСР", "ОЕСР"),
    ("WTO", "OMC", "ВТО", "СОТ"),
    ("NGO", "ONG", "NRO", "NNO", "НКО", "НПО", "НУО", "ГО"),
    ("AIDS", "SIDA", "СПИД", "СНІД"),
    ("HIV", "VIH", "ВИЧ", "ВІЛ"),
    ("EU", "ESB"),                                       # Icelandic Evrópusambandið
    ("UN", "SÞ"),                                        # Icelandic Sameinuðu þjóðirnar
    ("IMF", "AGS"),                                      # Icelandic Alþjóðagjaldeyrissjóðurinn
)
# Feasts the dev languages name with words of their own (drift round 17; our own table: "Christmas" / "Vánoce" /
# "Weihnachten" / "Navidad" / "Рождество" / "Різдво" on WMT24 dev documents 1-8): word beginnings, lower-case, so
# that inflected forms match (Vánoc, Рождества, Різдва).
_FEAST_GROUPS = (
    ("christmas", "xmas", "vánoc", "weihnacht", "navidad", "jól", "рождеств", "різдв"),
    ("easter", "velikonoc", "oster", "pascua", "pásk", "пасх", "великд", "великодн"),
)
_ACRONYM_GROUP = {spelling: i for i, group in enumerate(_ACRONYM_GROUPS) for spelling in group}
_NAME_WORD = re.compile(r"[^\W_]+")
_OPENING_WORD = re.compile(r"^\s*(?:[@#][\w.]+[\s,:]*)+([^\W\d_]+)")


def _acronym_groups(surface: str) -> set[int]:
    return {_ACRONYM_GROUP[w] for w in _NAME_WORD.findall(surface) if w.isupper() and w in _ACRONYM_GROUP}


def _feast_groups(surface: str) -> set[int]:
    return {i for w in _NAME_WORD.findall(surface.lower()) for i, group in enumerate(_FEAST_GROUPS)
            if any(w.startswith(stem) for stem in group)}


def _emphasis(surface: str) -> bool:
    """An upper-case word of at least ``PROVENANCE_NAME_EMPHASIS_MIN_LETTERS`` letters: a word set in capitals
    for emphasis ("AWARE", "DIFFICULT"), not an acronym."""
    return any(w.isupper() and len(w) >= PROVENANCE_NAME_EMPHASIS_MIN_LETTERS for w in _NAME_WORD.findall(surface))


def rendered_names(sv: Article, dv: Article, src: str, der: str, shared: set[str],
                   source_article: Optional[Article]) -> set[str]:
    """Unmatched names of the two sides that render each other (drift round 17, ``PROVENANCE_NAME_RENDERINGS``):
    an acronym and its spelling in the derived language (:data:`_ACRONYM_GROUPS`), a feast's name
    (:data:`_FEAST_GROUPS`); a word set in capitals for
    emphasis on each side ("are AWARE" / "SI UVĚDOMUJÍ"); hashtags on both sides, as many each (#HomeRenovation /
    #ReformaDoméstica: a changed tag is the hashtag check's); a two-part name one part of which is the same
    and the other inflected however short ("Sally Rooney" / "Sally Rooneyové", "Rooneys"); a name spelt within
    ``PROVENANCE_NAME_SLIP_MAX_EDITS`` letters (a slip, "Sainsbury" / "Sainbury"); the one word after the
    opening @handles of both sides, which the entity finder reads as a name only because a handle stands
    before it ("@user35 Honestly" / "@user35 Popravdě"). A derived name the source article names (a person of
    the story put in) is never matched this way. (A heading in capitals is not asked: every name of it is taken
    as shared.)"""
    if not PROVENANCE_NAME_RENDERINGS or all(e.key in shared for e in sv.entities if e.kind == "name"):
        return set()   # every rule pairs off an unmatched source name (most groups: no work)
    story = ({e.key for e in source_article.entities if e.kind == "name"} | shared_keys(dv, source_article)["name"]
             if source_article is not None else set())
    story_words = ({w.lower() for p in source_article.paragraphs for w in _NAME_WORD.findall(p)}
                   if source_article is not None else set())
    only_s = [e for e in sv.entities if e.kind == "name" and e.key not in shared]
    only_d = [e for e in dv.entities if e.kind == "name" and e.key not in shared
              and e.key not in story and not any(w.lower() in story_words for w in _NAME_WORD.findall(e.surface)
                                                 if w.isupper() or len(_NAME_WORD.findall(e.surface)) == 1)]
    out: set[str] = set()
    for a in only_s:
        for b in only_d:
            if (_acronym_groups(a.surface) & _acronym_groups(b.surface)
                    or _feast_groups(a.surface) & _feast_groups(b.surface)
                    or _two_part_inflected(a.key, b.key) or _slip(a.surface, b.surface)
                    or _near_skeleton(a.key, b.key)):
                out |= {a.key, b.key}
    # a one-part source name that a derived word spells inflected, though the entity finder did not take that
    # word for a name ("Pirani's best game" / "Piranis bestes Spiel")
    for a in only_s:
        part = a.key.split(":", 1)[1]
        if "-" not in part and len(part) >= 3 and any(
                w.startswith(part) and 0 < len(w) - len(part) <= 2 for w in dv.token_keys):
            out.add(a.key)
    emph_s = [e.key for e in only_s if _emphasis(e.surface)]
    emph_d = [e.key for e in only_d if _emphasis(e.surface)]
    if emph_s and emph_d:
        out |= set(emph_s) | set(emph_d)
    tags_s, tags_d = _HASHTAG.findall(src), _HASHTAG.findall(der)
    if tags_s and len(tags_s) == len(tags_d):
        bodies_s, bodies_d = {t[1:] for t in tags_s}, {t[1:] for t in tags_d}
        in_s = [e.key for e in only_s if e.surface in bodies_s]
        in_d = [e.key for e in only_d if e.surface in bodies_d]
        if in_s and in_d:
            out |= set(in_s) | set(in_d)
    open_s, open_d = _OPENING_WORD.match(src), _OPENING_WORD.match(der)
    if open_s and open_d:
        a = [e.key for e in only_s if e.surface == open_s.group(1)]
        b = [e.key for e in only_d if e.surface == open_d.group(1)]
        if a and b:
            out |= set(a) | set(b)
    return out


def _two_part_inflected(a: str, b: str) -> bool:
    """Names of two or more parts, one part the same (of at least two letters' skeleton) and another the
    same word inflected: the shorter skeleton starts the longer, which adds at most two letters."""
    pa, pb = a.split(":", 1)[1].split("-"), b.split(":", 1)[1].split("-")
    if len(pa) < 2 or len(pb) < 2 or not any(len(p) >= 2 for p in set(pa) & set(pb)):
        return False
    rest_a, rest_b = [p for p in pa if p not in pb], [q for q in pb if q not in pa]
    for p in rest_a:
        for q in rest_b:
            p_, q_ = sorted((p, q), key=len)
            if len(p_) >= 2 and q_.startswith(p_) and len(q_) - len(p_) <= 2:
                return True
    return False


def _near_skeleton(a: str, b: str) -> bool:
    """Every part of the name with fewer parts is a part of the other or a letter away from one (skeletons of at
    least ``PROVENANCE_NAME_NEAR_SKELETON_MIN`` letters): the same name romanised back from another script or
    spelt the language's way ("Wales" / "Уэльса" / "Gales" are "fls" / "als" / "kls", "Swansea" / "Суонси" "sfns" /
    "sns")."""
    if PROVENANCE_NAME_NEAR_SKELETON_MIN is None:
        return False
    pa, pb = sorted((a.split(":", 1)[1].split("-"), b.split(":", 1)[1].split("-")), key=len)
    return all(any(p == q or min(len(p), len(q)) >= PROVENANCE_NAME_NEAR_SKELETON_MIN
                   and Levenshtein.distance(p, q) <= 1 for q in pb) for p in pa)


def _slip(a: str, b: str) -> bool:
    """Two spellings of one name, a letter apart (a translator's slip): at least
    ``PROVENANCE_NAME_SLIP_MIN_LETTERS`` letters and at most ``PROVENANCE_NAME_SLIP_MAX_EDITS`` edits."""
    a, b = a.lower(), b.lower()
    return (min(len(a), len(b)) >= PROVENANCE_NAME_SLIP_MIN_LETTERS
            and Levenshtein.distance(a, b) <= PROVENANCE_NAME_SLIP_MAX_EDITS)
