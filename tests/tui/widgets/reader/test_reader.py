"""The reading pane and its find bar, driven the way a reader drives them: keys at 80x24.

Its layout and its matches are tested without an app in ``test_layout.py`` and
``test_matches.py``; here, what a reader sees and what the keys do.
"""

from __future__ import annotations

import time

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.filter import NoColor

from search.model import Caption, Document, Section
from search.parse import parse_file
from tests.conftest import REPO
from tui.widgets.find_bar import FindBar
from tui.widgets.reader import MEASURE, PLACEHOLDER, SUMMARY_NOTE, Reader
SEED = "000_61f2fd6d474a728d.txt"
HEIGHT = 24


class Host(App):
    """A screen-less stand-in for the browser: a reader, a find bar, and a message log."""

    CSS_PATH = str(REPO / "tui" / "widgets" / "reader.tcss")
    BINDINGS = [Binding("escape", "app_escape", "Escape")]

    def __init__(self, document: Document | None = None, **show) -> None:
        super().__init__()
        self.document = document
        self.show_args = show
        self.messages: list[object] = []
        self.escapes = 0

    def compose(self) -> ComposeResult:
        yield Reader()
        yield FindBar()

    def on_mount(self) -> None:
        reader = self.query_one(Reader)
        reader.focus()
        if self.document is not None:
            reader.show(self.document, **self.show_args)

    def action_app_escape(self) -> None:
        self.escapes += 1

    def on_reader_section_changed(self, message: Reader.SectionChanged) -> None:
        self.messages.append(("section", message.section_id))

    def on_reader_match_moved(self, message: Reader.MatchMoved) -> None:
        self.messages.append(("match", message.index, message.total))

    def on_reader_past_last_match(self, message: Reader.PastLastMatch) -> None:
        self.messages.append(("past-last",))

    def on_reader_past_first_match(self, message: Reader.PastFirstMatch) -> None:
        self.messages.append(("past-first",))

    def on_reader_find_wrapped(self, message: Reader.FindWrapped) -> None:
        self.messages.append(("wrapped", message.text))

    def on_reader_find_requested(self, message: Reader.FindRequested) -> None:
        self.messages.append(("find",))

    def on_find_bar_changed(self, message: FindBar.Changed) -> None:
        self.messages.append(("bar-changed", message.text))

    def on_find_bar_submitted(self, message: FindBar.Submitted) -> None:
        self.messages.append(("bar-submitted", message.text))

    def on_find_bar_closed(self, message: FindBar.Closed) -> None:
        self.messages.append(("bar-closed",))

    def of_kind(self, kind: str) -> list[tuple]:
        return [m for m in self.messages if m[0] == kind]


def paragraph(section: int, number: int, words: int = 60) -> str:
    body = " ".join(f"word{section}x{number}n{i}" if i % 7 == 0 else "text" for i in range(words))
    return f"Para {section}.{number} {body} end{section}x{number}."


def long_document(sections: int = 5, paragraphs: int = 4) -> Document:
    """A lead and level-2 sections, each longer than a 24-line screen."""
    made = [Section("lead", "", 0, "\n\n".join(paragraph(0, n) for n in range(paragraphs)))]
    for s in range(1, sections):
        made.append(
            Section(f"s{s}", f"Section {s}", 2, "\n\n".join(paragraph(s, n) for n in range(paragraphs)))
        )
    return Document(
        doc_id="long.txt",
        path="long.txt",
        title="A Long Document",
        date="2024-11-14",
        type="Analysis",
        topics=("Testing",),
        authors=("Ann Author",),
        sections=tuple(made),
    )


def seed() -> Document:
    return parse_file(REPO / "seeds" / SEED, SEED)


def screen_lines(reader: Reader) -> list[str]:
    return [reader.render_line(y).text for y in range(reader.scrollable_content_region.height)]


def all_lines(reader: Reader) -> list[str]:
    """Every visual line of the document, as the terminal would get it."""
    width = reader.scrollable_content_region.width
    return [reader._render_document_line(y, width).text for y in range(reader._lines.line_count)]


def segments_with(reader: Reader, word: str):
    """(segment, strip) pairs on screen whose text contains ``word``."""
    found = []
    for y in range(reader.scrollable_content_region.height):
        strip = reader.render_line(y)
        for segment in strip:
            if word in segment.text:
                found.append(segment)
    return found


def current_row(reader: Reader) -> int | None:
    """The screen row showing the current match (reversed and underlined), if any."""
    for y in range(reader.scrollable_content_region.height):
        for segment in reader.render_line(y):
            if segment.style and segment.style.reverse and segment.style.underline:
                return y
    return None


def style_of(reader: Reader, name: str):
    return reader.get_component_rich_style(name, partial=True)


def offsets(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


# ---------------------------------------------------------------------------- showing


async def test_placeholder_shows_until_a_document_is_opened():
    app = Host()
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        lines = screen_lines(reader)
        hint = [line for line in lines if line.strip()]
        assert [line.strip() for line in hint] == [PLACEHOLDER]
        left = len(hint[0]) - len(hint[0].lstrip())
        right = len(hint[0]) - len(hint[0].rstrip())
        assert abs(left - right) <= 1  # centred
        assert reader.document is None and reader.current_section_id is None
        reader.show(long_document())
        await pilot.pause()
        assert PLACEHOLDER not in "\n".join(screen_lines(reader))


async def test_closing_the_document_brings_the_placeholder_back():
    app = Host(long_document(), section_id="s2")
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        reader.show(None)
        await pilot.pause()
        assert reader.scroll_y == 0 and reader.max_scroll_y == 0
        assert [line.strip() for line in screen_lines(reader) if line.strip()] == [PLACEHOLDER]
        assert app.messages[-1] == ("section", None)


async def test_a_document_shown_before_the_reader_has_a_size_lands_where_asked():
    class EarlyHost(Host):
        def compose(self) -> ComposeResult:
            reader = Reader()
            reader.show(seed(), section_id="what-can-we-expect-from-the-biden-administration")
            yield reader

    app = EarlyHost()
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        await pilot.pause()
        reader = app.query_one(Reader)
        assert screen_lines(reader)[0].strip() == "What can we expect from the Biden administration?"
        assert app.of_kind("section") == [("section", "what-can-we-expect-from-the-biden-administration")]


async def test_seed_renders_title_meta_caption_and_text_in_order():
    document = seed()
    app = Host(document)
    async with app.run_test(size=(80, HEIGHT)):
        reader = app.query_one(Reader)
        lines = all_lines(reader)
        text = "\n".join(lines)
        assert lines[0].strip() == document.title
        assert lines[1].strip() == "2021-01 · Joseph Yun, Frank Aum"
        assert lines[2].strip().startswith("https://www.usip.org/")
        caption_at = text.index("Kim Jong Un, the North Korean leader")
        lead_at = text.index("Just a week before")
        heading_at = text.index("What did we learn out of the recent Party Congress")
        assert caption_at < lead_at < heading_at
        # Blank line between blocks.
        heading_line = next(i for i, line in enumerate(lines) if "What did we learn" in line)
        assert lines[heading_line - 1].strip() == "" and lines[heading_line + 1].strip() == ""
        # Every word of the body made it to the screen.
        flat = " ".join(text.split())
        for section in document.sections:
            for paragraph_text in section.text.split("\n\n"):
                assert " ".join(paragraph_text.split()) in flat


async def test_styles_title_heading_caption():
    document = seed()
    app = Host(document)
    async with app.run_test(size=(80, HEIGHT)):
        reader = app.query_one(Reader)
        title_style = style_of(reader, "reader--title")
        assert title_style.bold
        title_segment = segments_with(reader, "North Korea Poses")[0]
        assert title_segment.style.bold and title_segment.style.color == title_style.color
        caption = segments_with(reader, "Kim Jong Un, the North Korean leader")[0]
        assert caption.style.italic
        reader.next_section()
        heading = segments_with(reader, "What did we learn")[0]
        assert heading.style.bold
        assert heading.style.color == style_of(reader, "reader--heading-2").color


async def test_summary_document_says_it_is_a_summary():
    document = Document(
        "summary:x", "", kind="summary", title="A Linked Report", date="2020",
        sections=(Section("lead", "", 0, "What the report says."),),
    )
    app = Host(document)
    async with app.run_test(size=(80, HEIGHT)):
        lines = [line.strip() for line in screen_lines(app.query_one(Reader))]
        assert lines[:3] == ["A Linked Report", "2020", SUMMARY_NOTE]
        assert "What the report says." in lines


async def test_single_newlines_inside_a_paragraph_are_line_breaks():
    document = Document("d", "d", title="T", sections=(Section("lead", "", 0, "line one\nline two\n\nnext"),))
    app = Host(document)
    async with app.run_test(size=(80, HEIGHT)):
        lines = [line.strip() for line in screen_lines(app.query_one(Reader))]
        start = lines.index("line one")
        assert lines[start : start + 4] == ["line one", "line two", "", "next"]


# ---------------------------------------------------------------------------- keys


async def test_scroll_keys_move_like_less():
    app = Host(long_document())
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        page = reader.scrollable_content_region.height
        assert page == HEIGHT
        steps = [
            ("j", 1), ("down", 2), ("k", 1), ("up", 0), ("k", 0),
            ("space", page), ("f", 2 * page), ("pagedown", 3 * page),
            ("b", 2 * page), ("pageup", page),
            ("ctrl+d", page + page // 2), ("ctrl+u", page),
            ("ctrl+f", 2 * page), ("ctrl+b", page),  # less and vim: a page
            ("ctrl+e", page + 1), ("ctrl+e", page + 2), ("ctrl+y", page + 1),  # a line
            ("g", 0), ("ctrl+y", 0), ("ctrl+b", 0),
        ]
        for key, expected in steps:
            await pilot.press(key)
            assert reader.scroll_y == expected, key
        await pilot.press("G")
        assert reader.scroll_y == reader.max_scroll_y > 3 * page
        assert any("end4x3." in line for line in screen_lines(reader))
        await pilot.press("home")
        assert reader.scroll_y == 0
        await pilot.press("end")
        assert reader.scroll_y == reader.max_scroll_y


async def test_section_keys_bring_headings_to_the_top_and_post_section_changed():
    app = Host(long_document())
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        await pilot.pause()
        assert reader.current_section_id == "lead"
        assert app.of_kind("section") == [("section", "lead")]
        for number in range(1, 5):
            await pilot.press("right_square_bracket")
            assert screen_lines(reader)[0].strip() == f"Section {number}"
            assert reader.current_section_id == f"s{number}"
        await pilot.press("right_square_bracket")  # no further section: stays
        assert reader.current_section_id == "s4"
        await pilot.pause()
        assert app.of_kind("section") == [("section", "lead")] + [("section", f"s{n}") for n in range(1, 5)]
        await pilot.press("left_square_bracket")
        assert screen_lines(reader)[0].strip() == "Section 3"
        await pilot.press("j", "j", "left_square_bracket")  # in the middle of a section: its own heading
        assert screen_lines(reader)[0].strip() == "Section 3"
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        assert reader.scroll_y == 0 and reader.current_section_id == "lead"
        await pilot.pause()
        sections = [m[1] for m in app.of_kind("section")]
        assert sections[-4:] == ["s3", "s2", "s1", "lead"]
        assert all(a != b for a, b in zip(sections, sections[1:]))  # never twice in a row


async def test_scrolling_by_lines_posts_section_changed_once_per_section():
    app = Host(long_document())
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        heading = reader._lines.section_line[1]
        for _ in range(heading + 3):
            await pilot.press("j")
        await pilot.pause()
        assert app.of_kind("section") == [("section", "lead"), ("section", "s1")]


async def test_show_section_id_and_scroll_y_restore():
    document = long_document()
    app = Host(document, section_id="s3")
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        assert screen_lines(reader)[0].strip() == "Section 3"
        assert reader.current_section_id == "s3"
        reader.show(document, scroll_y=37, section_id="s1")  # a remembered position wins
        await pilot.pause()
        assert reader.scroll_y == 37
        reader.scroll_to_section("s2")
        assert screen_lines(reader)[0].strip() == "Section 2"
        reader.scroll_to_section("lead")
        assert reader.scroll_y == 0


async def test_section_text_is_the_plain_source_for_copying():
    document = long_document()
    app = Host(document, section_id="s2")
    async with app.run_test(size=(80, HEIGHT)):
        reader = app.query_one(Reader)
        assert reader.section_text() == "Section 2\n\n" + document.sections[2].text
        assert reader.section_text("lead") == document.sections[0].text


# ---------------------------------------------------------------------------- matches


async def test_query_matches_are_highlighted_and_the_section_match_is_current():
    document = long_document()
    s2 = document.sections[2].text
    matches = {
        "s1": [("title", 0, 7)],
        "s2": [("text", *offsets(s2, "word2x0n7")), ("text", *offsets(s2, "word2x1n14"))],
    }
    app = Host(document, section_id="s2", matches=matches)
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        await pilot.pause()
        assert screen_lines(reader)[0].strip() == "Section 2"  # the heading stays on top
        assert reader.match_position == (2, 3)
        assert app.of_kind("match")[-1] == ("match", 2, 3)
        current = [s for s in segments_with(reader, "word2x0n7")]
        assert [s.text for s in current] == ["word2x0n7"]
        assert current[0].style.reverse and current[0].style.underline and current[0].style.bold
        other = segments_with(reader, "word2x1n14")
        assert [s.text for s in other] == ["word2x1n14"]
        assert other[0].style.reverse and not other[0].style.underline
        plain = segments_with(reader, "word2x0n14")
        assert plain and not plain[0].style.reverse
        await pilot.press("N")
        assert reader.match_position == (1, 3)
        highlighted = [s for s in segments_with(reader, "Section") if s.style.reverse]
        assert [(s.text, bool(s.style.underline)) for s in highlighted] == [("Section", True)]


async def test_a_section_match_far_below_its_heading_is_scrolled_into_view():
    document = long_document()
    text = document.sections[1].text
    app = Host(document, section_id="s1", matches={"s1": [("text", *offsets(text, "end1x3"))]})
    async with app.run_test(size=(80, HEIGHT)):
        reader = app.query_one(Reader)
        assert reader.match_position == (1, 1)
        row = current_row(reader)
        assert row is not None and row >= 1  # some context above it
        assert reader.current_section_id == "s1"


async def test_highlights_survive_monochrome():
    document = long_document()
    text = document.sections[0].text
    matches = {"lead": [("text", *offsets(text, "word0x0n7")), ("text", *offsets(text, "word0x0n14"))]}
    app = Host(document, section_id="lead", matches=matches)
    async with app.run_test(size=(80, HEIGHT)):
        reader = app.query_one(Reader)
        no_color = NoColor()
        styles = {}
        for y in range(HEIGHT):
            for segment in reader.render_line(y).apply_filter(no_color, Color(0, 0, 0)):
                if segment.text in ("word0x0n7", "word0x0n14"):
                    styles[segment.text] = segment.style
        current, other = styles["word0x0n7"], styles["word0x0n14"]
        assert current.color.is_default and current.reverse and current.underline
        assert other.color.is_default and other.reverse and not other.underline


async def test_n_and_N_walk_matches_in_document_order_across_sections():
    document = long_document()
    texts = [section.text for section in document.sections]
    matches = {
        "s3": [("text", *offsets(texts[3], "word3x2n0"))],
        "lead": [("text", *offsets(texts[0], "word0x1n21"))],
        "s1": [("text", *offsets(texts[1], "word1x3n7")), ("title", 0, 7)],
    }
    app = Host(document, matches=matches)
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        assert reader.match_position == (0, 4)
        order = []
        for _ in range(4):
            await pilot.press("n")
            order.append(reader.match_position)
            assert current_row(reader) is not None  # the current match is on screen
        assert order == [(1, 4), (2, 4), (3, 4), (4, 4)]
        assert "word3x2n0" in "\n".join(screen_lines(reader))
        assert [m for m in app.of_kind("match")][-4:] == [("match", i, 4) for i in range(1, 5)]
        await pilot.press("n")
        await pilot.pause()
        assert reader.match_position == (4, 4)
        assert app.of_kind("past-last") == [("past-last",)]
        for expected in (3, 2, 1):
            await pilot.press("N")
            assert reader.match_position == (expected, 4)
        await pilot.press("N")
        await pilot.pause()
        assert app.of_kind("past-first") == [("past-first",)]
        assert reader.last_match() and reader.match_position == (4, 4)
        assert reader.first_match() and reader.match_position == (1, 4)


async def test_next_match_after_scrolling_away_starts_from_the_viewport():
    document = long_document()
    texts = [section.text for section in document.sections]
    matches = {sid: [("text", *offsets(texts[i], f"word{i}x0n7"))] for i, sid in enumerate(["lead", "s1", "s2", "s3"])}
    app = Host(document, matches=matches)
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        await pilot.press("n")
        assert reader.match_position == (1, 4)
        reader.scroll_to_section("s2")
        await pilot.press("n")
        assert reader.match_position == (3, 4)


async def test_no_matches_means_past_last_and_set_and_clear_matches():
    document = long_document()
    app = Host(document)
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        assert reader.next_match() is False
        assert reader.first_match() is False
        text = document.sections[1].text
        count = reader.set_matches({"s1": [("text", *offsets(text, "word1x0n7")), ("bogus", 0, 1)], "nope": [("text", 0, 3)]})
        assert count == 1 and reader.match_position == (0, 1)
        reader.clear_matches()
        await pilot.pause()
        assert reader.match_position == (0, 0)
        assert ("match", 0, 1) in app.messages and app.messages[-1] == ("match", 0, 0)


async def test_find_is_case_insensitive_counts_and_starts_at_the_viewport():
    document = seed()
    app = Host(document)
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        expected = sum(
            (section.title.casefold().count("korea") + section.text.casefold().count("korea"))
            for section in document.sections
        )
        reader.scroll_to_section("what-can-we-expect-from-the-biden-administration")
        await pilot.pause()
        top = reader.scroll_y
        assert reader.find("KOREA") == expected > 5
        index, total = reader.match_position
        assert total == expected
        assert reader.scroll_y + current_row(reader) >= top
        assert all(reader._match_line(i) < top for i in range(index - 1))
        lines = screen_lines(reader)
        segment = [s for s in segments_with(reader, "Korea") if s.style.underline]
        assert segment and segment[0].text.casefold() == "korea"
        assert any("Korea" in line for line in lines)
        assert reader.find("") == 0
        assert reader.match_position == (0, 0)


async def test_find_replaces_query_matches_and_escape_brings_them_back():
    document = long_document()
    text = document.sections[1].text
    app = Host(document, matches={"s1": [("text", *offsets(text, "word1x0n7"))]})
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        await pilot.press("escape")  # no find active: escape is the app's
        assert app.escapes == 1
        await pilot.press("slash")
        await pilot.pause()
        assert app.of_kind("find") == [("find",)]
        assert reader.find("TEXT") > 100
        assert reader.match_label == "find"
        await pilot.press("n")
        assert reader.match_position[0] == 2
        await pilot.press("escape")
        assert app.escapes == 1  # the reader took it
        assert reader.match_position == (0, 1)
        assert not [s for s in segments_with(reader, "text") if s.style.reverse]
        await pilot.press("escape")
        assert app.escapes == 2


async def test_n_past_the_last_found_match_wraps_to_the_first_as_in_vim():
    document = long_document()
    app = Host(document)
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        total = reader.find("end")  # one "endSxP." closes each paragraph
        assert total == 20 and reader.match_position == (1, 20)
        await pilot.press(*["n"] * 19)
        assert reader.match_position == (20, 20) and app.of_kind("wrapped") == []
        await pilot.press("n")  # past the last: round to the first, at the top
        await pilot.pause()
        assert reader.match_position == (1, 20) and reader.scroll_y < HEIGHT
        assert app.of_kind("wrapped") == [("wrapped", "search hit BOTTOM, continuing at TOP")]
        await pilot.press("N")  # N from the first: round to the last
        await pilot.pause()
        assert reader.match_position == (20, 20)
        assert current_row(reader) is not None and "end4x3" in "\n".join(screen_lines(reader))
        assert app.of_kind("wrapped")[-1] == ("wrapped", "search hit TOP, continuing at BOTTOM")
        await pilot.press("n")
        await pilot.pause()
        assert reader.match_position == (1, 20)
        assert len(app.of_kind("wrapped")) == 3
        # A find never says it is past the end: the screen would carry on into the next result
        assert app.of_kind("past-last") == [] and app.of_kind("past-first") == []
        # ... but one that found nothing has nowhere to wrap to
        assert reader.find("zzzz") == 0
        await pilot.press("n")
        await pilot.pause()
        assert app.of_kind("past-last") == [("past-last",)] and len(app.of_kind("wrapped")) == 3


async def test_the_query_matches_do_not_wrap_they_say_past_the_end():
    document = long_document()
    texts = [section.text for section in document.sections]
    app = Host(document, matches={"s1": [("text", *offsets(texts[1], "word1x0n7"))]})
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        await pilot.press("n")
        assert reader.match_position == (1, 1)
        await pilot.press("n", "N")
        await pilot.pause()
        assert app.of_kind("past-last") == [("past-last",)]
        assert app.of_kind("past-first") == [("past-first",)]
        assert app.of_kind("wrapped") == []


async def test_find_maps_offsets_through_tabs_bidi_and_case_folding():
    text = "a\tb \u202eStraße\u202c ok STRASSE end\n\nTab\tafter Straße"
    document = Document("d", "d", title="T", sections=(Section("lead", "", 0, text),))
    app = Host(document)
    async with app.run_test(size=(80, HEIGHT)):
        reader = app.query_one(Reader)
        assert reader.find("strasse") == 3
        highlighted = [s.text for y in range(HEIGHT) for s in reader.render_line(y) if s.style and s.style.reverse]
        assert highlighted == ["Straße", "STRASSE", "Straße"]


# ---------------------------------------------------------------------------- hostile text


async def test_control_characters_and_markup_render_literally():
    hostile = (
        "clear\x1b[2Jscreen bell\x07 csi\x9b31m \u202egnp.exe "
        "[bold red]x[/] and [link=file:///etc/passwd]x[/link] tab\there"
    )
    document = Document(
        "d", "d",
        title="Title \x1b]0;owned\x07 [b]bold?[/b]",
        authors=("\x1b[31mRed",),
        sections=(
            Section("lead", "", 0, hostile),
            Section("s1", "Heading \x9b2J [i]x[/i]", 2, "Body."),
        ),
        captions=(Caption("Caption \x07 [u]x[/u]", "s1"),),
    )
    app = Host(document)
    async with app.run_test(size=(80, HEIGHT)):
        reader = app.query_one(Reader)
        text = "\n".join(screen_lines(reader))
        for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c", "\t"):
            assert bad not in text
        assert "␛[2J" in text and "␇" in text and "\ufffd31m" in text
        assert "[bold red]x[/]" in text
        assert "[link=file:///etc/passwd]x[/link]" in text
        assert "[b]bold?[/b]" in text and "[i]x[/i]" in text and "[u]x[/u]" in text
        assert "tab    here" in text
        for y in range(HEIGHT):
            for segment in reader.render_line(y):
                assert segment.style is None or segment.style.link is None


# ---------------------------------------------------------------------------- sizes


def assert_wrapped(reader: Reader, width: int) -> None:
    column = min(width - 2, MEASURE)
    for line in all_lines(reader):
        assert cell_len(line) <= width - 1  # the scrollbar takes one cell
        assert len(line.rstrip()) <= column + 1  # one cell of margin on the left


async def test_resize_rewraps_to_the_new_width_and_keeps_the_place():
    document = seed()
    app = Host(document, section_id="what-can-we-expect-from-the-biden-administration")
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        lines_at_80 = reader._lines.line_count
        assert_wrapped(reader, 80)
        reader.scroll_to_section("what-can-we-expect-from-the-biden-administration")
        await pilot.resize_terminal(50, HEIGHT)
        await pilot.pause()
        assert reader._lines.line_count > lines_at_80
        assert_wrapped(reader, 50)
        reader.scroll_to_section("what-can-we-expect-from-the-biden-administration")
        assert screen_lines(reader)[0].strip() == "What can we expect from the Biden"
        await pilot.resize_terminal(160, HEIGHT)
        await pilot.pause()
        assert reader.current_section_id == "what-can-we-expect-from-the-biden-administration"
        widths = [len(line.strip()) for line in all_lines(reader)]
        assert max(widths) <= MEASURE
        assert max(widths) > 90  # the measure, not the old width
        left = [len(line) - len(line.lstrip()) for line in all_lines(reader) if line.strip()]
        assert min(left) == (159 - MEASURE) // 2  # centred


async def test_narrow_terminal_still_wraps_words():
    document = seed()
    app = Host(document)
    async with app.run_test(size=(40, HEIGHT)):
        reader = app.query_one(Reader)
        assert_wrapped(reader, 40)
        lines = all_lines(reader)
        words = set(" ".join(document.text.split()).split())
        shown = set(" ".join(lines).split())
        long_words = {word for word in words if len(word) > 37}
        assert words - long_words <= shown  # no word cut unless wider than the column


@pytest.mark.stress
async def test_two_megabyte_document_opens_fast_and_scrolls_to_the_end():
    paragraphs = [paragraph(n % 50, n, words=150) for n in range(2600)]
    text = "\n\n".join(paragraphs)
    assert len(text) > 2_000_000
    sections = [Section("lead", "", 0, "Short lead.")] + [
        Section(f"s{i}", f"Part {i}", 2, "\n\n".join(paragraphs[i * 260 : (i + 1) * 260])) for i in range(10)
    ]
    document = Document("big", "big", title="Big", sections=tuple(sections))
    app = Host()
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        started = time.perf_counter()
        reader.show(document)
        elapsed = time.perf_counter() - started
        assert elapsed < 3
        await pilot.press("G")
        await pilot.pause()
        assert reader.scroll_y == reader.max_scroll_y > 20_000
        assert any("end49x2599." in line for line in screen_lines(reader))
        await pilot.press("g", "right_square_bracket")
        assert screen_lines(reader)[0].strip() == "Part 0"
        assert reader.find("word7x2557n140") == 1
        assert "word7x2557n140" in "\n".join(screen_lines(reader))


# ---------------------------------------------------------------------------- find bar


async def test_find_bar_is_hidden_until_active_and_reports_edits():
    app = Host(long_document())
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        bar = app.query_one(FindBar)
        assert not bar.display and bar.placeholder == "Find in document…"
        bar.open()
        await pilot.pause()
        assert bar.display and bar.has_focus and bar.size.height == 1
        await pilot.press("a", "b")
        await pilot.press("enter")
        await pilot.press("escape")
        await pilot.pause()
        assert app.of_kind("bar-changed") == [("bar-changed", "a"), ("bar-changed", "ab")]
        assert app.of_kind("bar-submitted") == [("bar-submitted", "ab")]
        assert app.of_kind("bar-closed") == [("bar-closed",)]
        assert app.escapes == 0
        bar.close()
        await pilot.pause()
        assert not bar.display


def test_bindings_have_ids_and_only_the_essentials_show_in_the_footer():
    bindings = [b for b in Reader.BINDINGS if isinstance(b, Binding)]
    assert len(bindings) == len(Reader.BINDINGS)
    assert all(b.id and b.id.startswith("reader.") and b.description for b in bindings)
    shown = {b.key: b.description for b in bindings if b.show}
    assert shown == {"slash": "Find", "n": "Next match", "right_square_bracket": "Next section"}
    keys = {key for b in bindings for key in b.key.split(",")}
    assert {"j", "k", "space", "b", "f", "g", "G", "ctrl+d", "ctrl+u", "N", "escape"} <= keys
    assert {"ctrl+f", "ctrl+b", "ctrl+e", "ctrl+y"} <= keys
