"""Questions a reader asks of a corpus, asked of readingroom and of a plain FTS5 baseline.

The questions of a corpus are a JSON list in ``data/NAME.questions.json``, written
by reading the documents::

    [{"q": "json pretty print", "doc": "library/json.html", "section": "Basic Usage", "style": "keywords"}]

``doc`` is the wanted document's id (or a list of ids, any of which will do: git
documents its commands both as .txt and as .html); ``section`` (optional, a title
or a list of titles) is the section a reader wants to land on. ``style`` says what
kind of question it is (keywords, phrase, typo, question), for reading the results.

readingroom is asked exactly as ``readingroom search --json QUESTION`` asks it:
``Library.search(QUESTION, limit=10)`` on an index of the corpus's selection. The
baseline is SQLite FTS5 over the same documents from the same parse (title and
whole text, one row per document; porter stemming over unicode61 tokens), asked
the question's words quoted and joined with OR, ranked by ``bm25``; its section
is the best ``bm25`` section of its top document, from a second table holding one
row per section.

Figures: hit@1 (the wanted document first), hit@5 (among the first five),
section@1 (the wanted document first *and* its section the wanted one; counted
over the questions that name a section), typos found (of the misspelled questions,
style "typo", those whose wanted document is among the first five as typed, with
no second search by the reader) and wrong suggestions (of the questions spelled
right, those for which readingroom offered or ran another spelling).
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from .expectations import DATA, furniture_key

LIMIT = 10
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Question:
    text: str
    docs: tuple[str, ...]
    sections: tuple[str, ...] = ()
    style: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> "Question":
        docs = data["doc"] if isinstance(data["doc"], list) else [data["doc"]]
        section = data.get("section") or []
        sections = section if isinstance(section, list) else [section]
        return cls(data["q"], tuple(docs), tuple(sections), data.get("style", ""))


def load(name: str, folder: Path = DATA) -> list[Question]:
    path = folder / f"{name}.questions.json"
    return [Question.from_dict(entry) for entry in json.loads(path.read_text(encoding="utf-8"))]


@dataclass
class Answer:
    """The first documents (and the top one's section) a system gave for a question."""

    docs: list[str] = field(default_factory=list)
    section: str = ""
    error: str = ""
    ms: float = 0.0
    respelled: str = ""  # the spelling readingroom offered or ran instead of the question's


def grade(question: Question, answer: Answer) -> dict:
    wanted = set(question.docs)
    top = answer.docs[:1]
    hit1 = bool(top) and top[0] in wanted
    result = {
        "hit1": hit1,
        "hit5": any(d in wanted for d in answer.docs[:5]),
        "rank": next((i + 1 for i, d in enumerate(answer.docs) if d in wanted), None),
        "top": top[0] if top else None,
        "section": answer.section,
    }
    if question.sections:
        keys = {furniture_key(s) for s in question.sections}
        result["section1"] = hit1 and furniture_key(answer.section) in keys
    if answer.error:
        result["error"] = answer.error
    if answer.respelled:
        result["respelled"] = answer.respelled
    return result


# -- readingroom -----------------------------------------------------------------------------


def ask_readingroom(library, question: Question) -> Answer:
    started = time.perf_counter()
    result = library.search(question.text, limit=LIMIT)
    ms = (time.perf_counter() - started) * 1000
    hits = [h for h in result.hits if h.kind == "full"]
    section = hits[0].section.title if hits and hits[0].section else ""
    respelled = getattr(result, "searched", None) or result.suggestion or ""  # older engines: no searched
    return Answer([h.doc_id for h in hits], section, result.error or "", ms, respelled)


# -- the FTS5 baseline -----------------------------------------------------------------------


class Baseline:
    """SQLite FTS5 over the documents' title and text, in memory, ranked by bm25."""

    def __init__(self) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(doc_id UNINDEXED, title, body, tokenize='porter unicode61')")
        self.db.execute(
            "CREATE VIRTUAL TABLE sections USING fts5(doc_id UNINDEXED, title, body, tokenize='porter unicode61')"
        )

    def add(self, document) -> None:
        self.db.execute("INSERT INTO docs VALUES (?, ?, ?)", (document.doc_id, document.title, document.text))
        self.db.executemany(
            "INSERT INTO sections VALUES (?, ?, ?)",
            [(document.doc_id, s.title, s.text) for s in document.sections],
        )

    @staticmethod
    def match(text: str) -> str:
        """The question's words, each quoted (so none is an operator), joined with OR."""
        words = list(dict.fromkeys(w.lower() for w in _WORD.findall(text)))
        return " OR ".join('"' + w.replace('"', "") + '"' for w in words)

    def ask(self, question: Question) -> Answer:
        query = self.match(question.text)
        if not query:
            return Answer(error="no words")
        started = time.perf_counter()
        rows = self.db.execute(
            "SELECT doc_id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (query, LIMIT)
        ).fetchall()
        docs = [r[0] for r in rows]
        section = ""
        if docs:
            best = self.db.execute(
                "SELECT title FROM sections WHERE sections MATCH ? AND doc_id = ? ORDER BY bm25(sections) LIMIT 1",
                (query, docs[0]),
            ).fetchone()
            section = best[0] if best else ""
        return Answer(docs, section, "", (time.perf_counter() - started) * 1000)


def baseline_of(library) -> Baseline:
    """The baseline over every full document of an indexed library, read back from its store."""
    baseline = Baseline()
    for summary in library.documents(kind="full"):
        baseline.add(library.document(summary.doc_id))
    baseline.db.commit()
    return baseline


def ask_all(library, baseline: Baseline, questions: list[Question]) -> list[dict]:
    rows = []
    for question in questions:
        ours = ask_readingroom(library, question)
        theirs = baseline.ask(question)
        rows.append(
            {
                "q": question.text,
                "style": question.style,
                "wanted": list(question.docs),
                "wanted_section": list(question.sections),
                "readingroom": grade(question, ours),
                "fts5": grade(question, theirs),
                "readingroom_ms": round(ours.ms, 1),
            }
        )
    return rows


def summarize(rows: list[dict]) -> dict:
    """hit@1, hit@5, section@1, typos found and wrong suggestions (counts, and over how many questions)."""
    out = {"questions": len(rows)}
    sectioned = [r for r in rows if r["wanted_section"]]
    typos = [r for r in rows if r["style"] == "typo"]
    spelled_right = [r for r in rows if r["style"] != "typo"]
    out["with_section"] = len(sectioned)
    out["typos"] = len(typos)
    out["spelled_right"] = len(spelled_right)
    for system in ("readingroom", "fts5"):
        out[system] = {
            "hit1": sum(r[system]["hit1"] for r in rows),
            "hit5": sum(r[system]["hit5"] for r in rows),
            "section1": sum(bool(r[system].get("section1")) for r in sectioned),
            "typos_found": sum(r[system]["hit5"] for r in typos),
            "wrong_suggestions": sum(bool(r[system].get("respelled")) for r in spelled_right),
        }
    return out
