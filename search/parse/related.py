"""The related block at the end of a scraped article -> RelatedLink entries.

A page's "Related Publications" widget flattens to lines like::

    China's Dilemmas Deepen as North Korea Enters Ukraine War      title
    China's Dilemmas Deepen as North Korea Enters Ukraine War      (title again: link + heading)
    Thursday, November 14, 2024                                    optional date
    By: A; B, Ph.D.                                                optional byline
    Until late October, the big questions ...                      summary paragraph
    Type: Analysis                                                 optional type
    Conflict Analysis & PreventionGlobal Policy                    optional topics
    View All Publications                                          footer (dropped)

Blank lines carry no meaning there (some scrapes have them, some do not), so entries
are read from the non-blank lines with a small state machine. The hard question is
where one entry ends: a short line after a summary is either the entry's topics or
the next entry's title. It is a title when what follows it is what follows a title
(its repeat, a date, a byline or a summary); otherwise it is topics.
"""

from __future__ import annotations

import re

from search.model import RelatedLink
from search.parse.dates import iso_date
from search.parse.lines import core, is_byline, words
from search.parse.sidecar import split_names

HEADINGS = frozenset(
    h.casefold()
    for h in (
        "Related Publications",
        "Related Research & Analysis",
        "Related Research and Analysis",
        "Related Content",
        "Related Articles",
        "Related Analysis",
        "Related Reading",
    )
)
# "View All Publications", also when glued to the last topic ("Global PolicyView All
# Publications"): the capital V of "View" after a lowercase letter marks the seam.
_FOOTER = re.compile(r"(?:View|See|Show|Browse) (?:All|More)(?: [A-Z&][\w&'\u2019-]*)*\s*$")
_TYPE = re.compile(r"type:\s*(.*)", re.IGNORECASE)

# Camel-case words that are one word, not two glued topics.
_ONE_WORD = frozenset(
    """YouTube LinkedIn PayPal WhatsApp JavaScript PowerPoint TikTok WeChat GitHub
    OpenAI FedEx BlackRock DeepMind SpaceX PlayStation iPhone iPad eBay""".split()
)
# Surname particles that are followed by a capital inside one name ("McCarthy").
_NAME_PARTICLES = frozenset("Mc Mac De Di Da Du La Le Van Von Del Della".split())


def is_heading(line: str) -> bool:
    return line.strip().casefold() in HEADINGS


def parse_related(lines: list[str]) -> tuple[RelatedLink, ...]:
    """Entries from the lines after a related heading (blank lines are ignored)."""
    lines = [line.strip() for line in lines if line.strip()]
    if lines:
        last = _FOOTER.sub("", lines[-1]).strip()
        lines[-1:] = [last] if last else []
    entries: list[RelatedLink] = []
    i, n = 0, len(lines)

    def starts_entry(at: int) -> bool:
        if at + 1 >= n:
            return False
        after = lines[at + 1]
        return (
            after == lines[at]
            or bool(iso_date(after))
            or is_byline(after)
            or _summary_like(after)
        )

    while i < n:
        title = lines[i]
        i += 1
        while i < n and lines[i] == title:
            i += 1
        date, authors = "", ()
        for _ in range(2):  # a date and a byline, in either order
            if i < n and not date and iso_date(lines[i]):
                date = iso_date(lines[i])
                i += 1
            elif i < n and not authors and is_byline(lines[i]):
                authors = split_names(lines[i])
                i += 1
        summary = ""
        if i < n and not _TYPE.fullmatch(lines[i]):
            followed_by_type = i + 1 < n and bool(_TYPE.fullmatch(lines[i + 1]))
            if _summary_like(lines[i]) or (followed_by_type and not starts_entry(i)):
                summary = lines[i]
                i += 1
        kind, topics = "", ()
        while i < n:
            type_match = _TYPE.fullmatch(lines[i])
            if type_match and not kind and type_match.group(1):
                kind = type_match.group(1).strip()
            elif not (topics or type_match or _summary_like(lines[i]) or starts_entry(i)):
                topics = split_topics(lines[i])
            else:
                break
            i += 1
        entries.append(RelatedLink(title, date, kind, topics, authors, summary))
    return tuple(entries)


def _summary_like(line: str) -> bool:
    """A summary reads as prose. A "?" does not count: titles end in "?" far more often."""
    tail = core(line)
    return (bool(tail) and tail[-1] in ".!\u2026" and words(line) >= 4) or words(line) >= 25


def split_topics(line: str) -> tuple[str, ...]:
    """Topics separated by ";" or "|", or run together by the scrape.

    Run-together topics are split where a lowercase letter or ")" is directly followed
    by a capital: "Conflict Analysis & PreventionGlobal Policy" -> two topics. The
    pragmatic exceptions: the word before the seam starting in lowercase ("iPhone"),
    a surname particle ("McCarthy", "DeSantis"), and a short list of known camel-case
    words ("YouTube", "LinkedIn"). "U.S." never splits: a dot is not a lowercase letter.
    """
    line = re.sub(r"^topics?:\s*", "", line.strip(), flags=re.IGNORECASE)
    topics: list[str] = []
    for part in re.split(r"\s*[;|]\s*", line):
        topics.extend(_unglue(part))
    return tuple(t for t in (t.strip() for t in topics) if t)


def _unglue(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for i in range(1, len(text)):
        before, here = text[i - 1], text[i]
        if not here.isupper() or not (before.islower() or before == ")"):
            continue
        word_start = max(text.rfind(" ", 0, i) + 1, text.rfind("(", 0, i) + 1, start)
        word_end = i
        while word_end < len(text) and not text[word_end].isspace():
            word_end += 1
        fragment = text[word_start:i]
        whole = text[word_start:word_end].strip(".,;:()")
        if fragment[:1].islower() or fragment in _NAME_PARTICLES or whole in _ONE_WORD:
            continue
        pieces.append(text[start:i])
        start = i
    pieces.append(text[start:])
    return pieces
