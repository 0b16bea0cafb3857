"""Following the links written in documents, in the real app on a real index, at 80x24.

Tab selects a link in the reader, Enter follows it: into another note at the
section its anchor names (Backspace comes back to the same line), to a section of
the same note, out to the browser (a script that records its argv, started the way
any browser is), or to nothing, which is said. The related pane lists the same
links under "Links". Link words and targets are the document's data: shown inert
everywhere, copied as the screen shows them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.widgets.reader import Reader

from .conftest import browser, settle
from .host.test_launch import recorder, wait_for_file

SIZE = (80, 24)
FILLER = "\n\n".join(f"Filler paragraph {n} of the note, here so that the note is longer than a screen." for n in range(14))
NOTE = f"""# Note

{FILLER}

## Where to go

Read [the other note](other.md#second-heading), the [site](https://example.org/page?a=1&b=2), a link
that leads [nowhere](nowhere.md), and [further down](#later) in this note.

{FILLER}

## Later

The end of the note.
"""
OTHER = f"""# Other

{FILLER}

## Second heading

The section the note links to.
"""
HOSTILE = (
    "# Hostile\n\nSee [a \x1b\\[31mred\x07 \\[bold\\]x\\[/\\] \u202eevil](<missing-[bold]\x07.md#x>) "
    "now and [out \\[i\\]](https://example.org/a[b]) too.\n"
)
CONTROLS = "\x1b\x07\x9b\u202e"


@pytest.fixture
def notes(tmp_path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "note.md").write_text(NOTE, encoding="utf-8")
    (root / "other.md").write_text(OTHER, encoding="utf-8")
    (root / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    return root


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def open_note(pilot, doc_id: str = "note.md"):
    screen = browser(pilot.app)
    await settle(pilot, lambda: screen.library_items)
    screen.open_document(doc_id)
    await settle(pilot, lambda: screen.current_document is not None and screen.current_document.doc_id == doc_id)
    await settle(pilot, lambda: screen.related.links is not None)  # the related trip is over
    await pilot.press("2")
    assert pilot.app.focused is screen.reader
    return screen


async def tab_to(pilot, target: str) -> Reader:
    reader = pilot.app.query_one(Reader)
    for _ in range(8):
        await pilot.press("tab")
        if reader.selected_link and reader.selected_link[0] == target:
            return reader
    raise AssertionError(f"Tab never reached {target}")


async def test_enter_on_a_link_opens_the_other_note_at_its_section_and_backspace_comes_back(make_app, notes):
    app = make_app(paths=[notes])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(pilot)
        reader = await tab_to(pilot, "other.md#second-heading")
        assert reader.scroll_y > 0, "the link was below the screen: Tab brought it into view"
        status = screen.query_one("#status").render().plain
        assert "link 1/4 → other.md#second-heading" in status
        position = reader.scroll_y
        await pilot.press("enter")
        await settle(pilot, lambda: screen.current_document.doc_id == "other.md")
        await settle(pilot, lambda: reader.current_section_id == "second-heading")
        assert "The section the note links to." in "\n".join(reader.render_line(y).text for y in range(5))
        assert app.focused is reader and reader.selected_link is None
        await pilot.press("backspace")
        await settle(pilot, lambda: screen.current_document.doc_id == "note.md")
        assert reader.scroll_y == position
        await pilot.press("L")
        await settle(pilot, lambda: screen.current_document.doc_id == "other.md")
        assert reader.current_section_id == "second-heading"


async def test_a_link_to_a_section_of_the_same_note_scrolls_there_and_backspace_returns(make_app, notes):
    app = make_app(paths=[notes])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(pilot)
        reader = await tab_to(pilot, "#later")
        position = reader.scroll_y
        await pilot.press("enter")
        await settle(pilot, lambda: reader.current_section_id == "later")
        assert screen.current_document.doc_id == "note.md"
        await pilot.press("backspace")
        await settle(pilot, lambda: reader.scroll_y == position)
        assert screen.current_document.doc_id == "note.md"


async def test_enter_and_o_on_an_external_link_hand_the_url_to_the_browser(make_app, notes, tmp_path, monkeypatch):
    script, log = recorder(tmp_path / "bin")
    monkeypatch.setenv("BROWSER", f"{script} %s")
    app = make_app(paths=[notes])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(pilot)
        await tab_to(pilot, "https://example.org/page?a=1&b=2")
        await pilot.press("enter")
        await settle(pilot)
        assert wait_for_file(log) == ["https://example.org/page?a=1&b=2"]
        assert "Opened with browser" in messages(app)
        assert screen.current_document.doc_id == "note.md"
        log.unlink()
        await pilot.press("o")  # o on the selected link: the same
        await settle(pilot)
        assert wait_for_file(log) == ["https://example.org/page?a=1&b=2"]


async def test_o_on_an_internal_link_follows_it_and_without_a_selection_opens_the_document_url(make_app, notes, tmp_path, monkeypatch):
    script, log = recorder(tmp_path / "bin")
    monkeypatch.setenv("BROWSER", str(script))
    app = make_app(paths=[notes])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert "This document has no URL" in messages(app)  # o keeps its meaning with no link selected
        await tab_to(pilot, "other.md#second-heading")
        await pilot.press("o")
        await settle(pilot, lambda: screen.current_document.doc_id == "other.md")
    assert not log.exists()


async def test_a_missing_link_says_so(make_app, notes):
    app = make_app(paths=[notes])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(pilot)
        await tab_to(pilot, "nowhere.md")
        await pilot.press("enter")
        await settle(pilot, lambda: any(m.startswith("Link target missing") for m in messages(app)))
        (said,) = [m for m in messages(app) if m.startswith("Link target missing")]
        assert "nowhere.md" in said
        assert screen.current_document.doc_id == "note.md"


async def test_tab_without_links_and_past_the_last_link_says_so(make_app, notes):
    (notes / "plain.md").write_text("# Plain\n\nNo links in here.\n", encoding="utf-8")
    app = make_app(paths=[notes])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(pilot, "plain.md")
        await pilot.press("tab")
        await pilot.pause()
        assert "No links in this document" in messages(app)
        assert app.focused is screen.reader
        await open_note(pilot)
        await tab_to(pilot, "#later")
        await pilot.press("tab")
        await pilot.pause()
        assert screen.reader.selected_link[0] == "#later"
        assert "No more links below (Tab stays on the last)" in messages(app)


async def test_y_copies_the_selected_link_and_else_the_section(make_app, notes):
    app = make_app(paths=[notes])
    async with app.run_test(size=SIZE) as pilot:
        await open_note(pilot)
        await pilot.press("y")
        assert app.clipboard.startswith("Filler paragraph 0")
        await tab_to(pilot, "https://example.org/page?a=1&b=2")
        await pilot.press("y")
        assert app.clipboard == "https://example.org/page?a=1&b=2"
        assert "Copied the link https://example.org/page?a=1&b=2" in messages(app)


async def test_the_related_pane_lists_the_links_and_follows_them(make_app, notes, tmp_path, monkeypatch):
    script, log = recorder(tmp_path / "bin")
    monkeypatch.setenv("BROWSER", str(script))
    app = make_app(paths=[notes])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(pilot)
        related = screen.related
        await pilot.press("4")
        assert app.focused is related
        text = "\n".join(line.rstrip() for line in related_text(related))
        assert "Links  4" in text
        assert "the other note\nOther #second-heading" in text
        assert "site\nhttps://example.org/page?a=1&b=2" in text
        assert "nowhere\nmissing: no document for nowhere.md in this corpus" in text
        assert "further down\nthis document #later" in text
        await pilot.press("G", "k")  # the links are the last entries: "further down", then "nowhere" above it
        await pilot.press("enter")
        await settle(pilot, lambda: any(m.startswith("Link target missing") for m in messages(app)))
        await pilot.press("k", "enter")  # "site"
        await settle(pilot)
        assert wait_for_file(log) == ["https://example.org/page?a=1&b=2"]
        await pilot.press("k", "enter")  # "the other note"
        await settle(pilot, lambda: screen.current_document.doc_id == "other.md")
        await settle(pilot, lambda: screen.reader.current_section_id == "second-heading")
        await settle(pilot, lambda: related.links is not None)
        assert "Linked from  1\nNote" in "\n".join(line.rstrip() for line in related_text(related))
        await pilot.press("2", "backspace")
        await settle(pilot, lambda: screen.current_document.doc_id == "note.md")


def related_text(related) -> list[str]:
    """Every line of the related pane's list, scrolled or not."""
    lines = []
    for index in range(related.option_count):
        prompt = related.get_option_at_index(index).prompt
        lines.extend(getattr(prompt, "plain", str(prompt)).splitlines())
    return lines


async def test_hostile_link_words_and_targets_are_inert_in_the_reader_the_pane_and_the_notes(make_app, notes):
    app = make_app(paths=[notes])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_note(pilot, "hostile.md")
        reader = await tab_to(pilot, "missing-[bold]\x07.md#x")
        shown = "\n".join(reader.render_line(y).text for y in range(reader.scrollable_content_region.height))
        assert "a ␛[31mred␇ [bold]x[/] evil" in shown
        assert not any(char in shown for char in CONTROLS)
        status = screen.query_one("#status").render().plain
        assert "missing-[bold]␇.md#x" in status and not any(char in status for char in CONTROLS)
        await pilot.press("enter")
        await settle(pilot, lambda: any(m.startswith("Link target missing") for m in messages(app)))
        (said,) = [m for m in messages(app) if m.startswith("Link target missing")]
        assert "missing-[bold]␇.md#x" in said and not any(char in said for char in CONTROLS)
        await pilot.press("y")
        assert app.clipboard == "missing-[bold]␇.md#x"
        pane = "\n".join(related_text(screen.related))
        assert "a ␛[31mred␇ [bold]x[/] evil" in pane and "out [i]\nhttps://example.org/a[b]" in pane
        assert not any(char in pane for char in CONTROLS)
        drawn = "\n".join(screen.related.render_line(y).text for y in range(screen.related.size.height))
        assert not any(char in drawn for char in CONTROLS)
        for note in messages(app):
            assert not any(char in note for char in CONTROLS)
