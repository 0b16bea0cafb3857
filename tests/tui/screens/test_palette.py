"""The browser's command palette: its commands name the keys the user actually has.

The palette is opened with ctrl+p over the real browser; what it lists is read off
the palette's own option list, as the user sees it.
"""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets import ContentSwitcher

from tests.conftest import SEED_ID

from ..conftest import browser, keys_for, settle


def palette_lines(app) -> list[str]:
    """Each entry of the open palette as text: its name, then its help line."""
    if not isinstance(app.screen, CommandPalette):
        return []
    commands = app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def open_palette(pilot, text: str, expected: str) -> list[str]:
    """Open the palette, type ``text`` and wait until an entry holds ``expected``."""
    await pilot.press("ctrl+p")
    await settle(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await pilot.press(*keys_for(text))
    await settle(pilot, lambda: any(expected in line for line in palette_lines(pilot.app)))
    return palette_lines(pilot.app)


def entry(lines: list[str], name: str) -> str:
    return next(line for line in lines if line.startswith(name + "\n"))


async def test_palette_commands_name_their_default_keys(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        await pilot.press("escape")
        lines = await open_palette(pilot, "copy section", "Copy section")
        assert entry(lines, "Copy section").endswith("Copy the current section's text (y)")
        await pilot.press("escape")
        lines = await open_palette(pilot, "toggle", "Toggle results pane")
        assert entry(lines, "Toggle results pane").endswith("Show or hide the search and results pane (F2 or z)")
        assert entry(lines, "Toggle outline pane").endswith("(F3 or t)")
        assert entry(lines, "Toggle light/dark").endswith("Switch between the light and the dark theme (F4)")
        await pilot.press("escape")
        lines = await open_palette(pilot, "help", "Help")
        assert entry(lines, "Help").endswith("Show the keys that work here (? or F1)")
        await pilot.press("escape")
        # In the reader, / is the reader's own find key: still the key the palette names.
        screen.open_document(SEED_ID)
        await settle(pilot, lambda: screen.current_document is not None)
        lines = await open_palette(pilot, "find in document", "Find in document")
        assert entry(lines, "Find in document").endswith("Search inside the open document (/)")


async def test_a_key_remapped_in_the_keymap_file_is_the_key_the_palette_names(make_app, tmp_path):
    (tmp_path / "keymap.toml").write_text(
        # (not Ctrl+y, which the reader takes as vim does: a line up)
        'copy_section = "ctrl+k"\ntoggle_left = "f6"\nfind = "ctrl+g"\n"reader.find" = "ctrl+g"\n'
        'toggle_theme = "f8"\nhelp = "f9"\n'
    )
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        screen.open_document(SEED_ID)
        await settle(pilot, lambda: screen.current_document is not None)
        lines = await open_palette(pilot, "copy section", "Copy section")
        assert entry(lines, "Copy section").endswith("Copy the current section's text (Ctrl+k)")
        await pilot.press("escape")
        lines = await open_palette(pilot, "find in document", "Find in document")
        assert entry(lines, "Find in document").endswith("Search inside the open document (Ctrl+g)")
        await pilot.press("escape")
        lines = await open_palette(pilot, "toggle", "Toggle results pane")
        assert entry(lines, "Toggle results pane").endswith("Show or hide the search and results pane (F6)")
        assert entry(lines, "Toggle light/dark").endswith("(F8)")
        await pilot.press("escape")
        lines = await open_palette(pilot, "help", "Help")
        assert entry(lines, "Help").endswith("Show the keys that work here (F9)")
        await pilot.press("escape")
        await settle(pilot, lambda: not isinstance(app.screen, CommandPalette))
        # and the key the palette names is the one that works
        await pilot.press("ctrl+k")
        assert app.clipboard and app.clipboard == screen.reader.section_text()


async def test_a_browser_command_runs_from_the_palette(make_app):
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        left = screen.query_one("#left")
        assert left.display
        await open_palette(pilot, "toggle results pane", "Toggle results pane")
        await pilot.press("enter")
        await settle(pilot, lambda: not left.display)
        assert screen.query_one("#left-switcher", ContentSwitcher).current == "library"


async def test_page_keys_typed_with_ctrl_p_do_not_end_the_app(make_app):
    """Over SSH ctrl+p and PageDown arrive together: the page key reaches the palette
    before its list has a height. It waits for the list and then moves a page; the
    app never ends (it did, with KeyError in OptionList._move_page)."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = browser(app)
        await settle(pilot, lambda: screen.library_items)
        for keys in (["ctrl+p", "pagedown"], ["ctrl+p", "pageup"], ["ctrl+p", "pagedown", "pagedown", "pageup", "pagedown"]):
            for key in keys:  # handed to the driver at once, as a terminal's bytes arrive
                event = events.Key(key, None)
                event.set_sender(app)
                app._driver.send_message(event)
            await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
            assert app.is_running and app.return_code is None
            await pilot.press("escape")
            await settle(pilot, lambda: not isinstance(app.screen, CommandPalette))
        # Once the list is shown, PageDown moves the highlight down by a page.
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: palette_lines(app))
        commands = app.screen.query_one(CommandList)
        await pilot.press("down")
        await settle(pilot, lambda: commands.highlighted is not None)
        before = commands.highlighted
        await pilot.press("pagedown")
        await settle(pilot)
        assert commands.highlighted > before or commands.highlighted == commands.option_count - 1
