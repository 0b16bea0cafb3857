"""The outline: the open document's sections with their match counts."""

from __future__ import annotations

from search.model import Document, Section
from tui.widgets.outline import Outline
from tui.widgets.results import ResultsList

from .lists_host import DOCUMENT, HOSTILE, UNSAFE, Host, lines_of, styles_of


async def test_outline_lists_sections_with_counts_and_jumps():
    outline = Outline()
    app = Host(outline)
    async with app.run_test(size=(80, 24)) as pilot:
        outline.show_document(DOCUMENT, {"congress": 3, "plan": 1})
        outline.focus()
        await pilot.pause()
        lines = lines_of(outline)
        assert lines[0] == "Sanctions and Diplomacy"  # the lead, under the document's title
        assert lines[1].startswith("What did the Party Congress decide?") and lines[1].endswith(" 3")
        assert lines[2].startswith("  The five-year plan") and lines[2].endswith(" 1")
        assert lines[3] == "How will China respond?"
        assert outline.border_title == "Outline" and outline.border_subtitle == "4 matches"
        assert all(s.dim for s in styles_of(outline, 3, "China"))
        assert not any(s.dim for s in styles_of(outline, 1, "Congress"))
        await pilot.press("j", "j")
        assert outline.highlighted_section == "plan"
        await pilot.press("G")
        assert outline.highlighted_section == "china"
        await pilot.press("k", "enter")
        await pilot.pause()
        assert [m.section_id for m in app.posted(Outline.Jump)] == ["plan"]

        outline.set_counts(None)
        await pilot.pause()
        assert outline.highlighted_section == "plan"
        assert lines_of(outline)[1] == "What did the Party Congress decide?"
        assert outline.border_subtitle == ""


async def test_outline_follows_the_reader_without_jumping_or_taking_focus():
    results = ResultsList()
    outline = Outline()
    app = Host(results, outline)
    async with app.run_test(size=(80, 24)) as pilot:
        outline.show_document(DOCUMENT)
        results.focus()
        await pilot.pause()
        app.messages.clear()
        outline.highlight_section("china")
        await pilot.pause()
        assert outline.highlighted_section == "china"
        assert app.focused is results
        assert app.messages == []
        outline.highlight_section("no-such-section")
        assert outline.highlighted_section == "china"


async def test_outline_empty_and_untitled():
    outline = Outline()
    app = Host(outline)
    async with app.run_test(size=(80, 24)) as pilot:
        outline.focus()
        await pilot.pause()
        assert lines_of(outline)[0] == "No document open"
        await pilot.press("j", "enter")
        sections = (Section("lead", "", 0, "x"), Section("s", HOSTILE, 1, "y"))
        untitled = Document("u.txt", "u.txt", title="", sections=sections)
        outline.show_document(untitled)
        await pilot.pause()
        lines = lines_of(outline)
        assert lines[0] == "Top"
        assert "[bold]x[/]" in lines[1] and not UNSAFE.search("\n".join(lines))
        outline.show_document(Document("e.txt", "e.txt"))
        await pilot.pause()
        assert lines_of(outline)[0] == "No sections"
        outline.clear()
        await pilot.pause()
        assert lines_of(outline)[0] == "No document open"
        assert app.posted(Outline.Jump) == []
