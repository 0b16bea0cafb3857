"""What a reader sees in each sampled file, and how a parsed Document is held against it.

The expectations of a corpus are a JSON file in ``data/`` written by reading the
real files (never from readingroom's output)::

    {"chrome": ["Navigation", "Previous topic", ...],   # site furniture, as section titles
     "leaks": ["¶", "number=\\"", ...],                  # fragments that must not be in the text
     "samples": {"library/json.html": {"title": "json — JSON encoder and decoder",
                                         "keep": ["a few words from the page", ...]}}}

For every sampled file the check says: whether the title is right (compared with
runs of white space made one space, and curly quotes made straight; a list of
titles means any of them; a title of null is not checked: a changelog has none a reader would name), which of its
sections are furniture (title in ``chrome``, compared case-insensitively without a
trailing "¶" or ":"), which ``keep`` phrases are missing from the parsed text
(title, section titles and text, captions, compared the same way), and which
``leaks`` fragments are there. ``leaks`` adds to the fragments every corpus checks;
a sample's ``allow`` names fragments its file really holds as content (merge
conflict markers, a history diagram's dashes), not counted for that file.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from search.errors import UnreadableFile
from search.model import Document

DATA = Path(__file__).resolve().parent / "data"
COMMON_LEAKS = ("¶", 'number="', "{{#", "caption=", "====")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def flat(text: str) -> str:
    """Text as compared: curly quotes straight, every run of white space one space, trimmed."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def furniture_key(title: str) -> str:
    return flat(title).rstrip("¶:").strip().casefold()


@dataclass(frozen=True)
class Sample:
    doc_id: str
    title: str | tuple[str, ...] | None  # several: any will do; None: no title a reader could name, not counted
    keep: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()  # leak fragments this file really holds as content (a diagram's "-----")


@dataclass(frozen=True)
class Expectations:
    chrome: frozenset[str]
    leaks: tuple[str, ...]
    samples: tuple[Sample, ...]

    @classmethod
    def from_dict(cls, data: dict) -> "Expectations":
        samples = tuple(
            Sample(doc_id, _titles(entry.get("title")), tuple(entry.get("keep", ())), tuple(entry.get("allow", ())))
            for doc_id, entry in data.get("samples", {}).items()
        )
        leaks = tuple(dict.fromkeys((*COMMON_LEAKS, *data.get("leaks", ()))))
        return cls(frozenset(furniture_key(c) for c in data.get("chrome", ())), leaks, samples)


def _titles(title):
    return tuple(title) if isinstance(title, list) else title


def load(name: str, folder: Path = DATA) -> Expectations:
    path = folder / f"{name}.expect.json"
    return Expectations.from_dict(json.loads(path.read_text(encoding="utf-8")))


@dataclass
class FileCheck:
    """What one sampled file came out as."""

    doc_id: str
    wanted_title: str | tuple[str, ...] | None
    title: str = ""
    error: str = ""  # the file is missing or could not be parsed
    chrome: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    kept: int = 0
    seconds: float = 0.0

    @property
    def title_checked(self) -> bool:
        return not self.error and self.wanted_title is not None

    @property
    def title_right(self) -> bool:
        wanted = self.wanted_title if isinstance(self.wanted_title, tuple) else (self.wanted_title,)
        return self.title_checked and flat(self.title) in {flat(w) for w in wanted if w is not None}

    def to_dict(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "wanted_title": self.wanted_title,
            "title": self.title,
            "title_right": self.title_right,
            "error": self.error,
            "chrome": self.chrome,
            "lost": self.lost,
            "kept": self.kept,
            "leaks": self.leaks,
            "seconds": round(self.seconds, 4),
        }


def check_document(document: Document, sample: Sample, expectations: Expectations) -> FileCheck:
    """Hold one parsed document against what a reader sees in the file."""
    result = FileCheck(sample.doc_id, sample.title, title=document.title)
    result.chrome = [s.title for s in document.sections if s.title and furniture_key(s.title) in expectations.chrome]
    text = flat(document.title + "\n\n" + document.text)
    for phrase in sample.keep:
        if flat(phrase) in text:
            result.kept += 1
        else:
            result.lost.append(phrase)
    raw = document.title + "\n" + "\n".join(s.title + "\n" + s.text for s in document.sections)
    raw += "\n".join(c.text for c in document.captions)
    result.leaks = [f for f in expectations.leaks if f in raw and f not in sample.allow]
    return result


def check_corpus(root: Path, expectations: Expectations) -> list[FileCheck]:
    """Parse every sampled file of ``root`` with readingroom's parser and check it."""
    from search.parse import parse_file

    checks = []
    for sample in expectations.samples:
        path = root / sample.doc_id
        if not path.is_file():
            checks.append(FileCheck(sample.doc_id, sample.title, error="missing from this copy of the corpus"))
            continue
        started = time.perf_counter()
        try:
            document = parse_file(path, sample.doc_id)
        except UnreadableFile as error:
            checks.append(FileCheck(sample.doc_id, sample.title, error=f"not parsed: {error}"))
            continue
        check = check_document(document, sample, expectations)
        check.seconds = time.perf_counter() - started
        checks.append(check)
    return checks


def summarize(checks: list[FileCheck]) -> dict:
    """The figures of a corpus's table row."""
    parsed = [c for c in checks if not c.error]
    phrases = sum(c.kept + len(c.lost) for c in parsed)
    return {
        "files": len(checks),
        "parsed": len(parsed),
        "titles": sum(c.title_checked for c in parsed),
        "titles_right": sum(c.title_right for c in parsed),
        "chrome_sections": sum(len(c.chrome) for c in parsed),
        "files_with_chrome": sum(bool(c.chrome) for c in parsed),
        "phrases": phrases,
        "phrases_lost": sum(len(c.lost) for c in parsed),
        "files_losing_text": sum(bool(c.lost) for c in parsed),
        "leaks": sum(len(c.leaks) for c in parsed),
        "files_with_leaks": sum(bool(c.leaks) for c in parsed),
        "parse_seconds": round(sum(c.seconds for c in parsed), 3),
    }
