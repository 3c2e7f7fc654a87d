"""Multilingual phrase lists the clean and meta stages match against, the line
predicates built on them that both stages share, and :func:`pattern_reason`,
which gives one line its fixed-pattern reason (clean adds the learned ones).

Kept apart from the code so a new language is a data change. Every entry is a
regular-expression fragment matched case-insensitively against one stripped
line; ``^`` anchors are added by the caller where the list says "opens with".
Phrases come from the two seed scrapes, the demo samples and the widgets of
news sites in each language (checked by hand, not from a dev set: there is no
labelled debris set yet).
"""
from __future__ import annotations

# --- promos: calls to follow, join, subscribe or download -------------------
# Matched anywhere in a short line ("We're now on WhatsApp. Click to join.").
PROMO_PHRASES = [
    r"we'?re now on (whatsapp|telegram|google news)",
    r"click (here )?to (join|subscribe|follow|download)",
    r"^all the (latest )?updates here",
    r"^join (us|our)\b.{0,40}\b(whatsapp|telegram|channel|community|newsletter)",
    r"^(follow|like) (us|\w+) on (twitter|x|facebook|instagram|whatsapp|telegram|google news|linkedin|youtube|threads)",
    r"^follow us\b",
    r"^subscribe\b(?! (to|for) (the )?(view|idea))",
    r"^sign up (for|to) (our|the)\b.{0,40}\b(newsletter|alerts|briefing)",
    r"^(get|download) (the|our) .{0,30}\bapp\b",
    r"^(get|receive) the latest (news|updates|headlines)",
    r"^for (more|the latest) (news|updates)\b.{0,40}\b(follow|visit|click|join)",
    # hi
    r"(हमें|हमसे) .{0,20}(फॉलो|फ़ॉलो) करें", r"(व्हाट्सएप|व्हॉट्सऐप|टेलीग्राम|WhatsApp|Telegram) चैनल",
    r"सब्सक्राइब करें", r"^सभी (अपडेट|अपडेट्स) यहां", r"^(ताज़ा|ताजा|लेटेस्ट) (खबरों|ख़बरों|अपडेट्स?) के लिए", r"^यहां क्लिक करें",
    r"^डाउनलोड करें",
    # ru / uk
    r"^(подписывайтесь|подпишитесь|присоединяйтесь|читайте нас|следите за нами)\b",
    r"^(підписуйтесь|підпишіться|приєднуйтесь)\b",
    # es / pt / it
    r"^(síguenos|siguenos|suscríbete|suscribete|únete a|unete a|recibe (las|nuestras) noticias)\b",
    r"^(siga-nos|inscreva-se|assine a newsletter|seguici su|iscriviti)\b",
    # fr / de
    r"^(suivez-nous|abonnez-vous|inscrivez-vous|rejoignez-nous|rejoignez notre)\b",
    r"^(folgen sie uns|abonnieren sie|jetzt abonnieren|melden sie sich .{0,30}newsletter)",
    # ar / zh / ja / tr
    r"^(تابعونا|تابعوا|اشترك|اشتركوا|انضم إلى|انضموا)", r"(关注我们|扫码关注|欢迎关注|订阅我们)",
    r"(フォローしてください|登録はこちら)", r"^(bizi takip edin|abone ol)\b",
]

# --- read-also links ------------------------------------------------------
# The line OPENS with one of these labels. Labels that are also ordinary
# words ("Related", "Relacionado") must be followed by a colon or dash.
READ_ALSO_LABELS = [
    r"इसे भी पढ़ें", r"इसे भी पढ़े", r"ये भी पढ़ें", r"यह भी पढ़ें", r"यह भी पढ़े", r"ये भी पढ़े",
    r"और पढ़ें", r"पढ़ें भी",
    r"also read", r"read also", r"read more", r"see also", r"also see", r"must read",
    r"you may also like", r"you might also like", r"more on this( story)?", r"recommended for you",
    r"читайте также", r"читайте еще", r"читайте ещё", r"смотрите также", r"читайте також",
    r"lee también", r"lea también", r"lee tambien", r"lea tambien", r"te puede interesar",
    r"también te puede interesar", r"leia também", r"leia mais", r"veja também", r"leggi anche",
    r"اقرأ أيضا", r"اقرأ أيضاً", r"اقرأ ايضا", r"إقرأ أيضا", r"إقرأ أيضاً", r"اقرأ المزيد", r"شاهد أيضا",
    r"相关阅读", r"延伸阅读", r"相关新闻", r"相关报道", r"推荐阅读", r"あわせて読みたい", r"関連記事",
    r"관련기사", r"lire aussi", r"à lire aussi", r"a lire aussi", r"voir aussi", r"lire également",
    r"à lire également", r"auch interessant", r"lesen sie auch", r"mehr zum thema",
    r"das könnte sie auch interessieren", r"siehe auch", r"czytaj także", r"czytaj też",
    r"ayrıca okuyun", r"ilginizi çekebilir", r"čtěte také", r"přečtěte si také",
]
READ_ALSO_LABELS_NEEDING_COLON = [
    r"related", r"recommended", r"read", r"по теме", r"relacionado", r"relacionada", r"à lire",
    r"en relación", r"ذات صلة", r"पढ़ें",
]

# --- navigation and share/print/comment widgets (whole line) ---------------
NAVIGATION_LINES = [
    r"अन्य न्यूज़", r"अन्य न्यूज", r"और खबरें", r"और ख़बरें", r"शेयर करें", r"कमेंट करें", r"प्रिंट करें",
    r"more news", r"more stories", r"latest news", r"top stories", r"trending( now| news)?",
    r"most (read|popular|viewed)", r"related (news|stories|articles|coverage|topics)",
    r"(next|previous) (article|story|post)", r"back to top", r"skip to (main )?content",
    r"share( this)?( article| story| post)?", r"share (on|via) \w+", r"print( this)?( article| page)?",
    r"e-?mail( this)?( article)?", r"copy link", r"(view|show|load|read) comments",
    r"(leave|post|add) a comment", r"\d* ?comments?", r"tweet", r"go to (the )?comments",
    r"другие новости", r"новости по теме", r"все новости", r"поделиться", r"комментарии", r"печать",
    r"más noticias", r"noticias relacionadas", r"compartir", r"comentarios", r"imprimir",
    r"plus d'actualités", r"partager", r"imprimer", r"commentaires", r"à la une",
    r"weitere nachrichten", r"mehr nachrichten", r"teilen", r"drucken", r"kommentare",
    r"أخبار ذات صلة", r"المزيد من الأخبار", r"شارك", r"شارك هذا المقال", r"مشاركة", r"طباعة", r"تعليقات",
    r"更多新闻", r"分享", r"打印", r"评论", r"返回顶部", r"分享到",
]
# A share bar: an optional "Share" label followed by two or more network names.
SOCIAL_NETWORKS = [
    "facebook", "twitter", "x", "linkedin", "e-?mail", "whatsapp", "telegram", "reddit", "pinterest",
    "print", "copy link", "vk", "вконтакте", "одноклассники", "weibo", "wechat", "微博", "微信", "line",
    "messenger", "threads", "bluesky", "qq空间", "qq", "ok",
]
# Each network may carry its own label ("Compartir en Facebook Compartir en X").
SHARE_LABELS = [
    r"share( this( article| story| post)?)?", "teilen", "compartir", "partager", "поделиться", "शेयर करें",
    "शेयर", r"شارك( هذا المقال)?", "分享到", "分享",
]

# --- advertisement markers (whole line) -----------------------------------
ADVERTISEMENT_LINES = [
    r"advertisement", r"advertising", r"sponsored( content)?", r"ad", r"anzeige", r"werbung",
    r"publicidad", r"publicité", r"реклама", r"विज्ञापन", r"إعلان", r"广告", r"広告",
    r"advertisement\s*[-–—]\s*scroll to continue", r"(story|article) continues below( this)?( advertisement)?",
    r"continue reading( below| the main story)?",
]

# --- ad-blocker notices ------------------------------------------------------
# A paragraph naming an ad blocker is a notice when it also asks the reader
# something (a cue) or is too short to be reporting about ad blockers.
AD_BLOCKER_TERMS = [
    r"ad[\s-]?block(er|ers|ing)?\b", r"werbeblocker", r"adblocker", r"bloqueador(es)? de (anuncios|publicidad)",
    r"bloqueur(s)? de pub", r"блокировщик\w* рекламы", r"एड ?ब्लॉकर", r"विज्ञापन अवरोधक",
    r"(مانع|حاجب|أداة حظر) الإعلانات", r"广告拦截", r"广告屏蔽", r"広告ブロック",
]
AD_BLOCKER_CUES = [
    r"\byou\b", r"\byour\b", r"\bplease\b", r"\bdisabl", r"\bwhitelist", r"\ballowlist", r"\bturn(ing)? off\b",
    r"\bswitch(ing)? off\b", r"\bpause\b", r"\bbitte\b", r"deaktivier", r"por favor", r"desactiv",
    r"veuillez", r"désactiv", r"пожалуйста", r"отключ", r"कृपया", r"يرجى", r"请", r"\bwe rely on\b",
]

# --- image credits, captions, photo tags -------------------------------------
# A line that opens with a credit label ("Photo: Reuters", "Creative Common").
IMAGE_CREDIT_OPENERS = [
    r"^creative commons?\b",
    r"^(photo|photos|image|images|picture|pic|photograph|foto|fotos|imagen|bild|фото|фотография|снимок"
    r"|तस्वीर|फोटो|फ़ोटो|चित्र|صورة|الصورة|图片|照片|写真|사진)\s*(credit|courtesy|by|source|来源|提供|出处|साभार)?\s*(?:[:：|/]|[–—-](?:\s|$))",
    r"^(crédit photo|photo credit|image credit|image source|source of image|bildquelle|фото:)",
    r"^getty images\b", r"^(©|\(c\)|copyright ©)\s*\S",
]
# A caption carrying its credit anywhere ("... (AP Photo/Evan Vucci)").
IMAGE_CREDIT_ANYWHERE = [
    r"^file (photo|image|picture)\b", r"^(صورة أرشيفية|архивное фото|foto de archivo|photo d'archives?|archivbild"
    r"|archivfoto|फाइल फोटो|फ़ाइल फ़ोटो|资料图|資料照片)",
    r"\((AP|AFP|Reuters|EPA|Getty|ANI|PTI|Xinhua|Bloomberg)[ -]Photos?\b",
    r"\bphoto by .{1,40}\b(on unsplash|getty images|via)\b",
    r"\bvia getty images\b",
]
# Case-sensitive: an agency in capitals followed by a photographer's name
# ("REUTERS/Evgenia Novozhenina") is a photo credit, "Reuters/Ipsos" is a poll.
IMAGE_CREDIT_CASED_ANYWHERE = [
    r"\b(REUTERS|AFP|AP|EPA|ANI|PTI|XINHUA|TASS|SPUTNIK|Getty Images)\s*/\s*[A-Z][\w.'-]+",
]
# Copyright / syndication notices ("© 2019 Associated Press. All Rights Reserved ...").
COPYRIGHT_NOTICES = [
    r"^(©|\(c\)|copyright)\s*(\d{4}\s*)?.{0,80}\b(all rights reserved|may not be (published|reproduced))",
    r"^all rights reserved\b", r"(todos los derechos reservados|tous droits réservés|alle rechte vorbehalten"
    r"|все права защищены|सर्वाधिकार सुरक्षित|版权所有|جميع الحقوق محفوظة)",
]
PHOTO_TAGS = [r"^tag\S*binary_\S+$", r"binary_[A-Z0-9]{6,}(-BASEIMAGE)?", r"^[A-Z0-9]{8,}-BASEIMAGE$"]
CAPTION_LABELS = [r"^(image caption|caption|légende|pie de foto|подпись)\s*[:,]"]

# --- credits lines ("(Writing by ...; Editing by ...)") ----------------------
CREDITS_LINE_OPENERS = [
    r"^(责任编辑|編輯|编辑|責任編輯|редактор|редакторы)\s*[:：]",
    r"^\(?\s*(additional\s+)?(reporting|writing|editing|written|edited|compiled|reported|graphics|research)\s+by\b",
    r"^\(\s*(reporte|reporteo|información|reportaje|redacción|editado|edición)\s+(de|por)\b",
    r"^\(\s*(reportage|rédigé|rédaction|édité)\s+(par\b|de\b|\w)",
    r"^\(\s*(bericht|berichterstattung|redigiert|geschrieben)\s+(von|durch)\b",
]

# --- bylines ------------------------------------------------------------------
# Words that open a byline ("By Jane Doe", "Автор: Иван Петров").
BYLINE_LEAD = [
    r"by", r"por", r"von", r"par", r"door", r"av", r"автор:?", r"текст:", r"लेखक:?", r"बाय", r"بقلم",
    r"作者[:：]?", r"記者", r"文/", r"text:", r"texto:", r"reported by", r"written by",
]
# Labels before a date in a byline line; meta drops them before parsing.
DATE_LABELS = [
    r"updated", r"last updated", r"published", r"posted", r"first published", r"updated on",
    r"published on", r"अपडेटेड", r"अपडेट", r"प्रकाशित", r"प्रकाशन", r"обновлено", r"опубликовано",
    r"actualizado", r"publicado", r"mis à jour", r"publié", r"aktualisiert", r"veröffentlicht",
    r"تم التحديث", r"نشر", r"更新", r"发布", r"发布时间",
]

# --- source credit lines -------------------------------------------------
# A line made only of agency names and these words credits the source
# ("Reuters", "With inputs from PTI", "एजेंसी/भाषा", "— AFP").
CREDIT_FILLERS = [
    r"with inputs? from", r"inputs? from", r"inputs?", r"agencies", r"agency", r"news agency", r"wires?",
    r"source", r"sources", r"via", r"by", r"from", r"and", r"staff", r"with", r"एजेंसी", r"एजेंसियां",
    r"एजेंसियों", r"इनपुट", r"से", r"के", r"साथ", r"агентства", r"агентство", r"по материалам",
    r"agencias", r"agencia", r"agences", r"agence", r"agenturen", r"وكالات", r"وكالة", r"المصدر",
    r"来源", r"综合", r"报道",
]

# --- wire agencies -------------------------------------------------------------
# canonical name -> aliases by how freely they may match:
#   "any":    a distinctive name, a credit wherever the text names it;
#   "verb":   also a person's name (Michael Bloomberg): only in credit contexts
#             or next to "reported/said/according to";
#   "credit": short or ambiguous (AP = Andhra Pradesh, भाषा = "language"):
#             only in credit contexts (parentheses in a dateline, a standalone
#             line, "with inputs from", "— AFP", "news agency X").
WIRE_AGENCIES: dict[str, dict[str, list[str]]] = {
    "Reuters": {"any": ["Reuters", "रॉयटर्स", "रायटर्स", "रॉयटर", "रायटर", "Рейтер", "Рейтерс", "رويترز",
                        "路透社", "ロイター", "로이터"], "credit": ["路透"]},
    "AP": {"any": ["Associated Press", "एसोसिएटेड प्रेस", "Ассошиэйтед Пресс", "أسوشيتد برس", "美联社",
                   "AP通信"], "credit": ["AP", "एपी"]},
    "AFP": {"any": ["AFP", "Agence France-Presse", "Agence France Presse", "एएफपी", "फ्रांस प्रेस",
                    "Франс Пресс", "Франс-Пресс", "فرانس برس", "法新社", "AFP通信"]},
    "PTI": {"any": ["Press Trust of India", "प्रेस ट्रस्ट ऑफ इंडिया"], "credit": ["PTI", "पीटीआई", "भाषा"]},  # भाषा: PTI's Hindi service
    "ANI": {"any": ["Asian News International"], "credit": ["ANI", "एएनआई"]},
    "IANS": {"any": ["IANS", "Indo-Asian News Service", "आईएएनएस"]},
    "UNI": {"any": ["United News of India"], "credit": ["UNI", "यूएनआई", "यूनीवार्ता"]},
    "Xinhua": {"any": ["Xinhua", "शिन्हुआ", "सिन्हुआ", "Синьхуа", "新华社", "新華社", "شينخوا"]},
    "dpa": {"any": ["Deutsche Presse-Agentur"], "credit": ["dpa", "DPA"]},
    "EFE": {"any": ["Agencia EFE"], "credit": ["EFE"]},
    "ANSA": {"any": ["Agenzia ANSA"], "credit": ["ANSA"]},
    "TASS": {"any": ["TASS", "ТАСС", "塔斯社"], "credit": ["तास", "تاس"]},
    "RIA Novosti": {"any": ["RIA Novosti", "РИА Новости", "РИА \"Новости\"", "आरआईए नोवोस्ती"]},
    "Interfax": {"any": ["Interfax", "Интерфакс", "इंटरफैक्स", "إنترفاكس", "国际文传电讯社"]},
    "Anadolu": {"any": ["Anadolu Agency", "Anadolu Ajansı", "الأناضول", "Анадолу"], "credit": ["Anadolu", "AA"]},
    "Kyodo": {"any": ["Kyodo", "共同社", "共同通信", "Киодо", "क्योडो"]},
    "Yonhap": {"any": ["Yonhap", "연합뉴스", "韩联社", "Рёнхап", "Ренхап", "योनहाप"]},
    "Bloomberg": {"any": ["Bloomberg News"], "verb": ["Bloomberg", "ब्लूमबर्ग", "Блумберг", "بلومبرغ", "彭博社"]},
}

# "X reported", "according to X" ... : {} is where the agency goes.
ATTRIBUTION_CONTEXTS = [
    r"according to {}", r"{} (reported|reports|said|says|quoted|cited|told)", r"told {}", r"citing {}",
    r"{} के (मुताबिक|अनुसार)", r"{} ने (बताया|कहा|रिपोर्ट)", r"(сообщает|сообщило|сообщил|передает|передаёт) {}",
    r"по данным {}", r"(según|informó|dijo a) {}", r"selon {}", r"laut {}", r"{} (berichtete|meldete)",
    r"(ذكرت|قالت|أفادت) {}", r"据{}", r"{}报道",
]
# "news agency X" / "X news agency" in several languages.
AGENCY_WORD_CONTEXTS = [
    r"news agency {}", r"{} news agency", r"समाचार एजेंसी {}", r"{} समाचार एजेंसी", r"एजेंसी {}",
    r"агентств\w* {}", r"agencia( de noticias)? {}", r"agence( de presse)? {}", r"nachrichtenagentur {}",
    r"وكالة {}", r"وكالة الأنباء {}", r"通讯社{}", r"{}通讯社",
]

# --- month names (date detection in byline lines) ----------------------------
MONTH_WORDS = [
    r"jan(uary)?", r"feb(ruary)?", r"mar(ch)?", r"apr(il)?", r"may", r"june?", r"july?", r"aug(ust)?",
    r"sep(t|tember)?", r"oct(ober)?", r"nov(ember)?", r"dec(ember)?",
    r"जनवरी", r"फरवरी", r"फ़रवरी", r"मार्च", r"अप्रैल", r"मई", r"जून", r"जुलाई", r"अगस्त", r"सितंबर", r"सितम्बर",
    r"अक्टूबर", r"अक्तूबर", r"नवंबर", r"नवम्बर", r"दिसंबर", r"दिसम्बर",
    r"январ[яь]", r"феврал[яь]", r"марта?", r"апрел[яь]", r"ма[яй]", r"июн[яь]", r"июл[яь]", r"августа?",
    r"сентябр[яь]", r"октябр[яь]", r"ноябр[яь]", r"декабр[яь]",
    r"enero", r"febrero", r"marzo", r"abril", r"mayo", r"junio", r"julio", r"agosto", r"septiembre",
    r"setiembre", r"octubre", r"noviembre", r"diciembre",
    r"janvier", r"février", r"mars", r"avril", r"mai", r"juin", r"juillet", r"août", r"septembre",
    r"octobre", r"novembre", r"décembre", r"januar", r"februar", r"märz", r"juni", r"juli", r"oktober",
    r"dezember", r"janeiro", r"fevereiro", r"março", r"maio", r"junho", r"julho", r"setembro", r"outubro",
    r"novembro", r"dezembro", r"gennaio", r"febbraio", r"aprile", r"maggio", r"giugno", r"luglio",
    r"settembre", r"ottobre", r"dicembre",
    r"يناير", r"فبراير", r"مارس", r"أبريل", r"مايو", r"يونيو", r"يوليو", r"أغسطس", r"سبتمبر", r"أكتوبر",
    r"نوفمبر", r"ديسمبر", r"كانون الثاني", r"شباط", r"آذار", r"نيسان", r"أيار", r"حزيران", r"تموز", r"آب",
    r"أيلول", r"تشرين الأول", r"تشرين الثاني", r"كانون الأول",
]


# --- compiled helpers shared by clean and meta --------------------------------
import re  # noqa: E402  (kept next to the helpers that need it)
from functools import lru_cache  # noqa: E402
from typing import Optional  # noqa: E402

from babelwire import settings  # noqa: E402

# Python's \w leaves out combining marks, so a Devanagari word like "पीटीआई"
# would show a "word boundary" inside it; these ranges count as word letters.
_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
          "\u0900-\u0dff\u0e00-\u0e7f\u1000-\u109f")
WORD_CHAR = rf"[\w{_MARKS}]"
_CJK = CJK_CHAR_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


# --- a first-character gate for the long alternations below -------------------
# Most of these patterns open every alternative with a lookbehind and a scoped
# case flag, so Python's engine finds no prefix to skip by and tries every
# alternative at every position of a line. gated() puts in front a lookahead
# for the characters a match can start with (worked out from the parsed
# pattern, always a superset): a position that cannot start a match is dropped
# after one class test. What matches, and where, is unchanged.
try:
    from re import _constants as _sre_c, _parser as _sre_parse   # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_CATEGORY_CLASS = {_sre_c.CATEGORY_DIGIT: r"\d", _sre_c.CATEGORY_NOT_DIGIT: r"\D", _sre_c.CATEGORY_SPACE: r"\s",
                   _sre_c.CATEGORY_NOT_SPACE: r"\S", _sre_c.CATEGORY_WORD: r"\w", _sre_c.CATEGORY_NOT_WORD: r"\W"}
_ZERO_WIDTH = (_sre_c.ASSERT, _sre_c.ASSERT_NOT, _sre_c.AT)
_REPEATS = tuple(op for op in (getattr(_sre_c, n, None) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"))
                 if op is not None)


class _NoGate(Exception):
    pass


def _first_chars(items, out: set) -> bool:
    """Add to ``out`` (class items) every character a match of ``items`` can start with; True when
    ``items`` can also match the empty string (then what follows adds its first characters)."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _sre_c.LITERAL:
            out.add(f"\\U{av:08x}")
            return False
        if op is _sre_c.IN:
            for item_op, item in av:
                if item_op is _sre_c.LITERAL:
                    out.add(f"\\U{item:08x}")
                elif item_op is _sre_c.RANGE:
                    out.add(f"\\U{item[0]:08x}-\\U{item[1]:08x}")
                elif item_op is _sre_c.CATEGORY and item in _CATEGORY_CLASS:
                    out.add(_CATEGORY_CLASS[item])
                else:   # a negated class and the like: no useful gate
                    raise _NoGate
            return False
        if op is _sre_c.BRANCH:
            if not any([_first_chars(alternative, out) for alternative in av[1]]):
                return False
        elif op is _sre_c.SUBPATTERN:
            if not _first_chars(av[-1], out):
                return False
        elif op in _REPEATS:
            if not _first_chars(av[2], out) and av[0] > 0:
                return False
        else:   # any character, back-references, conditionals: no gate
            raise _NoGate
    return True


def gated(pattern: re.Pattern) -> re.Pattern:
    """``pattern`` with a lookahead for its possible first characters in front (case-insensitive, so
    a superset whatever the pattern's own case flags); the pattern itself when none can be worked out."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.VERBOSE | re.LOCALE):
        return pattern
    first: set = set()
    try:
        if _first_chars(list(_sre_parse.parse(pattern.pattern, pattern.flags)), first):
            return pattern   # it can match the empty string
    except _NoGate:
        return pattern
    try:
        return re.compile(f"(?=(?i:[{''.join(sorted(first))}]))(?:{pattern.pattern})", pattern.flags)
    except re.error:   # e.g. inline global flags, which must open a pattern
        return pattern


def is_cased_abbreviation(alias: str) -> bool:
    """Short Latin abbreviations are matched in their own case: "AP" yes, "ap"/"Ap" no."""
    return bool(re.fullmatch(r"[A-Za-z]{1,5}", alias)) and (alias.isupper() or alias.islower())


def alias_regex(alias: str) -> str:
    """A regex for one agency name with the word boundaries its script needs."""
    body = r"\s+".join(re.escape(part) for part in alias.split())
    if is_cased_abbreviation(alias):
        cased = f"(?-i:{body})"  # stays case-sensitive inside an IGNORECASE pattern
    else:
        cased = f"(?i:{body})"
    if _CJK.search(alias):
        return cased  # no spaces between words in these scripts
    if _ARABIC.search(alias):
        return rf"(?<!{WORD_CHAR})(?:[وبلف])?{cased}(?!{WORD_CHAR})"  # و/ب/ل/ف prefixes
    if _CYRILLIC.search(alias):
        return rf"(?<!{WORD_CHAR}){cased}(?:[а-яё]{{0,2}})(?!{WORD_CHAR})"  # case endings
    return rf"(?<!{WORD_CHAR}){cased}(?!{WORD_CHAR})"


def agency_alternation(classes: tuple[str, ...] = ("any", "verb", "credit")) -> dict[str, str]:
    """canonical name -> one alternation of its aliases in the given classes."""
    out = {}
    for canonical, by_class in WIRE_AGENCIES.items():
        aliases = [a for c in classes for a in by_class.get(c, [])]
        if aliases:
            aliases.sort(key=len, reverse=True)  # longest first: "Associated Press" before "AP"
            out[canonical] = "(?:" + "|".join(alias_regex(a) for a in aliases) + ")"
    return out


# Any agency name in any class (used where the context is already a credit).
ANY_AGENCY_RE = gated(re.compile("|".join(f"(?P<a{i}>{rx})" for i, rx in enumerate(agency_alternation().values()))))
ANY_AGENCY_NAMES = list(agency_alternation().keys())
CREDIT_FILLER_RE = gated(re.compile(
    "|".join(rf"(?<!{WORD_CHAR})(?i:{f})(?!{WORD_CHAR})" for f in sorted(CREDIT_FILLERS, key=len, reverse=True))))
_MONTH_ALTERNATION = "|".join(rf"(?<!{WORD_CHAR})(?i:{m})\.?(?!{WORD_CHAR})" for m in MONTH_WORDS)
MONTH_RE = gated(re.compile(_MONTH_ALTERNATION))
# Something that makes a short line a date line: a year, a clock time, or a
# day next to a month name; also CJK 年月日 dates and numeric dates.
DATE_HINT_RE = gated(re.compile(
    r"(?<!\d)(19|20)\d\d(?!\d)|(?<!\d)\d{1,2}[:.]\d\d\s*(?i:[ap]\.?m\.?)?(?!\d)|\d{1,4}\s*年\s*\d{1,2}\s*月"
    r"|(?<!\d)\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?!\d)"))


# A calendar date (not a bare year or clock time): day next to a month name,
# a numeric or ISO date, or a CJK 年月日 date. Bylines need one.
_MONTH_DAY_RE = gated(re.compile(
    rf"(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\.?\s*(?:de\s+)?(?:{_MONTH_ALTERNATION})|(?:{_MONTH_ALTERNATION})\s*\d{{1,2}}(?!\d)"))
_NUMERIC_DATE_RE = gated(re.compile(r"(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d\d-\d\d)(?!\d)|\d{1,4}\s*年\s*\d{1,2}\s*月"))


_DIGIT_RE = re.compile(r"\d")


def has_calendar_date(text: str) -> bool:
    # every date these patterns find holds a digit (\d, as they write it): most lines have none
    if _DIGIT_RE.search(text) is None:
        return False
    return bool(_MONTH_DAY_RE.search(text) or _NUMERIC_DATE_RE.search(text))


def agency_in(text: str) -> list[str]:
    """Canonical names of every agency the text names, in any class, in order."""
    found = []
    for m in ANY_AGENCY_RE.finditer(text):
        name = ANY_AGENCY_NAMES[int(m.lastgroup[1:])]
        if name not in found:
            found.append(name)
    return found


# --- line predicates shared by clean and meta ------------------------------------
# "By Jane", "Автор: Иван", "文/李明": a lead word, then a space (or its own colon/slash), then the name.
BYLINE_LEAD_RE = re.compile(rf"^(?:{'|'.join(BYLINE_LEAD)})(?:\s+|(?<=[:：/]))\s*(?=(?P<next>\S))",
                            re.IGNORECASE)
DATE_LABEL_RE = gated(re.compile("|".join(rf"(?<!{WORD_CHAR}){label}(?!{WORD_CHAR})" for label in DATE_LABELS),
                                 re.IGNORECASE))
_SENTENCE_END_RE = re.compile(r"[.!?।॥。！？…]+[\"'”’»)\]」』]*$")


@lru_cache(maxsize=1 << 14)   # clean asks it about each line several times (patterns, site debris, prose)
def word_count(text: str) -> int:
    """Whitespace words, with CJK characters counted as half a word each."""
    cjk = len(CJK_CHAR_RE.findall(text))
    return len(text.split()) + cjk // 2


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END_RE.search(text.rstrip()))


def is_date_line(text: str) -> bool:
    """A short line that is a date, maybe with a name or label ("अभिनय आकाश । Jan 9 2024 5:53PM")."""
    if word_count(text) > settings.CLEAN_BYLINE_MAX_WORDS or not has_calendar_date(text):
        return False
    rest = MONTH_RE.sub(" ", DATE_HINT_RE.sub(" ", DATE_LABEL_RE.sub(" ", text)))
    rest = re.sub(r"(?<!\w)\d+(?:st|nd|rd|th)?(?!\w)|(?i:\b[ap]\.?m\.?)|[,|।•·/:–—-]", " ", rest)
    return not ends_sentence(rest) and word_count(rest) <= settings.CLEAN_BYLINE_MAX_NAME_WORDS


def letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def source_names(source: str) -> set[str]:
    """"Shore News Network" -> {shorenewsnetwork}; "www.reuters.com" -> {reuterscom, reuters}."""
    names = {letters(source)}
    if "." in source and " " not in source.strip():
        names.update(letters(label) for label in source.removeprefix("www.").split(".")[:-1] if len(label) > 2)
    return names


@lru_cache(maxsize=4096)
def _source_names(source: str) -> frozenset[str]:
    return frozenset(source_names(source))   # one site's lines are checked against it again and again


_AGENCY_WORD_RE = re.compile(r"(?i)agenc|एजेंसी|агентств|وكال")


def is_source_credit(text: str, source: Optional[str] = None) -> bool:
    """A line that only credits a source: "Reuters", "With inputs from PTI", "एजेंसी/भाषा", "— AFP"."""
    if word_count(text) > settings.CLEAN_CREDIT_LINE_MAX_WORDS:
        return False
    if source and (bare := letters(text)) and bare in _source_names(source):
        return True
    return _only_agency_credit(text)


@lru_cache(maxsize=1 << 14)   # clean asks about each line, meta again about each kept paragraph
def _only_agency_credit(text: str) -> bool:
    """The part of :func:`is_source_credit` that does not depend on the site: a short line that names
    an agency (or says "agency") and holds nothing else but filler words."""
    # it must name an agency (or the word "agency"); what is left once agencies and filler words are
    # taken out must hold no letter or digit. An agency name never matches a lone space, so the text
    # changes when taken out exactly when one is found.
    names_agency = ANY_AGENCY_RE.search(text) is not None
    if not names_agency and _AGENCY_WORD_RE.search(text) is None:
        return False
    rest = CREDIT_FILLER_RE.sub(" ", ANY_AGENCY_RE.sub(" ", text) if names_agency else text)
    return not any(ch.isalnum() for ch in rest)


# --- matching one line against the fixed patterns ---------------------------------
PROMO = "promo"
READ_ALSO = "read-also link"
AD_BLOCKER = "ad-blocker notice"
IMAGE_CREDIT = "image credit"
IMAGE_CAPTION = "image caption"
PHOTO_TAG = "photo tag"
NAVIGATION = "navigation"
ADVERTISEMENT = "advertisement"
COPYRIGHT = "copyright notice"
BYLINE = "byline"
SOURCE_CREDIT = "source credit"
CREDITS_LINE = "credits line"

_EDGE_PUNCT = " \t|•·-–—:>»«<[](){}*#_~"


def _any(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern:
    return gated(re.compile("|".join(f"(?:{p})" for p in patterns), flags))


def _opens_with_start(pattern: str, flags: int) -> bool:
    """Whether every match of ``pattern`` begins at the start of the text (it opens with ``^``, outside
    any alternation; without re.MULTILINE, ``^`` is the start of the text only)."""
    if flags & re.MULTILINE:
        return False
    items = list(_sre_parse.parse(pattern, flags))
    return bool(items) and items[0] == (_sre_c.AT, _sre_c.AT_BEGINNING)


class _AnyOf:
    """Whether a line holds any of ``patterns`` (``search`` gives a bool), as ``_any(patterns).search``.

    Most phrase lists open nearly every alternative with ``^``; in one alternation Python's engine
    still tries each of them at every position of the line. Here those alternatives are tried once,
    at the start (``match``), and only the others are searched through the line (gated): the same
    answer for every line. On the 18,765 lines of the 1,000-article bench corpus the promo phrases
    took 0.30 CPU s as one alternation."""

    def __init__(self, patterns: list[str], flags: int = re.IGNORECASE):
        at_start = [p for p in patterns if _opens_with_start(p, flags)]
        anywhere = [p for p in patterns if p not in at_start]
        self._at_start = re.compile("|".join(f"(?:{p})" for p in at_start), flags).match if at_start else None
        self._anywhere = _any(anywhere, flags).search if anywhere else None

    def search(self, text: str) -> bool:
        return bool((self._at_start is not None and self._at_start(text))
                    or (self._anywhere is not None and self._anywhere(text)))


_PROMO_RE = _AnyOf(PROMO_PHRASES)
_READ_ALSO_RE = re.compile(
    rf"^\W{{0,3}}(?:{'|'.join(READ_ALSO_LABELS)})(?!{WORD_CHAR})"
    rf"|^\W{{0,3}}(?:{'|'.join(READ_ALSO_LABELS_NEEDING_COLON)})\s*(?:[:：|»>–—-]|$)", re.IGNORECASE)
_NAVIGATION_RE = _any(NAVIGATION_LINES)
_SHARE_BAR_RE = re.compile(
    rf"(?:(?:(?:{'|'.join(SHARE_LABELS)})\s*(?:on|en|via|в|sur|auf|per|到)?\s*[:：]?\s*)?"
    rf"(?:{'|'.join(SOCIAL_NETWORKS)})\s*[·|•,/-]?\s*){{2,}}", re.IGNORECASE)
_ADVERTISEMENT_RE = _any(ADVERTISEMENT_LINES)
_AD_TERMS_RE = _AnyOf(AD_BLOCKER_TERMS)
_AD_CUES_RE = _AnyOf(AD_BLOCKER_CUES)
_IMAGE_CREDIT_RE = _AnyOf(IMAGE_CREDIT_ANYWHERE)
_IMAGE_CREDIT_LABEL_RE = _AnyOf(IMAGE_CREDIT_OPENERS)
_COPYRIGHT_RE = _AnyOf(COPYRIGHT_NOTICES)
_IMAGE_CREDIT_CASED_RE = _AnyOf(IMAGE_CREDIT_CASED_ANYWHERE, 0)
PHOTO_TAG_RE = _AnyOf(PHOTO_TAGS, 0)
_CAPTION_LABEL_RE = _AnyOf(CAPTION_LABELS)
CREDITS_LINE_RE = _AnyOf(CREDITS_LINE_OPENERS)


def pattern_reason(text: str, source: Optional[str]) -> Optional[str]:
    """The fixed-pattern reason for one line, or None."""
    words = word_count(text)
    core = text.strip(_EDGE_PUNCT)
    if PHOTO_TAG_RE.search(text):
        return PHOTO_TAG
    if words <= settings.CLEAN_CREDIT_LABEL_MAX_WORDS and _IMAGE_CREDIT_LABEL_RE.search(text):
        return IMAGE_CREDIT
    if words <= settings.CLEAN_IMAGE_CREDIT_MAX_WORDS:
        if _COPYRIGHT_RE.search(text):
            return COPYRIGHT
        if _IMAGE_CREDIT_RE.search(text) or _IMAGE_CREDIT_CASED_RE.search(text):
            return IMAGE_CREDIT
        if _CAPTION_LABEL_RE.search(text):
            return IMAGE_CAPTION
    if words <= settings.CLEAN_AD_BLOCKER_MAX_WORDS and _AD_TERMS_RE.search(text):
        if words <= settings.CLEAN_AD_BLOCKER_NO_CUE_MAX_WORDS or _AD_CUES_RE.search(text):
            return AD_BLOCKER
    if words <= settings.CLEAN_IMAGE_CREDIT_MAX_WORDS and CREDITS_LINE_RE.search(text):
        return CREDITS_LINE
    if words <= settings.CLEAN_PATTERN_LINE_MAX_WORDS:
        if _READ_ALSO_RE.search(text):
            return READ_ALSO
        if _PROMO_RE.search(text):
            return PROMO
    if _SHARE_BAR_RE.fullmatch(core):  # nothing but network names and share labels, any length
        return NAVIGATION
    if words <= settings.CLEAN_NAVIGATION_MAX_WORDS:
        if _NAVIGATION_RE.fullmatch(core):
            return NAVIGATION
        if _ADVERTISEMENT_RE.fullmatch(core):
            return ADVERTISEMENT
    if is_source_credit(text, source):
        return SOURCE_CREDIT
    lead = BYLINE_LEAD_RE.match(text)
    if lead and words <= settings.CLEAN_BYLINE_MAX_WORDS and not ends_sentence(text):
        after = lead.group("next")
        if after.isalpha() and (not after.isascii() or after.isupper()):  # "By Jane", not "by the"
            return BYLINE
    return None
