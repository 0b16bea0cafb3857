"""Marked blocks in the reading pane, driven with keys: what a reader sees of code, tables and lists.

The layout of these blocks is tested without an app in ``test_blocks.py``; here,
the segments that reach the terminal (styles, continuation marks, safe text) and
the keys that move through matches inside them.
"""

from __future__ import annotations

from textual.color import Color
from textual.filter import NoColor

from search.model import Document, Section
from tui.widgets.reader import Reader

from .marked import blocks_document, marked, wide_table_document
from .test_reader import HEIGHT, Host, all_lines, current_row, screen_lines


def row_of(reader: Reader, text: str) -> int:
    return next(y for y, line in enumerate(screen_lines(reader)) if text in line)


def segment_styles(reader: Reader, y: int) -> dict[str, object]:
    return {segment.text: segment.style for segment in reader.render_line(y) if segment.text.strip()}


def current_text(reader: Reader) -> str:
    for y in range(reader.scrollable_content_region.height):
        for segment in reader.render_line(y):
            if segment.style and segment.style.reverse and segment.style.underline:
                return segment.text
    return ""


async def test_code_is_drawn_on_its_own_background_indented_with_cut_lines_marked():
    app = Host(blocks_document())
    async with app.run_test(size=(80, HEIGHT)):
        reader = app.query_one(Reader)
        lines = all_lines(reader)
        first = next(i for i, line in enumerate(lines) if "def shelve" in line)
        assert lines[first].startswith(" " * 3 + "def shelve")  # margin, space, gutter
        cut = next(i for i, line in enumerate(lines) if "catalog" in line and "if shelf" in line)
        assert lines[cut].rstrip().endswith("↩") and lines[cut + 1].startswith("  ↪")
        assert "↩" not in lines[first] and "↪" not in lines[first]
        y = row_of(reader, "def shelve")
        pane = reader.rich_style.bgcolor
        code_background = {s.style.bgcolor for s in reader.render_line(y) if s.text and s.text != " "}
        assert pane not in code_background and len(code_background) == 1
        styles = segment_styles(reader, y)
        assert styles["def"].color != styles["shelve"].color  # highlighted as Python
        assert reader.render_line(y).cell_length == reader.scrollable_content_region.width


async def test_inline_code_links_table_header_quote_and_term_are_styled():
    app = Host(blocks_document())
    async with app.run_test(size=(120, 40)):
        reader = app.query_one(Reader)
        styles = segment_styles(reader, row_of(reader, "Call shelve()"))
        assert styles["shelve()"].bgcolor != reader.rich_style.bgcolor
        assert styles["the catalogue page"].underline
        header = segment_styles(reader, row_of(reader, "Key │"))
        assert header["Key"].bold and not header[" │ "].bold
        reader.scroll_to_section("lists")
        lines = screen_lines(reader)
        quote = next(line for line in lines if "librarian" in line)
        assert quote.lstrip().startswith("▌ A quotation")
        assert segment_styles(reader, row_of(reader, "Shelf mark"))["Shelf mark"].bold
        item = next(i for i, line in enumerate(lines) if "Shelves are numbered" in line)
        bullet = lines[item].index("•")
        assert lines[item + 1].index(lines[item + 1].lstrip()) == bullet + 2  # hangs under its text


async def test_n_walks_the_matches_in_a_table_and_in_code_exactly():
    app = Host(blocks_document())
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        total = reader.find("shelf")
        document = blocks_document()
        assert total == sum(s.text.casefold().count("shelf") + s.title.casefold().count("shelf") for s in document.sections)
        seen = [current_text(reader)]
        for _ in range(total - 1):
            await pilot.press("n")
            assert current_row(reader) is not None
            seen.append(current_text(reader))
        assert [text.casefold() for text in seen] == ["shelf"] * total
        await pilot.press("g")
        assert reader.find("reader") == 2
        rows = [screen_lines(reader)[current_row(reader)]]
        await pilot.press("n")
        rows.append(screen_lines(reader)[current_row(reader)])
        assert current_text(reader) == "reader"
        assert rows[0].strip().startswith("j   │ down one line │ reader")
        assert rows[1].strip().startswith("n   │ next match    │ reader, results")


async def test_a_folded_table_keeps_its_matches_and_place_through_a_resize():
    app = Host(wide_table_document())
    async with app.run_test(size=(60, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        assert reader.find("session") == 1
        assert screen_lines(reader)[current_row(reader)].strip() == "Scope: session"
        assert current_text(reader) == "session"
        await pilot.resize_terminal(170, HEIGHT)
        await pilot.pause()
        row = screen_lines(reader)[current_row(reader)]
        assert "history │ boolean │ true" in row and current_text(reader) == "session"
        await pilot.resize_terminal(60, HEIGHT)
        await pilot.pause()
        lines = reader._lines
        assert lines.text_of(reader._match_line(reader.match_position[0] - 1)) == "Scope: session"
        await pilot.press("G", "N")
        assert current_text(reader) == "session"


async def test_copy_takes_the_section_source_not_the_drawn_table():
    document = wide_table_document()
    app = Host(document)
    async with app.run_test(size=(80, HEIGHT)):
        reader = app.query_one(Reader)
        assert reader.section_text() == document.sections[0].text
        assert "\t" in reader.section_text() and "│" not in reader.section_text()


async def test_hostile_code_shows_pictures_and_never_markup():
    code = "echo '\x1b]52;c;aGk=\x07' [bold]x[/bold]\n\x9b2J \u202eright\u202c\tleft"
    text, marks = marked([("code", "sh", code, ()), ("table", "", "[i]cell[/i]\t\x1b[31m", ())])
    document = Document("d", "d", title="T", sections=(Section("lead", "", 0, text, marks),))
    app = Host(document)
    async with app.run_test(size=(80, HEIGHT)):
        reader = app.query_one(Reader)
        shown = "\n".join(screen_lines(reader))
        for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c", "\t"):
            assert bad not in shown
        assert "␛]52;c;aGk=␇" in shown and "[bold]x[/bold]" in shown and "\ufffd2J" in shown
        assert "[i]cell[/i] │ ␛[31m" in shown
        for y in range(HEIGHT):
            for segment in reader.render_line(y):
                assert segment.style is None or segment.style.link is None


async def test_code_stays_set_apart_under_no_color():
    app = Host(blocks_document())
    async with app.run_test(size=(80, HEIGHT)):
        reader = app.query_one(Reader)
        y = row_of(reader, "def shelve")
        plain = reader.render_line(y).apply_filter(NoColor(), Color(0, 0, 0))
        assert plain.text.startswith("   def shelve")  # indented: the block still reads as code
        assert all(segment.style is None or segment.style.color is None or segment.style.color.is_default for segment in plain)


async def test_a_fenced_code_block_of_a_markdown_file_reads_as_one_code_block(tmp_path):
    from search.parse import parse_file

    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\nBefore the code.\n\n```\nfirst()\n\n    second()\n```\n\nAfter the code.\n")
    app = Host(parse_file(path, "notes.md"))
    async with app.run_test(size=(80, HEIGHT)):
        reader = app.query_one(Reader)
        lines = screen_lines(reader)
        first = row_of(reader, "first()")
        assert lines[first + 1].strip() == "" and lines[first + 2].startswith("       second()")  # indentation kept
        pane = reader.rich_style.bgcolor
        for y in (first, first + 1, first + 2):  # the blank line inside is the block's too
            assert pane not in {s.style.bgcolor for s in list(reader.render_line(y))[2:-1]}, y
        assert pane in {s.style.bgcolor for s in reader.render_line(row_of(reader, "After the code."))}
