"""Sentence alignment (babelwire/alignment.py), its last step on made-up vectors: a sentence still left over
joins its neighbour's group in the same paragraph (``PROVENANCE_PARAGRAPH_PIECE_*``), derived debris joins its
sentence (``PROVENANCE_PARAGRAPH_DEBRIS_JOINS``), a lone gap pair pairs at a low cosine
(``PROVENANCE_GAP_SINGLE_MIN_COSINE``). The other steps: tests/test_alignment.py."""
import numpy as np

from babelwire.alignment import align
from test_alignment import _unit


def _split_in_its_paragraph(seed: int):
    """Six source sentences, one a paragraph each, rendered one to one except source 2, which the derived side
    renders loosely in two sentences of one paragraph: derived 2 (half its length, cosine 0.45) and derived 3 (the
    other half, a piece that keeps cosine 0.06 with the whole: a short line such as "Keine Antwort." set apart).
    Returns source, derived, lengths and each side's sentences (their paragraphs and texts)."""
    from babelwire.sentences import split_article
    rng = np.random.default_rng(seed)
    own, noise, *base = _unit(rng.normal(size=(8, 384)))
    source = np.vstack(base)
    own = _unit([own - (own @ source[2]) * source[2]])[0]
    noise = _unit([noise - (noise @ source[2]) * source[2] - (noise @ own) * own])[0]
    head = 0.45 * source[2] + np.sqrt(1 - 0.45 ** 2) * own
    piece = 0.06 * source[2] + np.sqrt(1 - 0.06 ** 2) * noise
    derived = np.vstack([source[0], source[1], head, piece, source[3], source[4], source[5]])
    lengths = np.array([100.0, 100.0, 50.0, 50.0, 100.0, 100.0, 100.0]), np.full(6, 100.0)
    source_sentences = split_article(["The ferry left at noon.", "Nobody waved.", "I called out and got no answer.",
                                      "The gulls circled.", "Then rain came.", "We went below."])
    derived_sentences = split_article(["Die Fähre legte mittags ab.", "Niemand winkte.",
                                       "Ich rief hinüber. Keine Antwort.", "Die Möwen kreisten.",
                                       "Dann kam der Regen.", "Wir gingen unter Deck."])
    return source, derived, lengths, (derived_sentences, source_sentences)


def test_align_joins_a_loose_piece_of_a_split_to_its_neighbour_in_the_same_paragraph(monkeypatch):
    # derived 3 ("Keine Antwort.") is the second half of source 2's rendering: the group of derived 2, in the same
    # paragraph, is half as long as its source without it; the piece keeps too little of source 2's vector for the
    # attach rules (cosine 0.06, under PROVENANCE_ATTACH_LENGTH_MIN_COSINE; the group's cosine falls from 0.45 to 0.36
    # with it, by more than PROVENANCE_ATTACH_TOLERANCE_LENGTH), but the paragraph and the lengths
    # say where it belongs: it joins, instead of being listed added
    import babelwire.alignment as alignment
    source, derived, lengths, sentences = _split_in_its_paragraph(31)
    assert 0.05 < derived[3] @ source[2] < 0.1 and [s.paragraph for s in sentences[0]][2:4] == [2, 2]

    def links(**kw):
        return {(tuple(l.derived), tuple(l.source)) for l in align(derived, source, *lengths, **kw)}

    assert ((2, 3), (2,)) in links(sentences=sentences)
    assert ((2,), (2,)) in links() and not any(3 in d for d, _ in links())   # without the sentences: added
    monkeypatch.setattr(alignment, "PROVENANCE_PARAGRAPH_PIECE_GAIN", None)
    assert not any(3 in d for d, _ in links(sentences=sentences))


def test_align_leaves_an_added_sentence_whose_neighbour_lacks_nothing(monkeypatch):
    # the same text, but derived 2 as long as source 2 (a whole rendering): the sentence after it in its paragraph
    # closes no length gap and stays added; nor does a piece in another paragraph join
    from babelwire.sentences import split_article
    source, derived, (derived_lengths, source_lengths), sentences = _split_in_its_paragraph(31)
    whole = np.array([100.0, 100.0, 100.0, 50.0, 100.0, 100.0, 100.0])
    links = {(tuple(l.derived), tuple(l.source)) for l in align(derived, source, whole, source_lengths,
                                                                sentences=sentences)}
    assert ((2,), (2,)) in links and not any(3 in d for d, _ in links)
    apart = split_article(["Die Fähre legte mittags ab.", "Niemand winkte.", "Ich rief hinüber.", "Keine Antwort.",
                           "Die Möwen kreisten.", "Dann kam der Regen.", "Wir gingen unter Deck."])
    links = {(tuple(l.derived), tuple(l.source)) for l in align(derived, source, derived_lengths, source_lengths,
                                                                sentences=(apart, sentences[1]))}
    assert not any(3 in d for d, _ in links)


def test_align_joins_an_emoji_to_the_sentence_it_ends_on_the_derived_side_only():
    # "Wir haben gewonnen! 🎉" is two sentences to the splitter; the emoji renders nothing a reader checks and
    # goes with the sentence it ends (not listed added). A source emoji the rewrite leaves out stays dropped
    from babelwire.sentences import split_article
    rng = np.random.default_rng(32)
    base = _unit(rng.normal(size=(5, 384)))
    emoji = _unit(rng.normal(size=(1, 384)))[0]
    derived = np.vstack([base[0], base[1], emoji, base[2], base[3], base[4]])
    lengths = np.array([100.0, 100.0, 1.0, 100.0, 100.0, 100.0]), np.full(5, 100.0)
    texts = ["Das Spiel begann spät.", "Wir haben gewonnen! 🎉", "Alle sangen.", "Der Bus kam nicht.",
             "Wir liefen heim."]
    english = ["The game started late.", "We won!", "Everyone sang.", "The bus never came.", "We walked home."]
    sentences = split_article(texts), split_article(english)
    assert [s.text for s in sentences[0]][1:3] == ["Wir haben gewonnen!", "🎉"]
    links = {(tuple(l.derived), tuple(l.source)) for l in align(derived, base, *lengths, sentences=sentences)}
    assert ((1, 2), (1,)) in links
    assert not any(2 in l.derived for l in align(derived, base, *lengths))   # without the sentences: added
    # the other way round: the source prints the emoji and the rewrite leaves it out
    links = {(tuple(l.derived), tuple(l.source)) for l in align(base, derived, lengths[1], lengths[0],
                                                                sentences=(sentences[1], sentences[0]))}
    assert not any(2 in s for _, s in links)


def test_align_pairs_a_lone_gap_pair_at_a_low_cosine_where_the_lengths_fit(monkeypatch):
    # source 2 and derived 2 are the only sentences left over between the same aligned neighbours, of fitting
    # lengths, at cosine 0.05 (a loose rendering the encoder reads poorly: "Loksins tókst mér að losa rafgeyminn." for
    # "Finally the battery is out."): one sentence in its place on each side is that sentence's rendering. Two
    # left over on one side still need PROVENANCE_GAP_MIN_COSINE; so does a pair whose lengths do not fit
    import babelwire.alignment as alignment
    rng = np.random.default_rng(33)
    noise, *base = _unit(rng.normal(size=(7, 384)))
    noise = _unit([noise - (noise @ base[2]) * base[2]])[0]
    derived = np.vstack([base[0], base[1], 0.05 * base[2] + np.sqrt(1 - 0.05 ** 2) * noise, base[3], base[4],
                         base[5]])
    source = np.vstack(base)
    assert 0.04 < derived[2] @ source[2] < 0.06

    def links(derived_lengths=np.full(6, 100.0)):
        return {(tuple(l.derived), tuple(l.source)) for l in align(derived, source, derived_lengths, np.full(6, 100.0))}

    assert ((2,), (2,)) in links()
    assert not any(2 in d for d, _ in links(np.array([100.0, 100.0, 20.0, 100.0, 100.0, 100.0])))
    monkeypatch.setattr(alignment, "PROVENANCE_GAP_SINGLE_MIN_COSINE", None)
    assert not any(2 in d for d, _ in links())


def test_align_measures_a_paragraph_piece_against_the_whole_groups_ratio(monkeypatch):
    # a translation that splits four of seven sentences (a 70-character piece and a 12-character one for each
    # 100-character source): the one-to-one links' first sentences run 0.7 of their sources, the whole groups
    # 0.82. Source 5 is rendered as 58 characters (cosine 0.45) and a loose 24-character piece (cosine 0.06) in one
    # paragraph: against 0.7 the piece would make the group too long, against the whole groups' 0.82 it is the
    # piece the group lacks (PROVENANCE_PARAGRAPH_PIECE_WHOLE_GROUPS)
    import babelwire.alignment as alignment
    from babelwire.sentences import split_article
    rng = np.random.default_rng(41)
    source = _unit(rng.normal(size=(7, 384)))
    noise = _unit(rng.normal(size=(12, 384)))

    def mix(s, cosine, n):
        n = _unit([n - (n @ s) * s])[0]
        return cosine * s + np.sqrt(1 - cosine ** 2) * n

    rows, lengths, paragraphs = [], [], []
    for i in range(4):
        rows += [mix(source[i], 0.75, noise[2 * i]), mix(source[i], 0.6, noise[2 * i + 1])]
        lengths += [70.0, 12.0]
        paragraphs += [i, i]
    rows += [mix(source[4], 0.9, noise[8]), mix(source[5], 0.45, noise[9]), mix(source[5], 0.06, noise[10]),
             mix(source[6], 0.9, noise[11])]
    lengths += [82.0, 58.0, 24.0, 82.0]
    paragraphs += [4, 5, 5, 6]
    texts = [" ".join(f"Satz {k}." for k, p in enumerate(paragraphs) if p == i) for i in range(7)]
    sentences = split_article(texts), split_article([f"Sentence {i}." for i in range(7)])
    assert [s.paragraph for s in sentences[0]] == paragraphs

    def links():
        return {(tuple(l.derived), tuple(l.source))
                for l in align(np.vstack(rows), source, np.array(lengths), np.full(7, 100.0), sentences=sentences)}

    assert ((9, 10), (5,)) in links() and ((0, 1), (0,)) in links()
    monkeypatch.setattr(alignment, "PROVENANCE_PARAGRAPH_PIECE_WHOLE_GROUPS", False)
    assert ((9,), (5,)) in links()
