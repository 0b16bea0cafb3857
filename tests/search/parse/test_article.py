"""Variations of the scraped-article format, one small fixture document each."""

from __future__ import annotations

import pathlib

import pytest

from search.parse import parse_file, parse_text

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


def parse_fixture(name: str):
    return parse_file(FIXTURES / name, name)


def article(text: str, meta: dict | None = None):
    return parse_text(text, doc_id="t.txt", path="t.txt", fmt="article", meta=meta)


def body(document) -> str:
    return "\n\n".join(s.text for s in document.sections)


# -- captions -------------------------------------------------------------------


def test_doubled_caption_is_kept_once_as_a_caption():
    document = parse_fixture("article_doubled_caption.txt")
    line = "Delegates arrive at the Palais des Nations for the second round of talks"
    assert [c.text for c in document.captions].count(line) == 1
    assert line not in body(document)
    assert [s.id for s in document.sections] == ["lead"]


def test_a_line_ending_in_a_photo_credit_is_a_caption_even_once():
    document = parse_fixture("article_doubled_caption.txt")
    assert "A market in Kabul, May 2023. (Jim Huylebroek/The New York Times)" in [
        c.text for c in document.captions
    ]
    assert "Kabul" not in body(document)


def test_a_caption_belongs_to_the_section_it_appears_in():
    text = (
        "Opening paragraph of the story, long enough to be prose.\n\n"
        "Why now?\n\n"
        "Soldiers at a checkpoint near the border at dawn\n"
        "Soldiers at a checkpoint near the border at dawn\n\n"
        "Because the winter is coming and both sides are tired.\n"
    )
    document = article(text)
    assert [(c.text, c.section_id) for c in document.captions] == [
        ("Soldiers at a checkpoint near the border at dawn", "why-now")
    ]


def test_a_parenthesis_in_prose_is_not_a_credit():
    document = article("The congress met (Jan. 5-12) in Pyongyang.\n\nIt lasted a week.")
    assert document.captions == ()


def test_a_single_line_without_credit_is_never_a_caption():
    document = article("Intro sentence that is long enough to be prose.\n\nDelegates arrive at the Palais for talks\n")
    assert document.captions == ()


# -- headings -------------------------------------------------------------------


def test_question_headings_but_not_related_titles_ending_in_a_question_mark():
    document = parse_fixture("article_questions.txt")
    assert [s.title for s in document.sections] == [
        "",
        "Why did the talks resume now?",
        "Is a deal likely before the summer?",
    ]
    assert document.sections[2].text.startswith("No. The gaps")
    assert [r.title for r in document.related] == [
        "Can Mediation Work in Sudan?",
        "What Comes After the Ceasefire?",
    ]


def test_a_question_without_answer_text_is_not_a_heading():
    document = article("A long enough opening sentence for this story.\n\nWhat happens next?\n")
    assert [s.id for s in document.sections] == ["lead"]
    assert "What happens next?" in document.sections[0].text


def test_a_question_inside_a_paragraph_is_not_a_heading():
    document = article(
        "He asked a question. What happens next? Nobody knew, and the room went quiet.\n\n"
        "The meeting ended an hour later with no answer at all.\n"
    )
    assert [s.id for s in document.sections] == ["lead"]


def test_statement_headings():
    document = parse_fixture("article_statements.txt")
    assert [(s.id, s.title, s.level) for s in document.sections] == [
        ("lead", "", 0),
        ("i-overview", "I. Overview", 2),
        ("corruption-a-root-problem", "Corruption: A Root Problem", 2),
        ("myth-no-1-sanctions-never-work", "Myth No. 1: Sanctions Never Work", 2),
    ]


def test_a_short_line_ending_with_a_colon_is_not_a_heading():
    document = parse_fixture("article_statements.txt")
    overview = document.section("i-overview")
    assert "\n\nConsider the numbers:\n\n" in overview.text


def test_short_lines_in_a_list_are_not_headings():
    document = parse_fixture("article_statements.txt")
    corruption = document.section("corruption-a-root-problem").text
    assert "Independent audits\n\nOpen tenders\n\nAsset declarations" in corruption
    assert "Asset declarations" not in [s.title for s in document.sections]


def test_a_heading_is_never_also_body_text():
    for name in ("article_statements.txt", "article_questions.txt", "article_single_newlines.txt"):
        document = parse_fixture(name)
        for section in document.sections:
            if section.title:
                assert section.title not in body(document).split("\n\n")


def test_section_ids_are_unique():
    text = (
        "Overview\n\nThe first overview paragraph says something useful.\n\n"
        "Overview\n\nThe second overview paragraph says something else.\n\n"
        "Overview\n\nAnd a third one, to be sure of the numbering.\n"
    )
    document = article(text, meta={"title": "Three Overviews"})
    assert [s.id for s in document.sections] == ["overview", "overview-2", "overview-3"]


# -- doubled blocks and paragraphs ------------------------------------------------


def test_doubled_key_takeaways_block_is_kept_once():
    document = parse_fixture("article_key_takeaways.txt")
    text = body(document)
    for line in (
        "Elections are due in October, but the electoral commission has no budget.",
        "Opposition parties have threatened a boycott.",
        "Regional mediators have offered to help.",
    ):
        assert text.count(line) == 1
    assert [s.title for s in document.sections].count("KEY TAKEAWAYS") == 1


def test_a_doubled_block_separated_by_a_blank_line_is_kept_once():
    block = "First point of the summary.\nSecond point of the summary.\n"
    document = article("Intro sentence of the piece, plain prose.\n\n" + block + "\n" + block)
    assert body(document).count("Second point of the summary.") == 1


def test_paragraphs_separated_by_single_newlines():
    document = parse_fixture("article_single_newlines.txt")
    assert document.sections[0].text.split("\n\n") == [
        "Farmers and herders have fought over wells for decades, but the violence has grown deadlier since 2015.",
        "Climate change has shrunk the dry-season pastures by a fifth.",
    ]
    assert [s.title for s in document.sections[1:]] == ["What can local mediators do?", "A Role for Donors"]


def test_hard_wrapped_text_is_joined_into_paragraphs():
    wrapped = (
        "The committee met on Monday to review the budget for the coming year and\n"
        "agreed that the reserve fund should be used only for emergencies, as the\n"
        "charter requires. Members also asked the treasurer to publish quarterly\n"
        "reports so that donors can follow the spending of every program closely.\n"
    )
    document = article((wrapped + "\n") * 1 + wrapped.replace("committee", "board"))
    paragraphs = document.sections[0].text.split("\n\n")
    assert len(paragraphs) == 2
    assert "year and agreed that" in paragraphs[0]


def test_share_and_print_furniture_is_dropped():
    document = article("Share\nPrint\nThe real story starts here, with a full sentence.\n")
    assert "Share" not in body(document) and "Print" not in body(document)


# -- titles ----------------------------------------------------------------------


def test_title_from_sidecar_metadata_and_the_repeated_title_line_is_not_body():
    document = parse_fixture("sidecar_article.txt")
    assert document.title == "Ports Reopen After the Strike"
    assert document.date == "2024-03-01"
    assert document.authors == ("Ana Lima", "Tom Berg")
    assert document.topics == ("Labor", "Trade")
    assert document.type == "News"
    assert document.url == "https://example.org/ports-reopen"
    assert "Ports Reopen" not in body(document)
    assert [s.id for s in document.sections] == ["lead"]


def test_title_from_a_short_first_line():
    document = parse_fixture("article_single_newlines.txt")
    assert document.title == "Water Wars in the Sahel"
    assert "Water Wars" not in body(document)


def test_title_from_the_first_sentence_cut_at_80_characters():
    document = parse_fixture("article_first_sentence.txt")
    assert document.title == "In a decision that surprised even its own advisers, the central bank raised\u2026"
    assert len(document.title) <= 80
    # The sentence stays in the body: the title was derived, not taken.
    assert document.sections[0].text.startswith("In a decision that surprised")


def test_title_from_a_short_first_sentence_drops_its_full_stop():
    document = article("Markets fell. Then they recovered, slowly, over the following weeks.\n")
    assert document.title == "Markets fell"


def test_a_shouted_label_is_not_taken_as_the_title():
    document = parse_fixture("article_key_takeaways.txt")
    assert document.title == "Elections are due in October, but the electoral commission has no budget"


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_empty_text_has_no_sections(text):
    document = parse_text(text, doc_id="a/empty.txt", path="a/empty.txt", fmt="article")
    assert document.sections == () and document.captions == () and document.related == ()
    assert document.title == "empty"


def test_a_date_line_and_byline_at_the_top_fill_missing_metadata():
    document = article(
        "Thursday, January 21, 2021\nBy: Joseph Yun; Frank Aum\n"
        "Just a week before the inauguration, the North sent a reminder.\n"
    )
    assert document.date == "2021-01-21"
    assert document.authors == ("Joseph Yun", "Frank Aum")
    assert "By: Joseph Yun; Frank Aum" in document.sections[0].text  # still shown as the page had it
    with_meta = article("Thursday, January 21, 2021\nBody sentence here.\n", meta={"date": "2020"})
    assert with_meta.date == "2020"


def test_a_year_range_in_parentheses_is_not_a_photo_credit():
    document = article("Enrollment fell by half in the war years (2019/2020)\n\nIt has recovered since.\n")
    assert document.captions == ()


# -- scraped pages with their site's furniture around the article ------------------


def test_a_title_is_never_the_furniture_above_it():
    page = parse_fixture("scraped/river-markets.txt")
    assert page.title == "Rebuilding River Markets After the Floods"
    assert page.date == "2023-03-23"  # the date line still dates the page
    text = body(page)
    for furniture in ("Stay updated", "<<", "\ue80a", "Read More"):
        assert furniture not in text
    assert "Thursday, March 23, 2023" in text and "Q&A / Africa" in text  # kept, but not as the title


def test_read_more_and_a_lone_author_name_are_not_sections():
    page = parse_fixture("scraped/river-markets.txt")
    assert [s.title for s in page.sections] == ["", "What did the floods destroy?", "Who pays for the new market?"]
    assert "Amina Diallo\n\nAmina Diallo is a researcher" in page.sections[-1].text


@pytest.mark.parametrize(
    "noise",
    ["Thursday, March 23, 2023", "Stay updated", "<<", "\ue800\ue801", "Q&A / Africa", "RSS", "Analysis | Asia"],
)
def test_each_kind_of_noise_above_a_title_is_passed_over(noise):
    document = article(f"{noise}\n\nA Plain Short Title\n\nThe body of the article starts with this sentence.\n")
    assert document.title == "A Plain Short Title"


def test_an_author_named_in_metadata_is_not_a_heading():
    text = "Opening paragraph of the piece, which says what it is about.\n\nJoseph Vale\n\nThe report was written over two years of visits.\n"
    assert [s.title for s in article(text, meta={"authors": ["Joseph Vale"]}).sections] == [""]
    assert [s.title for s in article(text).sections] == ["", "Joseph Vale"]  # without it, a heading as before


def test_an_episode_list_shown_twice_per_entry_stays_in_the_body():
    page = parse_fixture("scraped/podcast.txt")
    assert page.title == "Podcast: Voices From the Valley"
    assert "RSS Feed" not in body(page)
    lead = page.sections[0].text.split("\n\n")
    episodes = [p for p in lead if p.startswith("Episode")]
    assert episodes == [
        "Episode 12: Water Rights and the New Dam",
        "Episode 11: Teachers Who Walk Two Hours",
        "Episode 10: The Seed Bank in the Old School",
    ]
    # A doubled line standing alone is still a photo caption.
    assert [c.text for c in page.captions] == ["A farmer checks the channel gate at dawn"]
