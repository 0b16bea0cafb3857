"""The related block of scraped articles: headings, entry variations, topics, footers."""

from __future__ import annotations

import pathlib

import pytest

from search.parse import parse_file, parse_text
from search.parse.related import split_topics

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"

LEAD = "A lead paragraph that is long enough to read as prose.\n\n"


def related(block: str):
    return parse_text(LEAD + block, doc_id="r.txt", fmt="article").related


@pytest.mark.parametrize(
    "heading", ["Related Publications", "Related Research & Analysis", "Related Content"]
)
def test_each_related_heading_starts_the_block(heading):
    document = parse_text(
        LEAD + heading + "\n\nA Linked Story\n\nIts summary, in one sentence of prose.\n",
        doc_id="r.txt",
        fmt="article",
    )
    assert [r.title for r in document.related] == ["A Linked Story"]
    assert heading not in document.text
    assert "A Linked Story" not in document.text


def test_entries_with_and_without_repeated_title_and_date():
    entries = related(
        "Related Publications\n\n"
        "First Story\n\nFirst Story\n\nThursday, November 14, 2024\n\nSummary of the first story.\n\n"
        "Second Story\nSummary of the second story, with no date.\n"
        "Third Story\nNovember 2023\nSummary of the third story.\n"
    )
    assert [(r.title, r.date, r.summary) for r in entries] == [
        ("First Story", "2024-11-14", "Summary of the first story."),
        ("Second Story", "", "Summary of the second story, with no date."),
        ("Third Story", "2023-11", "Summary of the third story."),
    ]


def test_byline_with_credentials():
    entries = parse_file(FIXTURES / "article_questions.txt", "q.txt").related
    assert entries[0].authors == ("Jane Roe", "John Doe, Ph.D.")
    assert entries[1].authors == ()


def test_topics_run_together_and_semicolon_separated():
    entries = parse_file(FIXTURES / "article_questions.txt", "q.txt").related
    assert entries[0].topics == ("Peace Processes", "Mediation, Negotiation & Dialogue")
    assert entries[1].topics == ("Conflict Analysis & Prevention", "Global Policy")
    assert [e.type for e in entries] == ["Analysis", "Question and Answer"]


def test_footer_on_its_own_line_is_dropped():
    entries = parse_file(FIXTURES / "article_key_takeaways.txt", "k.txt").related
    assert entries[-1].topics == ("Democracy & Governance",)
    assert len(entries) == 1


def test_footer_glued_to_the_last_topic_is_dropped():
    entries = parse_file(FIXTURES / "article_single_newlines.txt", "s.txt").related
    assert entries[-1].topics == ("Global Policy",)
    assert [e.title for e in entries] == ["Herders and Farmers Find Common Ground", "The Sahel After the Coups"]
    assert entries[0].topics == ("Climate, Environment & Conflict",)


def test_entry_without_topics_followed_by_an_entry():
    entries = related(
        "Related Content\n"
        "One Story\nOne Story\nSummary of one story.\nType: Analysis\n"
        "Two Story\nTwo Story\nSummary of two story.\nType: Report\nGlobal Policy\n"
    )
    assert [(e.title, e.type, e.topics) for e in entries] == [
        ("One Story", "Analysis", ()),
        ("Two Story", "Report", ("Global Policy",)),
    ]


@pytest.mark.parametrize(
    ("line", "topics"),
    [
        ("Conflict Analysis & PreventionGlobal Policy", ["Conflict Analysis & Prevention", "Global Policy"]),
        ("Global Policy; Gender", ["Global Policy", "Gender"]),
        ("Rule of LawGender", ["Rule of Law", "Gender"]),
        ("The McCarthy Era", ["The McCarthy Era"]),
        ("iPhone Diplomacy", ["iPhone Diplomacy"]),
        ("U.S. PolicyYouTube Politics", ["U.S. Policy", "YouTube Politics"]),
        ("Nonviolent Action (NVA)Global Policy", ["Nonviolent Action (NVA)", "Global Policy"]),
        ("Justice, Security & Rule of Law", ["Justice, Security & Rule of Law"]),
    ],
)
def test_split_topics(line, topics):
    assert list(split_topics(line)) == topics
