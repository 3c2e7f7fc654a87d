from babelwire.sentences import sentence_spans, split_article, split_sentences


def test_english_abbreviations_initials_and_dates_do_not_split():
    text = ("Ukraine struck Belgorod on Dec. 30, killing more than 20 people, Russian media reported. "
            "U.S. and Ukrainian officials said Mr. Smith met J. K. Rowling. It was 3.5 times more.")
    assert split_sentences(text) == [
        "Ukraine struck Belgorod on Dec. 30, killing more than 20 people, Russian media reported.",
        "U.S. and Ukrainian officials said Mr. Smith met J. K. Rowling.",
        "It was 3.5 times more.",
    ]


def test_quote_of_two_sentences_stays_with_its_speaker():
    text = 'Peskov said: "No comment. We are done." Then he left. He added: “Not now.” End.'
    assert split_sentences(text) == ['Peskov said: "No comment. We are done."', "Then he left.",
                                     "He added: “Not now.”", "End."]


def test_hindi_danda_with_and_without_space():
    assert split_sentences("अधिकारी ने पुष्टि की।क्रेमलिन ने इनकार किया। क्या यह सच है?") == [
        "अधिकारी ने पुष्टि की।", "क्रेमलिन ने इनकार किया।", "क्या यह सच है?"]


def test_cjk_full_stops_need_no_space():
    assert split_sentences("我很喜欢。你呢？好的！") == ["我很喜欢。", "你呢？", "好的！"]
    assert split_sentences("東京に行った。「いいね。」と言った。") == ["東京に行った。", "「いいね。」と言った。"]


def test_arabic_and_urdu_punctuation():
    assert split_sentences("هل هذا صحيح؟ نعم.") == ["هل هذا صحيح؟", "نعم."]
    assert split_sentences("کیا یہ سچ ہے؟ہاں۔ ٹھیک ہے") == ["کیا یہ سچ ہے؟", "ہاں۔", "ٹھیک ہے"]


def test_german_ordinal_day_and_abbreviation():
    assert split_sentences("Am 16. März stieg der Preis z.B. um 3 Prozent. Das ist viel.") == [
        "Am 16. März stieg der Preis z.B. um 3 Prozent.", "Das ist viel."]


def test_lowercase_continuation_and_ellipsis():
    assert split_sentences("Das ist viel... aber gut. Ende.") == ["Das ist viel... aber gut.", "Ende."]


def test_spans_map_back_to_paragraph_text():
    paragraphs = ["First one. Second one.", "", "Third\nfourth line."]
    sentences = split_article(paragraphs)
    assert [s.idx for s in sentences] == [0, 1, 2, 3]
    assert [s.paragraph for s in sentences] == [0, 0, 2, 2]
    for s in sentences:
        assert paragraphs[s.paragraph][s.start:s.end] == s.text
    assert sentence_spans("   ") == []


def test_german_low_high_quotes_close_after_the_full_stop():
    text = "„Wo warst du? Du musst gehen.“ Wir ließen ihn dort. Er sagte „nein.“ Dann ging er."
    assert split_sentences(text) == ["„Wo warst du? Du musst gehen.“", "Wir ließen ihn dort.",
                                     "Er sagte „nein.“", "Dann ging er."]
    # English opens with the same mark after a space: no change there
    assert split_sentences("He left. “Why?” she asked.") == ["He left.", "“Why?” she asked."]


def test_ascii_bar_typed_for_the_danda_after_devanagari():
    assert split_sentences("मैं थका हुआ हूं| कैमरा बंद था।") == ["मैं थका हुआ हूं|", "कैमरा बंद था।"]
    assert split_sentences("मैं थका हुआ हूं|कैमरा बंद था।") == ["मैं थका हुआ हूं|", "कैमरा बंद था।"]
    assert split_sentences("Scores: a | b and c.") == ["Scores: a | b and c."]   # not after Devanagari


def test_split_article_hands_out_a_list_of_its_own():
    # split_article is cached on the paragraph texts: a caller changing its list must not change the next one
    first = split_article(["One sentence here. Another one there.", "A second paragraph."])
    assert [s.text for s in first] == ["One sentence here.", "Another one there.", "A second paragraph."]
    first.clear()
    assert len(split_article(["One sentence here. Another one there.", "A second paragraph."])) == 3


def test_german_ordinal_after_an_article_is_no_sentence_end():
    # "den 2. Lieutenant": the number is an ordinal and the capitalised word a noun, not a new sentence
    assert split_sentences("Cohren sah den 2. Lieutenant Nemic kommen. Er war im 3. Stock.") == [
        "Cohren sah den 2. Lieutenant Nemic kommen.", "Er war im 3. Stock."]
    # a sentence that ends on a number still ends there
    assert split_sentences("The death toll rose to 12. Rescue teams came.") == [
        "The death toll rose to 12.", "Rescue teams came."]


def test_capitalised_al_is_a_name_not_et_al():
    assert split_sentences("There was no Al. No refugees.") == ["There was no Al.", "No refugees."]
    assert split_sentences("Smith et al. found it.") == ["Smith et al. found it."]


def test_a_tab_inside_a_paragraph_ends_a_sentence():
    text = "“Yes sir, they are on their way” \tAt 0500 sharp, Exodus company assembled."
    assert split_sentences(text) == ["“Yes sir, they are on their way”",
                                     "At 0500 sharp, Exodus company assembled."]


def test_chinese_quote_after_a_full_stop_opens_the_next_sentence():
    # “ straight after 。 and before a word opens a quotation; after a German full stop it closes one
    assert split_sentences("卡莉在灯笼上敲了两下。“不会”。她说。") == ["卡莉在灯笼上敲了两下。", "“不会”。", "她说。"]
    assert split_sentences("„Geh.“ Er ging. „Geh.“, sagte er.") == ["„Geh.“", "Er ging.", "„Geh.“, sagte er."]
