"""Debian changelogs (``changelog.Debian``, ``NEWS.Debian``) -> Document.

Each entry opens with ``package (version) distribution; urgency=...`` and ends
with a `` -- Name <address>  date`` trailer. Read as plain text, every changelog
was titled by its newest entry's first line and had no sections; here it is
titled "Changelog: <package>" ("News: <package>" for a NEWS file), each entry is
a section named "version (distribution)" holding its lines as written, and the
document's date is the newest entry's.
"""

from __future__ import annotations

import email.utils
import pathlib
import re

from search.model import Document
from search.parse.sections import document_from_blocks
from search.parse.sidecar import Metadata

_ENTRY = re.compile(r"([a-z0-9][a-z0-9+.-]+) \(([^()\s]+)\) ([^;]*);[^\n]*urgency=", re.ASCII)
_TRAILER = re.compile(r" -- .*?>  (.+)$")


def is_changelog(text: str) -> bool:
    return bool(_ENTRY.match(text.lstrip("\ufeff\n")))


def parse(text: str, *, doc_id: str, path: str, meta: Metadata) -> Document:
    text = text.lstrip("\ufeff\n")
    package = _ENTRY.match(text).group(1)
    news = pathlib.PurePath(path or doc_id).name.lower().startswith("news")
    title = meta.title or f"{'News' if news else 'Changelog'}: {package}"
    blocks: list[tuple[str, str, int]] = []
    paragraph: list[str] = []
    date = ""

    def flush() -> None:
        if paragraph:
            blocks.append(("paragraph", "\n".join(paragraph), 0))
            paragraph.clear()

    for line in text.split("\n"):
        entry = _ENTRY.match(line)
        if entry:
            flush()
            distribution = " ".join(entry.group(3).split())
            blocks.append(("heading", f"{entry.group(2)} ({distribution})" if distribution else entry.group(2), 1))
            continue
        if not line.strip():
            flush()
            continue
        if not date:
            trailer = _TRAILER.match(line)
            if trailer:
                date = _iso(trailer.group(1))
        paragraph.append(line.rstrip())
    flush()
    if date and not meta.date:
        meta = meta.over(Metadata(date=date))
    return document_from_blocks(blocks, doc_id=doc_id, path=path, title=title, meta=meta)


def _iso(stamp: str) -> str:
    try:
        return email.utils.parsedate_to_datetime(stamp.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return ""
