"""Document text made safe to put on a terminal.

A document is data. Control characters in it are shown, never obeyed: C0 controls
and DEL become their Unicode "control pictures" (ESC shows as ␛, BEL as ␇), C1
controls (U+0080-U+009F, which some terminals read as CSI and OSC) become U+FFFD,
and the invisible bidirectional embeddings, overrides and isolates (U+202A-U+202E,
U+2066-U+2069), which can make text read backwards, are dropped. Newlines and tabs
survive where a caller asks for them; everywhere else a line break is a space.

The same mapping is used in the app, in the command line's human output, in the
clipboard (``for_clipboard``, which keeps real tabs and newlines) and in
file names, so a reader sees one consistent picture of a hostile byte.
"""

from __future__ import annotations

import json
import re

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_MARKS = "\u200e\u200f\u061c"  # left-to-right, right-to-left and Arabic letter marks


def _table(keep_newlines: bool) -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(0x20):
        table[code] = chr(0x2400 + code)
    table[0x7F] = "\u2421"
    for code in range(0x80, 0xA0):
        table[code] = "\ufffd"
    for char in _BIDI:
        table[ord(char)] = None
    table[ord("\t")] = "    " if keep_newlines else " "
    if keep_newlines:
        table[ord("\n")] = "\n"
    else:
        table[ord("\n")] = " "
    return table


_MULTILINE = _table(True)
_ONE_LINE = _table(False)


def visible(text: str) -> str:
    """One line of text with every control character shown or dropped."""
    return text.translate(_ONE_LINE)


def visible_block(text: str) -> str:
    """Like ``visible`` but keeping line breaks, for paragraphs."""
    return text.translate(_MULTILINE)


def _in_place_table() -> dict[int, str | None]:
    table = dict(_ONE_LINE)
    table[ord("\n")] = "\u240a"
    del table[ord("\t")]  # left to the input box, which expands tabs itself
    for char in _BIDI:
        table[ord(char)] = "\ufffd"
    return table


_IN_PLACE = _in_place_table()


def visible_in_place(text: str) -> str:
    """``visible``, one character for each character: for text being edited.

    An input box's cursor and selection are offsets into the text as typed, so
    nothing may vanish or grow: bidi controls show as U+FFFD instead of being
    dropped, a newline as ␊, and tabs stay tabs.
    """
    return text.translate(_IN_PLACE)


def visible_path(path: str) -> str:
    """A file name, including undecodable bytes (shown as \\xNN escapes)."""
    safe = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return visible(safe)


def visible_markup(text: str) -> str:
    """``visible(text)`` for an API that only takes Textual markup (a command palette
    hit's ``help``, a toast): every ``[`` escaped, so ``Content.from_markup`` gives the
    text back as typed, brackets and backslashes included, with no style or link.

    Where the API takes ``markup=False`` or a ``Content``/``Text``, use that instead.
    """
    return visible(text).replace("[", "\\[")


def _clipboard_table() -> dict[int, str | None]:
    table = dict(_MULTILINE)
    table[ord("\t")] = "\t"  # a tab is text: pasted as a tab, not as the screen's spaces
    table[0x2028] = "\n"  # line and paragraph separators paste as the line breaks they mean
    table[0x2029] = "\n"
    # The bidi marks are invisible and turn the order of the text around them; a copy
    # carries only printable text (the joiners, which scripts need, are kept).
    for char in _BIDI_MARKS:
        table[ord(char)] = None
    return table


_CLIPBOARD = _clipboard_table()
_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return "\\x%02x" % (code - 0xDC00) if 0xDC80 <= code <= 0xDCFF else "\ufffd"


def for_clipboard(text: str) -> str:
    """Text for the clipboard: what the screen shows, with real tabs and newlines.

    Pasted into a terminal, a copy must not act: an ``ESC[201~`` in it would end
    a shell's bracketed paste early and run the rest as typed commands. So the
    clipboard gets the screen's pictures, not the bytes: C0 controls (but tab and
    newline) and DEL as control pictures (ESC as ␛), C1 controls as U+FFFD, bidi
    controls dropped, U+2028/U+2029 as newlines; an undecodable byte of a file
    name as ``\\xNN``, as ``visible_path`` shows it.
    """
    return _SURROGATE.sub(_surrogate, text.translate(_CLIPBOARD))


_UNSAFE_IN_ARGUMENT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029" + _BIDI + _BIDI_MARKS + "\ud800-\udfff]")


def has_control(text: str) -> bool:
    """Whether ``text`` holds a character that must never reach another program's
    argument list: C0 controls (tab and newline too), DEL, C1 controls, bidi
    controls, U+2028/U+2029, or an undecodable byte."""
    return _UNSAFE_IN_ARGUMENT.search(text) is not None


_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029" + _BIDI + "]")


def json_dumps(value, **kwargs) -> str:
    """JSON with the original text, where nothing can act on a terminal it is printed to.

    ``json`` escapes C0 controls already; DEL, C1 controls, bidi overrides and the
    line separators are escaped here too (still valid JSON, still the same strings).
    """
    text = json.dumps(value, ensure_ascii=False, **kwargs)
    return _UNSAFE_IN_JSON.sub(lambda m: "\\u%04x" % ord(m.group(0)), text)
