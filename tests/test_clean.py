"""clean: paragraphs kept once, debris removed with its reason and its place in raw."""
from pathlib import Path

import pytest

from babelwire import settings
from babelwire.article import Article, content_id
from babelwire.clean import SiteDebris, clean

SEEDS = Path(__file__).parents[1] / ".." / "shared" / "data" / "seeds"
HINDI = SEEDS / "000_3c180e9551c7fb8d.txt"
ENGLISH = SEEDS / "003_93a918282194d9a4.txt"


def text_article(raw: str, source=None, path=None) -> Article:
    """An Article as the read stage builds one from a plain-text file."""
    start = len(raw) - len(raw.lstrip())
    line_end = raw.find("\n", start)
    after = start if line_end < 0 else line_end + len(raw[line_end:]) - len(raw[line_end:].lstrip())
    return Article(id=content_id(raw.encode()), raw=raw, title=raw[start:line_end].strip(),
                   body=raw[after:].rstrip(), body_offset=after, source=source, path=path)


def seed(path: Path) -> Article:
    return text_article(path.read_text(encoding="utf-8"), path=str(path))


def lines_of(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def reasons(article: Article) -> dict[str, str]:
    return {span.text: span.reason for span in article.removed}


def assert_offsets_point_at_raw(article: Article) -> None:
    for span in article.removed:
        assert span.start >= 0, span
        assert article.raw[span.start:span.end] == span.text


@pytest.fixture(scope="module")
def seeds():
    hindi, english = clean([seed(HINDI), seed(ENGLISH)])
    return hindi, english


def test_hindi_seed_keeps_each_real_paragraph_once(seeds):
    hindi, _ = seeds
    lines = lines_of(HINDI)
    first, second_glued, third, fourth = lines[6], lines[8], lines[12], lines[16]
    assert second_glued.endswith(first)  # the scrape glued paragraph 1 onto paragraph 2
    second = second_glued[: -len(first)].strip()
    # The seed has four real paragraph lines; the second is kept without its glued copy.
    assert hindi.paragraphs == [first, second, third, " ".join(fourth.split())]
    assert hindi.text.count(first) == 1


def test_hindi_seed_debris_removed_with_reasons(seeds):
    hindi, _ = seeds
    lines = lines_of(HINDI)
    got = reasons(hindi)
    assert got["Putin"] == "image caption"
    assert got["Creative Common"] == "image credit"
    assert got[lines[4]] == "byline"                       # "अभिनय आकाश । Jan 9 2024 5:53PM"
    assert got[lines[10]] == got[lines[14]] == "read-also link"
    assert got["We're now on WhatsApp. Click to join."] == "promo"
    assert got["All the updates here:"] == "promo"
    assert got["अन्य न्यूज़"] == "navigation"
    assert got[lines[6]] == "repeated text"                # the glued copy of paragraph 1
    assert len(hindi.removed) == 9
    for phrase in ("Creative Common", "इसे भी पढ़ें", "WhatsApp", "All the updates", "अन्य न्यूज़", "अभिनय"):
        assert phrase not in hindi.text


def test_hindi_seed_offsets_point_into_raw(seeds):
    hindi, _ = seeds
    assert_offsets_point_at_raw(hindi)
    repeated = next(s for s in hindi.removed if s.reason == "repeated text")
    # the copy removed is the second occurrence, at the end of paragraph 2
    assert repeated.start > hindi.raw.index(repeated.text)


def test_english_seed_keeps_body_from_dateline_to_last_paragraph(seeds):
    _, english = seeds
    lines = [line for line in lines_of(ENGLISH) if line]
    body = lines[lines.index(next(l for l in lines if l.startswith("MOSCOW (Reuters)"))):]
    body = body[: body.index(next(l for l in body if l.startswith("Moscow, which sent"))) + 1]
    assert len(body) == 8  # eight paragraph lines in the file from "MOSCOW (Reuters)" to "Moscow, which sent"
    assert english.paragraphs == body


def test_english_seed_debris_removed_with_reasons(seeds):
    _, english = seeds
    got = reasons(english)
    assert got["Reuters"] == "source credit"
    assert got["(Writing by Felix Light; Editing by Guy Faulconbridge and Gareth Jones)"] == "credits line"
    assert got["tagreuters.com2024binary_LYNXMPEK080A9-BASEIMAGE"] == "photo tag"
    assert got["You appear to be using an ad blocker"] == "ad-blocker notice"
    assert [s.reason for s in english.removed].count("ad-blocker notice") == 2
    assert len(english.removed) == 5
    for phrase in ("tagreuters", "ad blocker", "Shore News Network", "Writing by"):
        assert phrase not in english.text
    assert_offsets_point_at_raw(english)


def test_raw_is_never_changed_and_clean_is_repeatable():
    article = seed(HINDI)
    raw = article.raw
    first = list(clean([article]))[0]
    paragraphs, removed = list(first.paragraphs), list(first.removed)
    again = list(clean([first]))[0]
    assert again.raw == raw
    assert again.paragraphs == paragraphs and again.removed == removed


MULTILINGUAL_DEBRIS = [
    ("Читайте также: Путин провел переговоры с Си Цзиньпином", "read-also link"),
    ("Lee también: El Gobierno aprueba la reforma", "read-also link"),
    ("اقرأ أيضا: الحكومة توافق على الإصلاح", "read-also link"),
    ("相关阅读：中俄会谈在北京举行", "read-also link"),
    ("Lire aussi Le gouvernement adopte la réforme", "read-also link"),
    ("Auch interessant: Regierung beschließt Reform", "read-also link"),
    ("Also read: Government clears the reform bill", "read-also link"),
    ("Подписывайтесь на наш Telegram-канал", "promo"),
    ("Síguenos en Twitter y Facebook", "promo"),
    ("Join our WhatsApp channel for the latest updates", "promo"),
    ("تابعونا على تويتر", "promo"),
    ("Más noticias", "navigation"),
    ("Другие новости", "navigation"),
    ("Share: Facebook · X · LinkedIn · Email", "navigation"),
    ("Advertisement", "advertisement"),
    ("Foto: EFE", "image credit"),
    ("Photo: Reuters", "image credit"),
    ("President Biden speaks in Washington. (AP Photo/Evan Vucci)", "image credit"),
    ("FILE PHOTO: A view of the Kremlin in Moscow. REUTERS/Maxim Shemetov/File Photo", "image credit"),
    ("Bitte deaktivieren Sie Ihren Werbeblocker für diese Seite.", "ad-blocker notice"),
    ("(Reporting by Marco Aquino; Editing by Sandra Maler)", "credits line"),
    ("With inputs from PTI", "source credit"),
    ("एजेंसी/भाषा", "source credit"),
]

REAL_PARAGRAPHS = [
    # each mentions a debris word but is a real sentence, so it stays
    "Follow-up talks are planned for March, the ministry said in a statement on Tuesday.",
    "Subscribers to the streaming service rose 5% in the quarter, the company said.",
    "Browser makers have moved against ad blockers this year, and several publishers say "
    "the change could cut the number of users who block advertisements by half, according to a survey.",
    "The photo agency said it would open an office in Nairobi next year to cover East Africa.",
]


def test_multilingual_debris_lines_and_real_sentences():
    body = "\n\n".join([text for text, _ in MULTILINGUAL_DEBRIS] + REAL_PARAGRAPHS)
    article = text_article("A headline about several things\n\n" + body, source="example.org")
    [article] = clean([article])
    got = reasons(article)
    for text, reason in MULTILINGUAL_DEBRIS:
        assert got.get(text) == reason, text
    assert article.paragraphs == REAL_PARAGRAPHS
    assert_offsets_point_at_raw(article)


def test_bylines_in_the_header():
    raw = ("Port strike enters second week\n\n"
           "By Jane Doe | March 3, 2025\n\n"
           "Dockworkers at the port stayed off the job on Monday as talks stalled again, the union said.\n\n"
           "Иван Петров, 3 марта 2025\n")  # below the last prose line: a date line, so a byline too
    [article] = clean([text_article(raw)])
    assert reasons(article) == {"By Jane Doe | March 3, 2025": "byline", "Иван Петров, 3 марта 2025": "byline"}
    assert len(article.paragraphs) == 1


def test_caption_before_credit_only_when_short_and_unpunctuated():
    raw = ("Floods close schools\n\nRescuers in Porto Alegre\nPhoto: AFP\n\n"
           "Heavy rain closed schools across the state for a third day on Monday, officials said.\n\n"
           "The river rose again overnight.\nPhoto: AFP\n")
    [article] = clean([text_article(raw)])
    got = reasons(article)
    assert got["Rescuers in Porto Alegre"] == "image caption"
    assert "The river rose again overnight." not in got  # a sentence, not a caption
    assert "The river rose again overnight." in article.paragraphs


def test_repeated_head_and_whole_paragraph():
    lede = "The council approved the budget on Friday after a six-hour debate, the mayor's office said."
    second = "Spending on roads rises by 12%."
    raw = f"Budget passes\n\n{lede}\n\n{lede} {second}\n\n{second}\n"
    [article] = clean([text_article(raw)])
    assert article.paragraphs == [lede, second]
    spans = [s for s in article.removed if s.reason == "repeated text"]
    assert [s.text for s in spans] == [lede, second]
    assert_offsets_point_at_raw(article)


def test_hard_wrapped_block_is_joined_but_line_per_paragraph_is_not():
    wrapped = ("The ferry operator said on Monday that it would resume sailings between the\n"
               "two islands once the harbour walls had been inspected, which could take until\n"
               "the end of the week.")
    per_line = ("The port reopened on Monday.\nAbout 40 ferries were held at their moorings overnight.\n"
                "Passengers were moved to buses.")
    [article] = clean([text_article(f"Ferries\n\n{wrapped}\n\n{per_line}\n")])
    assert article.paragraphs[0] == " ".join(wrapped.split())
    assert article.paragraphs[1:] == per_line.split("\n")


def test_extracted_body_offsets_are_searched_in_raw():
    html = "<html><body><h1>T</h1><p>Real text of the story, long enough to stay.</p><p>Advertisement</p></body></html>"
    article = Article(id="h1", raw=html, fmt="html", title="T", body_offset=-1,
                      body="Real text of the story, long enough to stay.\nAdvertisement\nRead more: elsewhere")
    [article] = clean([article])
    ad, more = article.removed
    assert (ad.reason, html[ad.start:ad.end]) == ("advertisement", "Advertisement")
    assert (more.reason, more.start, more.end) == ("read-also link", -1, -1)  # not in raw: no offset


# --- learned site boilerplate ------------------------------------------------------

STORIES = [
    "Lluvias dejan 300 evacuados en Valparaíso tras el desborde del estero Marga Marga, informó la Onemi.",
    "El Banco Central mantuvo la tasa de interés en 5,75% en su reunión de marzo, en línea con lo esperado.",
    "Los trabajadores portuarios de San Antonio levantaron la huelga tras acordar un alza salarial de 7%.",
    "La Fiscalía abrió una investigación por el incendio que destruyó 40 viviendas en Viña del Mar.",
]
WIRE_SENTENCE = "El presidente dijo que el gobierno enviará el proyecto al Congreso la próxima semana."


def site_article(site: str, n: int, extra_lines: list[str]) -> Article:
    body = "\n\n".join([STORIES[n]] + extra_lines)
    return text_article(f"Titular número {n} de {site}\n\n{body}\n", source=site)


def test_site_boilerplate_learned_within_one_site_not_across_sites():
    footer = "Recibe el boletín de Costa Hoy cada mañana en tu correo"
    batch = [site_article("costahoy.cl", n, [f"Redacción Costa Hoy · {n + 2} min de lectura", footer, WIRE_SENTENCE])
             for n in range(3)]
    # the same wire sentence, printed by a second outlet: 3 + 2 articles, but never 3 in one other site
    batch += [site_article("diariosur.cl", n, [WIRE_SENTENCE]) for n in range(2)]
    batch += [site_article("elmercurio.cl", 3, [WIRE_SENTENCE])]
    debris = SiteDebris()
    cleaned = list(clean(batch, debris))
    for article in cleaned[:3]:
        got = reasons(article)
        assert got[footer] == "site boilerplate"
        assert any(text.startswith("Redacción Costa Hoy") and reason == "site boilerplate"
                   for text, reason in got.items())  # learned from the opening: minutes differ
    # the wire sentence is in all 3 costahoy articles too, but a sentence needs 5 articles of one site
    for article in cleaned:
        assert WIRE_SENTENCE in article.paragraphs
        assert article.paragraphs[0] in STORIES
    assert debris.articles_with("costahoy.cl", "line", "recibe el boletín de costa hoy cada mañana en tu correo") == 3


def test_a_line_shared_by_two_sites_is_kept():
    shared = "Última hora desde la costa central"
    batch = [site_article("costahoy.cl", n, [shared]) for n in range(2)]
    batch += [site_article("diariosur.cl", n, [shared]) for n in range(2, 4)]
    for article in clean(batch):
        assert shared in article.paragraphs  # 4 articles, but only 2 per site


def test_counts_carry_across_batches_and_reingest_counts_once():
    footer = "Recibe el boletín de Costa Hoy cada mañana en tu correo"
    first = [site_article("costahoy.cl", n, [footer]) for n in range(2)]
    debris = SiteDebris()
    for article in clean(first, debris):
        assert footer in article.paragraphs           # seen twice: not yet debris
    for article in clean(first, debris):              # the same two again: still twice
        assert footer in article.paragraphs
    stored = SiteDebris.from_rows(list(debris.rows()))  # what the store keeps between ingests
    [third] = clean([site_article("costahoy.cl", 2, [footer])], stored)
    assert reasons(third)[footer] == "site boilerplate"
    assert stored.articles_with("costahoy.cl", "line", footer.casefold()) == 3


def test_site_debris_rows_round_trip():
    debris = SiteDebris()
    debris.learn("a.example", "id1", [("line", "share this"), ("opening", "read more:")])
    debris.learn("a.example", "id2", [("line", "share this")])
    debris.learn("~0123", "id3", [("line", "अन्य न्यूज़")])
    rows = list(debris.rows())
    assert ("a.example", "share this", "line", 2) in rows
    assert ("a.example", "id1", "article", 1) in rows
    rebuilt = SiteDebris.from_rows(rows)
    # the counts as they were; of the article rows each site's count of articles, not the ids (an ingest does not
    # clean a stored article again: it skips the ids the store has)
    assert list(rebuilt.rows()) == [row for row in rows if row[2] != "article"]
    assert (rebuilt.site_articles("a.example"), rebuilt.site_articles("~0123")) == (2, 1)
    assert rebuilt.articles_with("a.example", "opening", "read more:") == 1
    assert rebuilt.pseudo_sites_with_line("अन्य न्यूज़") == {"~0123"}
    assert debris.learn("a.example", "id1", [("line", "share this")]) is False  # counted already by this object
    assert not rebuilt.counted("id1") and rebuilt.changed_rows() == []


def test_site_debris_candidates_are_bounded_and_template_lines_still_learned(monkeypatch):
    """Keys seen in fewer than SITE_DEBRIS_MIN_ARTICLES articles of a site are held up to a bound; past it the
    sites holding the most are cut, least recently seen first. A busy site's template line (in each of its
    articles) and a quiet site's line seen twice outlast the cuts; what was let go leaves the stored rows."""
    monkeypatch.setattr(settings, "SITE_DEBRIS_CANDIDATES_SITE_MIN", 30)
    debris = SiteDebris(candidates_max=300)
    stored: dict = {}

    def save():
        for row in debris.changed_rows():
            if row[3]:
                stored[row[:3]] = row
            else:
                stored.pop(row[:3], None)

    debris.learn("quiet.example", "q1", [("line", "quiet footer"), ("line", "quiet story one")])
    for n in range(120):   # a busy site: its template line and 20 lines of its own an article
        debris.learn("busy.example", f"b{n}", [("line", "busy template")] + [("line", f"busy {n} {k}") for k in range(20)])
        assert debris.candidates() <= 300
        if n % 7 == 0:
            save()
        if n == 60:
            debris.learn("quiet.example", "q2", [("line", "quiet footer"), ("line", "quiet story two")])
    save()
    assert debris.forgotten > 2000 and debris.candidates() <= 300
    assert debris.articles_with("busy.example", "line", "busy template") == 120
    assert debris.articles_with("quiet.example", "line", "quiet footer") == 2   # the small site was not cut
    assert debris.articles_with("busy.example", "line", "busy 0 0") == 0        # forgotten
    assert debris.articles_with("busy.example", "line", "busy 119 0") == 1      # the latest kept
    # the store's copy follows: let-go rows deleted, and it rebuilds the same counts and candidates
    assert sorted(r for r in stored.values() if r[2] != "article") == sorted(r for r in debris.rows() if r[2] != "article")
    assert sum(r[2] == "article" for r in stored.values()) == 122
    rebuilt = SiteDebris.from_rows(stored.values(), candidates_max=300)
    assert rebuilt.candidates() == debris.candidates()
    # rebuilt under a smaller bound (a store written before the bound): cut as it loads
    small = SiteDebris.from_rows(stored.values(), candidates_max=50)
    assert small.candidates() <= 50 and small.articles_with("busy.example", "line", "busy template") == 120
    assert rebuilt.changed_rows() == []
    let_go = small.changed_rows()   # the rows the cut let go, to delete from the store; nothing else
    assert len(let_go) == debris.candidates() - small.candidates() and all(r[3] == 0 for r in let_go)
    for row in let_go:
        del stored[row[:3]]
    assert sorted(r for r in stored.values() if r[2] != "article") == sorted(r for r in small.rows() if r[2] != "article")


def test_sourceless_files_grouped_by_shared_template_lines(tmp_path):
    template = ["Dainik Samachar ब्यूरो", "अन्य खबरें पढ़ने के लिए ऐप डाउनलोड करें"]
    stories = [
        "नयी दिल्ली में मंगलवार को भारी बारिश के कारण कई सड़कों पर पानी भर गया और यातायात धीमा रहा।",
        "मुंबई में शेयर बाजार बुधवार को बढ़त के साथ बंद हुआ और सेंसेक्स 300 अंक चढ़ा।",
        "चेन्नई बंदरगाह पर हड़ताल तीसरे दिन भी जारी रही और 20 जहाज इंतजार करते रहे।",
    ]
    batch = [text_article(f"शीर्षक {n}\n\n{template[0]}\n\n{story}\n\n{template[1]}\n", path=f"/in/x{n}.txt")
             for n, story in enumerate(stories)]
    # a bare file from another outlet sharing one of the lines, in another folder: not grouped
    other = text_article(f"Other outlet\n\n{template[1]}\n\nA story from elsewhere, told in full here today.\n",
                         path="/elsewhere/y.txt")
    cleaned = list(clean(batch + [other]))
    sites = {a.extra.get("debris_site") for a in cleaned[:3]}
    assert len(sites) == 1 and next(iter(sites)).startswith("~")
    for article, story in zip(cleaned, stories):
        assert article.paragraphs == [story]
        assert set(reasons(article).values()) == {"site boilerplate"}
    assert "debris_site" not in cleaned[3].extra
    assert template[1] in cleaned[3].paragraphs


def test_parent_folder_lowers_the_grouping_bar_to_one_line():
    line = "Coastline Dispatch — independent news"
    batch = [text_article(f"Story {n}\n\n{line}\n\n{STORIES[n]}\n", path=f"/demo/coastline/{n}.txt")
             for n in range(3)]
    cleaned = list(clean(batch))
    assert all(reasons(a).get(line) == "site boilerplate" for a in cleaned)
    apart = [text_article(f"Story {n}\n\n{line}\n\n{STORIES[n]}\n", path=f"/demo/d{n}/a.txt") for n in range(3)]
    assert all(line in a.paragraphs for a in clean(apart))  # one shared line and no shared folder


def test_sentence_needs_five_articles_and_a_fifth_of_the_site():
    thanks = "Gracias por leer Costa Hoy, el diario independiente de la región."
    stock = "No hubo heridos."
    batch = []
    for n in range(30):
        extra = ([thanks] if n < 6 else []) + ([stock] if n % 6 == 0 else [])  # thanks: 6/30, stock: 5/30
        story = f"{STORIES[n % 4]} Nota número {n}."
        batch.append(text_article(f"Titular {n}\n\n{story}\n\n" + "\n\n".join(extra) + "\n", source="costahoy.cl"))
    cleaned = list(clean(batch))
    assert all(reasons(a)[thanks] == "site boilerplate" for a in cleaned[:6])
    assert all(stock in a.paragraphs for a in cleaned if stock in a.raw)   # 5/30 < 20%: kept


def test_versions_of_one_story_count_once():
    subhead = "Lo que se sabe hasta ahora"
    ledes = ["Las lluvias dejaron 300 evacuados en Valparaíso el lunes, informó la Onemi en un balance.",
             "Las lluvias dejaron 350 evacuados en Valparaíso el lunes, informó la Onemi en un nuevo balance.",
             "Las lluvias dejaron 420 evacuados en Valparaíso y Viña del Mar el lunes, informó la Onemi."]
    updates = [site_article("costahoy.cl", 0, [lede, subhead]) for lede in ledes]
    for article in clean(updates):      # three updates of one story: one story, subhead kept
        assert subhead in article.paragraphs
    different = [site_article("costahoy.cl", n, [subhead]) for n in range(3)]
    for article in clean(different):    # three different stories: the subhead is the site's
        assert reasons(article)[subhead] == "site boilerplate"


def test_article_without_title_or_body():
    bare = Article(id="b1", raw="Reuters\n\nA single paragraph of text that is the whole article, no title at all.\n")
    [bare] = clean([bare])
    assert reasons(bare) == {"Reuters": "source credit"}
    assert len(bare.paragraphs) == 1
    empty = Article(id="e1", raw="", title="Only a title", body="")
    [empty] = clean([empty])
    assert empty.paragraphs == [] and empty.removed == []


DEMO = Path(__file__).parents[1] / "samples" / "demo"


@pytest.mark.skipif(not DEMO.exists(), reason="demo corpus not present")
def test_demo_outlets_learned_from_their_own_files():
    files = sorted(DEMO.glob("*/*.txt"))
    cleaned = list(clean([text_article(f.read_text(encoding="utf-8"), path=str(f)) for f in files]))
    by_outlet: dict[str, set] = {}
    for f, article in zip(files, cleaned):
        by_outlet.setdefault(f.parent.name, set()).add(article.extra.get("debris_site"))
        assert len(article.paragraphs) >= 3, f
        for span in article.removed:  # debris lines are short; only notices run long
            assert len(span.text.split()) <= 25 or span.reason in ("ad-blocker notice", "repeated text"), span
        assert_offsets_point_at_raw(article)
    # bare files, no source: each outlet folder became one pseudo-site of its own
    assert all(len(sites) == 1 and None not in sites for sites in by_outlet.values())
    assert len(set.union(*by_outlet.values())) == len(by_outlet)
    for f, article in zip(files, cleaned):
        if f.parent.name == "mir-novostey":  # this site's footer is in no pattern list: learned
            assert "site boilerplate" in {s.reason for s in article.removed}
    repeated = {f.name for f, a in zip(files, cleaned) if any(s.reason == "repeated text" for s in a.removed)}
    assert {"chile-bandargah-hadtal.txt", "al-noor-dir-asia.txt"} <= repeated


def test_site_debris_changed_rows_bring_a_stored_copy_up_to_date():
    # the ingest writes only the rows learned since its last save; upserting them must give every row
    debris = SiteDebris()
    debris.learn("site.example", "a1", [("line", "x"), ("line", "y")])
    stored = {row[:3]: row for row in debris.changed_rows()}   # primary key: site, key, kind
    debris.learn("site.example", "a2", [("line", "x"), ("opening", "z:")])
    debris.learn("site.example", "a1", [("line", "q")])   # counted before: changes nothing
    changed = debris.changed_rows()
    assert ("site.example", "y", "line", 1) not in changed
    stored.update({row[:3]: row for row in changed})
    assert sorted(stored.values()) == sorted(debris.rows())
    assert debris.changed_rows() == []


def test_first_character_gate_keeps_every_match():
    """debris_patterns.gated: the same matches at the same places as the pattern without the gate, on the
    seed texts and on lines that start matches with case variants, Arabic clitics and Cyrillic endings."""
    import re

    from babelwire.data import debris_patterns as P

    demo = Path(__file__).parents[1] / "samples" / "demo"
    texts = sorted(SEEDS.glob("*.txt")) + sorted(p for p in demo.rglob("*") if p.is_file())
    lines = [line for path in texts for line in lines_of(path) if line]
    lines += ["REUTERS", "reuters said", "(ap) —", "AP Photo", "the ap wire", "وبرويترز أفادت", "агентства Рейтерс",
              "Рейтер сообщает", "On JANUARY 9, 2024", "9 de març", "ΑΘΗΝΑ", "ſtaff", "inputs from पीटीआई", ""]
    patterns = [
        re.compile("|".join(f"(?P<a{i}>{rx})" for i, rx in enumerate(P.agency_alternation().values()))),
        re.compile("|".join(rf"(?<!{P.WORD_CHAR})(?i:{m})\.?(?!{P.WORD_CHAR})" for m in P.MONTH_WORDS)),
        re.compile("|".join(f"(?:{p})" for p in P.PROMO_PHRASES), re.IGNORECASE),
        re.compile("|".join(f"(?:{p})" for p in P.PHOTO_TAGS)),
    ]
    for pattern in patterns:
        gated = P.gated(pattern)
        assert gated is not pattern   # a gate was worked out
        for line in lines:
            assert [(m.span(), m.lastgroup) for m in gated.finditer(line)] == \
                   [(m.span(), m.lastgroup) for m in pattern.finditer(line)], (pattern.pattern[:40], line)
            assert gated.sub(" ", line) == pattern.sub(" ", line)
    # no gate where a match may be empty or start with any character
    for text in (r"(?=\d)", r"a*", r".x", r"[^a]b"):
        assert P.gated(re.compile(text)).pattern == text


def test_phrase_lists_split_at_the_start_answer_as_one_alternation():
    """debris_patterns._AnyOf (the alternatives opening with ^ matched at the start only, the others
    searched) finds a phrase in exactly the lines one alternation of the list finds one in: seed and
    demo lines, and each of those lines with a phrase-like opening moved into the middle."""
    import re

    from babelwire.data import debris_patterns as P

    demo = Path(__file__).parents[1] / "samples" / "demo"
    texts = sorted(SEEDS.glob("*.txt")) + sorted(p for p in demo.rglob("*") if p.is_file())
    lines = [line for path in texts for line in lines_of(path) if line]
    openers = ["Follow us on Twitter", "Subscribe to our newsletter", "Photo: Reuters", "© 2024 Example",
               "Click here to join", "We're now on WhatsApp", "Image credit: AFP", "Sign up for our newsletter",
               "AP Photo/Jane Doe", "Getty Images", "सब्सक्राइब करें", "Подписывайтесь на нас", "关注我们"]
    lines += openers + [f"Text before. {o}" for o in openers] + [f"{o} and more" for o in openers] + ["", "^", "x"]
    lists = [(P.PROMO_PHRASES, re.IGNORECASE), (P.PHOTO_TAGS, 0), (P.COPYRIGHT_NOTICES, re.IGNORECASE),
             (P.IMAGE_CREDIT_ANYWHERE, re.IGNORECASE), (P.IMAGE_CREDIT_OPENERS, re.IGNORECASE),
             (P.CAPTION_LABELS, re.IGNORECASE), (P.CREDITS_LINE_OPENERS, re.IGNORECASE),
             (P.AD_BLOCKER_TERMS, re.IGNORECASE), (P.AD_BLOCKER_CUES, re.IGNORECASE)]
    found = 0
    for patterns, flags in lists:
        whole = re.compile("|".join(f"(?:{p})" for p in patterns), flags)
        split = P._AnyOf(patterns, flags)
        for line in lines:
            assert split.search(line) == bool(whole.search(line)), (patterns[0], line)
            found += split.search(line)
    assert found > 20
    assert P._AnyOf(P.PROMO_PHRASES)._at_start is not None   # the promo list does open with ^ mostly
    assert not P._opens_with_start(r"^a|b", 0) and P._opens_with_start(r"^(a|b)", 0)


def test_site_debris_bound_keeps_each_site_a_floor_and_prefers_keys_seen_twice(monkeypatch):
    """Many sites sharing a small bound: none is cut below SITE_DEBRIS_CANDIDATES_SITE_MIN, so each site's template
    line (among 12 lines of its own an article) is seen again and learned; a cut site lets go of the keys it saw once
    before one it saw twice, however long ago."""
    monkeypatch.setattr(settings, "SITE_DEBRIS_CANDIDATES_SITE_MIN", 16)
    debris = SiteDebris(candidates_max=100)
    debris.learn("s0.example", "early", [("line", "seen twice long ago")])
    debris.learn("s0.example", "early2", [("line", "seen twice long ago")])
    for n in range(3):
        for site in range(40):   # 40 sites x 13 keys an article: far past the bound at each round
            debris.learn(f"s{site}.example", f"a{site}-{n}",
                         [("line", f"template {site}")] + [("line", f"s{site} a{n} line {k}") for k in range(12)])
    assert debris.forgotten > 0 and debris.candidates() <= 40 * 16 / 0.9 + 13
    assert all(debris.articles_with(f"s{site}.example", "line", f"template {site}") == 3 for site in range(40))
    assert debris.articles_with("s0.example", "line", "seen twice long ago") == 2
    assert debris.articles_with("s0.example", "line", "s0 a0 line 0") == 0


def test_site_debris_bound_never_cuts_a_sites_latest_article(monkeypatch):
    """An article with more short lines than a cut leaves its site keeps them all until the site's next article, so
    a template line (here the first of them in the order keys are counted) still reaches the count."""
    monkeypatch.setattr(settings, "SITE_DEBRIS_CANDIDATES_SITE_MIN", 4)
    debris = SiteDebris(candidates_max=40)
    for n in range(4):
        debris.learn("long.example", f"l{n}", [("line", "a template")] + [("line", f"z{n} {k}") for k in range(30)])
        for other in range(3):   # other sites' articles in between, each past the bound
            debris.learn(f"o{other}.example", f"o{other}-{n}", [("line", f"o{other} {n} {k}") for k in range(30)])
    assert debris.forgotten > 100
    assert debris.articles_with("long.example", "line", "a template") == 4
    assert debris.articles_with("long.example", "line", "z0 0") == 0   # an older article's own line: let go
