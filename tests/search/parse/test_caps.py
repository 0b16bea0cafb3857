"""However many headings and paragraphs a document has, it keeps a bounded number of each, and all its words."""

from __future__ import annotations

import pytest

import re

from search.parse import parse_text
from search.parse import markdown
from search.parse.markdown import LAST_RESORT, _blocks, _line_blocks, _piece_blocks, _pieces
from search.parse.sections import MAX_PARAGRAPHS, MAX_SECTIONS, Outline


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_twenty_thousand_headings_make_at_most_the_capped_sections_and_lose_no_word():
    text = "".join(f"## Heading {i}\n\nword{i} text\n\n" for i in range(20_000))
    document = parse_text(text, doc_id="h.md", fmt="markdown")
    titled = [s for s in document.sections if s.title]
    assert len(titled) == MAX_SECTIONS
    # The first heading is the title (a document that opens with one means it so).
    assert document.title == "Heading 0"
    assert sorted(_words(document.title + " " + document.text)) == sorted(_words(text.replace("#", "")))
    # Kept headings are spread through the document, not the first thousand only.
    assert titled[0].title == "Heading 1"
    assert int(titled[-1].title.split()[1]) > 19_000
    assert len({s.id for s in document.sections}) == len(document.sections)


def test_the_highest_level_headings_are_the_ones_kept():
    outline = Outline()
    for chapter in range(50):
        outline.heading(f"Chapter {chapter}", 1)
        for part in range(40):
            outline.heading(f"Part {chapter}.{part}", 2)
            outline.paragraph(f"text {chapter} {part}")
    sections, _ = outline.build()
    levels = [s.level for s in sections]
    assert len(sections) == MAX_SECTIONS
    assert levels.count(1) == 50  # every chapter, and parts for the room left
    assert any(s.title.startswith("Part 49.") for s in sections)  # spread to the end


def test_a_caption_of_a_merged_section_belongs_to_the_section_it_went_into():
    outline = Outline()
    for i in range(MAX_SECTIONS + 500):
        outline.heading(f"Heading {i}", 2)
        outline.paragraph(f"text {i}")
        outline.caption(f"Photo {i}")
    sections, captions = outline.build()
    ids = {s.id for s in sections}
    assert len(captions) == MAX_SECTIONS + 500
    assert all(c.section_id in ids for c in captions)
    owner = {c.text: c.section_id for c in captions}
    titles = {s.title for s in sections}
    merged = next(i for i in range(MAX_SECTIONS + 500) if f"Heading {i}" not in titles)
    holder = next(s for s in sections if f"Heading {merged}" in s.text.split("\n\n"))
    assert owner[f"Photo {merged}"] == holder.id


def test_a_million_line_log_keeps_its_lines_in_a_bounded_number_of_paragraphs():
    lines = [f"entry {i} ok" for i in range(3 * MAX_PARAGRAPHS)]
    document = parse_text("\n".join(lines) + "\n", doc_id="big.log", fmt="article")
    paragraphs = [p for s in document.sections for p in s.text.split("\n\n")]
    assert len(paragraphs) <= MAX_PARAGRAPHS + len(document.sections)
    kept = [line for p in paragraphs for line in p.split("\n")]
    assert kept == lines[1:] or kept == lines  # the first line may be the title


def test_markdown_parsed_in_pieces_reads_as_the_whole_does():
    parts = []
    for i in range(600):
        parts.append(
            [
                f"# Heading {i}\n",
                "```\n\n# not a heading\n\n```\n",
                "<!-- note\n\n# hidden\n\n-->\n",
                f"- item {i}\n- item\n",
                f"> quoted {i}\n",
                "~~~~\n# x\n```\n~~~~\n",
                f"A *paragraph* {i} with [a link](x.md).\n",
            ][i % 7]
        )
    body = "\n".join(parts)
    pieces = _pieces(body, size=1000)
    assert len(pieces) > 10 and "".join(p + "\n" for p in pieces)[:-1] == body
    whole: list = []
    _piece_blocks(body, whole)
    in_pieces: list = []
    for piece in pieces:
        _piece_blocks(piece, in_pieces)
    assert [b for b in in_pieces if b[1].strip()] == [b for b in whole if b[1].strip()]
    assert _blocks(body) == [b for b in whole if b[1].strip()]


def test_markdown_past_what_is_parsed_is_read_by_lines_with_its_headings_code_and_words():
    parts = []
    for i in range(70):
        parts.append(
            [
                f"# Heading {i}\n",
                "```python\n\n# not a heading\n\n```\n",
                "<!-- note\n\n# hidden\n\n-->\n",
                f"- item {i}\n- item *two*\n",
                f"> quoted {i}\n",
                "~~~~\n# x\n```\n~~~~\n",
                f"A *paragraph* {i} with [a link](x.md)\nand `code` on two lines.\n",
            ][i % 7]
        )
    body = "\n".join(parts)
    parsed: list = []
    _piece_blocks(body, parsed)
    read: list = []
    _line_blocks(body, read)
    kept = lambda blocks, kinds: [(b[0], b[1], b[2], b[3]) for b in blocks if b[0] in kinds and b[1].strip()]
    assert kept(read, {"heading", "code"}) == kept(parsed, {"heading", "code"})
    words = lambda blocks: [w for b in blocks if b[0] not in ("heading", "code") for w in b[1].split()]
    assert words(read) == words(parsed)
    links = lambda blocks: [m for b in blocks for m in b[4] if m[2] == "link"]
    assert len(links(read)) == len(links(parsed)) == 10


def test_only_the_first_part_of_a_long_markdown_file_goes_to_the_parser(monkeypatch):
    body = "# Long\n\n" + "".join(f"- item {i} of the list\n" for i in range(40_000))
    monkeypatch.setattr(markdown, "PARSED_CHARS", 100_000)
    given = []
    original = markdown._piece_blocks
    monkeypatch.setattr(markdown, "_piece_blocks", lambda piece, *rest: given.append(len(piece)) or original(piece, *rest))
    document = parse_text(body, doc_id="long.md", fmt="markdown")
    assert 100_000 <= sum(given) <= 200_000 < len(body) // 4
    text = " ".join(section.text for section in document.sections)
    assert all(f"item {i} of the list" in text for i in (0, 20_000, 39_999))


@pytest.mark.parametrize("shape", ["tight list", "loose list", "lines"])
def test_markdown_without_headings_is_parsed_in_bounded_pieces_too(shape):
    """A list of many items (or a log) has no heading to cut before: it is cut elsewhere,
    each piece no longer than a few times the size, and its items read as in the whole."""
    count = 3000
    if shape == "tight list":
        body = "".join(f"- item {i} *kept*\n" if i % 2 else f"{i}. numbered {i}\n  continued\n" for i in range(count))
    elif shape == "loose list":
        body = "".join(f"- item {i}\n\n  more of item {i}\n\n" for i in range(count))
    else:
        body = "".join(f"entry {i} ok\n" for i in range(8 * count))
    size = 1000
    pieces = _pieces(body, size=size)
    assert len(pieces) > 5 and "".join(p + "\n" for p in pieces)[:-1] == body
    assert max(len(piece) for piece in pieces) <= LAST_RESORT * size + 100
    whole: list = []
    _piece_blocks(body, whole)
    in_pieces: list = []
    for piece in pieces:
        _piece_blocks(piece, in_pieces)
    texts = lambda blocks: [line for b in blocks if b[1].strip() for line in b[1].split("\n")]
    if shape == "lines":
        words = lambda blocks: " ".join(texts(blocks)).split()
        assert words(in_pieces) == words(whole)  # one paragraph read as several: the same words
    else:
        assert [b for b in in_pieces if b[1].strip()] == [b for b in whole if b[1].strip()]


def test_inline_runs_read_without_the_inline_pass_as_with_it():
    """Plain runs are taken as they are, the others parsed one by one: the words are markdown-it's."""
    from search.parse.markdown import _BLOCKS_ONLY, _MARKDOWN, _inline, _inline_text

    text = "\n\n".join(
        [
            "# Plain heading",
            "## A *stressed* heading",
            "Plain words, and more: 50% of them.",
            "A [link](x.md) and ![an image](i.png), `code`, &amp; \\*stars\\*, ~~gone~~ <b>bold</b>.",
            "Two lines\nof one paragraph, a hard  \nbreak.",
            "A [reference][r] link.",
            "[r]: https://example.com",
            "| a | *b* |\n|---|---|\n| c | [d](e) |",
        ]
    )
    whole = _MARKDOWN.parse(text)
    env: dict = {}
    blocks_only = _BLOCKS_ONLY.parse(text, env)
    assert [t.type for t in whole] == [t.type for t in blocks_only]
    pairs = [(a, b) for a, b in zip(whole, blocks_only) if a.type == "inline"]
    assert len(pairs) > 8
    for full, bare in pairs:
        assert _inline(bare, env) == _inline_text(full)


def test_lists_and_quotes_nested_past_the_parser_s_limit_lose_no_word():
    from search.parse.markdown import NESTING

    deep_list = "".join("  " * i + f"- item{i}\n" for i in range(NESTING))
    deep_quote = ">" * (3 * NESTING) + " deepest words\n"
    for text in (deep_list, deep_quote, "# Title\n\n" + deep_list + "\n" + deep_quote):
        document = parse_text(text, doc_id="n.md", fmt="markdown")
        body = _words(deep_list if "item" in text else "") + _words(deep_quote if "deepest" in text else "")
        assert set(body) <= set(_words(document.text)), text[:40]
    # Nesting a list of real depth keeps its structure: one item per block.
    moderate = "".join("  " * i + f"- item{i}\n" for i in range(30))
    assert [(b[0], b[1], b[3]) for b in _blocks(moderate)] == [("item", f"\u2022 item{i}", str(i + 1)) for i in range(30)]


def test_a_table_of_a_million_cells_is_read_as_lines_with_every_word():
    from search.parse.markdown import MAX_TABLE_BARS

    columns, rows = 500, 2 * MAX_TABLE_BARS // 500
    text = "|" + "".join(f"h{c}|" for c in range(columns)) + "\n|" + "-|" * columns + "\n"
    text += "".join("|" + "".join(f"r{r}c{c}|" for c in range(columns)) + "\n" for r in range(rows))
    blocks = _blocks(text)
    words = [w for block in blocks for w in _words(block[1])]
    assert sorted(words) == sorted(w for w in _words(text))
    # A table of ordinary size is still a table: one block, a row per line, cells joined by a tab.
    small = "| a | b |\n|---|---|\n| one | two |\n"
    assert [(b[0], b[1], b[3]) for b in _blocks(small)] == [("table", "a\tb\none\ttwo", "header")]
