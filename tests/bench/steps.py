"""One measurement per process: ``python -m tests.bench.steps STEP [options]``.

Each step prints exactly one JSON object on stdout (anything else a library prints
goes to stderr). ``tests.bench.run`` starts every step in a fresh interpreter, so
that ``ru_maxrss`` is the peak of that step alone, caches in the process start cold,
and a crash or a hang costs one figure, not the run.

Steps:

- ``build``      ``Library(corpus, index_dir=fresh).sync()``: the full index build
- ``parse``      ``parse_file`` on every file of a folder (any formats), no index: the parsers alone
- ``floor``      a bare Whoosh index of the same ``.txt`` files (the speed floor)
- ``sync``       ``Library.sync()`` on an up-to-date index (nothing changed)
- ``sync-file``  rewrite one document file, then time the sync that picks it up
- ``search``     the query mix through ``Library.search(q, limit=10)``
- ``grep``       the same queries as a grep user would type them, through ``rg -l``
- ``similar``    ``Library.more_like_this`` over fixed documents
- ``suggest``    ``Library.suggest`` over the typo set, with its accuracy
- ``startup``    the installed app in tmux: process start to first paint / results
- ``keystroke``  the app under Pilot: last key press to results on screen
- ``app-memory`` the app under Pilot on a big index: peak RSS while searching

A step that calls ``Library.sync`` may spawn worker processes ("spawn" start
method), which import this module again: everything runs under ``main()``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.measure import (
    MB,
    document_files,
    load,
    peak_rss,
    summary,
    tree_bytes,
)

MIX_SEED = 0
MIX_SIZE = 200
SEARCH_LIMIT = 10
SIMILAR_DOCUMENTS = 50
TYPO_COUNT = 60
GREP_TIMEOUT = 120.0
PATTERN_CATEGORIES = ("fuzzy", "wildcard")  # queries that expand to many terms: reported apart too


# -- what the steps share ---------------------------------------------------------------------


def query_mix() -> list[tuple[str, str]]:
    """The 200 queries every size is measured with.

    ``corpus_dir`` is left out on purpose: phrases sampled from a corpus would differ
    between sizes, and the point is the same questions against more documents.
    """
    from tests.bench.queries import query_mix as mix

    return mix(None, seed=MIX_SEED, size=MIX_SIZE)


def index_sizes(index_dir: Path) -> dict:
    """Bytes on disk of the whole index folder, its Whoosh part and its SQLite part."""
    index_dir = Path(index_dir)
    sqlite = sum(p.stat().st_size for p in index_dir.glob("library.sqlite*") if p.is_file())
    return {
        "total_bytes": tree_bytes(index_dir),
        "whoosh_bytes": tree_bytes(index_dir / "whoosh"),
        "sqlite_bytes": sqlite,
    }


def _library_class():
    """``search.Library``, imported before any clock starts: imports are start-up's cost, not sync's."""
    from search import Library

    return Library


def _open_library(corpus: str, index: str):
    return _library_class()([corpus], index_dir=index)


def _report_counts(report) -> dict:
    return {
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "skipped": len(report.skipped),
        "rebuilt": report.rebuilt,
    }


def _corpus_size(corpus: str) -> tuple[int, int]:
    files = document_files(Path(corpus))
    return len(files), sum(p.stat().st_size for p in files)


def _rates(documents: int, nbytes: int, seconds: float) -> dict:
    return {
        "seconds": round(seconds, 3),
        "docs_per_s": round(documents / seconds, 1) if seconds else None,
        "mb_per_s": round(nbytes / MB / seconds, 3) if seconds else None,
    }


# -- 1. full build ---------------------------------------------------------------------------


def step_build(args) -> dict:
    """A full build into an empty folder: what a first ``readingroom index`` costs."""
    index = Path(args.index)
    shutil.rmtree(index, ignore_errors=True)
    documents, nbytes = _corpus_size(args.corpus)
    import whoosh.index  # noqa: F401 - imported before the clock starts, as in the floor

    from search import Library

    started = time.perf_counter()
    library = Library([args.corpus], index_dir=index)
    report = library.sync()
    seconds = time.perf_counter() - started
    library.close()
    return {
        "documents": documents,
        "bytes": nbytes,
        **_rates(documents, nbytes, seconds),
        "report": _report_counts(report),
        "index": index_sizes(index),
    }


FIRST_QUERY = '"foreign policy"'  # a phrase of the query mix that most generated articles hold


def _first_results(corpus: str, index: Path, *, early: bool) -> dict:
    """Seconds from the start of a first build to the first answered search, and to its end."""
    from search.indexing import batches

    shutil.rmtree(index, ignore_errors=True)
    saved = batches.FIRST_COMMIT_SECONDS, batches.COMMIT_SECONDS
    if not early:  # as before commits by time: one commit, at the end
        batches.FIRST_COMMIT_SECONDS = batches.COMMIT_SECONDS = float("inf")
    query = FIRST_QUERY
    found: dict = {}
    library = _library_class()([corpus], index_dir=index)
    started = time.perf_counter()

    def committed(done: int, total: int) -> None:
        if "seconds" not in found:
            hits = library.search(query, limit=10).total
            found.update(seconds=round(time.perf_counter() - started, 2), documents=done, hits=hits)

    try:
        library.sync(committed=committed)
        end = time.perf_counter() - started
        if "seconds" not in found:  # nothing committed before the end: the first answer comes after it
            hits = library.search(query, limit=10).total
            found.update(seconds=round(time.perf_counter() - started, 2), documents=None, hits=hits)
    finally:
        batches.FIRST_COMMIT_SECONDS, batches.COMMIT_SECONDS = saved
        library.close()
    return {
        "first_results_s": found["seconds"],
        "hits": found["hits"],
        "searchable_documents": found["documents"],
        "build_s": round(end, 2),
    }


def step_first_results(args) -> dict:
    """A new folder searched while its first index is built: first results with commits as it goes, and without."""
    documents, _ = _corpus_size(args.corpus)
    index = Path(args.index)
    return {
        "documents": documents,
        "query": FIRST_QUERY,
        "as_it_goes": _first_results(args.corpus, index, early=True),
        "at_the_end": _first_results(args.corpus, index, early=False),
    }


def step_parse(args) -> dict:
    """Every candidate file of a folder through ``parse_file``, in this one process.

    The parsers' own cost, apart from the index: what a change to a parser costs
    is compared here on real folders (documentation HTML, Markdown books, plain
    text), run after run on the same machine.
    """
    from search.errors import UnreadableFile
    from search.parse import is_candidate_name, parse_file

    root = Path(args.corpus)
    files = sorted(
        Path(folder, name)
        for folder, _, names in os.walk(root)
        for name in names
        if is_candidate_name(name)
    )
    nbytes = sum(path.stat().st_size for path in files)
    parsed = skipped = sections = 0
    started = time.perf_counter()
    cpu = time.process_time()
    for path in files:
        try:
            document = parse_file(path, str(path.relative_to(root)))
        except UnreadableFile:
            skipped += 1
            continue
        parsed += 1
        sections += len(document.sections)
    seconds = time.perf_counter() - started
    return {
        "files": len(files),
        "parsed": parsed,
        "skipped": skipped,
        "sections": sections,
        "bytes": nbytes,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "ms_per_file": round(1000 * seconds / max(1, len(files)), 3),
    }


def step_floor(args) -> dict:
    """The bare Whoosh floor: one path and one stemmed body per file, one writer, one commit.

    This is the least any Whoosh-based index of these files costs with the library's
    defaults; readingroom does more (sections, fields, summaries) and must still beat it.
    """
    index = Path(args.index)
    shutil.rmtree(index, ignore_errors=True)
    index.mkdir(parents=True)
    files = document_files(Path(args.corpus))
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import FileStorage

    schema = Schema(path=ID(stored=True), body=TEXT(analyzer=StemmingAnalyzer()))
    nbytes = 0
    started = time.perf_counter()
    ix = FileStorage(str(index)).create_index(schema)
    writer = ix.writer()
    for path in files:
        text = path.read_text(encoding="utf-8")
        nbytes += path.stat().st_size
        writer.add_document(path=str(path), body=text)
    writer.commit()
    seconds = time.perf_counter() - started
    ix.close()
    result = {
        "documents": len(files),
        "bytes": nbytes,
        **_rates(len(files), nbytes, seconds),
        "index": {"total_bytes": tree_bytes(index)},
    }
    if not args.keep:
        shutil.rmtree(index, ignore_errors=True)
    return result


# -- 2. sync -------------------------------------------------------------------------------


def _timed_sync(args) -> dict:
    """Open the library and sync it; seconds from opening (imports excluded) and the counts."""
    _library_class()
    started = time.perf_counter()
    library = _open_library(args.corpus, args.index)
    report = library.sync()
    seconds = time.perf_counter() - started
    library.close()
    return {"seconds": round(seconds, 4), "report": _report_counts(report)}


def step_sync(args) -> dict:
    """One sync of an up-to-date index in a fresh process: what opening the app costs."""
    return _timed_sync(args)


def changed_text(text: str, variant: int) -> str:
    """The document with one body paragraph changed, differently for each ``variant``.

    The paragraph gets a sentence made of its own first words, reversed: new text for
    the index, and still a plausible article for the parser.
    """
    from tests.bench.corpus import RELATED_HEADINGS

    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines) if line in RELATED_HEADINGS), len(lines))
    paragraphs = [i for i, line in enumerate(lines[:end]) if len(line) > 200] or [0]
    target = paragraphs[variant % len(paragraphs)]
    words = re.findall(r"[A-Za-z]+", lines[target])[: 8 + variant]
    sentence = " ".join(reversed(words)).capitalize() or "Revised"
    lines[target] = f"{lines[target]} {sentence} (revision {variant + 1})."
    return "\n".join(lines)


def _rewrite(path: Path, text: str) -> None:
    """Write ``text`` and move the mtime forward, as an editor saving the file would."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8", newline="")
    stamp = max(time.time_ns(), before + 1_000_000_000)
    os.utime(path, ns=(stamp, stamp))


def step_sync_file(args) -> dict:
    """Change one document file (or put the original back) and time the sync that follows."""
    path = Path(args.file)
    original = Path(args.original).read_text(encoding="utf-8")
    text = original if args.variant is None else changed_text(original, args.variant)
    _rewrite(path, text)
    return {**_timed_sync(args), "variant": args.variant}


# -- 3. search and grep --------------------------------------------------------------------------


def _by_category(rows: list[dict], key: str = "ms") -> dict:
    categories: dict[str, list[float]] = {}
    for row in rows:
        categories.setdefault(row["category"], []).append(row[key])
    return {category: summary(values) for category, values in sorted(categories.items())}


def step_search(args) -> dict:
    """The mix through ``Library.search``, once to warm up and once timed.

    The timed call is the whole answer the results list shows: the top 10 with
    snippets, highlight spans and the best section of each hit.
    """
    library = _open_library(args.corpus, args.index)
    mix = query_mix()
    for _, text in mix:  # warm-up: open the searcher, fill caches as a session would
        library.search(text, limit=SEARCH_LIMIT)
    rows = []
    for category, text in mix:
        started = time.perf_counter()
        result = library.search(text, limit=SEARCH_LIMIT)
        ms = (time.perf_counter() - started) * 1000
        rows.append(
            {
                "category": category,
                "query": text,
                "ms": round(ms, 3),
                "total": result.total,
                "hits": len(result.hits),
                "error": result.error,
            }
        )
    library.close()
    times = [row["ms"] for row in rows]
    plain = [row["ms"] for row in rows if row["category"] not in PATTERN_CATEGORIES]
    return {
        "queries": len(rows),
        "overall": summary(times),
        "without_patterns": summary(plain),
        "categories": _by_category(rows),
        "no_hits": sum(1 for row in rows if not row["hits"]),
        "errors": sum(1 for row in rows if row["error"]),
        "rows": rows,
    }


def grep_term(category: str, query: str) -> str:
    """What a grep user types for a query: the phrase, the year, or the longest word."""
    if category == "phrase":
        return query.strip().strip('"')
    if category == "date":
        return re.findall(r"\d{4}", query)[0]
    text = re.sub(r"\b[a-z_]+:", " ", query)  # field prefixes
    text = re.sub(r'[*~"()\[\]]', " ", text)
    words = text.split() or [query]
    return max(words, key=len)  # the first of the longest


def _rg(rg: str, term: str, corpus: str) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        [rg, "-l", "-i", "-F", "--", term, corpus], capture_output=True, timeout=GREP_TIMEOUT
    )
    ms = (time.perf_counter() - started) * 1000
    if done.returncode not in (0, 1):
        raise RuntimeError(f"rg failed ({done.returncode}): {done.stderr.decode(errors='replace').strip()}")
    return ms, len(done.stdout.splitlines())


def step_grep(args) -> dict:
    """``rg -l -i -F`` for each query of the mix, warm: the tool readingroom replaces."""
    rg = shutil.which("rg")
    if rg is None:
        return {"available": False, "reason": "ripgrep (rg) is not installed: apt-get install -y ripgrep"}
    version = subprocess.run([rg, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    mix = query_mix()
    _rg(rg, grep_term(*mix[0]), args.corpus)  # warm-up: the files come into the page cache
    rows = []
    for category, text in mix:
        term = grep_term(category, text)
        ms, files = _rg(rg, term, args.corpus)
        rows.append({"category": category, "query": text, "term": term, "ms": round(ms, 3), "files": files})
    times = [row["ms"] for row in rows]
    return {
        "available": True,
        "version": version,
        "queries": len(rows),
        "overall": summary(times),
        "categories": _by_category(rows),
        "rows": rows,
    }


# -- 4. more like this, did you mean -----------------------------------------------------------


def fixed_documents(library, count: int = SIMILAR_DOCUMENTS) -> list[str]:
    """``count`` documents of the corpus (not summaries): sorted ids, every k-th."""
    ids = sorted(d.doc_id for d in library.documents(kind="full"))
    step = max(1, len(ids) // count)
    return ids[::step][:count]


def step_similar(args) -> dict:
    """``more_like_this`` as the related pane asks for it, over 50 fixed documents."""
    library = _open_library(args.corpus, args.index)
    ids = fixed_documents(library)
    library.more_like_this(ids[0])  # warm-up
    times, found = [], []
    for doc_id in ids:
        started = time.perf_counter()
        similar = library.more_like_this(doc_id)
        times.append((time.perf_counter() - started) * 1000)
        found.append(len(similar))
    library.close()
    return {
        "documents": len(ids),
        "timing": summary(times),
        "mean_found": round(sum(found) / len(found), 2) if found else None,
    }


def step_suggest(args) -> dict:
    """``suggest`` over one-edit typos: how fast, and how often it names the intended word."""
    from tests.bench.queries import typo_set

    library = _open_library(args.corpus, args.index)
    pairs = typo_set(seed=MIX_SEED, size=TYPO_COUNT)
    library.suggest(pairs[0][0])  # warm-up: reads the vocabulary once
    times, misses = [], []
    for typo, word in pairs:
        started = time.perf_counter()
        suggestion = library.suggest(typo)
        times.append((time.perf_counter() - started) * 1000)
        if (suggestion or "").strip().lower() != word:
            misses.append({"typo": typo, "word": word, "suggested": suggestion})
    library.close()
    return {
        "typos": len(pairs),
        "timing": summary(times),
        "accuracy": round(1 - len(misses) / len(pairs), 3),
        "misses": misses,
    }


def step_shapes(args) -> dict:
    """Query shapes whose cost grows with the corpus (``shapes``): each one's time, warm."""
    from tests.bench.shapes import measure

    library = _open_library(args.corpus, args.index)
    try:
        return measure(library)
    finally:
        library.close()


# -- 5 and 6. the app ------------------------------------------------------------------------


def step_startup(args) -> dict:
    from tests.bench.terminal import measure_startup

    return measure_startup(
        corpus=args.corpus,
        index=args.index,
        query=args.query,
        runs=args.runs,
        work=Path(args.work),
    )


def step_keystroke(args) -> dict:
    from tests.bench.pilot import measure_keystrokes

    return measure_keystrokes(args.corpus, args.index, Path(args.work), count=args.count)


def step_app_memory(args) -> dict:
    from tests.bench.pilot import measure_app_memory

    return measure_app_memory(args.corpus, args.index, Path(args.work), queries=args.count, opens=args.opens)


# -- the command line -----------------------------------------------------------------------

STEPS = {
    "build": step_build,
    "first-results": step_first_results,
    "floor": step_floor,
    "parse": step_parse,
    "sync": step_sync,
    "sync-file": step_sync_file,
    "search": step_search,
    "grep": step_grep,
    "similar": step_similar,
    "suggest": step_suggest,
    "shapes": step_shapes,
    "startup": step_startup,
    "keystroke": step_keystroke,
    "app-memory": step_app_memory,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.steps", description="Run one benchmark step.")
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--corpus", help="the corpus folder (startup: omit for the bundled corpus)")
    parser.add_argument("--index", help="the index folder")
    parser.add_argument("--work", default="/tmp/readingroom-bench", help="scratch space for app steps")
    parser.add_argument("--keep", action="store_true", help="floor: keep the index it built")
    parser.add_argument("--file", help="sync-file: the document file to rewrite")
    parser.add_argument("--original", help="sync-file: a copy of the file's original content")
    parser.add_argument("--variant", type=int, help="sync-file: which change; none puts the original back")
    parser.add_argument("--query", help="startup: open with this query")
    parser.add_argument("--runs", type=int, default=5, help="startup: measured runs")
    parser.add_argument("--count", type=int, default=40, help="keystroke/app-memory: queries")
    parser.add_argument("--opens", type=int, default=5, help="app-memory: hits to open")
    return parser


def run_step(argv: list[str]) -> dict:
    """Run one step and wrap its figures with what every step reports."""
    args = build_parser().parse_args(argv)
    started_load = load()
    started = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):  # stdout carries the JSON line only
        figures = STEPS[args.step](args)
    return {
        "step": args.step,
        "load_at_start": started_load,
        "step_seconds": round(time.perf_counter() - started, 2),
        **figures,
        "rss": peak_rss(),
    }


def main(argv: list[str] | None = None) -> int:
    # A timed-out step gets SIGTERM: exit through the finally blocks (tmux servers, temp dirs).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    result = run_step(sys.argv[1:] if argv is None else argv)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
