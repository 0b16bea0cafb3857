"""How a line of text reads: a sentence, a question, a title, a heading.

Scraped text has lost its markup, so the parsers decide what a line is from its
shape. The tests here are deliberately conservative: a line that is not clearly a
heading or a title stays body text, because a wrong heading splits a document in a
confusing place while a missed one only costs a table-of-contents entry.
"""

from __future__ import annotations

import re

from search.parse.dates import iso_date

_CLOSERS = "\"'\u201d\u2019)]\u00bb"
_OPENERS = "\"'\u201c\u2018([\u00ab\u00bf\u00a1"
_TERMINAL = ".!?\u2026"
_TITLE_MAX = 80

# Words that end with a dot without ending a sentence ("Mr. Kim", "No. 1", "Jan. 5").
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st no nos vs etc jr sr inc co corp ltd gen sen rep gov lt col
    maj capt sgt rev fig vol pp ed eds jan feb mar apr jun jul aug sep sept oct nov dec
    approx dept est al amb adm""".split()
)
_WORD = re.compile(r"\S+")
_TERMINATOR = re.compile(r"[.!?\u2026]+[" + re.escape(_CLOSERS) + r"]*")
_BYLINE = re.compile(r"by\b:?\s*(.*)", re.IGNORECASE | re.DOTALL)
# "(Erin Schaff/The New York Times)", "(AP Photo/Evan Vucci)", "(Photo: UN/Jane Roe)":
# a name, a slash, an outlet, both capitalised; or a credit word first.
_CREDIT = re.compile(
    r"\((?:[A-Z][^()/]*/\s?[A-Z][^()]*|(?i:photo|photograph|image|credit|courtesy)\b[^()]*)\)"
)


def words(line: str) -> int:
    return len(_WORD.findall(line))


def core(line: str) -> str:
    """The line without closing quotes and brackets at its end."""
    return line.rstrip().rstrip(_CLOSERS)


def ends_sentence(line: str) -> bool:
    tail = core(line)
    return bool(tail) and tail[-1] in _TERMINAL


def is_prose(line: str) -> bool:
    """A line that reads as running text: a sentence of four words or more (it may go on
    after that sentence, as "... general. Three reforms were promised:" does), or a
    long line."""
    count = words(line)
    if count >= 15:
        return True
    return count >= 4 and (ends_sentence(line) or sentence_end(line) < len(core(line)))


def starts_capitalised(line: str) -> bool:
    head = line.lstrip(_OPENERS)
    return bool(head) and (head[0].isupper() or head[0].isdigit())


def sentence_end(text: str) -> int:
    """Index just past the first sentence of ``text`` (``len(text)`` if it is one sentence).

    A dot after an abbreviation, an initial or inside "U.S." does not end a sentence;
    neither does a terminator that is not followed by a space and a capital.
    """
    for match in _TERMINATOR.finditer(text):
        end = match.end()
        if end < len(text) and not text[end].isspace():
            continue
        following = end
        while following < len(text) and text[following].isspace():
            following += 1
        if following < len(text) and not starts_capitalised(text[following : following + 8]):
            continue
        if match.group().startswith(".") and _abbreviation_before(text, match.start()):
            continue
        return end
    return len(text)


def _abbreviation_before(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and dot - start < 40 and not text[start - 1].isspace():
        start -= 1
    token = text[start:dot].lstrip(_OPENERS)
    if len(token) <= 1 or "." in token:
        return True  # an initial ("J. Smith") or an acronym ("U.S.", "Ph.D.")
    return token.lower() in _ABBREVIATIONS


def is_byline(line: str) -> bool:
    """ "By: A; B, Ph.D." or "By Joseph Yun" (names, capitalised), but not "By the way"."""
    match = _BYLINE.fullmatch(line.strip())
    if not match or not match.group(1) or words(line) > 25:
        return False
    if line.lstrip()[2:3] == ":":
        return True
    names = re.split(r"[\s,;&]+", match.group(1))
    return all(n[:1].isupper() or n in ("and", "") for n in names)


def is_credit_caption(line: str) -> bool:
    """A photo caption that ends with its credit: "... (Erin Schaff/The New York Times)"."""
    match = _CREDIT.search(line)
    return bool(match) and match.end() == len(line.rstrip()) and 3 <= words(line) <= 80


def question_shaped(line: str) -> bool:
    """One sentence, not too long, ending in "?"."""
    tail = core(line)
    return (
        tail.endswith("?")
        and words(line) <= 30
        and len(line) <= 250
        and starts_capitalised(line)
        and sentence_end(line) >= len(tail)
    )


def statement_shaped(line: str) -> bool:
    """A short label without final punctuation: "Corruption: A Root Problem", "I. Overview"."""
    tail = core(line)
    return (
        bool(tail)
        and tail[-1].isalnum()
        and 1 <= words(line) <= 12
        and len(line) <= _TITLE_MAX
        and starts_capitalised(line)
        and any(ch.isalpha() for ch in line)
        and not iso_date(line)
        and not is_byline(line)
        and not line.lower().startswith("type:")
    )


def reads_as_title(line: str) -> bool:
    """A first line short and plain enough to be the document's title."""
    tail = core(line)
    letters = [ch for ch in line if ch.isalpha()]
    return (
        bool(tail)
        and tail[-1] not in ".,;:"
        and len(line) <= 100
        and 1 <= words(line) <= 16
        and starts_capitalised(line)
        and len(letters) * 2 >= len(line.replace(" ", ""))
        and any(ch.islower() for ch in letters)  # not a shouted label ("KEY TAKEAWAYS")
        and "\t" not in line
        and line.count(",") <= 3
        and sentence_end(line) >= len(tail)
        and not iso_date(line)
        and not is_byline(line)
        and not is_credit_caption(line)
    )


def title_from_sentence(text: str) -> str:
    """The first sentence of ``text``, cut at a word boundary to at most 80 characters.

    A cut title ends with "…"; a whole sentence loses its final full stop, as titles do.
    """
    text = " ".join(text[:4000].split())  # the title needs the first sentence only
    sentence = text[: sentence_end(text)].strip()
    if len(sentence) <= _TITLE_MAX:
        full_stop = sentence.endswith(".") and not sentence.endswith("..")
        if full_stop and not _abbreviation_before(sentence, len(sentence) - 1):
            return sentence[:-1]
        return sentence
    cut = sentence[: _TITLE_MAX - 1]
    space = cut.rfind(" ")
    if space > _TITLE_MAX // 3:
        cut = cut[:space]
    return (cut.rstrip(" ,;:-\u2014\u2013") or cut) + "\u2026"


# Lines that open a page or a file without being its title (see ``is_title_noise``).
_URL = re.compile(r"<?(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S*>?", re.IGNORECASE)
_FEED = re.compile(
    r"(?:rss|atom)(?:\s+feeds?)?(?:\s+\S+){0,4}|(?:\S+\s+){0,3}(?:rss|atom)\s+feeds?|subscribe\b.{0,60}"
    r"|stay\s+(?:updated|informed|connected|in\s+touch)\b.{0,60}|sign\s+up\b.{0,60}|(?:our\s+|the\s+)?newsletter\b.{0,40}"
    r"|follow\s+us\b.{0,40}|skip\s+to\s+(?:main\s+)?content",
    re.IGNORECASE,
)
_DIRECTIVE = re.compile(r"\.\.\s+\S.*|:[\w-]+:(?:\s.*)?|\[\[?[A-Za-z_]\w*\]?\]|\[\w+(?:\s.*)?\]")  # .. x::, :orphan:, [verse]
_BADGE = re.compile(r"(?:\[?!\[[^\]]*\]\([^)]*\)\]?(?:\([^)]*\))?\s*)+")
_BADGE_WORDS = frozenset(
    "build status|build passing|build failing|coverage|coverage status|documentation status|"
    "license|licence|pypi|pypi version|downloads|discord|gitter".split("|")
)
# A category label: a few short capitalised names with spaced slashes or pipes between them.
_LABEL = re.compile(r"[^\s/|]+(?:\s+[^\s/|]+)?(?:\s+[/|]\s+[^\s/|]+(?:\s+[^\s/|]+)?)+")
_NOTICE = re.compile(r"(?:copyright\s*)?(?:\(c\)|\u00a9|copyright)\s*(?:\d{4}|by\b)", re.IGNORECASE)
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")


def is_private_use(line: str) -> bool:
    """Icon-font text: characters of a private-use area, which no font of the reader draws as words."""
    return bool(_PRIVATE_USE.search(line))


def without_private_use(line: str) -> str:
    return _PRIVATE_USE.sub("", line)


# A mail's or a HOWTO's header lines ("Date: Fri, 19 Dec 2008", "From: ...", "Subject: Re: ...").
_MAIL_HEADER = re.compile(
    r"(?:date|from|to|cc|subject|abstract|message-id|references|in-reply-to|content-type|mime-version|reply-to|sender):\s",
    re.IGNORECASE,
)


def is_title_noise(line: str) -> bool:
    """A line at the top of a page or a file that is not its title, whatever its shape.

    Dates ("Thursday, March 23, 2023"), URLs, feed and newsletter boxes ("RSS",
    "Stay updated"), an XML declaration, reStructuredText and AsciiDoc markers
    (":orphan:", ".. index::", "[verse]"), badges ("Build status", ``[![..](..)]``),
    icon-font text and lines without a letter ("<<"), category labels ("Q&A /
    Africa"), a copyright notice ("Copyright (C) 1992 ..."), a mail header ("Date: ...",
    "From: ..."). The title is the next line that reads as one.
    """
    text = line.strip()
    if not text:
        return True
    if not any(ch.isalnum() for ch in _PRIVATE_USE.sub("", text)):
        return True  # "<<", "•••", icons
    lowered = text.casefold()
    if lowered.startswith("<?xml") or lowered.startswith("<!doctype"):
        return True
    if len(text) > 120:
        return False
    if iso_date(text) or _URL.fullmatch(text) or _FEED.fullmatch(text) or _DIRECTIVE.fullmatch(text):
        return True
    if lowered in _BADGE_WORDS or _BADGE.fullmatch(text) or _NOTICE.match(text) or _MAIL_HEADER.match(text):
        return True
    if is_private_use(text) and words(_PRIVATE_USE.sub("", text)) <= 3:
        return True
    return bool(_LABEL.fullmatch(text)) and words(text) <= 6 and not ends_sentence(text)
