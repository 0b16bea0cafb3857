"""What readingroom remembers between runs: settings, reading positions, history,
the queries searched and the sections bookmarked.

One JSON file in the user data directory (XDG on Linux). It is written atomically
(a temporary file in the same folder, flushed, then renamed over the old one), so a
crash or a full disk mid-write leaves the previous state, never half a file. A file
that cannot be read back (corrupt, wrong shape) is set aside next to itself with a
timestamp, the app starts clean and says so once.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

MAX_POSITIONS = 2000
MAX_HISTORY = 200
MAX_QUERIES = 100
MAX_BOOKMARKS = 500


def default_state_path() -> Path:
    return Path(platformdirs.user_data_dir("readingroom")) / "state.json"


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


@dataclass
class Position:
    """Where a reader was in a document: the section, and the exact line."""

    section_id: str | None
    scroll_y: int

    def to_json(self) -> dict:
        return {"section": self.section_id, "y": self.scroll_y}

    @classmethod
    def from_json(cls, data) -> "Position":
        return cls(data.get("section"), int(data.get("y", 0)))


@dataclass(frozen=True)
class Bookmark:
    """A section of a document the reader marked, with the titles it had then (so a
    bookmark to a document that has since gone can still say what it was)."""

    doc_id: str
    section_id: str | None
    title: str = ""
    section_title: str = ""
    added: float = 0.0  # unix time

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.doc_id, self.section_id)

    def to_json(self) -> dict:
        return {
            "doc": self.doc_id,
            "section": self.section_id,
            "title": self.title,
            "section_title": self.section_title,
            "added": self.added,
        }

    @classmethod
    def from_json(cls, data) -> "Bookmark":
        section = data.get("section")
        return cls(
            str(data["doc"]),
            None if section is None else str(section),
            str(data.get("title", "")),
            str(data.get("section_title", "")),
            float(data.get("added", 0.0)),
        )


@dataclass
class UserState:
    """Everything remembered for one user, per corpus where it matters."""

    path: Path
    settings: dict = field(default_factory=dict)
    positions: dict[str, dict[str, Position]] = field(default_factory=dict)  # corpus -> doc -> position
    history: dict[str, list[str]] = field(default_factory=dict)  # corpus -> recently read doc ids
    queries: list[str] = field(default_factory=list)  # queries searched, oldest first (any corpus)
    bookmarks: dict[str, list[Bookmark]] = field(default_factory=dict)  # corpus -> bookmarks, oldest first
    message: str | None = None  # set when the file could not be read

    @classmethod
    def load(cls, path: Path | None = None) -> "UserState":
        path = path or default_state_path()
        state = cls(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return state
        except OSError as error:
            state.message = f"Could not read {path}: {error.strerror}; starting with a clean state."
            return state
        try:
            data = json.loads(raw.decode("utf-8"))  # bytes that are not UTF-8: a ValueError here
            if not isinstance(data, dict):
                raise ValueError("not an object")
            state.settings = dict(data.get("settings", {}))
            state.positions = {
                corpus: {doc: Position.from_json(p) for doc, p in docs.items()}
                for corpus, docs in dict(data.get("positions", {})).items()
            }
            state.history = {corpus: [str(d) for d in docs] for corpus, docs in dict(data.get("history", {})).items()}
            queries = data.get("queries", [])
            if not isinstance(queries, list):
                raise ValueError("queries is not a list")
            state.queries = [str(query) for query in queries][-MAX_QUERIES:]
            state.bookmarks = {
                str(corpus): [Bookmark.from_json(mark) for mark in marks]
                for corpus, marks in dict(data.get("bookmarks", {})).items()
            }
        except (ValueError, TypeError, AttributeError, KeyError, OverflowError, RecursionError) as error:
            # OverflowError: a position of 1e400; RecursionError: JSON nested too deep.
            aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            try:
                os.replace(path, aside)
                where = f"moved to {aside.name}"
            except OSError:
                where = "left in place"
            state = cls(path)
            state.message = f"The saved state was unreadable ({error}); {where}. Starting clean."
        return state

    def save(self) -> str | None:
        """Write the state; returns a one-line reason if it could not be written."""
        data = {
            "version": 1,
            "settings": self.settings,
            "positions": {
                corpus: {doc: p.to_json() for doc, p in list(docs.items())[-MAX_POSITIONS:]}
                for corpus, docs in self.positions.items()
            },
            "history": {corpus: docs[-MAX_HISTORY:] for corpus, docs in self.history.items()},
            "queries": self.queries[-MAX_QUERIES:],
            "bookmarks": {
                corpus: [mark.to_json() for mark in marks[-MAX_BOOKMARKS:]]
                for corpus, marks in self.bookmarks.items()
                if marks
            },
        }
        try:
            write_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=1))
        except OSError as error:
            return f"Could not save state to {self.path}: {error.strerror or error}"
        return None

    # -- per corpus ---------------------------------------------------------------

    def position(self, corpus: str, doc_id: str) -> Position | None:
        return self.positions.get(corpus, {}).get(doc_id)

    def remember_position(self, corpus: str, doc_id: str, position: Position) -> None:
        docs = self.positions.setdefault(corpus, {})
        docs.pop(doc_id, None)  # most recent last, so trimming drops the oldest
        docs[doc_id] = position

    def remember_visit(self, corpus: str, doc_id: str) -> None:
        docs = self.history.setdefault(corpus, [])
        if doc_id in docs:
            docs.remove(doc_id)
        docs.append(doc_id)

    def recent_visits(self, corpus: str) -> list[str]:
        """The documents read in ``corpus``, the most recent first."""
        return list(reversed(self.history.get(corpus, [])))

    # -- queries (every corpus) -------------------------------------------------------

    def remember_query(self, query: str) -> None:
        """Keep ``query`` as the newest searched (an earlier copy of it goes; blank ones are not kept)."""
        if not query.strip():
            return
        if query in self.queries:
            self.queries.remove(query)
        self.queries.append(query)
        del self.queries[:-MAX_QUERIES]

    # -- bookmarks -----------------------------------------------------------------------

    def bookmarks_of(self, corpus: str) -> list[Bookmark]:
        """The bookmarks of ``corpus``, oldest first (a copy)."""
        return list(self.bookmarks.get(corpus, []))

    def add_bookmark(self, corpus: str, bookmark: Bookmark) -> bool:
        """Add ``bookmark``; False when that section is bookmarked already."""
        marks = self.bookmarks.setdefault(corpus, [])
        if any(mark.key == bookmark.key for mark in marks):
            return False
        marks.append(bookmark)
        del marks[:-MAX_BOOKMARKS]
        return True

    def remove_bookmark(self, corpus: str, doc_id: str, section_id: str | None) -> bool:
        """Remove the bookmark of that section; False when there was none."""
        marks = self.bookmarks.get(corpus, [])
        kept = [mark for mark in marks if mark.key != (doc_id, section_id)]
        if len(kept) == len(marks):
            return False
        self.bookmarks[corpus] = kept
        return True
