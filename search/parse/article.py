"""Scraped web articles saved as plain text (the seed's format) -> Document.

The scrape keeps a page's words but not its markup, and adds noise of its own. What
this parser undoes, in order:

1. Everything after a "Related Publications" (or kin) heading is the related block,
   read by :mod:`search.parse.related`.
2. Each non-blank line is a paragraph (pages put paragraphs on one line, separated by
   a blank line or by a single newline). Hard-wrapped text, recognised by its even
   line lengths and sentences running across lines, is joined back into paragraphs.
3. Share/print furniture lines are dropped.
4. A run of lines repeated right after itself (a "KEY TAKEAWAYS" list, a caption
   scraped from both the image and its figure) is kept once. A single doubled line of
   three words or more is a photo caption; so is a line ending in a photo credit
   ("... (Erin Schaff/The New York Times)").
5. The title comes from metadata; else a short first line that reads as a title is
   the title (and not body); else the first sentence, cut to 80 characters. A date
   line or a byline near the top fills the date and authors metadata lacks (the
   lines stay in the body).
6. Headings, only when the shape and the context agree:
   - a question: one sentence ending in "?", standing alone (after a blank line, a
     sentence or a heading), followed by answer text (not another question);
   - a statement: a short line without final punctuation ("Corruption: A Root
     Problem", "Myth No. 1: ...", "I. Overview"), standing alone, followed by a
     paragraph of prose. A line ending in ":" never is one, nor a line inside a run
     of short lines (a list).
   Headings are level 2, under the document's title. A heading is never also body
   text; everything else is a paragraph of its section.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from search.model import Document, normalize_title
from search.parse import dates
from search.parse import lines as shape
from search.parse.related import is_heading as is_related_heading
from search.parse.related import parse_related
from search.parse.sections import Outline
from search.parse.sidecar import Metadata, split_names

FURNITURE = frozenset(
    (
        "share", "print", "email", "tweet", "copy link", "share this", "share this page",
        "print this page", "email this page", "share on facebook", "share on twitter",
        "share on linkedin", "share on x", "read more", "read more \u00bb", "read more >",
        "read more...", "read more\u2026", "continue reading", "learn more", "stay updated",
        "<<", ">>", "<", ">", "\u00ab", "\u00bb", "back to top", "skip to main content",
        "skip to content", "rss", "rss feed", "subscribe", "subscribe to rss", "subscribe to our newsletter",
    )
)  # fmt: skip
_MAX_REPEAT = 40  # longest block (in lines) looked for as a doubled block


@dataclass(frozen=True, slots=True)
class _Unit:
    """One paragraph-sized piece of body text and what it turned out to be.

    Slotted: a log has a unit per line, and a million of them with a ``__dict__``
    each were 100 MB.
    """

    text: str
    after_gap: bool  # a blank line (or the start of the text) comes before it
    kind: str = "paragraph"  # or "caption", "heading"


def parse(text: str, *, doc_id: str, path: str, meta: Metadata) -> Document:
    lines = text.split("\n")
    body, related_lines = _split_related(lines)
    units = _undouble(_units(body))
    units = [replace(u, kind="caption") if _credit(u) else u for u in units]
    title, units = _take_title(meta.title, units)
    units = _mark_headings(units, meta.authors)
    meta = meta.over(_dateline_and_byline(units))

    outline = Outline()
    for unit in units:
        if unit.kind == "heading":
            outline.heading(unit.text, 2)
        elif unit.kind == "caption":
            outline.caption(unit.text)
        else:
            outline.paragraph(unit.text)
    sections, captions = outline.build()
    if not title:
        title = shape.title_from_sentence(_first_text(units))
    return meta.document(
        doc_id,
        path,
        title,
        sections,
        captions,
        parse_related(related_lines) if related_lines is not None else (),
    )


def _split_related(lines: list[str]) -> tuple[list[str], list[str] | None]:
    for index, line in enumerate(lines):
        if is_related_heading(line):
            return lines[:index], lines[index + 1 :]
    return lines, None


def _kept_lines(lines: list[str]):
    """Each line with text that is not page furniture, stripped, and whether a blank line came before it."""
    gap = True
    for raw in lines:
        line = raw.strip()
        if not line:
            gap = True
        elif not is_furniture(line):
            yield line, gap
            gap = False


def is_furniture(line: str) -> bool:
    """Page furniture (a stripped line): share and "Read More" links, arrows, icon-font glyphs.

    Icons are private-use characters that no reader's font draws as words; a line
    of them with at most a word or two beside them ("\ue800 Menu") is a button.
    """
    if line.casefold() in FURNITURE:
        return True
    return shape.is_private_use(line) and shape.words(shape.without_private_use(line)) <= 2


def _units(lines: list[str]) -> list[_Unit]:
    if not _hard_wrapped(lines):  # one unit per line: no list of lines per unit (a million of them for a log)
        return [_Unit(line, gap) for line, gap in _kept_lines(lines)]
    pieces: list[tuple[list[str], bool]] = []  # the lines of each unit, after a gap?
    for line, gap in _kept_lines(lines):
        if not gap and pieces and not _starts_list_item(line):
            pieces[-1][0].append(line)
        else:
            pieces.append(([line], gap))
    return [_Unit(" ".join(unit_lines), after_gap) for unit_lines, after_gap in pieces]


def _hard_wrapped(lines: list[str]) -> bool:
    """Text wrapped at a fixed width (an e-mail, a README), not one line per paragraph.

    Needs many lines, none long, most of them near the same width, and sentences
    visibly running on from one line to the next.
    """
    # Counted in passes over the lines, not over stripped copies of them: two
    # copies of a million-line log were 120 MB for an answer that is usually "no".
    texts = long = 0
    for line in lines:
        size = len(line.strip())
        if size > 100:
            return False
        if size:
            texts += 1
            long += size >= 55
    if texts < 8 or long * 2 < texts:
        return False
    run_on = 0
    previous = ""
    for line in lines:
        line = line.strip()
        if previous and line and not shape.ends_sentence(previous) and line[0].islower():
            run_on += 1
        previous = line
    return run_on * 4 >= texts


def _starts_list_item(line: str) -> bool:
    return bool(re.match(r"(?:[-*\u2022\u2013]|\d{1,3}[.)])\s", line))


def _undouble(units: list[_Unit]) -> list[_Unit]:
    """Keep once what the scrape doubled: runs of lines first, then single lines."""
    units = _undouble_blocks(units)
    out: list[_Unit] = []
    doubled: list[bool] = []
    i = 0
    while i < len(units):
        unit = units[i]
        j = i + 1
        while j < len(units) and units[j].text == unit.text:
            j += 1
        out.append(unit)
        doubled.append(j > i + 1)
        i = j
    # A doubled line is a photo caption (the image's alt text and its figure's
    # caption); doubled lines one right after another (no blank line between) are
    # a list whose every entry the page showed twice (an episode list: the title's
    # link, then the title), which is body.
    for index, unit in enumerate(out):
        if not doubled[index] or not _caption_worthy(unit.text):
            continue
        after = index and doubled[index - 1] and not unit.after_gap
        before = index + 1 < len(out) and doubled[index + 1] and not out[index + 1].after_gap
        if not (after or before):
            out[index] = replace(unit, kind="caption")
    return out


def _undouble_blocks(units: list[_Unit]) -> list[_Unit]:
    texts = [u.text for u in units]
    positions: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        positions.setdefault(text, []).append(index)
    out: list[_Unit] = []
    i = 0
    while i < len(units):
        size = 0
        same = positions[texts[i]]
        # By index, not over a slice: a line that recurs on every thousandth line
        # of a log copied its thousand later places for each of its thousand.
        for at in range(bisect.bisect_right(same, i + 1), len(same)):
            k = same[at] - i
            if k > _MAX_REPEAT:
                break
            if texts[i:i + k] == texts[i + k:i + 2 * k]:
                size = k  # keep looking: the longest doubled block wins
        if size:
            out.extend(units[i:i + size])
            i += size
            while texts[i:i + size] == texts[i - size:i]:
                i += size
        else:
            out.append(units[i])
            i += 1
    return out


def _caption_worthy(text: str) -> bool:
    """A doubled line is a caption if it says something and is not a question heading."""
    return shape.words(text) >= 3 and not shape.core(text).endswith("?")


def _credit(unit: _Unit) -> bool:
    return unit.kind == "paragraph" and shape.is_credit_caption(unit.text)


_TITLE_LOOKAHEAD = 6  # units at the top passed over as not the title, at most


def _take_title(meta_title: str, units: list[_Unit]) -> tuple[str, list[_Unit]]:
    """The document's title, and the units without the line that was the title.

    Lines at the top that are not a title whatever their shape (a date, a feed
    or newsletter box, a category label: ``lines.is_title_noise``) are passed
    over and stay in the body; the title is the next line that reads as one.
    """
    at = next(
        (i for i, u in enumerate(units[:_TITLE_LOOKAHEAD]) if u.kind != "paragraph" or not shape.is_title_noise(u.text)),
        None,
    )
    first = units[at] if at is not None else None
    if first is None or first.kind != "paragraph":
        return meta_title, units
    if meta_title:
        if normalize_title(first.text) == normalize_title(meta_title):
            return meta_title, units[:at] + units[at + 1 :]
        return meta_title, units
    if shape.reads_as_title(first.text):
        return first.text, units[:at] + units[at + 1 :]
    return "", units


def _heading_context(units: list[_Unit], index: int, *, question: bool) -> bool:
    """Whether the unit at ``index`` is a heading as the lines around it see it."""
    unit = units[index]
    # By index, not over units[index + 1:]: a copy of the rest for every candidate
    # line was quadratic in a long file of short lines.
    following = next((units[i] for i in range(index + 1, len(units)) if units[i].kind != "caption"), None)
    if following is None or following.text[:1].islower():
        return False
    previous = units[index - 1] if index else None
    standalone = (
        unit.after_gap
        or previous is None
        or previous.kind != "paragraph"
        or shape.ends_sentence(previous.text)
    )
    if not standalone:
        return False
    if question:
        return not shape.question_shaped(following.text)
    return shape.is_prose(following.text)


def _mark_headings(units: list[_Unit], authors: tuple[str, ...] = ()) -> list[_Unit]:
    marked = list(units)
    for index, unit in enumerate(units):
        if unit.kind != "paragraph":
            continue
        if shape.question_shaped(unit.text):
            heading = _heading_context(marked, index, question=True)
        elif shape.statement_shaped(unit.text) and not shape.is_title_noise(unit.text):
            heading = _heading_context(marked, index, question=False) and not _author_line(units, index, authors)
        else:
            heading = False
        if heading:
            marked[index] = replace(unit, kind="heading")
    return marked


_NAME = re.compile(r"[A-Z][\w'\u2019.-]*(?:\s+(?:[A-Z][\w'\u2019.-]*|de|van|von|der|da|del|bin|al-\w+)){1,3}")


def _author_line(units: list[_Unit], index: int, authors: tuple[str, ...]) -> bool:
    """A lone name standing where a page puts its author: not a heading.

    A line shaped like a person's name is one when the document's authors hold
    it, when a date line, a byline or another name stands beside it, or when the
    paragraph after it is about that person ("Frank Aum is a senior expert...").
    """
    text = units[index].text
    if not _NAME.fullmatch(text):
        return False
    if text.casefold() in {a.casefold() for a in authors}:
        return True
    for near in (index - 1, index + 1):
        if 0 <= near < len(units):
            other = units[near].text
            if dates.iso_date(other) or shape.is_byline(other) or _NAME.fullmatch(other):
                return True
    following = units[index + 1].text if index + 1 < len(units) else ""
    names = [word for word in text.split() if len(word) > 2]
    return any(following.startswith(name + " ") or following.startswith(name + "\u2019s") for name in names)


def _dateline_and_byline(units: list[_Unit]) -> Metadata:
    """A date line and a byline near the top, when metadata does not give them.

    They stay in the body as the page showed them; the document's fields are filled
    from them so that a scrape without a sidecar still has a date and authors.
    """
    date, authors = "", ()
    for unit in units[:6]:
        if unit.kind == "heading":
            break
        if not date and dates.iso_date(unit.text):
            date = dates.iso_date(unit.text)
        elif not authors and shape.is_byline(unit.text):
            authors = split_names(unit.text)
    return Metadata(date=date, authors=authors)


def _first_text(units: list[_Unit]) -> str:
    for kind in ("paragraph", "heading", "caption"):
        for unit in units:
            if unit.kind == kind and not shape.is_title_noise(unit.text):
                return unit.text
    return next((unit.text for unit in units), "")
