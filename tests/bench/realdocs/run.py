"""The evaluation, one command: get the corpora, check the samples, index, ask, print, write JSON.

See the package's docstring for what it measures; ``--help`` for the options.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

from . import corpora, expectations, questions
from .corpora import CORPORA, Corpus

DEFAULT_WORK = Path("/tmp/readingroom-realdocs")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.realdocs", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", choices=[c.name for c in CORPORA], help="only this corpus (repeatable)")
    parser.add_argument("--root", action="append", type=Path, default=[], help="a folder holding existing copies (repeatable); with one --corpus, may be the corpus root itself")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help=f"clones, copies and indexes go here (default {DEFAULT_WORK})")
    parser.add_argument("--out", type=Path, help="the JSON result file (default WORK/results.json)")
    parser.add_argument("--no-rank", action="store_true", help="check the parse only: no index, no questions")
    parser.add_argument("--quiet", action="store_true", help="tables only, not each file's misses")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.work.expanduser().resolve()
    work.mkdir(parents=True, exist_ok=True)
    chosen = [corpora.by_name(n) for n in args.corpus] if args.corpus else list(CORPORA)
    roots = corpora.search_roots(args.root, work)
    results: dict = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "corpora": {}}
    out = args.out or work / "results.json"
    for corpus in chosen:
        root = None
        if len(chosen) == 1 and len(args.root) == 1 and args.root[0].is_dir():
            root = corpora.given_root(corpus, args.root[0].resolve())
            print(f"{corpus.name}: using {root} as the corpus root")
        root = root or corpora.obtain(corpus, roots, work)
        if root is None:
            results["corpora"][corpus.name] = {"error": "not available"}
            continue
        results["corpora"][corpus.name] = evaluate(corpus, root, work, rank=not args.no_rank, details=not args.quiet)
        _write(out, results)
    print_tables(results["corpora"])
    _write(out, results)
    print(f"\nresults: {out}")
    return 0


def evaluate(
    corpus: Corpus,
    root: Path,
    work: Path,
    *,
    rank: bool = True,
    details: bool = True,
    data: Path = expectations.DATA,
) -> dict:
    """Every figure of one corpus: the sample's parse checks, and the ranking of its questions."""
    result: dict = {"kind": corpus.kind, "root": str(root)}
    expected = expectations.load(corpus.name, data)
    checks = expectations.check_corpus(root, expected)
    result["parse"] = expectations.summarize(checks)
    result["files"] = [c.to_dict() for c in checks]
    if details:
        print_misses(corpus.name, checks)
    if rank:
        asked = questions.load(corpus.name, data)
        result["ranking"] = rank_corpus(corpus, root, work, asked)
        if details:
            print_question_misses(corpus.name, result["ranking"]["questions"])
    return result


def rank_corpus(corpus: Corpus, root: Path, work: Path, asked: list[questions.Question]) -> dict:
    """Index the corpus's selection into ``work`` afresh, then ask every question of both systems."""
    from search import Library

    ids = corpora.selection(corpus, root)
    indexed = set(ids)  # a question none of whose documents is in this copy cannot be answered
    folder = corpora.materialize(root, ids, work / "corpora" / corpus.name)
    index = work / "index" / corpus.name
    shutil.rmtree(index, ignore_errors=True)
    print(f"{corpus.name}: indexing {len(ids)} files into {index}", flush=True)
    started = time.perf_counter()
    library = Library([folder], index_dir=index)
    try:
        report = library.sync()
        build = time.perf_counter() - started
        baseline = questions.baseline_of(library)
        rows = questions.ask_all(library, baseline, asked)
    finally:
        library.close()
    summary = questions.summarize(rows)
    summary.update(
        {
            "indexed": report.added,
            "skipped": len(report.skipped),
            "build_seconds": round(build, 1),
            "unanswerable": [q.text for q in asked if not set(q.docs) & indexed],
        }
    )
    return {"summary": summary, "questions": rows}


# -- printing --------------------------------------------------------------------------------


def print_misses(name: str, checks: list[expectations.FileCheck]) -> None:
    """One line per thing that went wrong in a sampled file, so a figure can be traced to a file."""
    for check in checks:
        problems = []
        if check.error:
            problems.append(check.error)
        else:
            if check.title_checked and not check.title_right:
                problems.append(f"title {check.title!r}, a reader sees {check.wanted_title!r}")
            if check.chrome:
                problems.append(f"furniture sections {check.chrome}")
            if check.lost:
                problems.append(f"text lost {check.lost}")
            if check.leaks:
                problems.append(f"leaks {check.leaks}")
        for problem in problems:
            print(f"  {name} {check.doc_id}: {problem}")


def print_question_misses(name: str, rows: list[dict]) -> None:
    """One line per question either system did not answer first: where the wanted document came."""
    for row in rows:
        ours, theirs = row["readingroom"], row["fts5"]
        wrongly_respelled = row["style"] != "typo" and ours.get("respelled")
        if (
            ours["hit1"]
            and theirs["hit1"]
            and ours.get("section1", True)
            and theirs.get("section1", True)
            and not wrongly_respelled
        ):
            continue
        print(
            f"  {name} {row['q']!r} ({row['style']}) wants {row['wanted'][0]}"
            + (f" at {row['wanted_section'][0]!r}" if row["wanted_section"] else "")
            + f": readingroom rank {ours['rank'] or '-'} (top {ours['top']} at {ours['section']!r})"
            + f", FTS5 rank {theirs['rank'] or '-'} (top {theirs['top']} at {theirs['section']!r})"
            + (f"; respelled {ours['respelled']!r}" if ours.get("respelled") else "")
        )


def _ratio(count: int, total: int) -> str:
    return f"{count}/{total}"


def print_tables(results: dict) -> None:
    names = [n for n, r in results.items() if "parse" in r]
    print("\nParse of the sampled files (per corpus and overall)\n")
    print("| corpus | format | files | titles right | chrome sections (files) | phrases lost (files) | leaks (files) | parse s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    total = {k: 0 for k in ("files", "parsed", "titles", "titles_right", "chrome_sections", "files_with_chrome", "phrases", "phrases_lost", "files_losing_text", "leaks", "files_with_leaks")}
    seconds = 0.0
    for name in names:
        p = results[name]["parse"]
        for key in total:
            total[key] += p[key]
        seconds += p["parse_seconds"]
        print(_parse_row(name, results[name]["kind"], p))
    if len(names) > 1:
        print(_parse_row("overall", "", {**total, "parse_seconds": round(seconds, 3)}))
    for name, r in results.items():
        if "error" in r:
            print(f"| {name} | {r['error']} | | | | | | |")
    ranked = [n for n in names if "ranking" in results[n]]
    if not ranked:
        return
    print("\nRanking of the questions: readingroom | FTS5 OR + bm25 baseline\n")
    print(
        "| corpus | docs indexed | build s | questions | hit@1 | hit@5 | section@1 | typos found | wrong suggestions "
        "| FTS5 hit@1 | FTS5 hit@5 | FTS5 section@1 | FTS5 typos found |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    grand = {"questions": 0, "with_section": 0, "typos": 0, "spelled_right": 0, "indexed": 0, "build_seconds": 0.0, "unanswerable": 0}
    grand_sys = {
        s: {"hit1": 0, "hit5": 0, "section1": 0, "typos_found": 0, "wrong_suggestions": 0} for s in ("readingroom", "fts5")
    }
    for name in ranked:
        s = results[name]["ranking"]["summary"]
        for key in grand:
            grand[key] += len(s.get(key, ())) if key == "unanswerable" else s[key]
        for system in grand_sys:
            for key in grand_sys[system]:
                grand_sys[system][key] += s[system][key]
        print(_rank_row(name, s))
    if len(ranked) > 1:
        print(_rank_row("overall", {**grand, **grand_sys, "build_seconds": round(grand["build_seconds"], 1)}))


def _parse_row(name: str, kind: str, p: dict) -> str:
    parsed = p["parsed"]
    missing = f" ({p['files'] - parsed} missing)" if p["files"] != parsed else ""
    return (
        f"| {name} | {kind} | {p['files']}{missing} | {_ratio(p['titles_right'], p['titles'])} "
        f"| {p['chrome_sections']} ({p['files_with_chrome']}) "
        f"| {_ratio(p['phrases_lost'], p['phrases'])} ({p['files_losing_text']}) "
        f"| {p['leaks']} ({p['files_with_leaks']}) | {p['parse_seconds']:.2f} |"
    )


def _rank_row(name: str, s: dict) -> str:
    n, k, t, r = s["questions"], s["with_section"], s["typos"], s["spelled_right"]
    ours, theirs = s["readingroom"], s["fts5"]
    # A question whose documents this copy of the corpus lacks counts as missed by both
    # systems; the table says how many there are, so that the reader can discount them.
    gone = len(s.get("unanswerable", ())) if isinstance(s.get("unanswerable"), list) else s.get("unanswerable", 0)
    asked = f"{n} ({gone} not in this copy)" if gone else f"{n}"
    return (
        f"| {name} | {s['indexed']} | {s['build_seconds']} | {asked} "
        f"| {_ratio(ours['hit1'], n)} | {_ratio(ours['hit5'], n)} | {_ratio(ours['section1'], k)} "
        f"| {_ratio(ours['typos_found'], t)} | {_ratio(ours['wrong_suggestions'], r)} "
        f"| {_ratio(theirs['hit1'], n)} | {_ratio(theirs['hit5'], n)} | {_ratio(theirs['section1'], k)} "
        f"| {_ratio(theirs['typos_found'], t)} |"
    )


def _write(out: Path, results: dict) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_suffix(".tmp")
    temporary.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, out)


if __name__ == "__main__":
    sys.exit(main())
