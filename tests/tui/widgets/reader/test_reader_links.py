"""Links in the reading pane, driven with keys at 80x24: Tab, Shift+Tab and Enter, as in w3m.

The numbering of links is tested without an app in ``test_links.py``; here, what a
reader sees (the selected link drawn reversed, the view following it) and what the
pane tells the screen (`LinkSelected`, `NoLinkThere`, `FollowLink`).
"""

from __future__ import annotations

from textual.color import Color
from textual.filter import NoColor
from textual.widgets import Button

from search.model import Document, Section
from tui.widgets.reader import Reader

from .marked import marked
from .test_links import linked_document
from .test_reader import HEIGHT, Host, screen_lines

HOSTILE_TEXT = "[bold]x[/] \x1b[31mred\x07 \u202eevil\u202c \x9b2J"
HOSTILE_TARGET = "https://example.org/\x1b]52;c;aGk=\x07[link=x]y[/link]"


class LinkHost(Host):
    """The reader's host, keeping the link messages too."""

    def on_reader_link_selected(self, message: Reader.LinkSelected) -> None:
        self.messages.append(("selected", message.target, message.index, message.total))

    def on_reader_no_link_there(self, message: Reader.NoLinkThere) -> None:
        self.messages.append(("no-link", message.where))

    def on_reader_follow_link(self, message: Reader.FollowLink) -> None:
        self.messages.append(("follow", message.target, message.section_id))


def selected_rows(reader: Reader) -> list[tuple[int, str]]:
    """(screen row, text) of each piece drawn as the selected link (reversed and underlined)."""
    found = []
    for y in range(reader.scrollable_content_region.height):
        for segment in reader.render_line(y):
            style = segment.style
            if style and style.reverse and style.underline and segment.text.strip():
                found.append((y, segment.text))
    return found


async def test_tab_selects_the_links_in_turn_and_the_view_follows_them_down():
    app = LinkHost(linked_document())
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        await pilot.press("tab")
        assert reader.selected_link == ("t0.md", "s0")
        assert [text for _, text in selected_rows(reader)] == ["link 0"]
        assert app.of_kind("selected")[-1] == ("selected", "t0.md", 1, 20)
        assert reader.scroll_y == 0
        assert app.focused is reader  # Tab is the reader's here, not the focus's
        seen = ["t0.md"]
        for _ in range(7):
            await pilot.press("tab")
            await pilot.pause()
            seen.append(reader.selected_link[0])
            (row, text), = selected_rows(reader)  # always on screen, drawn once
            assert text == f"link {len(seen) - 1}"
        assert seen == [f"t{i}.md" for i in range(8)]
        assert reader.scroll_y > 0, "links below the screen are scrolled into view"
        assert reader.current_section_id == "s1"
        assert app.of_kind("selected")[-1] == ("selected", "t7.md", 8, 20)
        await pilot.press("shift+tab", "shift+tab")
        await pilot.pause()
        assert reader.selected_link == ("t5.md", "s1")
        assert [text for _, text in selected_rows(reader)] == ["link 5"]


async def test_shift_tab_from_nothing_selected_takes_the_last_link_on_screen_and_scrolls_up():
    app = LinkHost(linked_document())
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        await pilot.press("G", "shift+tab")
        await pilot.pause()
        assert reader.selected_link == ("t19.md", "s3")
        bottom = reader.scroll_y
        for _ in range(8):
            await pilot.press("shift+tab")
            await pilot.pause()
            assert len(selected_rows(reader)) == 1
        assert reader.selected_link == ("t11.md", "s2")
        assert reader.scroll_y < bottom


async def test_tab_stays_at_the_last_link_and_shift_tab_at_the_first_and_they_say_so():
    app = LinkHost(linked_document())
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        await pilot.press("tab", "shift+tab")
        await pilot.pause()
        assert reader.selected_link == ("t0.md", "s0")
        assert app.of_kind("no-link") == [("no-link", "first")]
        await pilot.press("G")
        for _ in range(25):
            await pilot.press("tab")
        await pilot.pause()
        assert reader.selected_link == ("t19.md", "s3")
        assert app.of_kind("no-link")[-1] == ("no-link", "last")
        assert [text for _, text in selected_rows(reader)] == ["link 19"]


async def test_other_keys_keep_the_selection_only_while_it_is_on_screen():
    app = LinkHost(linked_document())
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        await pilot.press("tab", "tab")
        await pilot.press("j")  # link 1 is still on screen
        await pilot.pause()
        assert reader.selected_link == ("t1.md", "s0")
        await pilot.press("space", "space")
        await pilot.pause()
        assert reader.selected_link is None and selected_rows(reader) == []
        assert app.of_kind("selected")[-1] == ("selected", None, 0, 0)
        await pilot.press("enter")
        await pilot.pause()
        assert app.of_kind("no-link")[-1] == ("no-link", "unselected")
        assert app.of_kind("follow") == []
        top = reader.scroll_y
        await pilot.press("tab")  # from what is on screen now, not from the old selection
        await pilot.pause()
        (row, text), = selected_rows(reader)
        assert reader.scroll_y == top and text != "link 2"


async def test_enter_asks_to_follow_the_selected_link_with_its_section():
    app = LinkHost(linked_document())
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        reader.scroll_to_section("s2")
        await pilot.pause()
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert app.of_kind("follow") == [("follow", "t10.md", "s2")]


async def test_a_document_without_links_says_so_and_keeps_the_focus():
    document = Document("p.md", "p.md", title="Plain", sections=(Section("lead", "", 0, "Nothing to follow."),))
    app = LinkHost(document)
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        await pilot.press("tab", "shift+tab")
        await pilot.pause()
        assert app.of_kind("no-link") == [("no-link", "none"), ("no-link", "none")]
        assert app.focused is reader and reader.selected_link is None


class HostWithAButton(LinkHost):
    def compose(self):
        yield from super().compose()
        yield Button("Elsewhere")


async def test_with_no_document_tab_moves_the_focus_as_usual():
    app = HostWithAButton(None)
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, Button)
        assert app.of_kind("no-link") == []


async def test_a_hostile_link_is_drawn_inert_and_its_target_handed_on_as_written():
    text, marks = marked([("", "", f"Before {HOSTILE_TEXT} after.", ((HOSTILE_TEXT, "link", HOSTILE_TARGET),))])
    document = Document("h.md", "h.md", title="Hostile", sections=(Section("lead", "", 0, text, marks),))
    app = LinkHost(document)
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        await pilot.press("tab")
        await pilot.pause()
        drawn = "".join(text for _, text in selected_rows(reader))
        assert drawn == "[bold]x[/] ␛[31mred␇ evil \ufffd2J"
        shown = "\n".join(screen_lines(reader))
        for char in "\x1b\x07\x9b\u202e\u202c":
            assert char not in shown
        await pilot.press("enter")
        await pilot.pause()
        assert app.of_kind("follow") == [("follow", HOSTILE_TARGET, "lead")]  # the screen sanitizes what it shows


async def test_the_selected_link_shows_without_colour():
    app = LinkHost(linked_document())
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        await pilot.press("tab")
        await pilot.pause()
        (row, _), = selected_rows(reader)
        plain = reader.render_line(row).apply_filter(NoColor(), Color(0, 0, 0))
        (segment,) = [s for s in plain if s.text == "link 0"]
        assert segment.style.reverse and segment.style.underline
        others = [s for s in plain if s.text.strip() and s.text != "link 0"]
        assert others and not any(s.style and s.style.reverse for s in others)


async def test_a_new_document_drops_the_selection():
    app = LinkHost(linked_document())
    async with app.run_test(size=(80, HEIGHT)) as pilot:
        reader = app.query_one(Reader)
        await pilot.press("tab")
        assert reader.selected_link is not None
        reader.show(linked_document(sections=2))
        await pilot.pause()
        assert reader.selected_link is None and selected_rows(reader) == []
        await pilot.press("tab")
        assert reader.selected_link == ("t0.md", "s0")
