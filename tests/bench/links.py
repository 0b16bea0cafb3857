"""How many of a real corpus's links readingroom follows: a table per folder.

    python -m tests.bench.links [--work DIR] FOLDER [FOLDER ...]

Each folder is indexed (into ``--work``, one index per folder) and every link its
documents write is resolved as the reader would follow it: to a document of the
corpus (and, when it names one, a section), to an external URL, or to nothing. A
link that leads to nothing is listed with its reason, so that a resolution rule that
misses shows as a count, not as a guess. Links that name nothing in the corpus by
design (a sibling book's pages, ``../std/...``) are broken here too: the table says
how many climb out of the folder.
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

from search import Library


def measure(folder: Path, work: Path) -> dict:
    index = work / (folder.name or "root")
    library = Library([folder], index_dir=index)
    started = time.perf_counter()
    library.sync()
    built = time.perf_counter() - started
    counts: collections.Counter = collections.Counter()
    reasons: collections.Counter = collections.Counter()
    anchored = with_section = 0
    started = time.perf_counter()
    documents = list(library._store().iter_doc_ids())
    for doc_id in documents:
        if doc_id.startswith("summary:"):
            continue
        for link in library.links(doc_id):
            kind = link.resolved.kind
            if kind == "missing":
                reason = link.resolved.reason
                kind = "label" if "by label" in reason else "outside" if "out of the corpus" in reason else "missing"
                if kind == "missing":
                    reasons[link.target.split("#")[0]] += 1
            counts[kind] += 1
            if kind == "document" and "#" in link.target:
                anchored += 1
                with_section += link.resolved.section_id is not None
    resolved_s = time.perf_counter() - started
    library.close()
    return {
        "folder": str(folder),
        "documents": len(documents),
        "counts": dict(counts),
        "anchored": anchored,
        "anchored_to_a_section": with_section,
        "missing_targets": reasons.most_common(8),
        "build_s": round(built, 1),
        "resolve_s": round(resolved_s, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.links", description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--work", type=Path, default=Path("/tmp/rr-links"))
    args = parser.parse_args(argv)
    print("| folder | documents | to a document | anchors to a section | external | climb out | labels | missing | resolve s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    details = []
    for folder in args.folders:
        row = measure(folder.resolve(), args.work)
        c = row["counts"]
        print(
            f"| {folder} | {row['documents']} | {c.get('document', 0)} | {row['anchored_to_a_section']}/{row['anchored']} "
            f"| {c.get('external', 0)} | {c.get('outside', 0)} | {c.get('label', 0)} | {c.get('missing', 0)} | {row['resolve_s']} |"
        )
        details.append(row)
    for row in details:
        if row["missing_targets"]:
            print(f"\n{row['folder']}: most common missing targets: " + ", ".join(f"{t} ({n})" for t, n in row["missing_targets"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
