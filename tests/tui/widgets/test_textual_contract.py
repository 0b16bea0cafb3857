"""What the widgets rely on in Textual beyond its public API, each held by a test.

`VisibleInput` (the search box and the find bar) shows control characters in its
value as one-cell pictures. Drawing them goes through `Input`'s public
``highlighter``; but where the cursor sits and where a click lands are computed by
two private methods of `Input` that have no public counterpart, and the box
overrides them. And it declares `Widget.virtual_size` again, as a repaint-only
reactive, so that typing does not lay out the screen (README, Performance).
The lists' Ctrl+d / Ctrl+u read `OptionList`'s line cache (which option each line
belongs to, where each option starts), which has no public counterpart either.

If a Textual upgrade changes any of these, a test here fails and says which, before
a user meets a cursor in the wrong cell, a click on the wrong character, or a
slower keystroke. Each test checks that the member exists, has the signature the
override has, and still has the effect relied on.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from typing import Callable

from rich.highlighter import Highlighter
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input

from tui.widgets.search_box import VisibleInput

ESCAPES = "\x1b\x1bab"
"""Two escape characters (no width as text, one picture cell each when shown) and two letters."""


class BoxHost(App):
    """One input box, made inside the app (an `Input` with a value needs one)."""

    def __init__(self, make: Callable[[], Input]) -> None:
        super().__init__()
        self.make = make

    def compose(self) -> ComposeResult:
        self.box = self.make()
        yield self.box


def cursor_cell(box: Input) -> int:
    """The cell of the terminal cursor (where an IME would draw), relative to the text."""
    return box.cursor_screen_offset.x - box.content_region.x + round(box.scroll_x)


def content_offset(box: Input, cell: int) -> tuple[int, int]:
    """A Pilot click offset (relative to the widget) that lands on text cell ``cell``."""
    return box.content_region.x - box.region.x + cell, box.content_region.y - box.region.y


def test_input_position_to_cell_has_the_signature_overridden():
    assert hasattr(Input, "_position_to_cell"), "Textual removed Input._position_to_cell: VisibleInput overrides it"
    parameters = list(inspect.signature(Input._position_to_cell).parameters)
    assert parameters == ["self", "position"], (
        f"Input._position_to_cell{parameters} changed: VisibleInput._position_to_cell(position) no longer fits"
    )


async def test_input_places_its_cursor_with_position_to_cell():
    class Doubled(Input):
        def _position_to_cell(self, position: int) -> int:
            return 2 * position

    app = BoxHost(lambda: Doubled("abcd"))
    async with app.run_test(size=(40, 3)) as pilot:
        box = app.box
        box.cursor_position = 2
        await pilot.pause()
        assert cursor_cell(box) == 4, "Input no longer places its cursor with _position_to_cell"


async def test_the_cursor_of_a_visible_input_counts_the_pictures():
    app = BoxHost(lambda: VisibleInput(ESCAPES))
    async with app.run_test(size=(40, 3)) as pilot:
        box = app.box
        box.cursor_position = 2
        await pilot.pause()
        assert cursor_cell(box) == 2  # after the two ␛ pictures, not at the start


def test_input_cell_offset_to_index_has_the_signature_overridden():
    assert hasattr(Input, "_cell_offset_to_index"), (
        "Textual removed Input._cell_offset_to_index: VisibleInput overrides it"
    )
    parameters = list(inspect.signature(Input._cell_offset_to_index).parameters)
    assert parameters == ["self", "offset"], (
        f"Input._cell_offset_to_index{parameters} changed: VisibleInput._cell_offset_to_index(offset) no longer fits"
    )


async def test_input_maps_a_click_with_cell_offset_to_index():
    class AlwaysOne(Input):
        def _cell_offset_to_index(self, offset: int) -> int:
            return 1

    app = BoxHost(lambda: AlwaysOne("abcdef"))
    async with app.run_test(size=(40, 3)) as pilot:
        box = app.box
        await pilot.click(box, offset=content_offset(box, 4))
        await pilot.pause()
        assert box.cursor_position == 1, "Input no longer maps a click to a character with _cell_offset_to_index"


async def test_a_click_in_a_visible_input_lands_on_the_character_shown_there():
    app = BoxHost(lambda: VisibleInput(ESCAPES))
    async with app.run_test(size=(40, 3)) as pilot:
        box = app.box
        await pilot.click(box, offset=content_offset(box, 1))  # the second ␛ (as text it has no width)
        await pilot.pause()
        assert box.cursor_position == 1


async def test_input_draws_the_text_its_highlighter_returns():
    """Public API, but relied on further than usual: the highlighter replaces characters."""

    class Masked(Highlighter):
        def highlight(self, text: Text) -> None:
            text.plain = "#" * len(text.plain)

    app = BoxHost(lambda: Input("abc", highlighter=Masked()))
    async with app.run_test(size=(40, 3)):
        box = app.box
        assert box.render_line(0).text.startswith("###"), "Input no longer draws its highlighter's text"
    app = BoxHost(lambda: VisibleInput("esc\x1b bell\x07 \u202e"))
    async with app.run_test(size=(40, 3)):
        shown = app.box
        assert shown.render_line(0).text.startswith("esc␛ bell␇ \ufffd")
        assert shown.value == "esc\x1b bell\x07 \u202e"  # the value is left alone


async def test_a_highlighter_given_to_a_visible_input_styles_the_pictures():
    class Bold(Highlighter):
        def highlight(self, text: Text) -> None:
            text.stylize("bold")

    app = BoxHost(lambda: VisibleInput("a\x1b"))
    async with app.run_test(size=(40, 3)) as pilot:
        box = app.box
        box.highlighter = Bold()
        box.refresh()
        await pilot.pause()
        segments = [segment for segment in box.render_line(0) if "␛" in segment.text]
        assert segments and segments[0].style.bold


def test_virtual_size_is_the_reactive_visible_input_declares_again():
    declared = Widget.__dict__.get("virtual_size")
    assert isinstance(declared, Reactive), "Widget.virtual_size is no longer a reactive: VisibleInput redeclares it"
    ours = VisibleInput.__dict__["virtual_size"]
    assert isinstance(ours, Reactive) and ours.name == declared.name == "virtual_size"


async def test_virtual_size_set_by_textual_lands_in_the_redeclared_reactive():
    app = BoxHost(lambda: VisibleInput("abc"))
    async with app.run_test(size=(40, 3)):
        box = app.box
        box.set_reactive(Widget.virtual_size, Size(17, 1))  # how Widget._size_updated sets it
        assert box.virtual_size == Size(17, 1), "Widget.virtual_size and VisibleInput's no longer share a value"


async def test_typing_in_a_visible_input_changes_its_virtual_size_without_a_layout(monkeypatch):
    layouts = []
    original = Widget.refresh

    def refresh(self, *regions, layout=False, **kwargs):
        if layout and isinstance(self, VisibleInput):
            layouts.append(self.value)
        return original(self, *regions, layout=layout, **kwargs)

    monkeypatch.setattr(Widget, "refresh", refresh)
    app = BoxHost(lambda: VisibleInput(""))
    async with app.run_test(size=(40, 3)) as pilot:
        box = app.box
        box.focus()
        await pilot.pause()
        layouts.clear()
        await pilot.press("a", "b", "c")
        await pilot.pause()
        assert box.virtual_size.width == box.content_width, "Input no longer sets virtual_size as its text grows"
        assert layouts == [], "typing laid the screen out: the repaint-only virtual_size no longer takes effect"


ALLOWED_PRIVATES = {("VisibleInput", "_position_to_cell"), ("VisibleInput", "_cell_offset_to_index")}
"""The Textual private members a widget of ours may define (each held by a test above)."""


_ASSIGNED = re.compile(r"self\.(_[a-z]\w*)\s*(?::[^=\n]*)?=[^=]")
"""``self._name = ...`` (or ``self._name: T = ...``): an attribute a class gives its instances."""


def _widget_classes() -> list[type]:
    import tui.widgets
    from textual.dom import DOMNode

    found = []
    for module_info in pkgutil.walk_packages(tui.widgets.__path__, "tui.widgets."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, DOMNode) and value.__module__ == module.__name__:
                found.append(value)
    return found


def test_no_widget_defines_a_private_name_of_its_textual_base_but_the_allowed_ones():
    """An accidental ``self._lines = ...`` or ``def _update_lines`` on a Textual subclass
    would silently replace Textual's own; every private override is listed and tested."""

    class Probe(Widget):
        pass

    generated = {name for name in vars(Probe) if name.startswith("_")}  # made per class by Textual
    classes = _widget_classes()
    assert {cls.__name__ for cls in classes} >= {"Reader", "LibraryRows", "LibraryList", "VisibleInput", "ResultsList"}
    clashes = []
    for cls in classes:
        textual_names: set[str] = set()
        for base in cls.__mro__:
            if base.__module__.split(".")[0] == "textual":
                textual_names |= set(vars(base)) | set(_ASSIGNED.findall(inspect.getsource(base)))
        # What this class itself defines or assigns (its bases of ours are checked on their own).
        names = {name for name in vars(cls) if name.startswith("_") and not name.startswith("__")}
        names |= set(_ASSIGNED.findall(inspect.getsource(cls)))
        names -= generated
        names = {name for name in names if not name.startswith(("_default_", "_reactive_"))}
        for name in sorted(names & textual_names):
            if (cls.__name__, name) not in ALLOWED_PRIVATES:
                clashes.append(f"{cls.__name__}.{name}")
    assert not clashes, f"widgets define names Textual's own classes use: {clashes}"


# -- OptionList's line cache, read by the half-page keys (``list_keys.half_page``) --------------


async def test_option_list_line_cache_maps_lines_to_options_and_back():
    """Ctrl+d / Ctrl+u in a list read ``OptionList._lines`` (for each line of the
    list, the option it belongs to and the line within it) and ``_index_to_line``
    (for each option, the line it starts on): options are of any height, and only
    the list knows where each starts. If Textual renames or reshapes them, this fails."""
    from textual.widgets import OptionList
    from textual.widgets.option_list import Option

    class ListHost(App):
        def compose(self) -> ComposeResult:
            yield OptionList(Option("one"), Option("two\nlines"), None, Option("three\nlines\nhere"))

    app = ListHost()
    async with app.run_test(size=(40, 12)) as pilot:
        option_list = app.query_one(OptionList)
        await pilot.pause()
        for name in ("_lines", "_index_to_line"):
            assert isinstance(inspect.getattr_static(OptionList, name), property), f"OptionList.{name} changed"
        lines = list(option_list._lines)
        assert [tuple(line) for line in lines] == [(0, 0), (1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2)]
        assert dict(option_list._index_to_line) == {0: 0, 1: 1, 2: 4}


async def test_ctrl_d_in_a_list_moves_half_a_page_through_the_line_cache():
    from textual.widgets import OptionList
    from textual.widgets.option_list import Option

    from tui.widgets.list_keys import ListMotions, list_bindings

    class Motions(ListMotions, OptionList):
        BINDINGS = list_bindings("probe", "Open", "open")

    class ListHost(App):
        def compose(self) -> ComposeResult:
            yield Motions(*[Option(f"line {n}") for n in range(40)])

    app = ListHost()
    async with app.run_test(size=(40, 12)) as pilot:
        option_list = app.query_one(Motions)
        option_list.focus()
        option_list.highlighted = 0
        await pilot.pause()
        half = option_list.scrollable_content_region.height // 2
        await pilot.press("ctrl+d")
        assert option_list.highlighted == half
        await pilot.press("ctrl+u")
        assert option_list.highlighted == 0
