"""Plain text that is not a scraped article -> Document.

Which files land here (see ``search.parse.format_for``): every suffix that is not
``.txt``/``.text`` (sniffed), Markdown, HTML or reStructuredText: ``.log``, ``.csv``,
``.org``, source code, files without a suffix. Their line structure means something (a log
line, a CSV row, a verse), so paragraphs are the blank-line separated blocks with
their lines kept, not re-flowed.

The only headings recognised are underlined ones (reStructuredText and setext style:
a short line, then a line of one repeated ``= - ~ ^ * # +``), since nothing else
marks a heading in plain text without guessing. Levels follow the order in which
underline characters first appear, as reStructuredText defines them. A ``.txt``
file with such headings and no other markup comes here too (AsciiDoc pages such
as git's, release notes), so its underlines are never text.

The title is the first heading when the file opens with one, else a short first
line; lines that open a file without being its title (a date, a URL, a badge, an
XML declaration, a directive: ``lines.is_title_noise``) are passed over, and stay
in the body. Two kinds of Debian file have a shape of their own and their own
reader: machine-readable copyright files (``search.parse.copyright``) and
changelogs (``search.parse.changelog``). A copyright file of the older free form
is titled "Copyright: <package>" too.
"""

from __future__ import annotations

import pathlib
import re
from dataclasses import replace

from search.model import BLOCK_MARKS, Document, Mark, normalize_title
from search.parse import changelog, copyright
from search.parse import lines as shape
from search.parse.sections import document_from_blocks
from search.parse.sidecar import Metadata

_UNDERLINE_CHARS = frozenset("=-~^*#+")


# A URL written out in plain text; the punctuation that ends a sentence after it is not its.
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`]+|\bwww\.[a-z0-9-]+\.[^\s<>\"'`]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)]}>'\""


def with_bare_urls(document: Document) -> Document:
    """Each URL written in the text as a link to itself, so that it can be followed and copied.

    Plain text and scraped articles have no other way to write a link; Markdown (as
    GitHub shows it), reStructuredText and AsciiDoc make a written-out URL a link too.
    Not inside code, nor inside a link already made.
    """
    sections = []
    changed = False
    for section in document.sections:
        if "://" not in section.text and "www." not in section.text:
            sections.append(section)
            continue
        taken = [(m.start, m.end) for m in section.marks if m.kind not in BLOCK_MARKS or m.kind == "code"]
        found = []
        for match in _URL.finditer(section.text):
            start, end = match.start(), match.end()
            while end > start and section.text[end - 1] in _URL_TAIL and not _balanced(section.text[start:end]):
                end -= 1
            url = section.text[start:end]
            if end - start < 8 or any(a < end and start < b for a, b in taken):
                continue
            found.append(Mark(start, end, "link", url if "://" in url else "http://" + url))
        if found:
            changed = True
            marks = tuple(sorted(section.marks + tuple(found), key=lambda m: (m.start, -m.end)))
            section = replace(section, marks=marks)
        sections.append(section)
    return replace(document, sections=tuple(sections)) if changed else document


def _balanced(url: str) -> bool:
    """Whether a closing bracket at the end belongs to the URL (``.../Foo_(bar)``)."""
    tail = url[-1]
    pairs = {")": "(", "]": "[", "}": "{"}
    return tail in pairs and url.count(pairs[tail]) >= url.count(tail)


def parse(text: str, *, doc_id: str, path: str, meta: Metadata) -> Document:
    if copyright.is_dep5(text):
        return copyright.parse(text, doc_id=doc_id, path=path, meta=meta)
    if changelog.is_changelog(text):
        return changelog.parse(text, doc_id=doc_id, path=path, meta=meta)
    blocks = _blocks(text)
    package = copyright.package_of(path or doc_id)
    if not meta.title and package and pathlib.PurePath(path or doc_id).name.lower() == "copyright":
        title = f"Copyright: {package}"  # its first line is "This package was debianized by..."
    else:
        title, blocks = take_title(meta.title, blocks)
    blocks = under_title(title, blocks)
    if not title:
        # The first line that is not noise, among the first lines only (a log is one block of a million).
        heads = (line for block in blocks[:_TITLE_LOOKAHEAD] for line in block[1].split("\n", 50)[:50])
        title = shape.title_from_sentence(next((line for line in heads if not shape.is_title_noise(line)), ""))
    return document_from_blocks(blocks, doc_id=doc_id, path=path, title=title, meta=meta, first_line_only=True)


def under_title(title: str, blocks: list) -> list:
    """The headings one level up when none is left at level 1 (the title was its only one).

    "gitworkflows(7)" over "====" then "NAME" over "----": NAME is a top section.
    """
    levels = [b[2] for b in blocks if b[0] == "heading"]
    if not title or not levels or min(levels) < 2:
        return blocks
    return [(b[0], b[1], b[2] - 1, *b[3:]) if b[0] == "heading" else b for b in blocks]


# How many blocks at the top of a file may be passed over as not its title.
_TITLE_LOOKAHEAD = 6


def take_title(meta_title: str, blocks: list) -> tuple[str, list]:
    """The title of plain text in ``blocks`` (heading, paragraph...), and the blocks without it.

    ``meta_title`` (a sidecar's) wins; a first line repeating it is dropped. Blocks
    whose every line is title noise are passed over (they stay).
    """
    for index, block in enumerate(blocks[:_TITLE_LOOKAHEAD]):
        kind, content = block[0], block[1]
        lines = content.split("\n", _TITLE_LOOKAHEAD)  # the first lines only: a log is one block of a million
        kept = [line for line in lines[:_TITLE_LOOKAHEAD] if not shape.is_title_noise(line)]
        if not kept:
            continue
        if meta_title:
            if kind == "heading" or len(lines) == 1:
                if normalize_title(content) == normalize_title(meta_title):
                    return meta_title, blocks[:index] + blocks[index + 1 :]
            return meta_title, blocks
        if kind == "heading":
            return content, blocks[:index] + blocks[index + 1 :]
        line = kept[0]
        if len(kept) == 1 and shape.reads_as_title(line) and (len(blocks) > index + 1 or len(lines) > 1):
            at = lines.index(line)
            rest = lines[:at] + lines[at + 1 :]
            without = blocks[:index] + ([(kind, "\n".join(rest), *block[2:])] if rest else []) + blocks[index + 1 :]
            return line, without
        return "", blocks
    return meta_title, blocks


def _blocks(text: str) -> list[tuple[str, str, int]]:
    lines = [line.strip() for line in text.split("\n")]
    blocks: list[tuple[str, str, int]] = []
    levels: dict[str, int] = {}
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(("paragraph", "\n".join(paragraph), 0))
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if line and underlines(following, line):
            if paragraph and paragraph[-1] == following:
                paragraph.pop()  # the overline of an over-and-underlined title
            flush()
            level = levels.setdefault(following[0], len(levels) + 1)
            blocks.append(("heading", line, level))
            i += 2
            continue
        if line:
            paragraph.append(line)
        else:
            flush()
        i += 1
    flush()
    return blocks


def underlines(candidate: str, title: str) -> bool:
    """Whether ``candidate`` is a line underlining ``title`` as a heading."""
    return (
        len(candidate) >= max(3, len(title) // 2)
        and len(set(candidate)) == 1
        and candidate[0] in _UNDERLINE_CHARS
        and not (len(set(title)) == 1 and title[0] in _UNDERLINE_CHARS)
        and len(title) <= 100
        and shape.words(title) <= 16
        and any(ch.isalnum() for ch in title)
    )
