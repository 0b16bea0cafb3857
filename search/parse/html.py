"""HTML -> Document, with the standard library's forgiving ``html.parser``.

Saved pages are rarely valid, so nothing here needs well-formed markup: unclosed
paragraphs end at the next block, a heading ends when a block starts inside it, and
entities are decoded by the parser. What is kept and what is not:

- ``<title>`` (else ``og:title``, else the first ``<h1>``) is the title; ``<meta>``
  author, date, keywords and their ``og:``/``article:`` kin fill the metadata.
- h1-h6 are sections of their level; p, li, blockquote, pre, td/th, dd/dt and text
  between blocks are paragraphs; ``<figcaption>`` is a caption.
- script, style, nav, noscript, template, svg, iframe and the page's header, footer
  and aside are dropped: they are page furniture, not the document. A ``<header>``
  inside ``<article>`` or ``<main>`` is kept, since it holds the article's own title.
- A first ``<h1>`` that repeats the title (or that ``<title>`` starts with, as in
  "Title | Site") is the title and not a section; ``<title>`` then gives way to it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from search.model import Document, normalize_title
from search.parse.sections import document_from_blocks
from search.parse.sidecar import Metadata, split_names

_DROPPED = frozenset("script style nav noscript template svg iframe object canvas select".split())
_BANNERS = frozenset("header footer aside".split())
_CONTENT = frozenset("article main".split())
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset(
    """p div section article main li ul ol dl dt dd blockquote pre table tr td th
    thead tbody tfoot caption figure figcaption h1 h2 h3 h4 h5 h6 hr form fieldset
    address details summary body html header footer aside center menu legend""".split()
)
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
_BREAK = None  # a <br> inside the text buffer


class _PageReader(HTMLParser):
    """Walks the markup once, collecting (kind, text, level) blocks and metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, int]] = []
        self.meta: dict[str, list[str]] = {}
        self.title_parts: list[str] = []
        self._buffer: list[str | None] = []
        self._dropping: list[str] = []
        self._content_depth = 0
        self._in_title = False
        self._heading = 0
        self._caption = 0
        self._pre = 0

    # -- tags ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._dropping:
            if tag in _DROPPED or tag in _BANNERS:
                self._dropping.append(tag)
            return
        if tag in _DROPPED or (tag in _BANNERS and not (tag == "header" and self._content_depth)):
            self._flush()
            self._dropping.append(tag)
            return
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            self._read_meta(dict(attrs))
        elif tag == "link":
            values = dict(attrs)
            if (values.get("rel") or "").lower() == "canonical" and values.get("href"):
                self.meta.setdefault("canonical", []).append(values["href"] or "")
        elif tag == "br":
            self._buffer.append(_BREAK)
        if tag in _BLOCKS:
            self._in_title = False  # an unclosed <title> must not swallow the page
            self._flush()
            self._heading = _HEADINGS.get(tag, 0)
            if tag == "figcaption":
                self._caption += 1
            elif tag == "pre":
                self._pre += 1
            elif tag in _CONTENT:
                self._content_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED or tag in _BANNERS:
            return  # an empty <svg/> or <nav/> drops nothing
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self._dropping:
            if tag in self._dropping:
                while self._dropping and self._dropping.pop() != tag:
                    pass
            return
        if tag == "title":
            self._in_title = False
        if tag in _BLOCKS:
            self._flush()
            self._heading = 0
            if tag == "figcaption":
                self._caption = max(0, self._caption - 1)
            elif tag == "figure":
                self._caption = 0
            elif tag == "pre":
                self._pre = max(0, self._pre - 1)
            elif tag in _CONTENT:
                self._content_depth = max(0, self._content_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._dropping:
            return
        if self._in_title:
            self.title_parts.append(data)
        else:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._dropping.clear()
        self._flush()

    # -- helpers --------------------------------------------------------------
    def _read_meta(self, attrs: dict[str, str | None]) -> None:
        key = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        field = _META_FIELDS.get(key)
        content = (attrs.get("content") or "").strip()
        if field and content:
            self.meta.setdefault(field, []).append(content)

    def _flush(self) -> None:
        pieces, self._buffer = self._buffer, []
        if self._pre:
            text = "".join(p if p is not None else "\n" for p in pieces)
            if text.strip():
                self.blocks.append(("code", text.strip("\n"), 0))
            return
        lines: list[str] = []
        current: list[str] = []
        for piece in pieces + [_BREAK]:
            if piece is None:
                lines.append(" ".join("".join(current).split()))
                current = []
            else:
                current.append(piece)
        text = "\n".join(line for line in lines if line)
        if not text:
            return
        if self._caption:
            self.blocks.append(("caption", text, 0))
        elif self._heading:
            self.blocks.append(("heading", " ".join(text.split()), self._heading))
        else:
            self.blocks.append(("paragraph", text, 0))


def parse(text: str, *, doc_id: str, path: str, meta: Metadata) -> Document:
    reader = _PageReader()
    reader.feed(text)
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
    title, blocks = _title(sidecar_title, meta.title or page_title, reader.blocks)

    return document_from_blocks(blocks, doc_id=doc_id, path=path, title=title, meta=meta)


def _title(
    sidecar_title: str, title: str, blocks: list[tuple[str, str, int]]
) -> tuple[str, list[tuple[str, str, int]]]:
    """The title, and the blocks without a first <h1> that only repeats it."""
    first = blocks[0] if blocks else None
    if not first or first[0] != "heading" or first[2] != 1:
        return title, blocks
    h1 = normalize_title(first[1])
    if not title:
        return first[1], blocks[1:]
    if normalize_title(title) == h1:
        return title, blocks[1:]
    if not sidecar_title and h1 and normalize_title(title).startswith(h1 + " "):
        return first[1], blocks[1:]  # "<title>Article | Site</title>" then "<h1>Article</h1>"
    return title, blocks


def _first(found: dict[str, list[str]], key: str) -> str:
    values = found.get(key)
    return values[0] if values else ""
