"""Debian copyright files in the machine-readable format (DEP-5) -> Document.

Such a file opens with ``Format: https://www.debian.org/doc/packaging-manuals/
copyright-format/1.0/``, which made that URL the title of a third of a Debian
documentation folder. It is a list of stanzas of ``Field: value`` lines (a value
goes on in lines indented by a space, `` .`` standing for a blank line), so it is
read as such: the title is "Copyright: <Upstream-Name>", else "Copyright: <the
package>" (the folder the file lies in, as under /usr/share/doc), the header
stanza is the lead, and each ``Files:`` or stand-alone ``License:`` stanza is a
section named after its first line, its fields kept as lines and a licence's text
as paragraphs.
"""

from __future__ import annotations

import pathlib
import re

from search.model import Document
from search.parse.sections import document_from_blocks
from search.parse.sidecar import Metadata

_FORMAT = re.compile(r"\ufeff?format:\s*<?https?://(?:www\.)?debian\.org/doc/packaging-manuals/copyright-format/", re.IGNORECASE)
_FIELD = re.compile(r"([A-Za-z][\w-]*):[ \t]*(.*)$")
_TITLE_CHARS = 80
_PLACEHOLDERS = frozenset(("package", "packagename", "name", "upstream", "software", "program"))


def is_dep5(text: str) -> bool:
    return bool(_FORMAT.match(text.lstrip()))


def package_of(path: str) -> str:
    """The package a file under ``/usr/share/doc/<package>/`` belongs to: its folder's name."""
    parent = pathlib.PurePath(path).parent.name if path else ""
    return parent


def parse(text: str, *, doc_id: str, path: str, meta: Metadata) -> Document:
    stanzas = _stanzas(text)
    header = stanzas[0] if stanzas else []
    name = next((value for field, value, _ in header if field.lower() == "upstream-name" and value), "")
    if name.strip("<>").casefold() in _PLACEHOLDERS:
        name = ""  # a template's word left in ("Upstream-Name: package")
    name = name or package_of(path) or package_of(doc_id)
    title = meta.title or (f"Copyright: {name}" if name else "Copyright")
    blocks: list[tuple[str, str, int]] = []
    for index, stanza in enumerate(stanzas):
        first_field, first_value, _ = stanza[0]
        fields = stanza
        if index and first_field.lower() in ("files", "license"):
            heading = f"{first_field}: {first_value}" if first_value else first_field
            if len(heading) > _TITLE_CHARS:
                heading = heading[: _TITLE_CHARS - 1].rsplit(" ", 1)[0] + "\u2026"
            else:  # the heading says it all: the line is not said twice
                fields = [("", "", stanza[0][2]), *stanza[1:]]
            blocks.append(("heading", heading, 1))
        lines: list[str] = []
        for field, value, more in fields:
            if field or value:
                lines.append(f"{field}: {value}".rstrip() if field else value)
            for line in more:
                if line is None:  # " ." : a new paragraph of the value
                    blocks.append(("paragraph", "\n".join(lines), 0))
                    lines = []
                else:
                    lines.append(line)
        if lines:
            blocks.append(("paragraph", "\n".join(lines), 0))
    return document_from_blocks(blocks, doc_id=doc_id, path=path, title=title, meta=meta)


def _stanzas(text: str) -> list[list[tuple[str, str, list]]]:
    """Stanzas of (field, first line of its value, later lines: text or None for a " ." line)."""
    stanzas: list[list[tuple[str, str, list]]] = []
    current: list[tuple[str, str, list]] = []
    for raw in text.split("\n"):
        if not raw.strip():
            if current:
                stanzas.append(current)
                current = []
            continue
        if raw[0] in " \t" and current:
            line = raw.strip()
            current[-1][2].append(None if line == "." else line)
            continue
        match = _FIELD.match(raw)
        if match:
            current.append((match.group(1), match.group(2).strip(), []))
        elif current:
            current[-1][2].append(raw.strip())
        else:
            current.append(("", raw.strip(), []))
    if current:
        stanzas.append(current)
    return [[(f, v, m) for f, v, m in s] for s in stanzas if s]
