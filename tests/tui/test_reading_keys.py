"""What less and vim users expect of the browser, in the real app on a real index.

Find wraps round the document (vim's "search hit BOTTOM, continuing at TOP"), the
query's matches still carry on into the next result, the find term goes with the
document it was typed for, ``e`` opens the editor at the section on screen, and the
library's filter counts narrow with the filters in force.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from textual.widgets import OptionList

from tests.conftest import SEED_ID
from tui.widgets.find_bar import FindBar
from tui.widgets.library_list import LibraryFilterPicker
from tui.widgets.reader import Reader

from .conftest import browser, keys_for, search, settle
from .host.test_launch import recorder, wait_for_file

BIDEN = "what-can-we-expect-from-the-biden-administration"


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def open_doc(pilot, doc_id: str, section_id: str | None = None):
    screen = browser(pilot.app)
    await settle(pilot, lambda: screen.library_items)
    screen.open_document(doc_id, section_id=section_id)
    await settle(pilot, lambda: screen.current_document is not None and screen.current_document.doc_id == doc_id)
    screen.reader.focus()
    await pilot.pause()
    return screen


async def test_find_wraps_round_the_document_and_says_so_like_vim(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        # Results for a query are shown: a find still wraps within its document.
        await settle(pilot, lambda: browser(app).library_items)
        await search(pilot, "pyongyang")
        screen = browser(app)
        assert len(screen.results.hits) > 1
        await open_doc(pilot, SEED_ID)
        await pilot.press("slash", *keys_for("blinken"), "enter")
        reader = app.query_one(Reader)
        assert reader.match_position == (1, 5)
        await pilot.press("n", "n", "n", "n")
        assert reader.match_position == (5, 5)
        await pilot.press("n")
        await settle(pilot)
        assert reader.match_position == (1, 5)
        assert reader.document.doc_id == SEED_ID  # not the next result
        assert "search hit BOTTOM, continuing at TOP" in messages(app)
        await pilot.press("N")
        await settle(pilot)
        assert reader.match_position == (5, 5) and reader.document.doc_id == SEED_ID
        assert "search hit TOP, continuing at BOTTOM" in messages(app)
        assert "match 5/5" in str(screen.query_one("#status").render())
        assert not [m for m in messages(app) if m.startswith(("Next document", "Previous document"))]


async def test_the_find_term_goes_when_another_document_opens(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_doc(pilot, SEED_ID)
        bar = app.query_one(FindBar)
        await pilot.press("slash", *keys_for("blinken"), "enter")
        assert bar.value == "blinken" and bar.active
        await pilot.press("slash")  # the same document: the term is still there to edit
        assert bar.value == "blinken" and app.focused is bar
        await pilot.press("enter")
        await open_doc(pilot, "climate.txt")
        assert bar.value == "" and not bar.active
        assert screen.reader.find_text == "" and screen.reader.match_position == (0, 0)
        await pilot.press("slash")
        assert app.focused is bar and bar.value == ""
        await pilot.press(*keys_for("seas"))
        assert screen.reader.match_position[1] >= 1


async def test_e_opens_the_editor_at_the_line_of_the_section_read(make_app, app_corpus, tmp_path, monkeypatch):
    script, log = recorder(tmp_path / "bin", "vim")
    monkeypatch.setenv("EDITOR", f"{script} -R")
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app()
    # The headless test driver cannot hand the terminal over; the editor still runs, for real.
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_doc(pilot, SEED_ID, section_id=BIDEN)
        assert screen.reader.current_section_id == BIDEN
        await pilot.press("e")
        argv = wait_for_file(log)
        path = Path(app_corpus / SEED_ID)
        lines = path.read_text(encoding="utf-8").split("\n")
        expected = lines.index("What can we expect from the Biden administration?") + 1
        assert expected > 1
        assert argv == ["-R", f"+{expected}", "--", str(path.resolve())]


async def test_filter_counts_narrow_with_the_filters_in_force(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        library = screen.library_list
        library.focus()

        async def picker_lines() -> list[str]:
            await pilot.press("f")
            await settle(pilot, lambda: isinstance(app.screen, LibraryFilterPicker))
            lines = [option.prompt.plain for option in app.screen.query_one(OptionList).options]
            await pilot.press("escape")
            await settle(pilot, lambda: not isinstance(app.screen, LibraryFilterPicker))
            return lines

        everything = await picker_lines()
        assert "  Report  1" in everything and "  Notes  1" in everything
        years = [line.split()[0] for line in everything[everything.index("Year") + 1 :]]
        assert years == sorted(years, reverse=True) and len(years) >= 4  # newest first, not by count

        library.set_filter("type", "Analysis")
        await settle(pilot)
        narrowed = await picker_lines()
        analysis = [item for item in screen.library_items if item.type == "Analysis"]
        topics = {topic for item in analysis for topic in item.topics}
        listed = narrowed[narrowed.index("Topic") + 1 : narrowed.index("Year")]
        assert {line.strip().rsplit("  ", 1)[0] for line in listed} == topics
        assert "  Climate  1" not in listed  # the Report's topic
        listed_years = narrowed[narrowed.index("Year") + 1 :]
        assert {line.split()[0] for line in listed_years} == {item.date[:4] for item in analysis if item.date}
        # The types still say what choosing another type instead would list.
        assert "✓ Analysis" in "\n".join(narrowed) and "  Report  1" in narrowed
