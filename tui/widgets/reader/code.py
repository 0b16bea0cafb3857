"""Code blocks: verbatim lines with tabs at tab stops, cut (never word-wrapped), highlighted.

A code block keeps its lines as written: indentation stays, a tab goes to the next
tab stop (`TAB_SIZE`), and a line longer than the column is *cut* at the column
and carried on the next visual line, which the reader marks as a continuation
(a dim "↩" at the right edge of the cut line, "↪" in the gutter of the next).
Cutting, not scrolling sideways: over SSH a horizontal scroll is one more mode to
learn and redraws the whole pane for each step, and a cut line can still be read,
found (``/``) and copied where it is.

Highlighting turns Pygments' tokens into styles on the reader's own segments (the
document's text never goes through Rich markup). It is done lazily, the first
time a block is drawn, and only on its first `HIGHLIGHT_LIMIT` characters: a 5 MB
log in a code block is drawn plain past that, instead of holding the keys while
it is lexed.

Plain Python (no Textual); Pygments and Rich's themes are imported on first use.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from rich.style import Style

from tui.sanitize import visible_block

from .shift import SHIFTING, Shift
from .wrap import _narrow_chars, cut_cells

__all__ = ["HIGHLIGHT_LIMIT", "TAB_SIZE", "Tokens", "code_display", "cut_into", "token_style", "tokens"]

TAB_SIZE = 4
"""Tab stops in code, every 4 cells (as the reader shows a tab in prose)."""

HIGHLIGHT_LIMIT = 16_000
"""The most characters of one code block that are syntax-highlighted, about 16 KB:
some 20 ms of Pygments for real Python, 60 ms for a log lexed as Python (its
worst case here); the rest of the block is plain code. Lexed once, on first draw."""

Tokens = tuple[list[int], list[int], list[object]]
"""Display starts, ends and Pygments token types of a block's highlighted tokens."""


def code_display(source: str) -> tuple[str, Shift | None]:
    """The safe display text of verbatim lines: newlines kept, tabs to the next stop.

    Only tabs and bidi controls change lengths (see ``shift.display``), so the
    loop is over those, not over the characters.
    """
    if not SHIFTING.search(source):
        return visible_block(source), None
    parts: list[str] = []
    positions: list[int] = []
    drifts: list[int] = []
    drift = 0
    at = 0
    for match in SHIFTING.finditer(source):
        position = match.start()
        parts.append(visible_block(source[at:position]))
        if match.group() == "\t":
            line_start = source.rfind("\n", 0, position) + 1
            index = bisect_left(positions, line_start)
            column = (position + drift) - (line_start + (drifts[index - 1] if index else 0))
            width = TAB_SIZE - column % TAB_SIZE
            parts.append(" " * width)
            drift += width - 1
        else:
            drift -= 1  # a bidi control is dropped
        positions.append(position)
        drifts.append(drift)
        at = position + 1
    parts.append(visible_block(source[at:]))
    return "".join(parts), (positions, drifts)


def cut_into(text: str, width: int, starts: list[int], ends: list[int]) -> None:
    """Append the visual lines of verbatim ``text`` cut every ``width`` cells (never at words)."""
    width = max(1, width)
    uniform = text.isascii()
    narrow = frozenset() if uniform else _narrow_chars()
    position = 0
    size = len(text)
    while True:
        newline = text.find("\n", position)
        line_end = size if newline < 0 else newline
        if uniform or narrow.issuperset(text[position:line_end]):
            starts.extend(range(position, max(line_end, position + 1), width))
            ends.extend(range(position + width, line_end, width))
            ends.append(line_end)
        else:
            piece, _ = cut_cells(text, position, line_end, width, starts, ends)
            starts.append(piece)
            ends.append(line_end)
        if newline < 0:
            return
        position = newline + 1


_LANGUAGE = re.compile(r"[A-Za-z0-9_+#.-]+")
_PLAIN = frozenset({"", "text", "txt", "plain", "plaintext", "none", "output", "ignore"})


@lru_cache(maxsize=64)
def _lexer(language: str):
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(language, stripnl=False, stripall=False, ensurenl=False)
    except (ClassNotFound, ValueError):
        return None


def language_of(info: str) -> str:
    """The lexer name in a code block's info ("rust,ignore" -> "rust", "{.python}" -> "python")."""
    found = _LANGUAGE.search(info.strip().lstrip("{."))
    return found.group().lower() if found else ""


def tokens(text: str, info: str, limit: int = HIGHLIGHT_LIMIT) -> Tokens | None:
    """Where each styled token of ``text`` (a code block's display text) lies; None when
    the language is unknown or plain.

    Only the first ``limit`` characters are lexed, cut at the end of a line.
    """
    language = language_of(info)
    if language in _PLAIN:
        return None
    lexer = _lexer(language)
    if lexer is None:
        return None
    if len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        text = text[: cut if cut > 0 else limit]
    starts: list[int] = []
    ends: list[int] = []
    types: list[object] = []
    try:
        for index, token_type, value in lexer.get_tokens_unprocessed(text + "\n"):
            end = min(index + len(value), len(text))
            if end > index and not value.isspace():
                starts.append(index)
                ends.append(end)
                types.append(token_type)
    except Exception:  # a lexer that fails on odd input: the block is shown plain
        return None
    return starts, ends, types


@lru_cache(maxsize=1024)
def token_style(token_type: object, dark: bool) -> Style:
    """The style of a token in Rich's ANSI themes: 16-colour safe, dark or light."""
    from rich.syntax import Syntax

    theme = Syntax.get_theme("ansi_dark" if dark else "ansi_light")
    style = theme.get_style_for_token(token_type)
    return Style(color=style.color, bold=style.bold, italic=style.italic, dim=style.dim)
