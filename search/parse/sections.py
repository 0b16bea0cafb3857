"""Headings, paragraphs and captions in reading order -> Sections and Captions.

Every format parser ends the same way: it walks its document and reports what it
sees; :class:`Outline` turns that into the model's shape (a lead section only when
there is lead text, ids that are stable slugs, paragraphs separated by one blank
line), so the formats agree on what a section id looks like. The formats that
read their document into blocks (HTML, Markdown, plain text) end with
:func:`document_from_blocks`, which also finds a title where none was given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import TYPE_CHECKING

from search.model import BLOCK_MARKS, Caption, Document, Mark, Section
from search.parse import lines as shape

if TYPE_CHECKING:
    from search.parse.sidecar import Metadata

LEAD = "lead"
# The most headings one document keeps as sections. Each is an entry of the
# outline, a record of the index and a stop of the reader; a generated file with
# 100,000 headings took 31 s and 430 MB to index. Past the cap, the highest-level
# headings stay sections (evenly spread through the document when even they are
# too many) and the others become a line of text in the section before them, so
# every word is still read and searched.
MAX_SECTIONS = 1000
# The most paragraphs one document keeps apart. The reader shows each paragraph as
# a block of its own; a log of a million lines, one paragraph each, took seconds
# to lay out. Past the cap, runs of consecutive paragraphs of a section are joined
# into one, line by line (no blank line between them): the text is all there.
MAX_PARAGRAPHS = 20_000


def slug(title: str) -> str:
    """Lowercase ASCII words of ``title`` joined by "-" ("Korea’s Plan?" -> "koreas-plan")."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    ascii_title = re.sub(r"(?<=\w)'(?=\w)", "", ascii_title.lower())
    return "-".join(re.findall(r"[a-z0-9]+", ascii_title)) or "section"


def clean_paragraph(text: str, *, verbatim: bool = False) -> str:
    """One paragraph: lines stripped, no blank lines inside (they separate paragraphs).

    Verbatim text (code) keeps its indentation and single blank lines between lines.
    """
    return _cleaned(text, verbatim)[0]


InlineMark = tuple[int, int, str, str]  # (start, end, kind, info), offsets into the text as given


def _cleaned(text: str, verbatim: bool, inline: tuple[InlineMark, ...] = ()) -> tuple[str, tuple[Mark, ...]]:
    """``clean_paragraph`` of ``text``, and ``inline`` moved to where their text went."""
    kept: list[str] = []
    starts: list[tuple[int, int, int]] = []  # per kept line: source start, source end, cleaned start
    at = size = 0
    for line in text.split("\n"):
        end = at + len(line)
        if verbatim:
            body = line.rstrip()
            lead = 0
            keep = bool(body) or bool(kept and kept[-1])
        else:
            body = line.strip()
            lead = len(line) - len(line.lstrip())
            keep = bool(body)
        if keep:
            if kept:
                size += 1
            starts.append((at + lead, at + lead + len(body), size))
            kept.append(body)
            size += len(body)
        at = end + 1
    while kept and not kept[-1]:
        kept.pop()
        starts.pop()
    cleaned = "\n".join(kept)
    if not inline:
        return cleaned, ()

    def moved(offset: int) -> int:
        for source_start, source_end, clean_start in starts:
            if offset <= source_end:
                return clean_start + max(0, offset - source_start)
        return len(cleaned)

    marks = []
    for start, end, kind, info in inline:
        start, end = moved(start), min(moved(end), len(cleaned))
        if start < end:
            marks.append(Mark(start, end, kind, info))
    return cleaned, tuple(marks)


class Outline:
    """Collects a document's body in reading order and builds its sections."""

    def __init__(self) -> None:
        # (title, level, paragraphs, their marks); the first entry is the lead.
        # Marks are kept beside the paragraphs, relative to each, () for most.
        self._parts: list[tuple[str, int, list[str], list[tuple[Mark, ...]]]] = [("", 0, [], [])]
        self._captions: list[tuple[str, int]] = []
        self._anchors: list[tuple[str, int]] = []
        self.anchors: tuple[tuple[str, str], ...] = ()  # (name, section id), once built

    def anchor(self, name: str) -> None:
        """A name a link may use for the current section (an HTML id inside it)."""
        self._anchors.append((name, len(self._parts) - 1))

    def heading(self, title: str, level: int) -> None:
        title = " ".join(title.split())
        if title:
            self._parts.append((title, level, [], []))

    def paragraph(
        self,
        text: str,
        *,
        verbatim: bool = False,
        kind: str = "",
        info: str = "",
        inline: tuple[InlineMark, ...] = (),
    ) -> None:
        """A paragraph of the current section.

        ``kind`` (code, table, item, quote, term: see `Mark`) marks the whole
        paragraph; code and tables are verbatim. ``inline`` marks lie inside it
        (icode, link), with offsets into ``text`` as given, before cleaning.
        """
        verbatim = verbatim or kind in ("code", "table")
        text, marks = _cleaned(text, verbatim, inline)
        if text:
            if kind:
                marks = (Mark(0, len(text), kind, info), *marks)
            part = self._parts[-1]
            part[2].append(text)
            part[3].append(marks)

    def caption(self, text: str) -> None:
        text = " ".join(text.split())
        if text:
            self._captions.append((text, len(self._parts) - 1))

    @property
    def is_empty(self) -> bool:
        return len(self._parts) == 1 and not self._parts[0][2] and not self._captions

    def build(self) -> tuple[tuple[Section, ...], tuple[Caption, ...]]:
        parts, merged_into = _capped(self._parts, MAX_SECTIONS)
        parts = _joined(parts, MAX_PARAGRAPHS)
        ids: list[str | None] = []
        used: dict[str, int] = {}  # id -> the last number tried after it
        sections: list[Section] = []
        for index, (title, level, paragraphs, marks) in enumerate(parts):
            if index == 0:
                if not paragraphs:
                    ids.append(None)
                    continue
                section_id = LEAD
            else:
                section_id = _unique(slug(title), used)
            used.setdefault(section_id, 1)
            ids.append(section_id)
            sections.append(Section(section_id, title, level, "\n\n".join(paragraphs), _placed(paragraphs, marks, 2)))
        first = next((i for i in ids if i), LEAD)
        captions = tuple(Caption(text, ids[merged_into[index]] or first) for text, index in self._captions)
        self.anchors = tuple(
            (name, ids[merged_into[index]] or first) for name, index in self._anchors if name not in ids
        )
        return tuple(sections), captions


def _placed(paragraphs: list[str], marks: list[tuple[Mark, ...]], gap: int) -> tuple[Mark, ...]:
    """The marks of ``paragraphs`` joined with ``gap`` characters between them, as offsets of the whole."""
    if not any(marks):
        return ()
    placed: list[Mark] = []
    at = 0
    for text, own in zip(paragraphs, marks):
        placed.extend(Mark(m.start + at, m.end + at, m.kind, m.info) for m in own)
        at += len(text) + gap
    return tuple(placed)


def _joined(parts: list, limit: int) -> list:
    """``parts`` with at most about ``limit`` paragraphs in all (one more per section at worst).

    Every section's paragraphs are joined in runs of the same length, so the
    document reads alike throughout. A joined paragraph keeps its inline marks;
    its pieces are no longer paragraphs of their own, so block marks go.
    """
    total = sum(len(paragraphs) for _, _, paragraphs, _ in parts)
    if total <= limit:
        return parts
    run = -(-total // limit)
    joined = []
    for title, level, paragraphs, marks in parts:
        texts, kept = [], []
        for i in range(0, len(paragraphs), run):
            texts.append("\n".join(paragraphs[i : i + run]))
            inline = [tuple(m for m in own if m.kind not in BLOCK_MARKS) for own in marks[i : i + run]]
            kept.append(_placed(paragraphs[i : i + run], inline, 1))
        joined.append((title, level, texts, kept))
    return joined


def _capped(parts: list, limit: int) -> tuple[list, list[int]]:
    """At most ``limit`` headings of ``parts``, and the part each old part went into.

    ``parts[0]`` is the lead. The headings kept are those of the highest levels
    that fit whole, then as many of the next level as still fit, evenly spread;
    every other heading becomes a paragraph (its title) at the end of the part
    before it, followed by its own paragraphs.
    """
    if len(parts) - 1 <= limit:
        return parts, list(range(len(parts)))
    by_level: dict[int, list[int]] = {}
    for index in range(1, len(parts)):
        by_level.setdefault(parts[index][1], []).append(index)
    keep: set[int] = set()
    for level in sorted(by_level):
        indexes = by_level[level]
        room = limit - len(keep)
        if len(indexes) <= room:
            keep.update(indexes)
            continue
        # ``room`` of them, evenly spaced: the first, then one per stride.
        keep.update(indexes[(n * len(indexes)) // room] for n in range(room))
        break
    out: list = [(parts[0][0], parts[0][1], list(parts[0][2]), list(parts[0][3]))]
    merged_into = [0]
    for index in range(1, len(parts)):
        title, level, paragraphs, marks = parts[index]
        if index in keep:
            out.append((title, level, list(paragraphs), list(marks)))
        else:
            out[-1][2].append(title)
            out[-1][3].append(())
            out[-1][2].extend(paragraphs)
            out[-1][3].extend(marks)
        merged_into.append(len(out) - 1)
    return out, merged_into


def _unique(base: str, used: dict[str, int]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free first."""
    if base not in used and base != LEAD:
        return base
    number = used.get(base, 1) + 1
    while f"{base}-{number}" in used:
        number += 1
    used[base] = number
    return f"{base}-{number}"


Block = tuple  # (kind, text, heading level) or (kind, text, level, info, inline)
BLOCK_KINDS = frozenset({"heading", "paragraph", "caption", "code", "table", "item", "quote", "term", "anchor"})


def document_from_blocks(
    blocks: list[Block], *, doc_id: str, path: str, title: str, meta: "Metadata", first_line_only: bool = False
) -> Document:
    """The Document a format's blocks make, in reading order.

    A block is ``(kind, text, level)`` or ``(kind, text, level, info, inline)``:
    kind is one of ``BLOCK_KINDS``, ``level`` a heading's level, ``info`` the
    block mark's info (a code block's language, a list item's depth, "header"
    for a table with one) and ``inline`` its inline marks, ``(start, end, kind,
    info)`` with offsets into ``text``. Headings open sections, code and tables
    are kept verbatim, captions are captions, every other kind but "paragraph"
    marks its paragraph. Without a ``title``, the title is the first sentence of
    the first paragraph (of the first block, if there is no paragraph);
    ``first_line_only`` takes it from that paragraph's first line, for plain
    text, whose lines are kept as written.
    """
    outline = Outline()
    for block in blocks:
        kind, content, level = block[0], block[1], block[2]
        info, inline = (block[3], block[4]) if len(block) > 3 else ("", ())
        if kind == "heading":
            outline.heading(content, level)
        elif kind == "anchor":
            outline.anchor(content)
        elif kind == "caption":
            outline.caption(content)
        elif kind == "paragraph":
            outline.paragraph(content, inline=inline)
        else:
            outline.paragraph(content, kind=kind, info=info, inline=inline)
    sections, captions = outline.build()
    if not title:
        prose = [b[1] for b in blocks if b[0] == "paragraph"] or [b[1] for b in blocks]
        if prose:
            title = shape.title_from_sentence(prose[0].split("\n")[0] if first_line_only else prose[0])
    document = meta.document(doc_id, path, title, sections, captions)
    return replace(document, anchors=outline.anchors) if outline.anchors else document
