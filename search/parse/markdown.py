"""Markdown (CommonMark, with tables and YAML front matter) -> Document.

markdown-it-py does the block parsing (it is already installed as a dependency of
rich), so ATX and setext headings, fenced code (a ``# comment`` inside a fence is
code, not a heading), lists and tables are read the way Markdown renderers read them.
Body text keeps its words and loses its syntax: emphasis markers go, ``[text](url)``
becomes ``text`` with a link mark holding the target as written, inline code gets
an icode mark, an image becomes its alt text. The blocks keep what they were
(see ``search.model.Mark``): fenced and indented code with the fence's language,
tables as rows of tab-separated cells, list items with their depth and a "•" or
"3." marker, block quotes.

HTML inside Markdown is read with the standard library's ``html.parser``: its tags
go, its text stays, and the attribute values written for readers (``caption``,
``title``, ``alt``, ``aria-label``) are kept as text, so the Rust book's
``<Listing number="2-1" caption="...">`` leaves its caption and nothing of its
syntax. Site generators' directives are not text and are left out before parsing:
mdBook's ``{{#include ...}}`` (and every ``{{#name ...}}``), Hugo's ``{{< ... >}}``
and ``{{% ... %}}``, Liquid's ``{% ... %}``; a leftover ``{{ ... }}`` template tag
is dropped from prose (inside code it stays: tldr-pages writes its placeholders so).

The title is the front matter's (or the sidecar's); else the first heading, of any
level, when it is the first block of the document (badges and logos before it do
not count): it is then the title and not a section, because a page that opens with
a heading means it as the title, and books open their chapters at ``##`` as often
as at ``#``. A heading anywhere else is a section of its level. Without either, the
title is found as for articles (a short first line, else the first sentence).

Front matter is read by hand for the subset documents use (``key: scalar``,
``key: [a, b]`` and ``- item`` lists, quoted strings): no YAML library is needed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token

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
# Link targets as the document wrote them (markdown-it percent-encodes them for HTML).
_MARKDOWN.normalizeLink = lambda url: url  # type: ignore[method-assign]
_MARKDOWN.normalizeLinkText = lambda text: text  # type: ignore[method-assign]
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
_INLINE_SYNTAX = re.compile(r"[\n!&*<>\[\]\\_`~{]")
_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:(?:\s+(.*)|\s*)$")
_ITEM = re.compile(r"\s*-\s+(.*)$")


def parse(text: str, *, doc_id: str, path: str, meta: Metadata) -> Document:
    front, body = split_front_matter(text)
    meta = meta.over(Metadata.from_dict(front))
    decorative: set[int] = set()
    blocks = _blocks(without_shortcodes(body), decorative)

    title = meta.title
    at = next((i for i in range(len(blocks)) if i not in decorative), None)
    first = blocks[at] if at is not None else None
    if first and first[0] == "heading":
        if not title or normalize_title(first[1]) == normalize_title(title):
            title = first[1]
            blocks = blocks[:at] + blocks[at + 1 :]
    elif first and first[0] == "paragraph" and not title:
        if "\n" not in first[1] and shape.reads_as_title(first[1]):
            title = first[1]
            blocks = blocks[:at] + blocks[at + 1 :]
        else:
            title = shape.title_from_sentence(first[1])

    return document_from_blocks(blocks, doc_id=doc_id, path=path, title=title, meta=meta)


# Generator directives, never text (see the module's docstring). Bounded, so a
# stray "{{<" cannot make the search run over the rest of a long file.
_DIRECTIVE = r"\{\{#[A-Za-z_][\w-]*\b[^{}\n]{0,500}\}\}|\{\{<.{0,1000}?>\}\}|\{\{%.{0,1000}?%\}\}|\{%.{0,1000}?%\}"
_DIRECTIVES = re.compile(rf"^[ \t]*(?:{_DIRECTIVE})(?:[ \t]*(?:{_DIRECTIVE}))*[ \t]*(?:\n|$)|{_DIRECTIVE}", re.MULTILINE | re.DOTALL)
_TEMPLATE_TAG = re.compile(r"[ \t]*\{\{[^{}\n]{0,200}\}\}")


def without_shortcodes(body: str) -> str:
    """``body`` without site generators' directives; a line that held only directives goes whole."""
    if "{{" not in body and "{%" not in body:
        return body
    return _DIRECTIVES.sub("", body)


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
_TOP_ITEM = re.compile(r"(?:[-+*]|[0-9]{1,9}[.)])[ \t]+\S")  # an item of a list that starts the line
HEADLESS = 4  # pieces past this many times their size with no heading are cut elsewhere (``_pieces``)
LAST_RESORT = 16


def _pieces(body: str, size: int = PIECE_CHARS) -> list[str]:
    """``body`` cut, past ``size`` characters, before a heading that opens a line after a blank one.

    Outside a fence and an HTML comment, such a heading starts a block whatever
    came before it (lists, quotes and paragraphs end at a blank line followed by
    an unindented heading), so each piece parses as it would in the whole. Only
    reference links defined in another piece are left as written.

    A document with no such heading for ``HEADLESS`` times ``size`` (a list of a
    hundred thousand items, a log written as Markdown) is cut too, or markdown-it
    would hold the whole of it as tokens (a 5 MB list: 650 MB and a minute): before
    an unindented line after a blank one (it ends paragraphs, lists and quotes),
    or before an item of a top-level list that follows another (the list goes on
    as a list of its own, its items the same). Past ``LAST_RESORT`` times ``size``
    with neither, before any line out of a fence: a paragraph that long is read as
    two.
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
    previous_item = False
    for index, line in enumerate(lines):
        item = bool(_TOP_ITEM.match(line))
        if length >= size and not fence and not comment and (
            (previous_blank and _ATX_START.match(line))
            or (
                length >= HEADLESS * size
                and ((previous_blank and line[:1] not in ("", " ", "\t")) or (previous_item and item))
            )
            or length >= LAST_RESORT * size
        ):
            pieces.append("\n".join(lines[start:index]))
            start, length = index, 0
        previous_item = item
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


Block = tuple[str, str, int, str, tuple]  # see search.parse.sections.document_from_blocks


def _blocks(body: str, decorative: set[int] | None = None) -> list[Block]:
    """(kind, text, heading level, info, inline marks) in reading order.

    ``decorative`` receives the indexes of blocks that are only images or badges
    (their alt text), which a title is never taken from.
    """
    if decorative is None:
        decorative = set()
    blocks: list[Block] = []
    parsed = 0
    # Small pieces in a long document, so that what the parser is given ends near
    # PARSED_CHARS even where no heading cuts it (a headless piece may be LAST_RESORT
    # times its size).
    size = PIECE_CHARS if len(body) <= PARSED_CHARS else PARSED_CHARS // LAST_RESORT
    for piece in _pieces(body, size=size):
        if parsed < PARSED_CHARS:
            _piece_blocks(piece, blocks, decorative)
            parsed += len(piece)
        else:
            _line_blocks(piece, blocks)
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        if block[1].strip():
            if index in decorative:
                decorative.discard(index)
                decorative.add(len(kept))
            kept.append(block)
        else:
            decorative.discard(index)
    return kept


def _piece_blocks(body: str, blocks: list[Block], decorative: set[int] | None = None) -> None:
    if decorative is None:
        decorative = set()
    env: dict = {}
    parser = _NO_TABLES if body.count("|") > MAX_TABLE_BARS else _BLOCKS_ONLY
    tokens = parser.parse(body, env)
    if tokens and max(token.level for token in tokens) >= NESTING - 2:
        _plain_blocks(body, blocks)  # nested deeper than the parser follows
        return
    lists: list[bool] = []  # per open list, whether it is ordered
    marker: str | None = None  # the marker of the list item whose first paragraph is to come
    quotes = 0
    rows: list[str] | None = None
    row: list[str] = []
    header = False
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            text, _, _ = _inline(tokens[index + 1], env)
            blocks.append(("heading", text.strip(), int(token.tag[1]), "", ()))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
        elif kind == "list_item_open":
            marker = f"{token.info or 1}." if lists and lists[-1] else "\u2022"
        elif kind == "list_item_close":
            marker = None
        elif kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind == "table_open":
            rows, header = [], False
        elif kind == "thead_open":
            header = True
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and rows is not None:
            rows.append("\t".join(row))
        elif kind == "table_close" and rows is not None:
            blocks.append(("table", "\n".join(rows), 0, "header" if header else "", ()))
            rows = None
        elif kind == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            text, _, _ = _inline(token, env)
            row.append(" ".join(text.split()))
        elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
            text, marks, only_images = _inline(token, env)
            if lists:
                prefix = marker + " " if marker else ""
                marker = None
                marks = tuple((s + len(prefix), e + len(prefix), k, i) for s, e, k, i in marks)
                blocks.append(("item", prefix + text, 0, str(len(lists)), marks))
            else:
                if only_images:
                    decorative.add(len(blocks))
                blocks.append(("quote" if quotes else "paragraph", text, 0, "", marks))
        elif kind == "fence":
            blocks.append(("code", token.content, 0, _language(token.info), ()))
        elif kind == "code_block":
            blocks.append(("code", token.content, 0, "", ()))
        elif kind == "html_block":
            for text, only_attributes in _html_text(token.content):
                if only_attributes:
                    decorative.add(len(blocks))
                blocks.append(("paragraph", text, 0, "", ()))


def _language(info: str) -> str:
    """A fence's language: "rust" of "rust,ignore", "python" of "{.python .numberLines}"."""
    match = re.match(r"[\s{.]*([\w+#-]+)", info)
    return match.group(1) if match else ""


# markdown-it reads a list item in about 0.1 ms: a file of 300,000 items took 35 s.
# The first PARSED_CHARS of a document are parsed as Markdown renderers read them;
# the rest, line by line (``_line_blocks``), so any length costs about as much per
# character as plain text.
PARSED_CHARS = 512 * 1024
_ITEM_START = re.compile(r"[ \t]*(?:[-+*]|[0-9]{1,9}[.)])[ \t]+")


def _line_blocks(body: str, blocks: list[Block]) -> None:
    """Headings, fenced code, list items and paragraphs, read a line at a time.

    What a document past its first ``PARSED_CHARS`` is read with: ATX headings open
    sections, fences hold code, an item's lines and a paragraph's lines are joined;
    inline syntax goes as in the parsed part, HTML comments are left out. Setext
    headings, tables, quotes and nesting are not recognised here; no word is lost.
    """
    env: dict = {}
    lines: list[str] = []
    item = False
    fence = ""
    code: list[str] = []
    info = ""

    def inline(content: str) -> InlineRun:
        token = Token("inline", "", 0)
        token.content = content
        return _inline(token, env)

    def flush() -> None:
        if lines:
            text, marks, _ = inline(" ".join(lines))
            if item:
                blocks.append(("item", "\u2022 " + text, 0, "1", tuple((s + 2, e + 2, k, i) for s, e, k, i in marks)))
            else:
                blocks.append(("paragraph", text, 0, "", marks))
            lines.clear()

    comment = False
    for line in body.split("\n"):
        if comment:  # an HTML comment is not text
            comment = "-->" not in line
            continue
        if fence:
            closing = _FENCE.match(line)
            if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence) and not line[closing.end():].strip():
                blocks.append(("code", "\n".join(code) + "\n", 0, info, ()))
                fence, code = "", []
            else:
                code.append(line)
            continue
        opened = _FENCE.match(line)
        if opened:
            flush()
            fence, info = opened.group(1), _language(line[opened.end():])
            continue
        stripped = line.strip()
        if not stripped:
            flush()
            item = False
            continue
        if stripped.startswith("<!--"):
            flush()
            comment = "-->" not in stripped[4:]
            continue
        heading = _ATX_START.match(stripped) if stripped.startswith("#") else None
        if heading:
            flush()
            item = False
            level = len(stripped) - len(stripped.lstrip("#"))
            text = stripped[level:].strip().rstrip("#").strip()
            blocks.append(("heading", inline(text)[0].strip(), level, "", ()))
            continue
        started = _ITEM_START.match(line)
        if started:
            flush()
            item = True
            stripped = line[started.end():].strip()
        lines.append(_MARKERS.sub("", stripped) if not item else stripped)
    flush()
    if fence:
        blocks.append(("code", "\n".join(code) + "\n", 0, info, ()))


def _plain_blocks(body: str, blocks: list[Block]) -> None:
    """Paragraphs at blank lines, quote and list markers dropped: every word, none of the structure."""
    for paragraph in re.split(r"\n[ \t>]*\n", body):
        text = " ".join(_MARKERS.sub("", line).strip() for line in paragraph.splitlines())
        if text.strip():
            blocks.append(("paragraph", " ".join(text.split()), 0, "", ()))


InlineRun = tuple[str, tuple, bool]  # text, inline marks, whether it is only images (a badge row)


# A letter or two in brackets that a word goes on from: tldr-pages marks an option's
# letter so ("E[x]tract a [f]ile", "g[z]ipped"). Without the brackets the word is whole
# again and can be found; a link ("[x](url)"), a task box ("[x] done") or an index
# ("list[i]") is left alone.
_MNEMONIC = re.compile(r"\[([^\W\d_]{1,2})\](?=[^\W\d_])")


def _without_mnemonics(content: str) -> str:
    return _MNEMONIC.sub(r"\1", content) if "[" in content else content


def _inline(token, env: dict) -> InlineRun:
    """The text of an inline run (heading, paragraph, table cell) without its syntax, and its marks."""
    content = _without_mnemonics(token.content)
    if not _INLINE_SYNTAX.search(content):
        return content, (), False  # what the inline rules make of it: one text token
    children: list = []
    token.content = content
    _MARKDOWN.inline.parse(content, _MARKDOWN, env, children)
    token.children = children
    return _inline_text(token)


_WIKILINK = re.compile(r"\[\[([^\[\]\n]+)\]\]")


def _wikilinks(piece: str, size: int, marks: list) -> str:
    """``[[Note]]``, ``[[Note|shown words]]``, ``[[Note#Heading]]`` as their words, each a link mark.

    Note tools (Obsidian, zk, Foam) write links so; the mark keeps the brackets, which
    is how ``doclinks`` knows to match the name as those tools do.
    """
    parts = []
    at = 0
    for match in _WIKILINK.finditer(piece):
        inner = match.group(1)
        name, _, alias = inner.partition("|")
        shown = alias.strip() or " > ".join(part.strip() for part in name.split("#") if part.strip())
        if not shown:
            continue
        parts.append(piece[at : match.start()])
        start = size + sum(len(p) for p in parts)
        parts.append(shown)
        marks.append((start, start + len(shown), "link", f"[[{name.strip()}]]" if not alias else f"[[{name.strip()}|{alias.strip()}]]"))
        at = match.end()
    if not parts:
        return piece
    parts.append(piece[at:])
    return "".join(parts)


def _inline_text(token) -> InlineRun:
    """What ``_inline`` makes of a run whose children the inline pass has made."""
    parts: list[str] = []
    marks: list[tuple[int, int, str, str]] = []
    links: list[tuple[int, str]] = []
    size = 0
    images = words = 0
    for child in token.children or ():
        kind = child.type
        piece = ""
        if kind in ("text", "text_special"):
            piece = child.content
            if "{{" in piece:
                piece = _TEMPLATE_TAG.sub("", piece)
            if "[[" in piece:
                piece = _wikilinks(piece, size, marks)
            words += bool(piece.strip())
        elif kind == "code_inline":
            piece = child.content
            if piece:
                marks.append((size, size + len(piece), "icode", ""))
            words += 1
        elif kind == "softbreak":
            piece = " "
        elif kind == "hardbreak":
            piece = "\n"
        elif kind == "image":
            piece = child.content
            images += 1
        elif kind == "html_inline":
            piece = _html_inline(child.content)
        elif kind == "link_open":
            links.append((size, str(child.attrGet("href") or "")))
        elif kind == "link_close" and links:
            start, target = links.pop()
            if size > start and target:
                marks.append((start, size, "link", target))
        if piece:
            parts.append(piece)
            size += len(piece)
    marks.sort()
    return "".join(parts), tuple(marks), bool(images) and not words


# Attributes whose values are written for readers, and so are text.
READER_ATTRIBUTES = ("caption", "title", "alt", "aria-label")
_BREAKS = frozenset(
    "address article aside blockquote br dd details div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section summary table td th tr ul".split()
)
_UNREAD = frozenset(("script", "style", "template"))
_READER_ATTRIBUTE = re.compile(r"\b(?:caption|title|alt|aria-label)\s*=", re.IGNORECASE)
_ONLY_TAGS = re.compile(r"</?[A-Za-z][^<>]*>")
_CODE_SPAN = re.compile(r"(?<!`)`+(?!`)([^`]+?)`+")


class _HTMLText(HTMLParser):
    """The paragraphs of a piece of HTML: its text, and its reader attributes' values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[list[str], list[bool]]] = [([], [])]  # pieces, whether each is data
        self.unread = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _UNREAD:
            self.unread += 1
            return
        if tag in _BREAKS:
            self.paragraphs.append(([], []))
        for name, value in attrs:
            if name in READER_ATTRIBUTES and value and value.strip():
                # Written in Markdown's inline syntax ("prints `Hello, world!`"): no backticks.
                self._add(_CODE_SPAN.sub(r"\1", value), data=False)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag not in _UNREAD:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _UNREAD:
            self.unread = max(0, self.unread - 1)
        elif tag in _BREAKS:
            self.paragraphs.append(([], []))

    def handle_data(self, data: str) -> None:
        if not self.unread and data.strip():
            self._add(data, data=True)

    def _add(self, text: str, *, data: bool) -> None:
        self.paragraphs[-1][0].append(text)
        self.paragraphs[-1][1].append(data)


def _html_text(markup: str) -> list[tuple[str, bool]]:
    """Each paragraph of an HTML block's text, and whether it is only attribute values (alt text)."""
    markup = re.sub(r"<!--.*?(?:-->|$)", " ", markup, flags=re.DOTALL)
    if "<" not in markup and "&" not in markup:
        return [(" ".join(markup.split()), False)] if markup.strip() else []
    if not _READER_ATTRIBUTE.search(markup) and not _ONLY_TAGS.sub("", markup).strip():
        return []  # tags and nothing else ("</Listing>", '<a id="x"></a>'): no parser needed
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    out = []
    for pieces, data in parser.paragraphs:
        text = " ".join(" ".join(pieces).split())
        if text:
            out.append((text, not any(data)))
    return out


_INLINE_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)", re.ASCII)


def _html_inline(tag: str) -> str:
    """What one inline HTML tag adds to the text: a line break, an image's alt text, or nothing."""
    match = _INLINE_TAG.match(tag)
    if not match or match.group(1):
        return ""
    name = match.group(2).lower()
    if name == "br":
        return "\n"
    if "alt=" in tag or "aria-label=" in tag:
        parser = _HTMLText()
        parser.feed(tag)
        parser.close()
        return " ".join(" ".join(p for pieces, _ in parser.paragraphs for p in pieces).split())
    return ""
