"""HTML -> Document, with the standard library's forgiving ``html.parser``, in one pass.

Saved pages are rarely valid, so nothing here needs well-formed markup: an end tag
closes the element it names and whatever was left open inside it, a paragraph or
heading ends when a block starts in it, a list item, cell or row ends at the next
one, and entities are decoded by the parser. What is kept and what is not:

- Site chrome is dropped as its start tag is read (`html_chrome`): navigation,
  sidebars, "previous / next topic", search boxes, breadcrumbs, cookie and share
  furniture, footers, scripts and styles. When the page marks where its document is
  (``<main>``, ``role="main"``, ``<article>``, Sphinx's ``div.body``), what lies
  outside is left out too, unless that would leave almost nothing; a page header is
  kept only when it holds the page's ``<h1>`` and the content has none.
- h1-h6 are sections of their level, without their permalink marks ("¶",
  ``a.headerlink``). Paragraphs, asides, footnotes, admonitions (with their "Note"
  title) and dd are paragraphs; ``<figcaption>`` is a caption.
- Blocks carry marks (`search.model.Mark`): ``<pre>`` is code (with the language its
  classes name), a ``<table>`` is one block of rows (cells joined by a tab), ``<li>``
  an item with its depth and marker, ``<blockquote>`` a quote, ``<dt>`` a term;
  inline ``<code>`` (and tt, kbd, samp, Sphinx's ``span.pre``) is inline code and
  ``<a href>`` a link to the target as written (not the page's own ``#`` anchors).
- The title is the page's own ``<h1>`` when ``<title>`` (or ``og:title``) contains
  it or the page has no title; else the title without its site suffix
  (" — Python 3.11 documentation", " | Site"). ``<meta>`` author, date, keywords and
  their ``og:``/``article:`` kin fill the metadata.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from search.model import Document, normalize_title
from search.parse import html_chrome as chrome
from search.parse.html_text import InlineText
from search.parse.sections import document_from_blocks
from search.parse.sidecar import Metadata, split_names

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr keygen".split())
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset(
    """p div section article main li ul ol dl dt dd blockquote pre table tr td th
    thead tbody tfoot caption figure figcaption h1 h2 h3 h4 h5 h6 form fieldset
    address details summary body html header footer aside center menu legend nav""".split()
)
_INLINE_CODE = frozenset("code tt kbd samp".split())
# Elements a paragraph or heading may hold; any other start tag ends an open one.
_PHRASING = frozenset(
    """a abbr b bdi bdo cite code data dfn em font i kbd mark q s samp small span strong sub
    sup time tt u var del ins label""".split()
)
# Phrasing elements that, without attributes, change nothing but the text's style.
_PLAIN = _PHRASING - _INLINE_CODE - {"a"}
_IMPLIED_ENDS = frozenset("li dt dd tr td th thead tbody tfoot".split())
_ADMONITIONS = frozenset("note tip warning caution important danger attention hint".split())
_LANGUAGE = re.compile(r"(?:^|\s)(?:highlight|language|lang|brush:)[-\s]?([\w+#.-]+)|(?:^|\s)sourcecode\s+([\w+#.-]+)")
_NO_LANGUAGE = frozenset(("default", "none", "text", "plain", "plaintext", "notranslate"))
# What separates a <title> from the site it names: " — Python 3.11 documentation", " | Site".
_SITE_SEPARATORS = (" | ", " — ", " – ", " · ", " » ", " :: ", " - ")
_META_FIELDS = {
    "author": "author",
    "article:author": "author",
    "dc.creator": "author",
    "date": "date",
    "article:published_time": "date",
    "og:published_time": "date",
    "dc.date": "date",
    "citation_publication_date": "date",
    "keywords": "keywords",
    "article:tag": "keywords",
    "og:title": "og_title",
    "og:url": "url",
}

# A block as read: (kind, text, level, info, inline marks, inside the content, header region or -1)
_Read = tuple[str, str, int, str, tuple, bool, int]


class _Table:
    """Rows of one table as they are read; each cell is its text and inline marks."""

    __slots__ = ("rows", "row", "header", "first_row_th", "cell_th", "in_cell")

    def __init__(self) -> None:
        self.rows: list[list[tuple[str, tuple]]] = []
        self.row: list[tuple[str, tuple]] | None = None
        self.header = False
        self.first_row_th = True
        self.cell_th = False
        self.in_cell = False

    def block(self) -> tuple[str, tuple]:
        """One line per row, cells joined by a tab, with the cells' marks placed in it."""
        lines: list[str] = []
        marks: list[tuple] = []
        at = 0
        for row in self.rows:
            if not any(text for text, _ in row):
                continue
            if lines:
                at += 1
            for index, (text, own) in enumerate(row):
                if index:
                    at += 1
                marks.extend((s + at, e + at, k, i) for s, e, k, i in own)
                at += len(text)
            lines.append("\t".join(text for text, _ in row))
        return "\n".join(lines), tuple(marks)


class _PageReader(HTMLParser):
    """Walks the markup once, collecting blocks (with where they stood) and metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.read: list[_Read] = []
        self.meta: dict[str, list[str]] = {}
        self.title_parts: list[str] = []
        self.titled_headers: set[int] = set()
        # open elements: (tag, what opening them changed, to undo when they close)
        self._stack: list[tuple[str, tuple]] = []
        self._drop = 0
        self._content = 0
        self._header = -1
        self._headers = 0
        self._text = InlineText()
        self._raw: list[str] = []
        self._in_title = False
        self._heading = 0
        self._caption = 0
        self._pre = 0
        self._language = ""
        self._context: list[list] = []  # [kind, info, marker still to write]
        self._lists: list[list] = []  # [ordered, last number]
        self._tables: list[_Table] = []
        self._inner_tables = 0
        self._keys = 0
        self._icode = 0
        self._ids: list[str] = []  # ids met since the last block: anchors of what comes next

    def updatepos(self, i: int, j: int) -> int:
        """Line and column bookkeeping skipped: nothing here reports positions, and it cost 8% of a parse."""
        return j

    # -- tags ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _PHRASING:
            if self._drop:
                self._stack.append((tag, ()))
            else:
                self._start_inline(tag, attrs)
            return
        if tag in _VOID:
            self._void(tag, attrs)
            return
        if self._drop:
            self._stack.append((tag, ()))
            return
        values = dict(attrs)
        self._note_id(tag, values)
        verdict = chrome.judge(tag, values, self._content > 0)
        block = tag in _BLOCKS
        if block:
            self._in_title = False  # an unclosed <title> must not swallow the page
            self._close_open_paragraph()
        if tag in _IMPLIED_ENDS:
            self._close_implied(tag)
        if verdict == chrome.DROP:
            if block:
                self._boundary()
            self._drop += 1
            self._stack.append((tag, ("drop",)))
            return
        effects: list = []
        if verdict == chrome.CONTENT:
            self._content += 1
            effects.append("content")
        elif verdict == chrome.HEADER and not self._content and self._header < 0:
            self._boundary()
            self._header = self._headers
            self._headers += 1
            effects.append("header")
        if tag == "title":
            self._in_title = True
            effects.append("title")
        elif block:
            self._start_block(tag, values, effects)
        self._stack.append((tag, tuple(effects) if effects else ()))

    def _start_inline(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Phrasing elements, the most frequent by far: links, inline code, or nothing to do."""
        if not attrs:
            if tag in _INLINE_CODE:
                self._start_code(tag, None)
            else:
                self._stack.append((tag, ()))
            return
        if len(attrs) == 1 and attrs[0][0] == "class":  # Sphinx's many <span class="pre">
            classes = attrs[0][1]
            key = (tag, classes)
            kind = _CLASSED.get(key)
            if kind is None:
                if len(_CLASSED) > 4096:
                    _CLASSED.clear()
                kind = _CLASSED[key] = _inline_kind(tag, classes, {"class": classes})
        else:
            values = dict(attrs)
            self._note_id(tag, values)
            classes = values.get("class")
            kind = _inline_kind(tag, classes, values)
            if kind == "link":
                href = values.get("href")
                if href and not href.startswith("#") and not href.lower().startswith("javascript:"):
                    self._stack.append((tag, (("link", self._open_mark("link", href)),)))
                    return
        if kind == "code":
            self._start_code(tag, classes)
        elif kind == "drop":
            self._drop += 1
            self._stack.append((tag, ("drop",)))
        else:
            self._stack.append((tag, ()))

    def _start_code(self, tag: str, classes: str | None) -> None:
        if self._pre:
            if tag == "code" and not self._language:
                self._language = _language(classes)
        elif not self._icode:
            self._icode += 1
            self._stack.append((tag, (("icode", self._open_mark("icode", "")),)))
            return
        self._stack.append((tag, ()))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            if tag == "br" and not self._drop:
                self._void(tag, [])
            return
        stack = self._stack
        if stack and stack[-1][0] == tag:  # the commonest case: well-formed markup
            effects = stack.pop()[1]
            if effects:
                self._undo(effects)
            return
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][0] == tag:
                break
        else:
            return  # a stray end tag closes nothing
        while len(self._stack) > index:
            self._undo(self._stack.pop()[1])

    def handle_data(self, data: str) -> None:
        if self._drop:
            return
        if self._in_title:
            self.title_parts.append(data)
        elif self._pre and not self._tables:
            self._raw.append(data)
        else:
            self._text.add(data)

    def close(self) -> None:
        super().close()
        while self._stack:
            self._undo(self._stack.pop()[1])
        self._flush()

    # -- opening and closing ------------------------------------------------
    def _void(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._read_meta(dict(attrs))
        elif tag == "link":
            values = dict(attrs)
            if (values.get("rel") or "").lower() == "canonical" and values.get("href"):
                self.meta.setdefault("canonical", []).append(values["href"] or "")
        elif self._drop:
            return
        elif tag == "br":
            if self._pre and not self._tables:
                self._raw.append("\n")
            elif self._tables:
                self._text.space()
            else:
                self._text.line_break()
        elif tag == "hr":
            self._boundary()

    def _start_block(self, tag: str, values: dict[str, str | None], effects: list) -> None:
        if self._tables:
            self._start_in_table(tag, values, effects)
            return
        self._flush()
        level = _HEADINGS.get(tag)
        if level:
            self._heading = level
            effects.append("heading")
        elif tag == "li":
            if not self._lists:
                self._lists.append([False, 0])
                effects.append("list")
            frame = self._lists[-1]
            number = values.get("value")
            frame[1] = int(number) if number and number.isdigit() else frame[1] + 1
            marker = f"{frame[1]}." if frame[0] else "•"
            self._context.append(["item", str(len(self._lists)), marker])
            effects.append("context")
        elif tag in ("ul", "ol", "menu"):
            start = values.get("start")
            first = int(start) - 1 if tag == "ol" and start and start.lstrip("-").isdigit() else 0
            self._lists.append([tag == "ol", first])
            effects.append("list")
        elif tag == "blockquote":
            self._context.append(["quote", "", ""])
            effects.append("context")
        elif tag == "dt":
            self._context.append(["term", "", ""])
            effects.append("context")
        elif tag == "dd":
            self._context.append(["paragraph", "", ""])
            effects.append("context")
        elif tag == "pre":
            self._pre += 1
            if self._pre == 1:
                self._language = _language(values.get("class")) or self._language_around()
            effects.append("pre")
        elif tag == "figcaption":
            self._caption += 1
            effects.append("caption")
        elif tag == "table":
            if _is_layout(values, self._stack):
                effects.append("block")
            else:
                self._tables.append(_Table())
                effects.append("table")
            return
        elif tag == "figure":
            effects.append("figure")
        effects.append("block")
        if tag == "div":
            effects.append(("classes", values.get("class") or ""))

    def _start_in_table(self, tag: str, values: dict[str, str | None], effects: list) -> None:
        """Inside a table, only its own rows and cells are structure; other blocks are spaces."""
        table = self._tables[-1]
        if tag == "table":
            self._inner_tables += 1
            effects.append("inner")
        elif self._inner_tables:
            pass
        elif tag == "tr":
            self._end_row(table)
            table.row = []
            effects.append("row")
            return
        elif tag in ("td", "th"):
            self._end_cell(table)
            self._text.take()  # stray text between cells is not a cell
            if table.row is None:
                table.row = []
            table.in_cell = True
            table.cell_th = tag == "th"
            effects.append("cell")
            return
        elif tag == "thead":
            table.header = True
        elif tag == "caption":
            self._text.take()
            effects.append("table caption")
            return
        self._text.space()
        effects.append("space")

    def _undo(self, effects: tuple) -> None:
        for effect in reversed(effects):
            if type(effect) is tuple:  # an inline mark: (kind, key)
                self._text.close_mark(effect[1])
                if effect[0] == "icode":
                    self._icode -= 1
            elif effect == "drop":
                self._drop -= 1
            elif effect == "block":
                self._boundary()
            elif effect == "space":
                self._text.space()
            elif effect == "content":
                self._content -= 1
            elif effect == "header":
                self._boundary()
                self._header = -1
            elif effect == "heading":
                self._flush()
                self._heading = 0
            elif effect == "context":
                self._flush()
                self._context.pop()
            elif effect == "list":
                self._flush()
                self._lists.pop()
            elif effect == "pre":
                self._flush()
                self._pre -= 1
                if not self._pre:
                    self._language = ""
            elif effect == "caption":
                self._flush()
                self._caption -= 1
            elif effect == "figure":
                self._flush()
                self._caption = 0
            elif effect == "table":
                self._end_table()
            elif effect == "inner":
                self._inner_tables -= 1
                self._text.space()
            elif effect == "row":
                self._end_row(self._tables[-1])
            elif effect == "cell":
                self._end_cell(self._tables[-1])
            elif effect == "table caption":
                text, marks = self._text.take()
                self._emit("paragraph", text, 0, "", marks)
            elif effect == "title":
                self._in_title = False

    def _close_open_paragraph(self) -> None:
        """A block starting inside an open <p> or heading ends it, as browsers do."""
        for index in range(len(self._stack) - 1, -1, -1):
            tag = self._stack[index][0]
            if tag == "p" or tag in _HEADINGS:
                while len(self._stack) > index:
                    self._undo(self._stack.pop()[1])
                return
            if tag not in _PHRASING:
                return

    def _close_implied(self, tag: str) -> None:
        """An <li>, <dt>/<dd>, <tr>, <td>/<th> or table section ends the open one of its kind."""
        if tag == "li":
            names, bounds = ("li",), ("ul", "ol", "menu", "table")
        elif tag in ("dt", "dd"):
            names, bounds = ("dt", "dd"), ("dl", "table")
        elif tag == "tr":
            names, bounds = ("tr",), ("table",)
        elif tag in ("td", "th"):
            names, bounds = ("td", "th"), ("tr", "table")
        elif tag in ("thead", "tbody", "tfoot"):
            names, bounds = ("thead", "tbody", "tfoot"), ("table",)
        else:
            return
        for index in range(len(self._stack) - 1, -1, -1):
            open_tag = self._stack[index][0]
            if open_tag in names:
                while len(self._stack) > index:
                    self._undo(self._stack.pop()[1])
                return
            if open_tag in bounds:
                return

    # -- tables ---------------------------------------------------------------
    def _end_cell(self, table: _Table) -> None:
        if not table.in_cell:
            return
        table.in_cell = False
        text, marks = self._text.take()
        if table.row is None:
            table.row = []
        if len(table.rows) == 0 and not table.cell_th:
            table.first_row_th = False
        table.row.append((" ".join(text.split()) if "\n" in text else text, marks))
        table.cell_th = False

    def _end_row(self, table: _Table) -> None:
        self._end_cell(table)
        if table.row:
            table.rows.append(table.row)
        table.row = None

    def _end_table(self) -> None:
        table = self._tables[-1]
        self._end_row(table)
        self._tables.pop()
        text, marks = table.block()
        header = table.header or (table.first_row_th and len(table.rows) > 1)
        if "\t" not in text and "\n" not in text:
            self._emit("paragraph", text, 0, "", marks)  # one cell: a boxed paragraph
        else:
            self._emit("table", text, 0, "header" if header else "", marks)

    # -- blocks -------------------------------------------------------------
    def _boundary(self) -> None:
        if self._tables:
            self._text.space()
        else:
            self._flush()

    def _flush(self) -> None:
        if not self._text.size and not self._pre or self._tables:
            return
        if self._pre:
            text = "".join(self._raw).strip("\n")
            self._raw = []
            if text.strip():
                self._emit("code", text, 0, self._language, ())
            return
        if not self._text:
            return
        text, marks = self._text.take()
        if not text:
            return
        if self._caption:
            self._emit("caption", text, 0, "", ())
        elif self._heading:
            title = chrome.PERMALINK.sub("", " ".join(text.split()))
            if title:
                self._emit("heading", title, self._heading, "", ())
        elif chrome.is_chrome_line(text):
            return
        elif self._context and self._context[-1][0] != "paragraph":
            context = self._context[-1]
            if context[2]:
                prefix = context[2] + " "
                context[2] = ""
                text = prefix + text
                marks = tuple((s + len(prefix), e + len(prefix), k, i) for s, e, k, i in marks)
            self._emit(context[0], text, 0, context[1], marks)
        else:
            self._emit("paragraph", text, 0, "", marks)

    def _note_id(self, tag: str, values: dict) -> None:
        """An element's id (or an ``<a name>``): where a link's ``#anchor`` may point."""
        anchor = values.get("id") or (values.get("name") if tag == "a" else None)
        if anchor and len(self._ids) < 64:
            self._ids.append(anchor.strip())

    def _emit(self, kind: str, text: str, level: int, info: str, marks: tuple) -> None:
        if not text:
            return
        region = -1 if self._content else self._header
        if kind == "heading" and level == 1 and region >= 0:
            self.titled_headers.add(region)
        block = (kind, text, level, info, marks, self._content > 0, region)
        if kind == "heading":  # <section id><h2 id>: the ids name the section the heading opens
            self.read.append(block)
        anchors = [("anchor", a, 0, "", (), self._content > 0, region) for a in dict.fromkeys(self._ids) if a]
        self._ids.clear()
        self.read.extend(anchors)
        if kind != "heading":  # an id met before a paragraph names the section it is in
            self.read.append(block)

    # -- helpers --------------------------------------------------------------
    def _open_mark(self, kind: str, info: str) -> int:
        self._keys += 1
        self._text.open_mark(self._keys, kind, info)
        return self._keys

    def _language_around(self) -> str:
        """The language named by the classes of the blocks around a <pre> (Sphinx's highlight-python3)."""
        for _, effects in reversed(self._stack[-3:]):
            for effect in effects:
                if isinstance(effect, tuple) and effect[0] == "classes":
                    language = _language(effect[1])
                    if language:
                        return language
        return ""

    def _read_meta(self, attrs: dict[str, str | None]) -> None:
        key = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        field = _META_FIELDS.get(key)
        content = (attrs.get("content") or "").strip()
        if field and content:
            self.meta.setdefault(field, []).append(content)


_CLASSED: dict[tuple[str, str | None], str] = {}


def _inline_kind(tag: str, classes: str | None, values: dict[str, str | None]) -> str:
    """"drop" (chrome), "code" (inline code), "link" (an <a>), or "" for a phrasing element."""
    if chrome.judge_inline(tag, classes, values):
        return "drop"
    if tag == "a":
        return "link"
    if tag in _INLINE_CODE or (tag == "span" and classes and "pre" in classes.split()):
        return "code"
    return ""


def _language(classes: str | None) -> str:
    """The language a code block's classes name ("highlight-python3", "language-rust", "sourceCode python")."""
    if not classes:
        return ""
    match = _LANGUAGE.search(classes.lower())
    if not match:
        return ""
    language = match.group(1) or match.group(2) or ""
    return "" if language in _NO_LANGUAGE else language


def _is_layout(values: dict[str, str | None], stack: list) -> bool:
    """A table used for layout, not data: role=presentation, or DocBook's admonition box."""
    if (values.get("role") or "").lower() in ("presentation", "none"):
        return True
    summary = (values.get("summary") or "").strip().lower()
    return summary in _ADMONITIONS


def _kept(reader: _PageReader) -> list[tuple[str, str, int, str, tuple]]:
    """The blocks of the document: the content when the page marks it, and its titled header."""
    read = reader.read
    total = sum(len(b[1]) for b in read if b[0] != "anchor")
    inside = sum(len(b[1]) for b in read if b[5] and b[0] != "anchor")
    use_content = inside > 0 and inside * 5 >= total
    content_h1 = any(b[0] == "heading" and b[2] == 1 and b[5] for b in read)
    kept = []
    for kind, text, level, info, marks, in_content, region in read:
        if in_content:
            keep = True
        elif region >= 0:
            keep = region in reader.titled_headers and not (use_content and content_h1)
        else:
            keep = not use_content
        if keep:
            kept.append((kind, text, level, info, marks))
    return kept


# A highlighted code block is a span per token, and Sphinx wraps each word of inline
# code in a ``<span class="pre">``: a third of all the tags of Python's
# documentation, each one a trip through the tokenizer and our handlers for
# something the code element already says. Where every span of a ``<pre>`` or a
# ``<code>`` is a bare ``<span>`` or ``<span class="...">``, the spans go before
# parsing; one with anything else in a span (line numbers, hidden text) is parsed
# as it is.
_PRE_BLOCK = re.compile(r"<(pre|code)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_SPAN_OPEN = re.compile(r"<span\b", re.IGNORECASE)
_PLAIN_SPAN = re.compile(r"</span\s*>|<span(?:\s+class=\"[^\"<>]*\")?\s*>", re.IGNORECASE)


def _without_code_spans(text: str) -> str:
    if "<pre" not in text and "<code" not in text and "<PRE" not in text and "<CODE" not in text:
        return text
    return _PRE_BLOCK.sub(_plain_block, text)


def _plain_block(match: re.Match) -> str:
    block = match.group()
    if "lineno" in block or not _SPAN_OPEN.search(block):
        return block
    plain = _PLAIN_SPAN.sub("", block)
    return plain if not _SPAN_OPEN.search(plain) else block


def parse(text: str, *, doc_id: str, path: str, meta: Metadata) -> Document:
    reader = _PageReader()
    reader.feed(_without_code_spans(text))
    reader.close()
    found = reader.meta
    page_meta = Metadata.from_dict(
        {
            "title": _first(found, "og_title"),
            "url": _first(found, "url") or _first(found, "canonical"),
            "date": _first(found, "date"),
            "authors": [name for value in found.get("author", []) for name in split_names(value)],
            "topics": [t for v in found.get("keywords", []) for t in re.split(r"\s*[,;]\s*", v)],
        }
    )
    sidecar_title = meta.title
    meta = meta.over(page_meta)
    page_title = " ".join("".join(reader.title_parts).split())
    title, blocks = _title(sidecar_title, meta.title or page_title, _kept(reader))
    return document_from_blocks(blocks, doc_id=doc_id, path=path, title=title, meta=meta)


def _title(sidecar_title: str, title: str, blocks: list) -> tuple[str, list]:
    """The title, and the blocks without the page's <h1> when it is the title.

    The page's own first heading, when it is an <h1>, is its title if the page
    has no other, or if the other contains it ("json — JSON encoder and decoder —
    Python 3.11 documentation" holds "json — JSON encoder and decoder"). A sidecar's
    title always wins. Otherwise ``<title>`` loses its site suffix.
    """
    at = next((i for i, b in enumerate(blocks) if b[0] == "heading"), None)
    h1 = blocks[at][1] if at is not None and blocks[at][2] == 1 else ""
    key = normalize_title(h1) if h1 else ""
    without = blocks[:at] + blocks[at + 1 :] if h1 else blocks
    if sidecar_title:
        return sidecar_title, without if key and normalize_title(sidecar_title) == key else blocks
    if h1 and key:
        if not title:
            return h1, without
        whole = normalize_title(title)
        if whole == key or f" {key} " in f" {whole} ":
            return h1, without
        if at == 0 and f" {whole} " in f" {key} ":
            return h1, without  # "git-add(1)" and its page's "git-add(1) Manual Page"
    return _without_site(title), blocks


def _without_site(title: str) -> str:
    """``title`` without a last part naming the site (short; at most four words after " - ")."""
    for separator in _SITE_SEPARATORS:
        if separator in title:
            head, site = title.rsplit(separator, 1)
            if len(head.strip()) >= 3 and len(site) <= 60 and (separator != " - " or len(site.split()) <= 4):
                return head.strip()
            return title
    return title


def _first(found: dict[str, list[str]], key: str) -> str:
    values = found.get(key)
    return values[0] if values else ""
