"""Handing a document to another program: the user's editor, a browser.

What another program gets from a document is data in its argument list, never an
option of it and never a terminal escape:

- ``o`` opens only an http(s) URL, or a file inside the corpus (a local HTML
  document, or a ``file:`` URL or absolute path that names a file of the corpus),
  passed as its absolute real path. Anything else (``javascript:``, ``data:``,
  ``file:`` outside the corpus, relative paths, other schemes) is refused with a
  reason (``Refused``). An http(s) URL starts with its scheme and an absolute path
  with ``/``, so no argument made from a document can start with ``-``.
- Nothing with a control character (C0, DEL, C1, bidi controls, U+2028/U+2029)
  is passed at all: such a URL or file name is refused, not cleaned, since a
  cleaned one would name something else.
- Programs are run directly (no shell), so nothing in a URL is ever parsed as shell.

``$BROWSER`` is read as the convention has it: commands separated by ``:``, tried in
order until one runs; in a command ``%s`` is the URL and ``%%`` a ``%``; with no
``%s`` the URL is the last argument. A command whose program is a known terminal
browser (``TEXT_BROWSERS``, by the program's file name) takes the terminal (the app
is suspended until it exits); any other command is started detached, in its own
session with no terminal, so the app keeps running.

With no ``$BROWSER``: Python's ``webbrowser`` when there is a graphical display,
else the first text browser found; when there is none, the caller is told so (and
can copy the URL instead).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..sanitize import has_control, visible

TEXT_BROWSERS = (
    "w3m", "lynx", "elinks", "links", "links2", "www-browser", "browsh", "carbonyl", "netrik", "retawq",
)
# editors known to read ``--`` as the end of their options (and ``+LINE`` before it)
EDITORS_WITH_DOUBLE_DASH = ("vi", "vim", "nvim", "view", "gvim", "ex")
# editors that open a file at a line given as ``+LINE`` before it: vi and its kin,
# nano, emacs (and emacsclient), kak; micro too (2.0.3 on; its ``file:LINE`` is read
# only with its ``parsecursor`` option on, which is off by default)
EDITORS_WITH_LINE = ("vi", "vim", "nvim", "view", "gvim", "ex", "nano", "emacs", "emacsclient", "micro", "kak")
# editors that take the line as ``file:LINE`` (Helix: ``hx file[:row[:col]]``; its ``+N``
# is recent); a file whose own name has a ``:`` gets no line, as Helix would misread it
EDITORS_WITH_FILE_LINE = ("hx", "helix")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
ONLY = "only http(s) links and files inside the corpus are opened"


class Refused(ValueError):
    """A document's URL or file that is not handed to another program; the message says why."""


# -- what ``o`` may open --------------------------------------------------------------


def _inside(path: str, roots: Iterable[str | os.PathLike]) -> str:
    """The real path of a regular file inside one of ``roots``; Refused otherwise."""
    real = os.path.realpath(path)
    if has_control(real):
        raise Refused("the file name has control characters")
    for root in roots:
        base = os.path.realpath(root)
        if real == base or real.startswith(base.rstrip(os.sep) + os.sep):
            if not os.path.isfile(real):
                raise Refused(f"there is no file {visible(real)}")
            return real
    raise Refused(f"{visible(real)} is outside the corpus; {ONLY}")


def browser_target(url: str, roots: Iterable[str | os.PathLike], local_file: str | None = None) -> str:
    """What a browser is given for a document: an http(s) URL or an absolute path.

    ``url`` is the document's URL (may be empty); ``local_file`` its own file, opened
    when it is an HTML document without a URL. Raises ``Refused`` with the reason.
    """
    roots = tuple(roots)
    url = url.strip(" ")
    if not url:
        if local_file and local_file.lower().endswith(HTML_SUFFIXES):
            try:
                return _inside(local_file, roots)
            except Refused as refused:
                raise Refused(f"Not opened: {refused}") from None
        raise Refused("This document has no URL")
    if has_control(url):
        raise Refused("Not opened: the URL has control characters")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        if not parts.hostname:
            raise Refused(f"Not opened: {visible(url)} names no host")
        return url.replace(" ", "%20")
    try:
        if scheme == "file":
            if parts.netloc not in ("", "localhost"):
                raise Refused(f"a file: URL on another host; {ONLY}")
            path = unquote(parts.path)
            if has_control(path):
                raise Refused("the file name has control characters")
            return _inside(path, roots)
        if not scheme and url.startswith("/") and not url.startswith("//"):
            return _inside(url, roots)
    except Refused as refused:
        raise Refused(f"Not opened: {refused}") from None
    if not scheme:
        raise Refused(f"Not opened: {visible(url)} is a relative path, with nothing to start from; {ONLY}")
    if scheme == "javascript":
        raise Refused(f"Not opened: javascript: URLs run code; {ONLY}")
    if scheme == "data":
        raise Refused(f"Not opened: data: URLs carry content of their own; {ONLY}")
    raise Refused(f"Not opened: {visible(scheme)}: is not a web address; {ONLY}")


# -- browsers -------------------------------------------------------------------------


@dataclass(frozen=True)
class BrowserCommand:
    argv: list[str]
    terminal: bool  # takes the terminal (the app suspends) rather than started detached

    @property
    def name(self) -> str:
        return os.path.basename(self.argv[0])


_PERCENT = re.compile("%(.)", re.DOTALL)


def _checked(target: str) -> str:
    if not target or target.startswith("-") or has_control(target):
        raise Refused("Not opened: not a URL or a file a browser can be given")
    return target


def browser_commands(target: str, environ: Mapping[str, str] | None = None) -> list[BrowserCommand] | None:
    """``$BROWSER``'s commands for ``target``, in order; None when ``$BROWSER`` is unset.

    An entry that is blank or not valid shell words is left out.
    """
    value = (os.environ if environ is None else environ).get("BROWSER")
    if value is None or not value.strip():
        return None
    target = _checked(target)
    commands: list[BrowserCommand] = []
    for entry in value.split(":"):
        try:
            words = shlex.split(entry)
        except ValueError:
            continue
        if not words:
            continue
        seen = False

        def substitute(match: re.Match[str]) -> str:
            nonlocal seen
            if match.group(1) == "s":
                seen = True
                return target
            return "%" if match.group(1) == "%" else match.group(0)

        argv = [_PERCENT.sub(substitute, word) for word in words]
        if not seen:
            argv.append(target)
        commands.append(BrowserCommand(argv, os.path.basename(argv[0]) in TEXT_BROWSERS))
    return commands


def start_detached(argv: list[str]) -> None:
    """Start a program in its own session, with no terminal, and let it run; OSError
    when it cannot be started. It is reaped when it ends (no zombie)."""
    process = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )
    threading.Thread(target=process.wait, name="browser-reaper", daemon=True).start()


def has_graphical_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or os.uname().sysname == "Darwin"


def text_browser_command(target: str) -> list[str] | None:
    """The first text browser on this machine, for ``target`` (used when ``$BROWSER`` is unset)."""
    target = _checked(target)
    for name in TEXT_BROWSERS:
        if shutil.which(name):
            return [name, target]
    return None


def open_graphical(target: str) -> bool:
    """Open a URL in a graphical browser without blocking; False when there is none."""
    import webbrowser

    target = _checked(target)
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if getattr(browser, "name", "") in TEXT_BROWSERS or not has_graphical_display():
        return False
    try:
        return bool(browser.open(target))
    except Exception:  # noqa: BLE001 - a failing browser is "no browser", not a crash
        return False


# -- the editor -----------------------------------------------------------------------


def editor_command(path: str, line: int | None = None, environ: Mapping[str, str] | None = None) -> list[str]:
    """$VISUAL, else $EDITOR, else the first of vi/vim/nano found, for one file.

    The file is passed as its absolute path (never starting with ``-``), after
    ``--`` for editors known to take it. ``line`` (1-based) goes where the editor
    reads it: ``+LINE`` before the file (`EDITORS_WITH_LINE`), ``file:LINE``
    (`EDITORS_WITH_FILE_LINE`); any other editor gets the file alone. The command
    is run directly, never through a shell: $EDITOR is split into words as a shell
    would split them, and that is all. A file name with control characters, or an
    $EDITOR that is not valid shell words, is refused.
    """
    environ = os.environ if environ is None else environ
    path = os.path.abspath(path)
    if has_control(path):
        raise Refused("The file name has control characters (or bytes that are not text): rename the file to edit it")
    editor = environ.get("VISUAL") or environ.get("EDITOR")
    try:
        command = shlex.split(editor) if editor else []
    except ValueError as error:
        raise Refused(f"$VISUAL / $EDITOR is not a command ({error}): {visible(editor or '')}") from None
    if not command:
        found = next((name for name in ("vi", "vim", "nano") if shutil.which(name)), None)
        if found is None:
            raise FileNotFoundError("no editor found: set $EDITOR")
        command = [found]
    name = os.path.basename(command[0])
    line = int(line) if line and int(line) > 0 else None
    if line and name in EDITORS_WITH_LINE:
        command.append(f"+{line}")
    if name in EDITORS_WITH_DOUBLE_DASH:
        command.append("--")
    if line and name in EDITORS_WITH_FILE_LINE and ":" not in path:
        return command + [f"{path}:{line}"]
    return command + [path]


# -- the line a section starts on ------------------------------------------------------

READ_AT_MOST = 32 * 1024 * 1024
"""Bytes of a file read to find a section's line; a heading past them is not looked for."""

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")
_HEADING = re.compile(r"^\s{0,3}(#{1,6}|={1,6})\s|<h[1-6][\s>]", re.IGNORECASE)
"""A line that is a heading by its own marks: Markdown's ``#``, AsciiDoc's ``=``, HTML's ``<h2>``."""
_UNDERLINE = re.compile(r"^\s*([=\-~^\"'`#*+_.:])\1{2,}\s*$")
"""A Markdown setext or reStructuredText underline (or overline): ``=====``, ``-----``, ``~~~~``."""
FIRST_WORDS = 6
"""Words of an untitled section's text looked for when it has no title."""


def _words(text: str) -> str:
    """``text`` as its words, casefolded, one space apart: what a title and a line are compared by."""
    return " ".join(_WORD.findall(text.casefold()))


def _line_words(line: str) -> str:
    """A line of the file as words: tags dropped, entities read (``&amp;`` is ``&``)."""
    import html

    return _words(html.unescape(_TAG.sub(" ", line)))


def section_line(path: str, document, section_id: str | None) -> int:
    """The line (1-based) of the file ``path`` where ``document``'s section ``section_id`` starts.

    Found by the section's title in the file's text, cheaply: the first line that is
    a heading by its marks (``## Title``, ``<h2>Title</h2>``, a title underlined with
    ``===``) and holds the title, else the first line that is the title and nothing
    else, else the first line that holds it (a title of several lines, a table of
    contents...). The n-th section of the same title is looked for as the n-th such
    line. An untitled section is looked for by its first words. The lead, a section
    not found, and a file that cannot be read: line 1.
    """
    sections = list(getattr(document, "sections", ()) or ())
    index = next((i for i, section in enumerate(sections) if section.id == section_id), None)
    if index is None or sections[index].id == "lead":
        return 1
    section = sections[index]
    if section.title.strip():
        wanted = _words(section.title)
        same = sum(1 for earlier in sections[:index] if earlier.title.strip() and _words(earlier.title) == wanted)
    else:
        wanted = " ".join(_words(section.text).split()[:FIRST_WORDS])
        same = 0
    if not wanted:
        return 1
    try:
        with open(path, "rb") as file:
            data = file.read(READ_AT_MOST)
    except OSError:
        return 1
    lines = data.decode("utf-8", errors="replace").split("\n")
    padded = f" {wanted} "
    key = max(wanted.split(), key=len)  # a line without it cannot hold the title (unless it spells it in entities)
    found: list[list[int]] = [[], [], []]  # by rank: heading by its marks, the title alone, holding it
    for number, line in enumerate(lines):
        if key not in line.casefold() and "&" not in line:
            continue
        words = _line_words(line)
        if not words or padded not in f" {words} ":
            continue
        underlined = any(
            0 <= near < len(lines) and _UNDERLINE.match(lines[near]) for near in (number - 1, number + 1)
        )
        if _HEADING.search(line) or (underlined and words == wanted):
            rank = 0
        elif words == wanted:
            rank = 1
        else:
            rank = 2
        found[rank].append(number + 1)
        if len(found[0]) > same:
            break  # the heading itself: nothing better to come
    for candidates in found:
        if len(candidates) > same:
            return candidates[same]
    for candidates in found:
        if candidates:
            return candidates[-1]
    return 1


def run_in_terminal(command: list[str]) -> int:
    """Run a program that owns the terminal until it exits (the app is suspended)."""
    return subprocess.call(command)

