"""Metadata about a document: from its ``NAME.meta.json`` sidecar or from the file itself.

A scraper knows a page's title, URL, date and authors even when the saved text does
not say them (the seed's text has no title line), so it writes them next to the text.
Front matter and HTML ``<meta>`` tags carry the same fields. All of them end up as a
:class:`Metadata`, and the sidecar wins where both speak: it is the curated record.

A sidecar is never trusted further than its fields: a broken or hostile one is ignored
(the document is still worth reading), and unknown fields such as ``publisher`` are
dropped because a Document has nowhere to keep them.
"""

from __future__ import annotations

import json
import pathlib
import re
from dataclasses import dataclass, fields

from search.parse.dates import iso_date

_MAX_SIDECAR_BYTES = 1024 * 1024

# Credentials and suffixes that follow a name after a comma: "B, Ph.D." is one person.
_NAME_SUFFIX = re.compile(
    r"(?:Ph\.?\s?D\.?|M\.?\s?D\.?|Jr\.?|Sr\.?|Esq\.?|M\.?B\.?A\.?|M\.?P\.?H\.?|J\.?D\.?|"
    r"II|III|IV|O\.?B\.?E\.?|ret\.?|Ret\.?)(?=$|[\s,;])"
)


@dataclass(frozen=True)
class Metadata:
    """The fields a document can be described by, normalised; empty when unknown."""

    title: str = ""
    url: str = ""
    date: str = ""
    type: str = ""
    authors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()

    def document(self, doc_id: str, path: str, title: str, sections, captions, related=()):
        """The Document every format ends with: its own parts, described by this."""
        from search.model import Document

        return Document(
            doc_id=doc_id,
            path=path,
            kind="full",
            title=title,
            date=self.date,
            type=self.type,
            topics=self.topics,
            authors=self.authors,
            url=self.url,
            sections=sections,
            captions=captions,
            related=related,
        )

    @classmethod
    def from_dict(cls, raw: object) -> Metadata:
        """Read the fields of a sidecar-like mapping, ignoring anything malformed."""
        if not isinstance(raw, dict):
            return cls()
        author_value = _whole(raw.get("authors", raw.get("author")))
        topic_value = _whole(raw.get("topics", raw.get("tags", raw.get("keywords"))))
        return cls(
            title=_one_line(_whole(raw.get("title"))),
            url=_one_line(_whole(raw.get("url"))),
            date=iso_date(_one_line(_whole(raw.get("date"))), allow_year=True),
            type=_one_line(_whole(raw.get("type"))),
            authors=_names(author_value),
            topics=_topics(topic_value),
        )

    def over(self, other: Metadata) -> Metadata:
        """These fields where set, ``other``'s where not."""
        return Metadata(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )


def read_sidecar(path: pathlib.Path | None) -> dict:
    """The sidecar's JSON object, or {} when there is none or it cannot be read."""
    if path is None:
        return {}
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_SIDECAR_BYTES + 1)
    except OSError:
        return {}
    if len(data) > _MAX_SIDECAR_BYTES:
        return {}
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    return raw if isinstance(raw, dict) else {}


def split_names(text: str) -> tuple[str, ...]:
    """People named in a byline or an author field.

    "By: A; B, Ph.D." -> ("A", "B, Ph.D."). Semicolons, " and " and "&" always
    separate people; a comma separates them too unless what follows is a credential
    or suffix (Ph.D., Jr., III), which stays with the name before it.
    """
    text = re.sub(r"^\s*by\b:?\s*", "", text.strip(), flags=re.IGNORECASE)
    names: list[str] = []
    for part in re.split(r"\s*;\s*|\s+(?:and|&)\s+", text):
        pieces = re.split(r"\s*,\s*", part)
        for position, piece in enumerate(pieces):
            piece = piece.strip()
            if not piece:
                continue
            if names and position > 0 and _NAME_SUFFIX.fullmatch(piece):
                names[-1] = f"{names[-1]}, {piece}"
            else:
                names.append(piece)
    return tuple(names)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _whole(value: object) -> object:
    """A field's value with lone surrogates (JSON's ``"\\ud800"``) as U+FFFD.

    JSON can spell half of a UTF-16 pair on its own; Python keeps it as a lone
    surrogate, which no UTF-8 output (the index, the store, a terminal) can encode.
    """
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_LONE_SURROGATE.sub("\ufffd", item) if isinstance(item, str) else item for item in value]
    return value


def _one_line(value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())


def _names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return split_names(value)
    if isinstance(value, list):
        return tuple(name for name in (_one_line(v) for v in value) if name)
    return ()


def _topics(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        parts = re.split(r"\s*[;,]\s*", value)
    elif isinstance(value, list):
        parts = [_one_line(v) for v in value]
    else:
        return ()
    return tuple(p.strip() for p in parts if p.strip())
