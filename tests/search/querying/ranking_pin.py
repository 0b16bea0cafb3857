"""The top results of a fixed query mix on a generated corpus, pinned.

Speed work must not change what a user finds. ``record`` writes the top hits (with
scores) of the benchmark's query mix on a small generated corpus; the test compares
a fresh index against that file. Ties are compared as sets: two documents with the
same score may come back in either order after a change in how records are
numbered (segment workers number them per segment), and that is not a different
answer.

Regenerate only for a deliberate change of ranking:
``python -m tests.search.querying.ranking_pin record``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PIN_FILE = Path(__file__).parent / "fixtures" / "ranking_pin.json"
CORPUS_SIZE = 400
SEED = 7
TOP = 10


def answers(library, queries) -> list[dict]:
    out = []
    for category, query in queries:
        result = library.search(query, limit=TOP + 10)
        out.append(
            {
                "category": category,
                "query": query,
                "total": result.total,
                "relaxed": result.relaxed,
                "hits": [[hit.doc_id, round(hit.score, 3), hit.section.id if hit.section else None] for hit in result.hits],
            }
        )
    return out


def build(tmp: Path, workers: int | None = None):
    from search import Library
    from tests.bench.corpus import generate
    from tests.bench.queries import query_mix

    generate(CORPUS_SIZE, tmp / "corpus", seed=SEED)
    library = Library([tmp / "corpus"], index_dir=tmp / "index", workers=workers)
    library.sync()
    return library, query_mix(seed=SEED, size=200)


def _groups(hits, top):
    """Score groups in rank order, cut after the group holding the ``top``-th hit."""
    groups: list[tuple[float, set[str]]] = []
    for doc_id, score, _ in hits:
        if groups and abs(groups[-1][0] - score) < 1e-3:
            groups[-1][1].add(doc_id)
        else:
            groups.append((score, {doc_id}))
    cut, seen = [], 0
    for score, ids in groups:
        cut.append((score, ids))
        seen += len(ids)
        if seen >= top:
            break
    return cut


def differences(expected: list[dict], actual: list[dict]) -> list[str]:
    """What changed in the top results: the same documents in the same order.

    Scores themselves are not compared: BM25's idf counts every record of the
    index, so a change in how many records a document makes moves every score a
    little without moving any document. Equal scores form tie groups, compared as
    sets; the group cut by the limit is compared by position only.
    """
    problems = []
    for want, got in zip(expected, actual):
        assert want["query"] == got["query"]
        if want["total"] != got["total"] or want["relaxed"] != got["relaxed"]:
            problems.append(f"{want['query']!r}: total {want['total']} -> {got['total']}")
            continue
        want_groups = [ids for _, ids in _groups(want["hits"], TOP)]
        got_groups = [ids for _, ids in _groups(got["hits"], TOP)]
        if want_groups[:-1] != got_groups[:-1] or len(want_groups) != len(got_groups):
            problems.append(f"{want['query']!r}: {want_groups} -> {got_groups}")
    return problems


def record() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        library, queries = build(Path(tmp))
        data = answers(library, queries)
    PIN_FILE.parent.mkdir(parents=True, exist_ok=True)
    PIN_FILE.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"pinned {len(data)} queries in {PIN_FILE}")


if __name__ == "__main__" and sys.argv[1:] == ["record"]:
    record()
