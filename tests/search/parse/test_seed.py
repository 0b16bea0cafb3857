"""The bundled seed article parses into exactly the document a reader should see."""

from __future__ import annotations

import pytest

from search.parse import parse_file
from tests.conftest import SEED_ID, SEEDS

SEED = SEEDS / SEED_ID


@pytest.fixture(scope="module")
def seed():
    return parse_file(SEED, "000_61f2fd6d474a728d.txt")


def test_metadata_comes_from_the_sidecar(seed):
    assert seed.title == "North Korea Poses Old Challenges to New U.S. Administration"
    assert seed.url == (
        "https://www.usip.org/publications/2021/01/north-korea-poses-old-challenges-new-us-administration"
    )
    assert seed.date == "2021-01"
    assert seed.authors == ("Joseph Yun", "Frank Aum")
    assert seed.kind == "full"
    assert seed.doc_id == "000_61f2fd6d474a728d.txt"
    assert seed.path == str(SEED)


def test_a_lead_then_three_question_sections_in_order(seed):
    assert [s.id for s in seed.sections][0] == "lead"
    assert seed.sections[0].title == "" and seed.sections[0].level == 0
    assert seed.sections[0].text.startswith("Just a week before President Biden was inaugurated")
    assert [s.title for s in seed.sections[1:]] == [
        "What did we learn out of the recent Party Congress in North Korea?",
        "What can we expect from the Biden administration?",
        "Given rising tensions between Washington and Beijing, how will China factor into North Korea diplomacy?",
    ]
    assert [s.id for s in seed.sections[1:]] == [
        "what-did-we-learn-out-of-the-recent-party-congress-in-north-korea",
        "what-can-we-expect-from-the-biden-administration",
        "given-rising-tensions-between-washington-and-beijing-how-will-china-factor-into-north-korea-diplomacy",
    ]


def test_section_text_is_paragraphs_separated_by_one_blank_line(seed):
    first = seed.sections[1].text
    paragraphs = first.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("At the recently concluded eighth Party Congress")
    assert all(p == p.strip() and p for p in paragraphs)
    assert "\n\n\n" not in "".join(s.text for s in seed.sections)


def test_the_caption_is_kept_once_and_not_as_body(seed):
    assert len(seed.captions) == 1
    caption = seed.captions[0]
    assert caption.text.startswith("Kim Jong Un, the North Korean leader")
    assert "Panmunjom" in caption.text and caption.text.endswith("(Erin Schaff/The New York Times)")
    assert caption.section_id == "lead"
    assert all("Panmunjom" not in s.text for s in seed.sections)


def test_four_related_entries(seed):
    related = seed.related
    assert [r.title for r in related] == [
        "China\u2019s Dilemmas Deepen as North Korea Enters Ukraine War",
        "How Should Seoul Respond to North Korea's Soldiers in Russia?",
        "North Korean Troops in Russia Show Putin Is Doubling Down on Ukraine War",
        "How Enhancing Civil Nuclear Energy Safety Can Benefit the Korean Peninsula",
    ]
    assert [r.date for r in related] == ["2024-11-14", "2024-11-13", "2024-10-29", "2024-10-16"]
    assert [r.type for r in related] == ["Analysis", "Analysis", "Question and Answer", "Analysis"]
    assert [list(r.topics) for r in related] == [
        ["Conflict Analysis & Prevention", "Global Policy"],
        ["Conflict Analysis & Prevention"],
        ["Global Policy"],
        ["Global Policy"],
    ]
    assert all(r.target is None for r in related)
    assert related[0].summary.startswith("Until late October, the big questions")
    assert related[3].summary.endswith("beyond traditional security dynamics.")


def test_furniture_is_gone(seed):
    everything = seed.text + "".join(r.title + r.summary + "".join(r.topics) for r in seed.related)
    assert "View All Publications" not in everything
    assert "Related Publications" not in everything
    assert not any("Type:" in s.text for s in seed.sections)
