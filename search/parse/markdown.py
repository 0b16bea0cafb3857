"""Markdown (CommonMark, with tables and YAML front matter) -> Document.

markdown-it-py does the block parsing (it is already installed as a dependency of
rich), so ATX and setext headings, fenced code (a ``# comment`` inside a fence is
code, not a heading), lists and tables are read the way Markdown renderers read them.
Body text keeps its words and loses its syntax: emphasis markers go, ``[text](url)``
becomes ``text``, an image becomes its alt text, inline HTML tags go.

The title is the front matter's (or the sidecar's); else the first level-1 heading
when it is the very first block of the document: it is then the title and not a
section, because a page that opens with ``# Title`` means it as the title. A level-1
heading anywhere else is a section of level 1. Without either, the title is found as
for articles (a short first line, else the first sentence).

Front matter is read by hand for the subset documents use (``key: scalar``,
``key: [a, b]`` and ``- item`` lists, quoted strings): no YAML library is needed.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from search.model import Document, normalize_title
from search.parse import lines as shape
from search.parse.sections import document_from_blocks
from search.parse.sidecar import Metadata

# Nesting (lists in lists, quotes in quotes) the parser follows: CommonMark's preset
# stops at 20 and drops whatever lies deeper, a list's tenth level on. 100 levels
# stay well inside Python's recursion limit; a piece nested deeper still is read as
# plain paragraphs (``_plain_blocks``), so no word is lost.
NESTING = 100
_OPTIONS = {"html": True, "maxNesting": NESTING}
_MARKDOWN = MarkdownIt("commonmark", _OPTIONS).enable(["table", "strikethrough"])
# The same parser without its inline pass: inline runs are parsed here, and only
# those that hold a character some inline rule starts at. Most headings and many
# paragraphs are plain words, and the inline pass over all of them was a quarter
# of the time a file of 100,000 headings took.
_BLOCKS_ONLY = MarkdownIt("commonmark", _OPTIONS).enable(["table", "strikethrough"]).disable("inline")
# A table's every cell is three tokens: a piece of a million cells took 1 GB and 14 s.
# Past MAX_TABLE_BARS bars in a piece its tables are read as lines of text instead.
MAX_TABLE_BARS = 50_000
_NO_TABLES = MarkdownIt("commonmark", _OPTIONS).enable(["strikethrough"]).disable("inline")
_MARKERS = re.compile(r"^[\s>]*(?:(?:[-*+]|\d{1,9}[.)])(?=\s|$))?\s*")
_INLINE_SYNTAX = re.compile(r"[\n!&*<>\[\]\\_`~]")
_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:(?:\s+(.*)|\s*)$")
_ITEM = re.compile(r"\s*-\s+(.*)$")


def parse(text: str, *, doc_id: str, path: str, meta: Metadata) -> Document:
    front, body = split_front_matter(text)
    meta = meta.over(Metadata.from_dict(front))
    blocks = _blocks(body)

    title = meta.title
    first = blocks[0] if blocks else None
    if first and first[0] == "heading" and first[2] == 1:
        if not title or normalize_title(first[1]) == normalize_title(title):
            title = first[1]
            blocks = blocks[1:]
    elif first and first[0] == "paragraph" and not title:
        if "\n" not in first[1] and shape.reads_as_title(first[1]):
            title = first[1]
            blocks = blocks[1:]

    return document_from_blocks(blocks, doc_id=doc_id, path=path, title=title, meta=meta)


def has_front_matter(text: str) -> bool:
    return split_front_matter(text)[0] is not None


def split_front_matter(text: str) -> tuple[dict | None, str]:
    """The front matter's fields and the text after it; (None, text) when there is none.

    A block between ``---`` lines counts only when its first line is ``key: ...``, so a
    document that merely opens with a horizontal rule is left alone.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        return None, text
    inner = [line for line in lines[1:end] if line.strip() and not line.lstrip().startswith("#")]
    if inner and not _KEY.match(inner[0]):
        return None, text
    return _fields(inner), "\n".join(lines[end + 1 :])


def _fields(lines: list[str]) -> dict:
    fields: dict[str, object] = {}
    key = None
    for line in lines:
        match = _KEY.match(line)
        if match and not line[0].isspace():
            key, value = match.group(1).lower(), (match.group(2) or "").strip()
            if not value:
                fields[key] = []  # a block list may follow
            elif value in ("|", ">", "|-", ">-", "|+", ">+"):
                fields[key] = ""  # a block scalar follows
            elif value.startswith("[") and value.endswith("]"):
                fields[key] = [_scalar(v) for v in value[1:-1].split(",") if v.strip()]
            else:
                fields[key] = _scalar(value)
            continue
        item = _ITEM.match(line)
        if key and item and isinstance(fields.get(key), list):
            fields[key].append(_scalar(item.group(1)))
        elif key and line[0].isspace() and isinstance(fields.get(key), str):
            fields[key] = (str(fields[key]) + " " + line.strip()).strip()
    return {k: ("" if v == [] else v) for k, v in fields.items()}


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return re.sub(r"\s+#.*$", "", value)


# Markdown longer than this is parsed a piece at a time (see ``_pieces``).
# markdown-it keeps a token object per heading, paragraph and inline run: a file
# of 100,000 headings (3 MB) held 600,000 tokens, 300 MB, all at once.
PIECE_CHARS = 256 * 1024
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX_START = re.compile(r"#{1,6}(?:[ \t]|$)")


def _pieces(body: str, size: int = PIECE_CHARS) -> list[str]:
    """``body`` cut, past ``size`` characters, before a heading that opens a line after a blank one.

    Outside a fence and an HTML comment, such a heading starts a block whatever
    came before it (lists, quotes and paragraphs end at a blank line followed by
    an unindented heading), so each piece parses as it would in the whole. Only
    reference links defined in another piece are left as written.
    """
    if len(body) <= size:
        return [body]
    pieces: list[str] = []
    lines = body.split("\n")
    start = 0  # index of the first line of the current piece
    length = 0
    fence = ""
    comment = False
    previous_blank = True
    for index, line in enumerate(lines):
        if (
            length >= size
            and previous_blank
            and not fence
            and not comment
            and _ATX_START.match(line)
        ):
            pieces.append("\n".join(lines[start:index]))
            start, length = index, 0
        length += len(line) + 1
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) and not line[opened.end():].strip():
                fence = ""
        elif opened:
            fence = opened.group(1)
        elif comment:
            comment = "-->" not in line
        elif "<!--" in line:
            comment = "-->" not in line[line.index("<!--") :]
        previous_blank = not line.strip()
    pieces.append("\n".join(lines[start:]))
    return pieces


def _blocks(body: str) -> list[tuple[str, str, int]]:
    """(kind, text, heading level) in reading order; kind is heading/paragraph/code."""
    blocks: list[tuple[str, str, int]] = []
    for piece in _pieces(body):
        _piece_blocks(piece, blocks)
    return [b for b in blocks if b[1].strip()]


def _piece_blocks(body: str, blocks: list[tuple[str, str, int]]) -> None:
    pending_prefix = ""
    row: list[str] | None = None
    env: dict = {}
    parser = _NO_TABLES if body.count("|") > MAX_TABLE_BARS else _BLOCKS_ONLY
    tokens = parser.parse(body, env)
    if tokens and max(token.level for token in tokens) >= NESTING - 2:
        _plain_blocks(body, blocks)  # nested deeper than the parser follows
        return

    def _inline_text(token) -> str:
        return _inline(token, env)
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            inline = tokens[index + 1]
            blocks.append(("heading", _inline_text(inline), int(token.tag[1])))
        elif kind == "list_item_open":
            marker = f"{token.info}{token.markup}" if token.info else "-"
            pending_prefix = marker + " "
        elif kind == "list_item_close":
            pending_prefix = ""
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            blocks.append(("paragraph", " | ".join(row), 0))
            row = None
        elif kind == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            if row is not None:
                row.append(_inline_text(token))
        elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
            blocks.append(("paragraph", pending_prefix + _inline_text(token), 0))
            pending_prefix = ""
        elif kind in ("fence", "code_block"):
            blocks.append(("code", token.content, 0))
        elif kind == "html_block":
            words = _strip_tags(token.content)
            if words:
                blocks.append(("paragraph", words, 0))


def _plain_blocks(body: str, blocks: list[tuple[str, str, int]]) -> None:
    """Paragraphs at blank lines, quote and list markers dropped: every word, none of the structure."""
    for paragraph in re.split(r"\n[ \t>]*\n", body):
        text = " ".join(_MARKERS.sub("", line).strip() for line in paragraph.splitlines())
        if text.strip():
            blocks.append(("paragraph", " ".join(text.split()), 0))


def _inline(token, env: dict) -> str:
    """The text of an inline run (heading, paragraph, table cell) without its syntax."""
    content = token.content
    if not _INLINE_SYNTAX.search(content):
        return content.strip()  # what the inline rules make of it: one text token
    children: list = []
    _MARKDOWN.inline.parse(content, _MARKDOWN, env, children)
    token.children = children
    return _inline_text(token)


def _inline_text(token) -> str:
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type == "html_inline" and re.match(r"<br\b", child.content, re.IGNORECASE):
            parts.append("\n")
    return "".join(parts).strip()


def _strip_tags(markup: str) -> str:
    markup = re.sub(r"<!--.*?(?:-->|$)", " ", markup, flags=re.DOTALL)
    code = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.DOTALL | re.IGNORECASE)
    markup = code.sub(" ", markup)
    return html.unescape(" ".join(re.sub(r"<[^>]*>", " ", markup).split()))
