"""Nothing is lost: properties over generated article-like inputs and over arbitrary text."""

from __future__ import annotations

import datetime
import pathlib
import re
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.errors import UnreadableFile
from search.model import RelatedLink
from search.parse import parse_file, parse_text, sniff
from search.parse.article import is_furniture
from search.parse.dates import iso_date
from search.parse.related import is_heading as is_related_heading

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VOCABULARY = """water policy border council market farmer ceasefire budget court election harbor
village treaty summit region minister delegate report reform tender audit winter crisis bridge
station garden river highway signal treasury envoy ballot militia convoy refugee pasture""".split()

# Topics come from their own words, so a topics line can never be mistaken for the
# next entry's title repeated (which would be ambiguous to a human reader too).
TOPIC_WORDS = "Governance Gender Economics Youth Religion Justice Mediation Security Health".split()

word = st.sampled_from(VOCABULARY)
capitalised = word.map(str.capitalize)
topic = st.lists(st.sampled_from(TOPIC_WORDS), min_size=1, max_size=3).map(" ".join)


def words(low: int, high: int):
    return st.lists(word, min_size=low, max_size=high).map(" ".join)


def title_case(low: int, high: int):
    return st.lists(capitalised, min_size=low, max_size=high).map(" ".join)


sentence = st.builds(lambda first, rest: f"{first} {rest}.", capitalised, words(4, 14))
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
question = st.builds(lambda first, rest: f"{first} {rest}?", capitalised, words(2, 8))
statement = title_case(1, 6)
credit = st.builds(lambda a, b: f" ({a}/{b})", title_case(2, 2), title_case(1, 3))
caption = st.builds(
    lambda first, rest, tail: f"{first} {rest}{tail}", capitalised, words(3, 11), st.one_of(st.just(""), credit)
)
date_line = st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31)).map(
    lambda d: d.strftime("%A, %B %d, %Y")
)
byline = st.lists(title_case(2, 2), min_size=1, max_size=3).map(lambda names: "By: " + "; ".join(names) + ", Ph.D.")


@st.composite
def body_blocks(draw):
    """Lists of lines (a doubled line or block appears twice) and the lines to find again."""
    blocks = [[p] for p in draw(st.lists(paragraph, min_size=1, max_size=2))]
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["paragraph", "question", "statement", "caption", "doubled"]))
        if kind == "paragraph":
            blocks.append([draw(paragraph)])
        elif kind == "question":
            blocks.append([draw(question), draw(paragraph)])
        elif kind == "statement":
            blocks.append([draw(statement), draw(paragraph)])
        elif kind == "caption":
            line = draw(caption)
            blocks.append([line, line])
        else:
            lines = draw(st.lists(sentence, min_size=2, max_size=4))
            blocks.append(lines + lines)
    return blocks


@st.composite
def related_block(draw):
    heading = draw(st.sampled_from(["Related Publications", "Related Research & Analysis", "Related Content"]))
    lines: list[str] = [heading]
    expected: list[RelatedLink] = []
    for _ in range(draw(st.integers(1, 4))):
        title = draw(title_case(2, 7)) + draw(st.sampled_from(["", "?"]))
        lines.append(title)
        if draw(st.booleans()):
            lines.append(title)
        date = draw(st.one_of(st.none(), date_line))
        if date:
            lines.append(date)
        by = draw(st.one_of(st.none(), byline))
        if by:
            lines.append(by)
        summary = draw(paragraph)
        lines.append(summary)
        kind = draw(st.one_of(st.none(), title_case(1, 3)))
        if kind:
            lines.append(f"Type: {kind}")
        topics = draw(st.lists(topic, max_size=3))
        if topics:
            lines.append(draw(st.sampled_from(["", "; "])).join(topics))
        authors = tuple(by[4:].split("; ")) if by else ()
        expected.append(RelatedLink(title, iso_date(date or ""), kind or "", tuple(topics), authors, summary))
    footer = draw(st.sampled_from(["none", "line", "glued"]))
    if footer == "line":
        lines.append("View All Publications")
    elif footer == "glued":
        lines[-1] += "View All Publications"
    return lines, expected


def join(lines: list[str], separators: list[str]) -> str:
    out = lines[0]
    for line, separator in zip(lines[1:], separators):
        out += separator + line
    return out + "\n"


@st.composite
def articles(draw):
    blocks = draw(body_blocks())
    body = [line for block in blocks for line in block]
    related = draw(st.one_of(st.none(), related_block()))
    lines = body + (related[0] if related else [])
    separators = draw(st.lists(st.sampled_from(["\n", "\n\n"]), min_size=len(lines), max_size=len(lines)))
    return join(lines, separators), body, related[1] if related else None


@SETTINGS
@given(articles())
def test_every_content_line_ends_up_somewhere(generated):
    text, body, expected_related = generated
    document = parse_text(text, doc_id="g.txt", fmt="article")
    places = [document.title]
    places += [s.title for s in document.sections] + [s.text for s in document.sections]
    places += [c.text for c in document.captions]
    for line in body:
        assert any(line in place for place in places), line
    if expected_related is None:
        assert document.related == ()
        return
    # Each entry's fields come back: title, date (normalised), byline authors,
    # summary, type and topics; the heading and the footer are gone.
    assert list(document.related) == expected_related
    assert "View All" not in document.text and "Related " not in document.text


@SETTINGS
@given(articles())
def test_structure_of_generated_articles(generated):
    text, _, _ = generated
    document = parse_text(text, doc_id="g.txt", fmt="article")
    ids = [s.id for s in document.sections]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids)
    assert all(s.level == 0 for s in document.sections if s.id == "lead")
    for section in document.sections:
        assert "\n\n\n" not in section.text
        assert all(p.strip() == p and p for p in section.text.split("\n\n")) or not section.text
    known = set(ids) | {"lead"}
    assert all(c.section_id in known for c in document.captions)


def tokens(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text))


def document_tokens(document) -> set[str]:
    parts = [document.title]
    for section in document.sections:
        parts += [section.title, section.text]
    parts += [c.text for c in document.captions]
    for link in document.related:
        parts += [link.title, link.date, link.type, link.summary, *link.topics, *link.authors]
    return tokens("\n".join(parts))


def article_body_tokens(text: str) -> set[str]:
    """The words an article keeps verbatim: its body, without share/print furniture.

    The related block is left out here: its labels ("Type:", "By:"), dates and footer
    are rewritten by design, and the generated-article property above checks it
    field by field.
    """
    kept = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if is_related_heading(line):
            break
        if not is_furniture(line.strip()):
            kept.append(line)
    return tokens("\n".join(kept))


@SETTINGS
@given(st.text(), st.sampled_from([None, "article", "text"]))
def test_arbitrary_text_never_raises_and_keeps_every_word(text, fmt):
    document = parse_text(text, doc_id="x.txt", fmt=fmt)
    chosen = fmt or sniff(text)
    if chosen in ("markdown", "html", "rst"):
        return  # markup formats drop syntax (link targets, tags, directives) by design
    expected = tokens(text) if chosen == "text" else article_body_tokens(text)
    assert expected <= document_tokens(document)


@SETTINGS
@given(st.text(), st.sampled_from(["markdown", "html"]))
def test_markup_formats_never_raise_on_arbitrary_text(text, fmt):
    parse_text(text, doc_id="x", fmt=fmt)


MARKUP_PIECES = [
    "# ", "## ", "---\n", "```\n", "<p>", "</p>", "<h2>", "<script>", "<nav>", "<br>", "\n", "\n\n",
    "x ", "Word. ", "Why? ", "title: t\n", "- item\n", "<!--", "&amp;", "Related Content\n", "===\n",
]  # fmt: skip


@SETTINGS
@given(st.lists(st.sampled_from(MARKUP_PIECES), max_size=30))
def test_every_format_survives_markup_fragments(pieces):
    text = "".join(pieces)
    for fmt in ("markdown", "html", "article", "text"):
        parse_text(text, doc_id="x", fmt=fmt)


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.md", "a.html", "a.log", "README"]))
def test_any_bytes_parse_or_are_unreadable(data, name):
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / name
        path.write_bytes(data)
        try:
            document = parse_file(path, name)
        except UnreadableFile as error:
            assert str(error) and "\n" not in str(error)
        else:
            assert document.doc_id == name and document.title
