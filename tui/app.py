"""ReadingRoom: the Textual app. Owns the Library and the user's state.

Start-up is built for a slow link: the first screen is composed from widgets that
need nothing from the index, and the Library (and with it Whoosh, which costs a
tenth of a second or more to import) is created in a worker after the first paint.
The screen routes messages between panes; the app keeps what outlives a screen:
the Library, settings, reading positions, the keymap and the theme.

The app knows its screens only by what they offer: it creates the browser (the
default screen) and, on quitting, lets any screen that has work to finish finish
it (``FinishesBeforeQuit``). Screens reach the app through ``self.app``, never by
importing this module.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Protocol, runtime_checkable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from .keymap import default_keymap_path, key_hint, load_keymap
from .sanitize import for_clipboard, visible
from .state import Position, UserState

if TYPE_CHECKING:
    from search import Document, Library

    from .host.launch import BrowserCommand

DARK, LIGHT = "textual-dark", "textual-light"


@runtime_checkable
class FinishesBeforeQuit(Protocol):
    """A screen with work to finish before the app exits (the browser: its reading
    position, and a sync that should commit what it has indexed)."""

    async def finish_before_quit(self) -> None: ...


class ReadingRoom(App):
    CSS_PATH = ["app.tcss", "widgets/reader.tcss", "widgets/lists.tcss"]
    TITLE = "readingroom"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("f4", "toggle_theme", "Light/dark", id="toggle_theme", show=False),
    ]

    def __init__(
        self,
        paths: list[str] | None = None,
        *,
        index_dir: str | None = None,
        query: str | None = None,
        show_timing: bool = True,
        state_path: Path | None = None,
        keymap_path: Path | None = None,
        resume: bool = False,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.index_dir = index_dir
        self.initial_query = query
        self.resume = resume  # open the document read last, where it was left (``--resume``)
        self.show_timing = show_timing
        self.library: Library | None = None
        self.sync_cancel = threading.Event()
        self._library_lock = threading.Lock()
        self.user_state = UserState.load(state_path)
        self.keymap_path = keymap_path or default_keymap_path()
        self.corpus = ""
        self._traced: set[str] = set()
        self._after_frame: list[Callable[[], object]] = []

    @property
    def settings(self) -> dict:
        return self.user_state.settings

    def get_default_screen(self) -> Screen:
        from .screens.browser import BrowserScreen

        return BrowserScreen(query=self.initial_query, resume=self.resume)

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None, markup: bool = False) -> None:
        """Every toast is plain text: messages here quote titles, paths and errors,
        which are data. (Textual reads toasts as markup unless told otherwise.)"""
        super().notify(visible(str(message)), title=visible(str(title)), severity=severity, timeout=timeout, markup=False)

    def trace(self, event: str) -> None:
        """Note when something a user waits for happened (for tests/bench).

        Only when ``READINGROOM_TRACE`` names a file; each event once, as
        "event unix-time" lines. The benchmark reads them to time start-up.
        """
        path = os.environ.get("READINGROOM_TRACE")
        if not path or event in self._traced:
            return
        self._traced.add(event)
        try:
            with open(path, "a", encoding="utf-8") as stream:
                stream.write(f"{event} {time.time():.6f}\n")
        except OSError:
            pass

    def call_after_frame(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the next frame has been handed to the terminal.

        ``call_after_refresh`` is not that: it runs once the screen has nothing
        pending, which can be before a widget's own update has reached the screen
        (measured: "results" was noted 30 ms before the frame that showed them).
        """
        self._after_frame.append(callback)

    def post_display_hook(self) -> None:
        """Textual calls this after each display of the screen: run what waited for a frame.

        A display inside a batch update (``App.batch_update``, ``delay_update``) sends
        nothing to the terminal, so what waits for a frame waits for the next one.
        Textual 8.2 has no public way to know a batch is open: ``_batch_count`` is
        read here, and ``tests/tui/test_textual_contract.py`` fails if it changes.
        """
        super().post_display_hook()
        if self._after_frame and not self._batch_count:
            waiting, self._after_frame = self._after_frame, []
            for callback in waiting:
                callback()

    def on_mount(self) -> None:
        self.theme = LIGHT if self.settings.get("theme") == "light" else DARK
        keymap, message = load_keymap(self.keymap_path)
        if keymap:
            self.set_keymap(keymap)
        for note in (message, self.user_state.message):
            if note:
                self.notify(visible(note), severity="warning", timeout=8)

    # -- the library ------------------------------------------------------------------

    def ensure_library(self) -> "Library":
        """The Library, created on first use (in a worker thread: it imports Whoosh)."""
        with self._library_lock:
            if self.library is None:
                from search import Library

                library = Library(self.paths or None, index_dir=self.index_dir)
                self.corpus = library.index_dir.name
                self.library = library
            return self.library

    def remembered_position(self, doc_id: str) -> Position | None:
        return self.user_state.position(self.corpus, doc_id) if self.corpus else None

    def remember_position(self, doc_id: str, position: Position) -> None:
        if self.corpus:
            self.user_state.remember_position(self.corpus, doc_id, position)

    def remember_visit(self, doc_id: str) -> None:
        if self.corpus:
            self.user_state.remember_visit(self.corpus, doc_id)

    # -- actions ----------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen, help_rows

        if isinstance(self.screen, HelpScreen):
            return
        extra = f"Keymap file: {self.keymap_path} (binding id = \"keys\"). Command palette: ctrl+p."
        self.push_screen(HelpScreen(help_rows(self.screen), extra=extra))

    def action_command_palette(self) -> None:
        """The command palette (ctrl+p), as Textual opens it, with page keys that are safe
        before its list is laid out (see ``screens.palette.Palette``)."""
        from textual.command import CommandPalette

        from .screens.palette import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette(id="--command-palette"))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK
        self.settings["theme"] = "light" if self.theme == LIGHT else "dark"

    async def action_quit(self) -> None:
        """Quit, letting a running sync commit what it has indexed first."""
        self.sync_cancel.set()
        for screen in self.screen_stack:
            if isinstance(screen, FinishesBeforeQuit):
                await screen.finish_before_quit()
        self._save_state()
        self.exit()

    def _save_state(self) -> None:
        problem = self.user_state.save()
        if problem:
            self.log.warning(problem)

    def on_unmount(self) -> None:
        self.sync_cancel.set()
        self._save_state()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's, and the app's own, each naming the keys that run it as bound now.

        The browser's commands (panes, find, copy) are its own palette provider.
        """
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Toggle light/dark",
            "Switch between the light and the dark theme" + key_hint(screen, "toggle_theme"),
            self.action_toggle_theme,
        )
        yield SystemCommand("Help", "Show the keys that work here" + key_hint(screen, "help"), self.action_help)

    # -- other programs ---------------------------------------------------------------

    def copy_to_clipboard(self, text: str) -> None:
        """Every copy (``y``, ``Y``, a selection) carries only printable text, tabs and
        newlines: controls as the screen shows them (``sanitize.for_clipboard``)."""
        super().copy_to_clipboard(for_clipboard(text))

    def edit_document(self, document: "Document | None", section_id: str | None = None) -> None:
        """``e``: the document's file in the editor, at the line of ``section_id`` where
        the editor takes one (``launch.section_line``, ``launch.editor_command``)."""
        from .host import launch

        if document is None:
            self.notify("Open a document first", timeout=2)
            return
        if document.kind == "summary" or not document.path:
            self.notify("This is a summary of a linked publication: there is no file to edit", timeout=3)
            return
        path = (self.library.file_path(document.doc_id) if self.library is not None else None) or document.path
        try:
            command = launch.editor_command(path, launch.section_line(path, document, section_id))
        except (FileNotFoundError, launch.Refused) as error:
            self.notify(str(error), severity="error")
            return
        self._run_suspended(command)

    def open_document_url(self, document: "Document | None") -> None:
        """``o``: the document's http(s) URL, or its own file when it is local HTML (or
        its URL names a file of the corpus), in ``$BROWSER`` or a browser found here."""
        from .host import launch

        if document is None:
            self.notify("Open a document first", timeout=2)
            return
        roots = self.library.roots if self.library is not None else ()
        local = None
        if document.kind != "summary" and document.path:
            local = (self.library.file_path(document.doc_id) if self.library is not None else None) or document.path
        try:
            target = launch.browser_target(document.url, roots, local)
        except launch.Refused as refused:
            self.notify(str(refused), severity="warning", timeout=5)
            return
        self._open_in_browser(target)

    def open_url(self, url: str) -> None:
        """A link's URL, in the browser: the same checks and the same way as ``o`` on a
        document (an http(s) URL, or a file inside the corpus; anything else is refused)."""
        from .host import launch

        roots = self.library.roots if self.library is not None else ()
        try:
            target = launch.browser_target(url, roots)
        except launch.Refused as refused:
            self.notify(str(refused), severity="warning", timeout=5)
            return
        self._open_in_browser(target)

    def _open_in_browser(self, target: str) -> None:
        """``$BROWSER``, else a graphical browser, else a text browser, else the clipboard."""
        from .host import launch

        commands = launch.browser_commands(target)
        if commands is not None:
            self._open_with(commands)
            return
        if launch.open_graphical(target):
            self.notify("Opened in the browser", timeout=2)
            return
        command = launch.text_browser_command(target)
        if command is not None:
            self._run_suspended(command)
            return
        self.copy_to_clipboard(target)
        self.notify("No browser on this machine; the URL is copied to the clipboard", timeout=4)

    def _open_with(self, commands: "list[BrowserCommand]") -> None:
        """$BROWSER's commands in order, until one runs: a terminal browser that exits
        0, or any other command that starts."""
        import shutil

        from .host import launch

        problems: list[str] = []
        for command in commands:
            name = visible(command.name)
            if shutil.which(command.argv[0]) is None:
                problems.append(f"{name} not found")
                continue
            if command.terminal:
                status = self._run_suspended(command.argv, quiet=True)
                if status == 0:
                    return
                problems.append(f"{name} failed" if status is None else f"{name} exited with status {status}")
                continue
            try:
                launch.start_detached(command.argv)
            except OSError as error:
                problems.append(f"{name}: {error.strerror}")
                continue
            self.notify(f"Opened with {name}", timeout=2)
            return
        self.notify("$BROWSER: " + ("; ".join(problems) or "no command"), severity="error", timeout=6)

    def _run_suspended(self, command: list[str], *, quiet: bool = False) -> int | None:
        """Run ``command`` with the terminal; its exit status, or None when it could not run."""
        from textual.app import SuspendNotSupported

        from .host import launch

        status: int | None = None
        try:
            with self.suspend():
                status = launch.run_in_terminal(command)
        except SuspendNotSupported:
            self.notify("Cannot hand the terminal over here", severity="error")
        except OSError as error:
            if not quiet:
                self.notify(f"Could not run {visible(command[0])}: {error.strerror}", severity="error")
        self.refresh()
        return status


def run(paths: list[str] | None = None, index_dir: str | None = None, query: str | None = None, resume: bool = False) -> int:
    app = ReadingRoom(paths, index_dir=index_dir, query=query, resume=resume)
    app.run()
    return app.return_code or 0
