"""Text files that are not documents: images and keys written as text.

Decoding (``search.parse.decode``) refuses binary files by their bytes. Some formats
are text to a decoder and still nothing a reader would open in a reading room: an
SVG image is XML full of coordinates (the Rust book ships dozens beside its
chapters, titled ``<?xml version=...?>`` when they were indexed), PostScript is a
program that draws a page, an XPM image is a C array of pixels, and a PEM file is a
key or a certificate, which has no business in a search index at all. Each is
refused with a reason that names it, so the skipped-files list tells the user what
it found.

Other XML stays text: it may hold words worth finding, and the title rules skip
its declaration.
"""

from __future__ import annotations

import pathlib
import re

# The start of an XML file up to its root element: declaration, doctype, comments,
# processing instructions, in any order.
_XML_PROLOGUE = re.compile(r"\ufeff?\s*(?:(?:<\?[^>]*\?>|<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>|<!--.*?-->)\s*)*", re.DOTALL | re.IGNORECASE)
_SVG_ROOT = re.compile(r"<(?:[\w-]+:)?svg[\s>/]", re.IGNORECASE)
_PEM = re.compile(r"\s*-----BEGIN [A-Z0-9 ]+-----\s*\n")
_SUFFIXES = {
    ".svg": "an SVG image",
    ".svgz": "an SVG image",
    ".eps": "a PostScript image",
    ".ps": "a PostScript file",
    ".xpm": "an XPM image",
    ".pem": "a key or certificate (PEM)",
    ".crt": "a key or certificate (PEM)",
    ".key": "a key or certificate (PEM)",
}


def not_a_document(path: pathlib.PurePath | str, content: str) -> str | None:
    """Why ``content`` (the decoded file at ``path``) is not a document, or None if it may be one."""
    suffix = pathlib.PurePath(path).suffix.lower() if path else ""
    name = _SUFFIXES.get(suffix)
    if name is None:
        name = _by_content(content[:8192])
    return f"{name}, not a document" if name else None


def _by_content(head: str) -> str | None:
    stripped = head.lstrip("\ufeff \t\n")
    if stripped.startswith("<"):
        prologue = _XML_PROLOGUE.match(stripped)
        if _SVG_ROOT.match(stripped, prologue.end() if prologue else 0):
            return "an SVG image"
    elif stripped.startswith("%!PS"):
        return "a PostScript file"
    elif stripped.startswith("/* XPM */"):
        return "an XPM image"
    elif stripped.startswith("-----BEGIN ") and _PEM.match(stripped):
        return "a key or certificate (PEM)"
    return None
