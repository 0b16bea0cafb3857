"""Files -> Documents: reading, decoding, choosing a format, and parsing it.

The corpus walker asks :func:`is_candidate` about each file and calls
:func:`parse_file`; anything that cannot become a Document raises
``UnreadableFile`` with a one-line reason, never another exception, so one odd file
never stops a sync.

Formats by suffix (content sniffing decides where the suffix does not):

- ``.txt``, ``.text``: sniffed. HTML if it starts like an HTML page (``<!doctype
  html``, ``<html``), Markdown if it has front matter, AsciiDoc if it shows its
  own syntax (``linkgit:``, ``include::``, ``[[anchor]]``, ``[verse]``: git's
  documentation), reStructuredText if it has
  reST's directives or targets (``.. note::``, ``.. _label:``) or opens with a
  field (``:orphan:``), Markdown if it has an ATX heading (``# x``), plain text if
  it has underlined headings (AsciiDoc, release notes: their underlines must not
  be read as text), otherwise a scraped article (the seed's format).
- ``.rst``, ``.rest``: reStructuredText. ``.adoc``, ``.asciidoc``: AsciiDoc.
- ``.md``, ``.markdown``, ``.mdown``, ``.mkd``: Markdown.
- ``.html``, ``.htm``, ``.xhtml``: HTML.
- anything else (``.log``, ``.csv``, ``.rst``, no suffix, ...): plain text, provided
  the bytes decode as text.

Text that is not a document (an SVG image, PostScript, a PEM key: see
``search.parse.nondocuments``) is refused like binary files, with its name.

Metadata from a ``NAME.meta.json`` sidecar is passed to every format and wins over
what the file says about itself.
"""

from __future__ import annotations

import os
import pathlib
import re
import stat
from dataclasses import replace

from search.errors import UnreadableFile
from search.model import Document
from search.parse import article, asciidoc, html, markdown, rst, text
from search.parse import text as text_format
from search.parse.decode import decode_bytes
from search.parse.nondocuments import not_a_document
from search.parse.sidecar import Metadata, read_sidecar

__all__ = ["FORMATS", "format_for", "is_candidate", "is_candidate_name", "sidecar_names", "parse_file", "parse_text", "sidecar_for"]

FORMATS = ("article", "markdown", "html", "text", "rst", "asciidoc")
SIDECAR_SUFFIX = ".meta.json"

_PARSERS = {
    "article": article.parse,
    "markdown": markdown.parse,
    "html": html.parse,
    "text": text.parse,
    "rst": rst.parse,
    "asciidoc": asciidoc.parse,
}
_SUFFIXES = {
    ".adoc": "asciidoc",
    ".asciidoc": "asciidoc",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rst": "rst",
    ".rest": "rst",
    ".txt": None,
    ".text": None,
}
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.MULTILINE)
# A line of text, then a line of one repeated punctuation character at least three long.
_UNDERLINED = re.compile(r"^[ \t]*[^\s=\-~^*#+][^\n]*\n[ \t]*([=\-~^*#+])\1{2,}[ \t]*$", re.MULTILINE)


def is_candidate(path: pathlib.Path) -> bool:
    """Whether the corpus walker should try this file.

    Not sidecars, hidden files (".name") or editor backups ("name~"); everything else
    is tried, and ``parse_file`` says why if it turns out not to be text.
    """
    return is_candidate_name(path.name)


def is_candidate_name(name: str) -> bool:
    """:func:`is_candidate` on a bare file name (the walker has names, not paths)."""
    return bool(name) and not (
        name.startswith(".") or name.endswith("~") or name.lower().endswith(SIDECAR_SUFFIX)
    )


def sidecar_names(name: str) -> tuple[str, ...]:
    """The names a document's sidecar may have, in order: "x.meta.json", then "x.txt.meta.json"."""
    stem = pathlib.PurePath(name).stem if name else name
    return tuple(candidate for candidate in (stem + SIDECAR_SUFFIX, name + SIDECAR_SUFFIX) if candidate != name)


def sidecar_for(path: pathlib.Path) -> pathlib.Path | None:
    """The metadata sidecar of a document (see ``sidecar_names``), if there is one."""
    for name in sidecar_names(path.name):
        candidate = path.with_name(name)
        if candidate.is_file():
            return candidate
    return None


def format_for(path: pathlib.Path | str, content: str) -> str:
    """The format to parse ``content`` as, from the file's suffix and, if need be, its text."""
    suffix = pathlib.PurePath(path).suffix.lower() if path else ".txt"
    if suffix not in _SUFFIXES:
        return "text"
    return _SUFFIXES[suffix] or sniff(content)


def sniff(content: str) -> str:
    """HTML, Markdown or article, from what the text looks like."""
    head = content[:4096]
    if _HTML_START.match(head):
        return "html"
    if markdown.has_front_matter(content):
        return "markdown"
    if asciidoc.looks_like_asciidoc(content):
        return "asciidoc"
    if rst.looks_like_rst(content):
        return "rst"
    if _ATX_HEADING.search(content):
        return "markdown"
    if _underlined(content[:65536]):
        return "text"
    return "article"


def _underlined(head: str) -> bool:
    """Whether ``head`` has a heading underlined as plain text underlines one (not a rule under a paragraph)."""
    for match in _UNDERLINED.finditer(head):
        title, underline = match.group().split("\n")
        title, underline = title.strip(), underline.strip()
        # Underlined the whole way (a rule of "***" under a short line of a page is not a heading).
        if underline[0] in "=-~" and len(underline) >= len(title) - 2 and text.underlines(underline, title):
            return True
    return False


def parse_file(path: pathlib.Path, doc_id: str, *, max_bytes: int = 64 * 1024 * 1024) -> Document:
    """Read, decode and parse one file of the corpus (and its sidecar).

    Larger files are parsed from their first ``max_bytes`` bytes only, which keeps
    memory and time bounded for a stray giant log.
    """
    path = pathlib.Path(path)
    data, truncated = _read(path, max_bytes)
    if truncated:
        data = _without_partial_character(data)
    content = decode_bytes(data)
    reason = not_a_document(path, content)
    if reason:
        raise UnreadableFile(reason)
    meta = read_sidecar(sidecar_for(path))
    try:
        fmt = format_for(path, content)
        document = parse_text(content, doc_id=doc_id, path=str(path), fmt=fmt, meta=meta)
    except UnreadableFile:
        raise
    except RecursionError as error:
        raise UnreadableFile("document is nested too deeply to read") from error
    except Exception as error:  # a parser bug must cost one file, not the sync
        raise UnreadableFile(f"could not be parsed ({type(error).__name__})") from error
    return document


def parse_text(
    text: str,
    *,
    doc_id: str,
    path: str = "",
    fmt: str | None = None,
    meta: dict | None = None,
) -> Document:
    """Parse decoded text as ``fmt`` (one of FORMATS), or as what it looks like if None.

    ``meta`` is a sidecar mapping (title, url, date, authors, type, topics). A text
    with nothing in it still makes a Document, titled after the file name.
    """
    if fmt is None:
        fmt = sniff(text)
    if fmt not in _PARSERS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    document = _PARSERS[fmt](text, doc_id=doc_id, path=path, meta=Metadata.from_dict(meta or {}))
    if fmt != "html":  # HTML writes its links as <a>; a URL in its text is text
        document = text_format.with_bare_urls(document)
    if not document.title and path:
        document = replace(document, title=title_from_file_name(path))
    return document


def title_from_file_name(path: str) -> str:
    """The title of a document with nothing to take one from: its file name's stem.

    A name that is not valid UTF-8 arrives with its undecodable bytes as lone
    surrogates (``os.fsdecode``), which no UTF-8 store or terminal accepts; they are
    written as ``\\xNN``, the way such names are shown everywhere else.
    """
    stem = pathlib.PurePath(path).stem
    return stem.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _read(path: pathlib.Path, max_bytes: int) -> tuple[bytes, bool]:
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("not a regular file")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError as error:
        raise UnreadableFile("file no longer exists") from error
    except PermissionError as error:
        raise UnreadableFile("permission denied") from error
    except IsADirectoryError as error:
        raise UnreadableFile("is a directory, not a file") from error
    except OSError as error:
        raise UnreadableFile(f"cannot be read ({error.strerror or error})") from error
    return data[:max_bytes], len(data) > max_bytes


def _without_partial_character(data: bytes) -> bytes:
    """Drop a UTF-8 character cut in half by the size limit, so strict UTF-8 still holds."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return data  # ASCII: nothing is cut
        if byte >= 0xC0:  # the lead byte of the last character
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return data[:-back] if needed > back else data
    return data
