"""Which facts changed between aligned sentences, and how the framing moved.

Numbers, dates and names compared as the entities stage's language-independent keys; negation, hedges
("reportedly", "allegedly"), attribution and speech cues from small per-language word lists; a headline
or claim turned into a question. Used by :mod:`babelwire.provenance` on each kept sentence group.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from functools import lru_cache
from typing import Optional

from babelwire.article import Article
from babelwire.entities import Entity, find_entities, shared_keys
from babelwire.settings import (PROVENANCE_HEDGE_LEVELS, PROVENANCE_NAME_RENDERING_MIN_GROUPS,
                                PROVENANCE_NEGATION_LEVELS, PROVENANCE_NEGATION_PRIVATIVE_DROPPED,
                                PROVENANCE_QUOTE_ARTICLE_SHARE, PROVENANCE_QUOTE_COUNT,
                                PROVENANCE_QUOTE_DASH_ONLY)


# --- language cues: negation, hedges, attribution, speech ------------------------------------------------
def _words(*groups: str) -> frozenset:
    return frozenset(w for g in groups for w in g.split())


_NEGATION = {
    "en": _words("not no never nobody nothing none neither nor cannot without n't"),
    "de": _words("nicht kein keine keinen keinem keiner keines nie niemals niemand nichts ohne weder keinesfalls "
                 "keineswegs"),
    "es": _words("no nunca jamás nadie nada ningún ninguno ninguna ni sin tampoco"),
    "fr": _words("ne pas jamais personne rien aucun aucune sans ni non"),
    "it": _words("non mai nessuno niente nulla senza né"),
    "pt": _words("não nunca ninguém nada nenhum nenhuma sem nem"),
    "ru": _words("не нет ни никогда никто ничего ничто никакой никакие без нельзя никого никому никем ничем "
                 "ничему нигде никак никакого никакая никакую никаких никаким никакими"),
    "uk": _words("не ні немає ніколи ніхто нічого ніякий без нікого нікому ніким нічим нічому ніде ніяк ані "
                 "жоден жодна жодне жодні жодного жодної жодному жодній жодним жодною жодних"),
    "pl": _words("nie nigdy nikt nic żaden żadna żadne bez ani"),
    "cs": _words("ne aniž není nejsou nemá nemají nebyl nebyla nebylo nebyli nebude nebudou nemůže nemohl nikdy "
                 "nikdo nic žádný žádná žádné žádní žádného žádnou žádném žádným žádnými žádných bez ani nechci nevím"),
    "is": _words("ekki eigi aldrei hvergi án hvorki né enginn engin ekkert engan enga engum engu einskis engri "
                 "engrar engir engar engra"),   # enginn declined: "Hér voru engir flóttamenn"
    "tr": _words("değil yok hiç hiçbir asla"),
    "hi": _words("नहीं न ना मत बिना बगैर"),   # not कभी: "ever" (कभी नहीं is "never" by its नहीं)
    "ur": _words("نہیں نہ مت کبھی بغیر"),
    "ar": _words("لا لم لن ليس ليست ما غير بدون دون"),
}
_CZECH_NE_VERB = re.compile(r"^ne(?!j|b|ž|ě|k|ch|ž)[a-zěščřžýáíéůúň]{3,}$")
# Czech ne- words with an adjective, adverb or noun ending (nepřirozené, nepozorovaně, nepohodlí, nekonečnou)
_CZECH_NE_NOT_VERB = re.compile(r"(?:ý|á|é|ě|ého|ému|ých|ým|ými|ou|ost|osti|ostí|í|ím|ích|ími)$")
_CJK_NEGATION = {"ja": re.compile("ない|なかっ|ません|ず[、。に]|ぬ|無い"), "zh": re.compile("不|没|沒|未|别|別|无|無|非")}
# Negation words that negate nothing, removed before the test: assertive double negations (不得不 "must",
# なければならない "must") and compounds of a negation morpheme that are words of their own (非常 "very",
# 不同 "different", 未来 "future", 少ない "few", かもしれない "may").
_NOT_NEGATION = {
    "ja": re.compile("かもしれな|かも知れな|なければならな|なくてはならな|なければいけな|なくてはいけな|ざるを得な|"
                     "ざるをえな|に違いな|に相違な|間違いな|少な[いくか]|危な[いくか]|(?<!大)切な[いくか]|つまらな[いくか]|"
                     "たまらな[いくか]|もったいな[いくか]|ただならぬ"),
    "zh": re.compile("不得不|非得|非常|不同|不久|未来|不过|不断|不错|不禁|无论|無論|不管|不仅|不僅|不已|无比|不少|无数|"
                     "不知不觉|不知何故|目不转睛|一动不动|不惜|毫不犹豫|差不多"),
}
# ... and negation words that negate loosely, removed too but leaving the side "loose" (negation_level 1):
# tag questions ("isn't it?", "чи не так?", "er það ekki?", 是吗？), "only" written with a negation (しか…ない),
# fixed phrases ("not to mention", "not only", "no doubt").
_LOOSE_NEGATION = {
    "en": re.compile(r"\b(?:is|are|was|were|do|does|did|have|has|had|can|could|wo|would|should|shall)n['’]t\s+"
                     r"(?:it|he|she|they|you|we|i|there|that|this)\s*\?|\bnot\s+to\s+mention\b|\bnot\s+only\b|"
                     r"\bno\s+(?:doubt|wonder|shit)\b|\bnothing\s+but\b", re.IGNORECASE),
    "de": re.compile(r"\bnicht\s+wahr\b|\bnicht\s+nur\b", re.IGNORECASE),
    "es": re.compile(r"[,¿]\s*¿?no\s*\?|\bno\s+solo\b|\bno\s+sólo\b", re.IGNORECASE),
    "cs": re.compile(r",\s*ne\s*\?|\bnejen\b", re.IGNORECASE),
    "ru": re.compile(r"\bне\s+так\s+ли\b|\bне\s+правда\s+ли\b|\bне\s+только\b|\bне\s+мог(?:у|ла|ли)?\s+не\b",
                     re.IGNORECASE),
    "uk": re.compile(r"\bчи\s+не\s+так\b|\bхіба\s+не\s+так\b|\bне\s+тільки\b|\bне\s+лише\b", re.IGNORECASE),
    "is": re.compile(r"\b(?:er|var|eru|voru)\s+(?:það|þetta|hann|hún|þau)\s+ekki\s*\?|\bekki\s+satt\s*\?|"
                     r"\bekki\s+(?:bara|aðeins|einungis)\b", re.IGNORECASE),
    "ja": re.compile("しか[^、。！？「」]{0,8}?(?:ない|なかっ|ありません|ません)|"
                     "(?:じゃ|では)ない(?:か|です?か|でしょうか)?[？?]|思わない(?:か)?[？?]"),
    "zh": re.compile("[是对好][吗嗎][？?]"),
}
# Words that render a negation loosely: semi-negatives ("barely", "rarely"), privatives ("unable", "without
# a word", "missing", 非 "non-"), and the contexts that license "any"/"ever" ("only", "before", "than"); in
# the other languages also the words that render the privatives of the English list below ("hated" hasste /
# odiaba / 讨厌, "missing" fehlte / chyběla, "before he could" bevor / прежде чем / 之前).
# A side with none of the negation words but one of these is neither negated nor plain: no flag either way
# (a translator renders "unable" as "could not", "before he could answer" as "не успел ответить").
_NEGATION_WEAK = {
    "en": re.compile(r"\b(?:unable|barely|hardly|scarcely|rarely|seldom|little|few|lack\w*|miss(?:ing|ed|es)?|"
                     r"fail\w*|refus\w+|den(?:y|ies|ied)|ignor\w+|avoid\w*|forg[eo]t\w*|stop(?:s|ped|ping)?|"
                     r"hat(?:e|es|ed)|doubt\w*|absent|instead|rather|than|only|before|until|unless|any|anyone|"
                     r"anything|anybody|anywhere|ever|yet|either|different|silent\w*|quiet\w*|somehow|"
                     r"(?!under|unit|until|univers|union|uniq|uniform)un\w{3,}|non\w*|\w{3,}less)\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:kaum|selten|wenig\w*|\w+los|\w+lose[nmrs]?|bevor|hass\w*|fehl\w*)\b", re.IGNORECASE),
    "es": re.compile(r"\b(?:apenas|raramente|rara\s+vez|poco|antes\s+de\s+que|odi\w+|falt\w+)\b", re.IGNORECASE),
    "cs": re.compile(r"\b(?:málo|málokdy|sotva|zřídka|bez\w+|nenávid\w*|chyb\w+)\b", re.IGNORECASE),
    "ru": re.compile(r"\b(?:едва|редко|мало|без\w{3,}|бес\w{3,}|прежде\s+чем|до\s+того\s+как|ненавид\w*|"
                     r"отсутств\w*|нехват\w*)\b", re.IGNORECASE),
    "uk": re.compile(r"\b(?:ледве|насилу|рідко|мало|без\w{3,}|перш\s+ніж|до\s+того\s+як|ненавид\w*|браку\w*)\b",
                     re.IGNORECASE),
    "is": re.compile(r"\b(?:lítið|varla|sjaldan|\w+laus\w*|áður\s+en|hata\w*|vant\w*)\b", re.IGNORECASE),
    "hi": re.compile(r"मुश्किल\s*से|शायद\s*ही|से\s*पहले|नफ़?रत|इनकार|इंकार"),
    "ja": re.compile("ほとんど|めったに|無理|[無未不非]|嫌|ウンザリ|うんざり"),
    "zh": re.compile("难以|難以|很少|禁止|拒绝|缺|之前|以前|讨厌|討厭"),
}
# Of those, the verbs and adverbs that mean "not" ("unable", "barely", "hated", "before he could"): a source
# whose only negation is one of these, against a derived side with no negation at all, is "negation dropped"
# (PROVENANCE_NEGATION_PRIVATIVE_DROPPED): "unable to look away" rendered "could look away". Not "deny",
# "refuse", "fail": every language has a plain verb for them (seeds: "they deny" = "वे इनकार करते हैं").
_NEGATION_PRIVATIVE = {
    "en": re.compile(r"\b(?:unable|barely|hardly|scarcely|rarely|seldom|lack\w*|missing|hat(?:e|es|ed)|absent|"
                     r"before\s+\w+\s+could)\b", re.IGNORECASE),
}
_HEDGES = {   # reported-speech hedges ("allegedly") and epistemic adverbs ("probably"): a claim not asserted.
    # Verbs of seeming (seem, scheinen, parecer, казаться, 似乎 ...) are left out: translators render "seemed"
    # as "looked" or leave it out. Hedge flags on the untouched translations of the WMT24 synthetic sample
    # (scripts/drift_synthetic.py, 2,880 groups, dev): 72 with them, 30 without (21 with the lists before
    # the epistemic adverbs were added, which caught none of 21 hedges struck out)
    "en": ("allegedly", "reportedly", "purportedly", "apparently", "supposedly", "alleged", "suspected",
           "unconfirmed", "is believed", "are believed", "was believed", "probably", "maybe", "perhaps",
           "possibly", "presumably"),
    "de": ("angeblich", "mutmaßlich", "vermutlich", "offenbar", "anscheinend", "soll ", "sollen ", "wahrscheinlich",
           "vielleicht", "möglicherweise"),
    "es": ("presuntamente", "supuestamente", "aparentemente", "presunto", "presunta", "habría", "probablemente",
           "posiblemente", "quizás", "quizá", "tal vez", "al parecer", "a lo mejor", "seguramente"),
    "fr": ("présumé", "présumée", "prétendument", "apparemment", "aurait", "auraient", "supposé", "peut-être",
           "probablement", "sans doute"),
    "ru": ("якобы", "скорее всего", "предположительно", "по-видимому", "видимо", "вероятно", "возможно", "наверное",
           "наверно", "пожалуй", "предполагаемый"),
    "uk": ("нібито", "швидше за все", "імовірно", "ймовірно", "можливо", "очевидно", "мабуть", "напевно", "напевне",
           "певно"),
    "cs": ("údajně", "údajný", "údajná", "prý", "pravděpodobně", "zřejmě", "možná", "asi", "snad", "nejspíš",
           "nejspíše", "patrně"),
    "pl": ("rzekomo", "podobno", "prawdopodobnie", "domniemany", "rzekomy", "być może", "chyba", "pewnie"),
    "is": ("að sögn", "meintur", "meint", "sennilega", "víst", "kannski", "líklega", "trúlega", "ef til vill"),
    "tr": ("iddia", "iddiaya göre", "sözde", "muhtemelen", "güya", "belki", "galiba"),
    "hi": ("कथित", "संभवतः", "संभवत:", "शायद", "बताया जा रहा", "हो सकता है"),
    "ur": ("مبینہ", "مبینہ طور", "شاید"),
    "ar": ("المزعوم", "مزعوم", "يزعم", "زعم", "ربما", "يُعتقد", "يعتقد"),
    "ja": ("とされる", "とみられる", "と見られる", "疑い", "多分", "たぶん", "おそらく", "恐らく", "かもしれ",
           "もしかしたら", "もしかすると"),
    "zh": ("据称", "涉嫌", "疑似", "据悉", "可能", "也许", "或许", "大概", "据说", "恐怕"),
}
# words that contain a hedge and are none: Czech "asi 20" (about 20), Hindi "शायद ही" (hardly), Chinese
# 不可能 (impossible), 可能性 (possibility)
_HEDGE_FALSE = {"cs": re.compile(r"(?<!\w)asi(?=\s+\d)", re.IGNORECASE), "hi": re.compile(r"शायद\s*ही"),
                "zh": re.compile("[不没無无]可能|可能性")}
# Words that hedge loosely: verbs of seeming and thinking, modals, "surely", approximations ("around an
# hour": Czech "asi po hodině"). A side with no hedge of _HEDGES but one of these is compared with neither
# side (PROVENANCE_HEDGE_LEVELS): "seemed to know" rendered "zřejmě věděl", "would do anything" "habría
# hecho", "probably" rendered "surely" (örugglega) or "I hope" (сподіваюся). Not the plain future or
# conjecture of a language (Hindi होगा, Japanese だろう), which a struck-out "probably" leaves behind.
_HEDGES_WEAK = {
    "en": re.compile(r"\b(?:seem\w*|appear\w*|likely|unlikely|must|might|may|could|would|should|guess\w*|"
                     r"think\w*|thought|suppos\w+|doubt\w*|sure|surely|certainly|believ\w+|expect\w*|bet|hope\w*|"
                     r"(?:around|about|almost|nearly|approximately|roughly)\s+(?:\d|an?\b|one|two|three|four|five|six|"
                     r"seven|eight|nine|ten|twenty|hundred|thousand|half|dozen)|going\s+to|gonna|"
                     r"(?:is|are|was|were)\s+to|kind\s+of|sort\s+of|pretty\s+sure)\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:schein\w*|schien\w*|wohl|dürfte\w*|sicher\w*|bestimmt|glaub\w*|hoff\w*|vermute)\b",
                     re.IGNORECASE),
    "es": re.compile(r"\b(?:parec\w*|segur[oa]|debe\s+de|supongo|creo|espero)\b", re.IGNORECASE),
    "cs": re.compile(r"\b(?:zdá|zdál\w*|určitě|jistě|doufám|myslím|nejspíš\w*)\b", re.IGNORECASE),
    "ru": re.compile(r"\b(?:кажется|казал\w*|похоже|должно\s+быть|наверняка|уверен\w*|надеюсь|думаю)\b",
                     re.IGNORECASE),
    "uk": re.compile(r"\b(?:здається|здавал\w*|схоже|певне|сподіваюся|сподіваюсь|думаю)\b", re.IGNORECASE),
    "is": re.compile(r"\b(?:virðist|virtist|örugglega|eflaust|held|sjálfsagt)\b", re.IGNORECASE),
    "hi": re.compile(r"लगता|लगा|लगती|ज़रूर|जरूर"),
    "ja": re.compile("ようだ|らしい|みたい|気がする|はず|きっと|違いない"),
    "zh": re.compile("似乎|好像|看来|看起来|应该|應該|估计|一定|肯定|想必"),
}
_ATTRIBUTION = {
    "en": ("according to", "said", "says", "told", "reported", "citing", "quoted", "claimed", "claims", "stated",
           "added", "announced"),
    "de": ("laut", "zufolge", "sagte", "sagt", "berichtet", "erklärte", "teilte", "nach angaben"),
    "es": ("según", "dijo", "afirmó", "informó", "declaró", "señaló", "aseguró"),
    "fr": ("selon", "a dit", "a déclaré", "a affirmé", "rapporte", "a indiqué", "d'après"),
    "ru": ("по словам", "по данным", "сообщил", "сообщили", "сообщает", "заявил", "заявила", "сказал"),
    "uk": ("за словами", "за даними", "повідомив", "повідомили", "заявив", "заявила", "сказав"),
    "cs": ("podle", "uvedl", "uvedla", "řekl", "řekla", "sdělil", "oznámil"),
    "pl": ("według", "powiedział", "poinformował", "oświadczył", "stwierdził"),
    "is": ("samkvæmt", "sagði", "segir", "greindi frá"),
    "tr": ("göre", "dedi", "açıkladı", "bildirdi", "söyledi"),
    "hi": ("के अनुसार", "ने कहा", "ने बताया", "बताया", "कहा", "हवाले", "हवाला", "दावा"),
    "ur": ("کے مطابق", "نے کہا", "نے بتایا"),
    "ar": ("وفقا", "وفقاً", "بحسب", "حسب", "قال", "قالت", "أفاد", "أفادت", "ذكرت", "نقلا عن"),
    "ja": ("によると", "によれば", "と述べ", "と語", "と話", "と発表", "と伝え", "報じ"),
    "zh": ("据", "表示", "称", "说", "报道", "指出"),
}
_QUOTE_MARKS = re.compile("[\"“”«»„「」『』]")
_DASH = re.compile("[–—―]|(?:^|\\s)-(?:\\s|$)")
# (the danda ।, U+0964, and ॥ end a Hindi sentence: no letters, though inside the Devanagari block)
_WORD_RE = re.compile(r"[\w\u0900-\u0963\u0966-\u0DFF\u0610-\u061A\u064B-\u065F\u0670']+")
_QUESTION = re.compile("[?？؟]")
_QUALIFIERS = {
    "more": ("more than", "over", "above", "exceeding", "upwards of", "से अधिक", "से ज्यादा", "से ज़्यादा", "से ऊपर",
             "более", "больше", "свыше", "понад", "більше", "más de", "plus de", "mehr als", "über", "přes",
             "více než", "ponad", "ponad", "yli", "fazla", "أكثر من", "以上", "多"),
    "less": ("less than", "fewer than", "under", "below", "से कम", "менее", "меньше", "менше", "menos de",
             "moins de", "weniger als", "méně než", "mniej niż", "أقل من", "以下", "未満"),
    "about": ("about", "around", "nearly", "almost", "approximately", "roughly", "some", "लगभग", "करीब", "около",
              "почти", "приблизно", "майже", "casi", "unos", "alrededor de", "près de", "environ", "presque",
              "rund", "fast", "etwa", "ungefähr", "asi", "téměř", "około", "prawie", "um það bil", "nærri",
              "yaklaşık", "حوالي", "نحو", "约", "近", "约为", "ほぼ", "約"),
}


_QUOTED = re.compile("“[^”]*”|«[^»]*»|„[^“”]*[“”]|「[^」]*」|『[^』]*』|\"[^\"]*\"")


def _unquoted(text: str) -> str:
    return _QUOTED.sub(" ", text)


def _is_question(texts: list[str]) -> bool:
    return any(_QUESTION.search(t) for t in texts)


def _lang(lang: Optional[str]) -> str:
    return (lang or "en").split("-")[0]


def _sentence_initial(text: str, word: str) -> bool:
    """``word`` opens ``text`` or one of its sentences (after ``. ! ?`` and any quotes or dashes)."""
    return bool(re.search(r"(?:^|[.!?…]\s)[\s\"'“”„«»–—-]*" + re.escape(word) + r"\b", text))


def _negation_text(text: str, lang: str) -> str:
    """``text`` without its negation words that negate nothing or loosely (:data:`_NOT_NEGATION`,
    :data:`_LOOSE_NEGATION`)."""
    text = text.replace("’", "'")
    for table in (_NOT_NEGATION, _LOOSE_NEGATION):
        if lang in table:
            text = table[lang].sub(" ", text)
    return text


def has_negation(text: str, lang: Optional[str]) -> bool:
    lang = _lang(lang)
    if PROVENANCE_NEGATION_LEVELS:
        text = _negation_text(text, lang)
    if lang in _CJK_NEGATION:
        return bool(_CJK_NEGATION[lang].search(text))
    words = _WORD_RE.findall(text.lower().replace("’", "'"))
    lexicon = _NEGATION.get(lang, _NEGATION["en"])
    if lang == "en" and any(w.endswith("n't") for w in words):
        return True
    # a ne- verb is written in lower case ("nemohl"), or in capitals; a capitalised one mid-sentence is a
    # name ("Nemicovi"); with the negation levels, a ne- adjective, adverb or noun ("nepřirozené",
    # "nepohodlí") is a privative, weak (:func:`negation_level`)
    if lang == "cs" and any(_CZECH_NE_VERB.match(w.lower()) and not (PROVENANCE_NEGATION_LEVELS and
                                                                     _CZECH_NE_NOT_VERB.search(w.lower()))
                            for w in _WORD_RE.findall(text)
                            if w.islower() or w.isupper() or _sentence_initial(text, w)):
        return True
    return any(w in lexicon for w in words)


def negation_level(text: str, lang: Optional[str]) -> int:
    """2: ``text`` negates (:func:`has_negation`); 1: it does not, but has a word that renders a negation
    loosely (:data:`_NEGATION_WEAK`: "unable", "barely", "only", a Czech ne- adjective); 0: neither."""
    if has_negation(text, lang):
        return 2
    lang = _lang(lang)
    weak = _NEGATION_WEAK.get(lang)
    rest = _negation_text(text, lang)
    if weak and weak.search(rest):
        return 1
    if lang == "cs" and any(_CZECH_NE_VERB.match(w) for w in _WORD_RE.findall(rest) if w.islower()):
        return 1
    return 1 if lang in _LOOSE_NEGATION and _LOOSE_NEGATION[lang].search(text.replace("’", "'")) else 0


def _cue(text: str, lang: Optional[str], table: dict) -> Optional[str]:
    low = " " + text.lower() + " "
    for cue in table.get(_lang(lang), ()):
        if _lang(lang) in ("ja", "zh"):
            if cue in low:
                return cue
        elif re.search(r"(?<![\w\u0900-\u097F])" + re.escape(cue.strip()) + r"(?![\w\u0900-\u097F])", low):
            return cue.strip()
    return None


def hedge(text: str, lang: Optional[str]) -> Optional[str]:
    """The first hedge cue of ``text`` ("allegedly", "probably", "якобы", "也许"), or None."""
    false = _HEDGE_FALSE.get(_lang(lang))
    return _cue(false.sub(" ", text) if false else text, lang, _HEDGES)


def hedge_level(text: str, lang: Optional[str]) -> int:
    """2: ``text`` hedges (:func:`hedge`); 1: it does not, but has a word that hedges loosely
    (:data:`_HEDGES_WEAK`: "seemed", "would", "surely"); 0: neither."""
    if hedge(text, lang):
        return 2
    weak = _HEDGES_WEAK.get(_lang(lang))
    return 1 if weak and weak.search(text) else 0


def _qualifier(surface: str) -> Optional[str]:
    low = surface.lower()
    for kind, words in _QUALIFIERS.items():
        if any(w in low for w in words):
            return kind
    return None


# --- changed facts and framing --------------------------------------------------------------------------
def _view(texts: list[str], lang: Optional[str]) -> Article:
    view = Article(id="view", raw="", paragraphs=texts, lang=lang)
    view.entities, view.token_keys = find_entities(None, texts, lang)
    return view


def _keys(view: Article, prefixes: tuple[str, ...]) -> dict[str, str]:
    return {e.key: e.surface for e in view.entities if e.key.split(":", 1)[0] in prefixes}


def _written(key: str, view: Article) -> bool:
    """Every part of the name ``key`` is among the words (romanised skeletons) of ``view``."""
    return all(part in view.token_keys for part in key.split(":", 1)[1].split("-"))


def _inflected(a: str, b: str) -> bool:
    """Some part of name key ``a`` and some part of ``b`` are one word inflected: the shorter skeleton
    starts the longer, which adds at most two consonants (a four-consonant skeleton may differ in its
    last: Ignniat / Ignniats are "aknt" / "akns")."""
    for p in a.split(":", 1)[1].split("-"):
        for q in b.split(":", 1)[1].split("-"):
            p_, q_ = sorted((p, q), key=len)
            common = len(os.path.commonprefix([p_, q_]))
            if len(q_) - len(p_) <= 2 and (len(p_) >= 3 and common == len(p_)
                                            or len(p_) >= 4 and common >= len(p_) - 1):
                return True
    return False


def _all_caps(text: str) -> bool:
    """Cased letters, none of them lower-case (a heading in capitals; a caseless script is not)."""
    return any(c.isupper() for c in text) and not any(c.islower() for c in text)


def _rendered(quote: str, lang: Optional[str], derived: Article) -> bool:
    """The quotation's names and numbers, if it has any, are all in the derived text (a quoted list of
    countries rendered without the marks is kept, not dropped)."""
    view = _view([quote], lang)
    keys = {e.key for e in view.entities}
    if not keys:
        return False
    shared = shared_keys(view, derived)
    return keys <= shared["name"] | shared["number"] | shared["date"] | {
        e.key for e in view.entities if e.kind == "name" and _written(e.key, derived)}


def _all_quoted(text: str) -> bool:
    """The whole text is one quotation (dialogue): a translation may set it off with a dash instead."""
    return not _WORD_RE.search(_unquoted(text))


def _digit_runs(text: str) -> Counter:
    """How often each number written in digits (any script's digits) occurs in ``text``."""
    return Counter(int(run) for run in re.findall(r"\d+", text) if len(run) <= 12)


def content_length(text: str, lang: Optional[str]) -> int:
    """Characters of ``text`` without its negation and hedge cues: what the completeness test compares, so
    that the cue whose change is being checked does not itself make a short sentence look cut (a Chinese
    sentence that loses 没有 loses a quarter of its length)."""
    lang = _lang(lang)
    if lang in _CJK_NEGATION:
        text = re.sub("[没沒]有", "", text) if lang == "zh" else text
        text = _CJK_NEGATION[lang].sub("", text)
    else:
        lexicon = _NEGATION.get(lang, _NEGATION["en"])
        text = text.replace("n't", "").replace("n’t", "")
        # most sentences have no negation word: look before rewriting the text word by word
        if not lexicon.isdisjoint(map(str.lower, _WORD_RE.findall(text))):
            text = _WORD_RE.sub(lambda m: "" if m.group().lower() in lexicon else m.group(), text)
    cues = _HEDGES.get(lang, ())
    if lang in ("ja", "zh"):
        for cue in cues:
            text = text.replace(cue, "")
    elif cues:
        text = _hedge_pattern(cues).sub("", text)
    return len(_SPACES.sub(" ", text).strip())


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=64)
def _hedge_pattern(cues: tuple[str, ...]) -> re.Pattern:
    """One language's hedge cues as a single pattern (built once per cue list: :func:`content_length` runs
    on every sentence the ingest aligns)."""
    return re.compile(r"(?<![\w\u0900-\u097F])(?:" + "|".join(re.escape(c.strip()) for c in cues)
                      + r")(?![\w\u0900-\u097F])", flags=re.IGNORECASE)


def _story_names(view: Article, text: str, source_article: Article) -> None:
    """Add to ``view`` the capitalised words of ``text`` that spell a one-word name of the source article
    and that the entity finder passed over: German capitalises nouns, so after an article or a preposition
    ("im Nemic", "die Cohren") a name reads as a noun to it."""
    story = {e.surface: e.key for e in source_article.entities if e.kind == "name" and "-" not in e.key}
    have = {e.key for e in view.entities}
    for m in _WORD_RE.finditer(text):
        # the name as the source writes it, letter for letter (a German noun that merely sounds like an
        # English name, "Länge" / "Long", is not taken)
        key = story.get(m.group())
        if key and key not in have and not m.group().isupper():
            view.entities.append(Entity("name", m.group(), key))
            have.add(key)


def changed_facts(source_texts: list[str], derived_texts: list[str], source_lang: Optional[str],
                  derived_lang: Optional[str], complete: bool = True,
                  source_article: Optional[Article] = None,
                  source_nearby: Optional[list[str]] = None) -> list[dict[str, str]]:
    """What differs between an aligned group's source and derived sentences.

    ``number`` / ``date``: each side has a number (date) the other lacks, or a shared number's
    qualifier differs ("more than 20" vs "about 20"; "20 से अधिक" = "more than 20");
    ``name`` / ``speaker``: each side names someone the other does not (``speaker`` when the group
    quotes or reports speech), or, in a ``complete`` group, the derived side names someone the source
    sentences do not but the source article (``source_article``, with entities) names elsewhere: a
    person of the story put into this sentence ("Anton's was busy" → "Alborn's was busy", with Anton
    still named later in it) who is not in the source sentences next to the group either
    (``source_nearby``: “Why?” | Ivory asked. is one sentence in a translation); with ``source_article``,
    a capitalised derived word spelt as one of its one-word names is that name ("im Nemic"); ``quote``: a
    source quotation whose names and numbers the derived text does not carry, where the derived text prints
    no quotation or fewer than the source; ``negation`` / ``hedge``: one side negates (hedges) and the other does
    not, checked only for ``complete`` pairs (lengths, counted without these cues, in the usual ratio: a
    rewrite that drops a clause drops its "not" with it, which is a dropped clause, not a flipped claim).
    Hedges are reported-speech and epistemic adverbs ("allegedly", "probably", :func:`hedge`).
    """
    src, der = " ".join(source_texts), " ".join(derived_texts)
    sv, dv = _view(source_texts, source_lang), _view(derived_texts, derived_lang)
    out: list[dict[str, str]] = []
    if source_article is not None:
        _story_names(dv, der, source_article)

    def add(kind: str, detail: str) -> None:
        out.append({"kind": kind, "source_text": src, "derived_text": der, "detail": detail})

    for kind, prefixes in (("number", ("num",)), ("date", ("date", "year"))):
        sk, dk = _keys(sv, prefixes), _keys(dv, prefixes)
        only_s, only_d = sorted(set(sk) - set(dk)), sorted(set(dk) - set(sk))
        if only_s and only_d:
            add(kind, f"{', '.join(sk[k] for k in only_s)} → {', '.join(dk[k] for k in only_d)}")
        elif kind == "number" and sk and dk:
            # the same numbers, counted: "5/11 - 12/13" → "12/5 - 13/12" changed the 11 into a second 12
            cs, cd = _digit_runs(src), _digit_runs(der)
            more_s, more_d = cs - cd, cd - cs
            if more_s and more_d:
                add(kind, f"{', '.join(map(str, sorted(more_s.elements())))} → "
                          f"{', '.join(map(str, sorted(more_d.elements())))}")
        if kind == "number":
            for key in sorted(set(sk) & set(dk)):
                qs, qd = _qualifier(sk[key]), _qualifier(dk[key])
                if qs != qd and (qs or qd):
                    add("number", f"qualifier: {sk[key]} → {dk[key]}")
    shared = shared_keys(sv, dv)["name"]
    # a name counts as written on the other side when every part of its key is a word there, a short
    # or sentence-initial one included ("Tenuk exclaimed" / "rief Tenuk": no entity in the English)
    shared |= {e.key for e in sv.entities if e.kind == "name" and _written(e.key, dv)}
    shared |= {e.key for e in dv.entities if e.kind == "name" and _written(e.key, sv)}
    # the same name inflected (Anton / Antonem / Antons, Paltricus / Paltrica): one skeleton is the other
    # plus an ending of at most two consonants
    for a in [e.key for e in sv.entities if e.kind == "name" and e.key not in shared]:
        for b in [e.key for e in dv.entities if e.kind == "name" and e.key not in shared]:
            if _inflected(a, b):
                shared |= {a, b}
    # a heading in capitals ("GOOD RIDDANCE") has no names to tell by capitalisation
    if _all_caps(src) or _all_caps(der):
        shared |= {e.key for e in sv.entities + dv.entities if e.kind == "name"}
    only_s = [e.surface for e in sv.entities if e.kind == "name" and e.key not in shared]
    only_d = [e.surface for e in dv.entities if e.kind == "name" and e.key not in shared]
    speech = bool(_QUOTE_MARKS.search(src + der) or _cue(src, source_lang, _ATTRIBUTION)
                  or _cue(der, derived_lang, _ATTRIBUTION))
    if only_s and only_d:
        add("speaker" if speech else "name", f"{', '.join(only_s)} → {', '.join(only_d)}")
        # the unmatched names, for the article-level look of :func:`article_checks`
        out[-1]["names"] = {
            "source": [(e.surface, e.key) for e in sv.entities if e.kind == "name" and e.key not in shared],
            "derived": [(e.surface, e.key) for e in dv.entities if e.kind == "name" and e.key not in shared]}
    elif only_d and complete and source_article is not None:
        # names the source article itself found (capitalised mid-sentence, or in the gazetteer): a
        # capitalised German noun that merely spells like an English word is no person of the story
        in_article = {e.key for e in source_article.entities if e.kind == "name"}
        near = _view(source_nearby, source_lang) if source_nearby else None
        nearby = shared_keys(dv, near)["name"] if near else set()
        # any word of the source sentences (or their neighbours) spelling the name, capitalised at the
        # start of a sentence included ("Tenuk exclaimed ...": no entity there, still the same person)
        moved = sorted({e.surface for e in dv.entities if e.kind == "name" and e.key not in shared
                        and e.key in in_article and e.key not in nearby and not (near and _written(e.key, near))})
        if moved:
            add("speaker" if speech else "name",
                f"{', '.join(moved)} named here; the source names {'them' if len(moved) > 1 else 'it'} elsewhere, "
                f"not in this sentence")
    # a quotation the source prints and the derived text neither prints nor renders (no quotation marks
    # at all): left out, or turned into the writer's own words
    printed = [q.group()[1:-1].strip() for q in _QUOTED.finditer(src) if _WORD_RE.search(q.group())]
    quotes = [q for q in printed if not _rendered(q, source_lang, dv)]
    # (a source that is one quotation, a line of dialogue, may come back set off by a dash: not flagged where
    # the derived text has a dash, PROVENANCE_QUOTE_DASH_ONLY)
    dialogue = _QUOTE_MARKS.search(src) and _all_quoted(src) and (not PROVENANCE_QUOTE_DASH_ONLY or _DASH.search(der))
    if quotes and not _QUOTE_MARKS.search(der) and not dialogue:
        add("quote", "quote dropped: " + "; ".join(f"“{q}”" for q in quotes))
        if _QUOTE_MARKS.search(src) and _all_quoted(src):
            out[-1]["dialogue"] = True   # kept by article_checks only where the translation prints quotations
    elif quotes and PROVENANCE_QUOTE_COUNT and _QUOTE_MARKS.search(der):
        # the derived text prints quotations, but fewer than the source: one was left out ("“Hey, long
        # night?” his voice echoed, “Something like that,” I replied" → the reply without its words)
        # (marks left unpaired, „…" or a quote running on from the sentence before, count a quotation a pair)
        unpaired = len(_QUOTE_MARKS.findall(_QUOTED.sub(" ", der)))
        missing = len(printed) - sum(1 for q in _QUOTED.finditer(der) if _WORD_RE.search(q.group())) - (unpaired + 1) // 2
        if missing > 0:
            add("quote", f"{missing} of {len(printed)} quotations not printed: " + "; ".join(f"“{q}”" for q in quotes))
    if complete:
        # a quote only one side prints (the other renders it as indirect speech or drops it) is checked
        # by its names and numbers above; negation inside it would be compared with nothing
        src_q, der_q = bool(_QUOTE_MARKS.search(src)), bool(_QUOTE_MARKS.search(der))
        # (a line of dialogue, all quoted, may come back set off by a dash: compared whole)
        ns = negation_level(_unquoted(src) if src_q and not der_q and not _all_quoted(src) else src, source_lang)
        nd = negation_level(_unquoted(der) if der_q and not src_q and not _all_quoted(der) else der, derived_lang)
        # (with the levels, a side that only renders a negation loosely, level 1, is compared with neither)
        privative = _NEGATION_PRIVATIVE.get(_lang(source_lang))
        if ns != nd and (not PROVENANCE_NEGATION_LEVELS or 1 not in (ns, nd)):
            add("negation", "negation dropped" if ns > nd else "negation added")
        elif (PROVENANCE_NEGATION_LEVELS and PROVENANCE_NEGATION_PRIVATIVE_DROPPED and ns == 1 and nd == 0
              and privative and privative.search(src)):
            add("negation", "negation dropped: the source negates by a privative word, the derived text not at all")
        hs, hd = hedge(src, source_lang), hedge(der, derived_lang)
        # (with the levels, a side that only hedges loosely is compared with neither)
        loose = PROVENANCE_HEDGE_LEVELS and 1 in (hedge_level(src, source_lang), hedge_level(der, derived_lang))
        if bool(hs) != bool(hd) and not loose:
            add("hedge", f"hedge dropped: {hs!r}" if hs else f"hedge added: {hd!r}")
    return out


def _quotations(texts: list[str]) -> int:
    return sum(1 for t in texts for q in _QUOTED.finditer(t) if _WORD_RE.search(q.group()))


def article_checks(changed: list[dict], source_texts: list[str], derived_texts: list[str]) -> list[dict]:
    """A second look at the changes of all groups of one derived article, with the whole article in view.

    - A pair of unmatched names, one on each side, that recurs in at least
      ``PROVENANCE_NAME_RENDERING_MIN_GROUPS`` groups is the article's rendering of that name ("Eirwen" /
      "Ейрін", "North" / "Севера" / "Северу", "North" / "Königreich"), not a changed name: removed from
      each ``name`` / ``speaker`` change, which is dropped when one side has no name left. A person of the
      story put in someone's place is one group's pair (the replacement matches its own name elsewhere).
    - A line of dialogue (the source sentence is one quotation) that the derived group prints without
      quotation marks is kept as ``quote`` only where the derived article prints at least
      ``PROVENANCE_QUOTE_ARTICLE_SHARE`` as many quotations as the source: a translator who sets no dialogue
      in quotation marks has left out no quote.
    The ``names`` / ``dialogue`` working fields of :func:`changed_facts` are removed.
    """
    min_groups = PROVENANCE_NAME_RENDERING_MIN_GROUPS
    pairs: Counter = Counter()
    derived_keys: list[str] = []

    def cluster(key: str) -> str:
        """One derived name key for a name and its inflections (Севера / Северу / Север)."""
        for k in derived_keys:
            if k == key or _inflected(k, key):
                return k
        derived_keys.append(key)
        return key

    for c in changed:
        if "names" in c:
            c["names"]["derived"] = [(surface, cluster(key)) for surface, key in c["names"]["derived"]]
            for ks in {k for _, k in c["names"]["source"]}:
                for kd in {k for _, k in c["names"]["derived"]}:
                    pairs[ks, kd] += 1
    prints_quotes = _quotations(derived_texts) >= PROVENANCE_QUOTE_ARTICLE_SHARE * _quotations(source_texts)
    out = []
    for c in changed:
        names, dialogue = c.pop("names", None), c.pop("dialogue", False)
        if dialogue and not prints_quotes:
            continue
        if names and min_groups:
            rendered = {(ks, kd) for _, ks in names["source"] for _, kd in names["derived"]
                        if pairs[ks, kd] >= min_groups}
            only_s = [s for s, k in names["source"] if not any(k == ks for ks, _ in rendered)]
            only_d = [s for s, k in names["derived"] if not any(k == kd for _, kd in rendered)]
            if not only_s or not only_d:
                continue
            if rendered:
                c["detail"] = f"{', '.join(only_s)} → {', '.join(only_d)}"
        out.append(c)
    return out


def framing(source_texts: list[str], derived_texts: list[str], source_lang: Optional[str],
            derived_lang: Optional[str], what: str = "sentence") -> list[dict[str, str]]:
    """A statement turned into a question (or back), an attributed claim stated as fact (or back)."""
    src, der = " ".join(source_texts), " ".join(derived_texts)
    out = []
    qs, qd = _is_question(source_texts), _is_question(derived_texts)
    if qs != qd:
        out.append({"kind": "question", "source_text": src, "derived_text": der,
                    "detail": f"{what} turned into a question" if qd else f"{what}'s question turned into a statement"})
    if what == "sentence":
        a_s, a_d = _cue(src, source_lang, _ATTRIBUTION), _cue(der, derived_lang, _ATTRIBUTION)
        if bool(a_s) != bool(a_d):
            out.append({"kind": "attribution", "source_text": src, "derived_text": der,
                        "detail": f"attributed ({a_s!r}) in the source, stated as fact" if a_s
                        else f"stated as fact in the source, attributed ({a_d!r}) here"})
    return out
