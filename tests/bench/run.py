"""The benchmark, one command: corpora, index builds, sync, search, the app; JSON and Markdown out.

    python -m tests.bench.run [--sizes 1000,10000,50000] [--work DIR] [--out DIR] [--quick] [--quiet-wait S]

Corpora are generated into ``--work`` (``tests.bench.corpus``, seed 0) once and reused
while they hold the right number of documents. Indexes are built fresh by the build
step and reused by the later steps of the same run. Every figure comes from a
``python -m tests.bench.steps`` process of its own (see there why), started one at a
time so that steps never compete with each other for the CPUs. The machine may be
shared: before each step the harness waits (up to ``--quiet-wait`` seconds) for the
CPUs to be idle, and records the load average, how busy the CPUs were just before
and how much CPU other processes took during the step, so that a run disturbed by
something else shows it.

What is measured where (each at the named size, or the nearest size that was run):

1. full build and the bare Whoosh floor at every size
2. sync, nothing changed and one file changed, at 10,000
3. search (and ``rg -l`` on the same files) at 10,000 and 50,000
4. more like this and "did you mean" at 10,000 and 50,000
5. the app at 10,000: start-up in tmux, keystroke to results under Pilot
6. the app's peak memory while searching 50,000 documents

Writes ``results.json`` (after every step, so an interrupted run keeps what it
measured) and ``results.md`` (``tests.bench.report``) into ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.measure import (
    busy_cpu_seconds,
    busy_share,
    children_cpu_seconds,
    commit,
    document_files,
    load,
    machine,
    median,
    now_iso,
    source_fingerprint,
    tree_bytes,
)
from tests.bench.report import targets, write_markdown

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SIZES = (1000, 10_000, 50_000)
DEFAULT_WORK = Path("/tmp/readingroom-bench")
DEFAULT_OUT = REPO / "tests" / "bench" / "results"
SEED = 0
SYNC_RUNS = 3
STARTUP_RUNS = 5
TYPED_QUERIES = 40
MEMORY_QUERIES = 30
MEMORY_OPENS = 5
STEP_LOG = (
    "step", "purpose", "size", "code", "wall_seconds", "load_before", "load_at_start", "waited_for_quiet_s", "busy_before",
    "others_during", "rss", "error",
)
DEFAULT_QUIET_WAIT = 120.0
QUIET = 0.10  # share of the CPUs busy below which the machine counts as quiet


def sizes_for(sizes: list[int]) -> dict:
    """Which size each later measurement uses: the one the brief names, or the nearest run."""
    small = [s for s in sizes if s <= 10_000]
    near_ten = max(small) if small else min(sizes)
    searched = [s for s in sizes if s in (10_000, 50_000)] or [max(sizes)]
    return {
        "sync": near_ten,
        "search": searched,
        "app": near_ten,
        "memory": 50_000 if 50_000 in sizes else max(sizes),
    }


def step_timeout(size: int) -> float:
    """A generous bound for a step at ``size`` documents: a hang costs a figure, not the run."""
    return 300 + 0.04 * size


class Runner:
    """Starts steps one by one, records what they print, and keeps ``results.json`` current."""

    def __init__(self, work: Path, out: Path, results: dict, quiet_wait: float = 0.0) -> None:
        self.work = work
        self.out = out
        self.results = results
        self.quiet_wait = quiet_wait

    def wait_for_quiet(self) -> float:
        """Wait (up to ``quiet_wait`` s) until the CPUs are idle; return the seconds waited.

        The machine may be shared: a step started on top of someone else's build
        measures the build. Waiting costs little; the figure it protects is the point.
        """
        started = time.perf_counter()
        deadline = started + self.quiet_wait
        announced = False
        while time.perf_counter() < deadline:
            share = busy_share(1.0)
            if share is None or share < QUIET:
                break
            if not announced:
                log(f"the CPUs are {share * 100:.0f}% busy with something else: waiting up to {self.quiet_wait:.0f} s")
                announced = True
        return round(time.perf_counter() - started, 1)

    def save(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        path = self.out / "results.json"
        temporary = path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(self.results, indent=1) + "\n", encoding="utf-8")
        temporary.replace(path)

    def step(self, step: str, size: int | None, *options: str, timeout: float, purpose: str = "") -> dict:
        """Run one step in a fresh interpreter and return its JSON (or ``{"error": ...}``)."""
        waited = self.wait_for_quiet()
        code = source_fingerprint(REPO)
        busy = busy_share()
        before = load()
        label = f"{step}" + (f" ({purpose})" if purpose else "") + (f" @ {size:,}" if size else "")
        log(f"{label} ... (load {before[0]}, cpu busy {busy})")
        command = [sys.executable, "-m", "tests.bench.steps", step, "--work", str(self.work), *options]
        machine_cpu, own_cpu = busy_cpu_seconds(), children_cpu_seconds()
        started = time.perf_counter()
        result = _run_json(command, timeout)
        wall = time.perf_counter() - started
        result.setdefault("step", step)
        result["size"] = size
        result["purpose"] = purpose
        result["code"] = code
        result["waited_for_quiet_s"] = waited
        result["busy_before"] = busy
        result["others_during"] = _others_share(machine_cpu, own_cpu, wall)
        result["load_before"] = before
        result["wall_seconds"] = round(wall, 2)
        self.results["steps"].append({k: result.get(k) for k in STEP_LOG if k in result})
        self.save()
        log(f"{label}: {'FAILED ' + result['error'] if 'error' in result else 'done'} in {result['wall_seconds']} s")
        return result


def _others_share(machine_cpu: float | None, own_cpu: float, wall: float) -> float | None:
    """Share of the CPUs that processes other than the step's own used while it ran.

    The machine's busy CPU time over the step, less the step's own (its process and
    the children it waited for). Start-up steps run the app under a tmux server,
    which is not their child, so for them this also counts the app itself.
    """
    after = busy_cpu_seconds()
    if machine_cpu is None or after is None or wall <= 0:
        return None
    others = (after - machine_cpu) - (children_cpu_seconds() - own_cpu)
    return round(max(0.0, others) / (wall * (os.cpu_count() or 1)), 3)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _kill_group(process: subprocess.Popen) -> None:
    """Stop a step and the workers it started: TERM first (its cleanups run), then KILL."""
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _close_tmux_servers(step_pid: int) -> None:
    """Kill any tmux server a step left behind (its sockets are named after its pid)."""
    tmux = shutil.which("tmux")
    folder = Path(f"/tmp/tmux-{os.getuid()}")
    if tmux is None or not folder.is_dir():
        return
    for socket in folder.glob(f"rr-bench-{step_pid}-*"):
        subprocess.run([tmux, "-L", socket.name, "kill-server"], capture_output=True, timeout=20)


def _run_json(command: list[str], timeout: float) -> dict:
    """Run a step command in its own process group; its last stdout line is its JSON."""
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        return {"error": f"timed out after {timeout:.0f} s"}
    finally:
        _close_tmux_servers(process.pid)
    if process.returncode != 0:
        tail = " | ".join(stderr.strip().splitlines()[-3:])
        return {"error": f"exit status {process.returncode}: {tail}"}
    lines = [line for line in stdout.splitlines() if line.strip()]
    try:
        return json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        return {"error": f"no JSON on stdout: {stdout[-300:]!r}"}


# -- corpora --------------------------------------------------------------------------------


def prepare_corpus(size: int, work: Path) -> dict:
    """The corpus of ``size`` documents under ``work``: reused if complete, else generated."""
    folder = work / f"corpus-{size}"
    count = len(document_files(folder)) if folder.is_dir() else 0
    info = {"path": str(folder), "documents": size}
    if count == size:
        info["generated_seconds"] = None
    else:
        if folder.exists():
            log(f"corpus {folder} has {count:,} documents, not {size:,}: generating it again")
            shutil.rmtree(folder)
        log(f"generating {size:,} documents into {folder} ...")
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "tests.bench.corpus", str(size), str(folder), "--seed", str(SEED)],
            cwd=REPO,
            check=True,
            timeout=step_timeout(size),
        )
        info["generated_seconds"] = round(time.perf_counter() - started, 1)
    files = document_files(folder)
    info["files"] = len(files)
    info["document_bytes"] = sum(p.stat().st_size for p in files)
    info["all_bytes"] = tree_bytes(folder)
    return info


# -- the measurements -------------------------------------------------------------------------


def measure_builds(runner: Runner, corpora: dict, floor_sizes: list[int]) -> None:
    """1. Full build and the bare Whoosh floor, size by size, side by side."""
    for size, corpus in corpora.items():
        index = runner.work / f"index-{size}"
        build = runner.step("build", size, "--corpus", corpus["path"], "--index", str(index), timeout=step_timeout(size))
        floor = None
        if size in floor_sizes:
            floor = runner.step(
                "floor", size, "--corpus", corpus["path"], "--index", str(runner.work / f"floor-{size}"),
                timeout=step_timeout(size),
            )
        entry = {"readingroom": build, "floor": floor}
        if build.get("docs_per_s") and floor and floor.get("docs_per_s"):
            entry["ratio_docs_per_s"] = round(build["docs_per_s"] / floor["docs_per_s"], 2)
        runner.results["build"][str(size)] = entry


def refresh_index(runner: Runner, size: int, corpus: str) -> None:
    """An unmeasured sync, so that a step measures an index in step with the code and the files.

    Normally it finds nothing to do. If the engine changed since the build (a new
    schema version means a rebuild), the work happens here and the report says so.
    """
    index = str(runner.work / f"index-{size}")
    result = runner.step("sync", size, "--corpus", corpus, "--index", index, timeout=step_timeout(size) * 2, purpose="refresh")
    runner.results["refreshes"].append(result)


def _sync_series(runner: Runner, size: int, corpus: str, index: str) -> dict:
    runs = [runner.step("sync", size, "--corpus", corpus, "--index", index, timeout=step_timeout(size)) for _ in range(SYNC_RUNS)]
    seconds = [r["seconds"] for r in runs if "seconds" in r]
    return {"runs": runs, "median_seconds": round(median(seconds), 4) if seconds else None}


def measure_sync(runner: Runner, size: int, corpus: str) -> None:
    """2. Sync with nothing changed, then with one file changed (and put back)."""
    index = str(runner.work / f"index-{size}")
    refresh_index(runner, size, corpus)
    result = {"size": size, "unchanged": _sync_series(runner, size, corpus, index)}
    files = document_files(Path(corpus))
    target = files[len(files) // 2]
    original = runner.work / "sync-original.txt"
    shutil.copy2(target, original)
    content = original.read_bytes()
    runs = []
    try:
        for variant in range(SYNC_RUNS):
            runs.append(
                runner.step(
                    "sync-file", size, "--corpus", corpus, "--index", index, "--file", str(target),
                    "--original", str(original), "--variant", str(variant), timeout=step_timeout(size),
                )
            )
        restore = runner.step(
            "sync-file", size, "--corpus", corpus, "--index", index, "--file", str(target),
            "--original", str(original), timeout=step_timeout(size),
        )
    finally:
        if target.read_bytes() != content:  # a failed step must not leave the corpus changed
            target.write_bytes(content)
            log(f"put the original {target} back after a failed step")
    seconds = [r["seconds"] for r in runs if "seconds" in r]
    result["changed"] = {
        "file": str(target.relative_to(corpus)),
        "runs": runs,
        "median_seconds": round(median(seconds), 4) if seconds else None,
        "restore": restore,
    }
    runner.results["sync"] = result


def measure_search(runner: Runner, size: int, corpus: str) -> None:
    """3 and 4. The query mix through readingroom and rg; more like this; did you mean."""
    index = str(runner.work / f"index-{size}")
    timeout = step_timeout(size)
    refresh_index(runner, size, corpus)
    search = runner.step("search", size, "--corpus", corpus, "--index", index, timeout=timeout)
    grep = runner.step("grep", size, "--corpus", corpus, timeout=timeout)
    entry = {"readingroom": search, "rg": grep}
    if "overall" in search and grep.get("available") and "overall" in grep:
        ours, theirs = search["overall"], grep["overall"]
        entry["ratio_p50"] = round(ours["p50"] / theirs["p50"], 3)
        entry["ratio_p95"] = round(ours["p95"] / theirs["p95"], 3)
    runner.results["search"][str(size)] = entry
    runner.results["similar"][str(size)] = {
        "more_like_this": runner.step("similar", size, "--corpus", corpus, "--index", index, timeout=timeout),
        "suggest": runner.step("suggest", size, "--corpus", corpus, "--index", index, timeout=timeout),
    }
    runner.results.setdefault("shapes", {})[str(size)] = runner.step(
        "shapes", size, "--corpus", corpus, "--index", index, timeout=timeout
    )


def startup_query() -> str:
    """A two-word query of the mix: what someone types after ``-q``."""
    from tests.bench.steps import query_mix

    return next(q for c, q in query_mix() if c == "two_words")


def measure_app(runner: Runner, size: int, corpus: str) -> None:
    """5. The app: start-up in a real terminal (this corpus and the bundled one), typing."""
    index = str(runner.work / f"index-{size}")
    query = startup_query()
    timeout = step_timeout(size) + 600
    refresh_index(runner, size, corpus)
    app = {"size": size, "query": query}
    app["startup"] = runner.step(
        "startup", size, "--corpus", corpus, "--index", index, "--query", query, "--runs", str(STARTUP_RUNS), timeout=timeout
    )
    app["startup_bundled"] = runner.step(
        "startup", None, "--index", str(runner.work / "index-bundled"), "--query", query,
        "--runs", str(STARTUP_RUNS), timeout=timeout,
    )
    app["keystroke"] = runner.step(
        "keystroke", size, "--corpus", corpus, "--index", index, "--count", str(TYPED_QUERIES), timeout=timeout
    )
    runner.results["app"] = app


def measure_memory(runner: Runner, size: int, corpus: str) -> None:
    """6. Peak RSS of the app typing queries and opening hits on the biggest index."""
    index = str(runner.work / f"index-{size}")
    refresh_index(runner, size, corpus)
    runner.results["app_memory"] = runner.step(
        "app-memory", size, "--corpus", corpus, "--index", index, "--count", str(MEMORY_QUERIES),
        "--opens", str(MEMORY_OPENS), timeout=step_timeout(size) + 600,
    )


# -- the command line --------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES), help="corpus sizes, comma separated")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="corpora and indexes (default %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where results.json/.md go")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1,000 documents only")
    parser.add_argument(
        "--floor-sizes", metavar="SIZES",
        help="sizes at which to build the bare Whoosh floor too (default: every size; it takes "
        "about twice as long as readingroom's build)",
    )
    parser.add_argument(
        "--quiet-wait", type=float, default=None, metavar="S",
        help="before each step, wait up to S seconds for the CPUs to be idle (0: never; default 120, 0 with --quick)",
    )
    args = parser.parse_args(argv)
    args.sizes = [1000] if args.quick else _sizes(args.sizes)
    args.floor_sizes = args.sizes if args.floor_sizes is None else _sizes(args.floor_sizes)
    if args.quiet_wait is None:
        args.quiet_wait = 0.0 if args.quick else DEFAULT_QUIET_WAIT
    return args


def _sizes(text: str) -> list[int]:
    return sorted({int(part.strip().replace("_", "")) for part in text.split(",") if part.strip()})


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results = {
        "date": now_iso(),
        "command": "python -m tests.bench.run " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": machine(),
        "sizes": args.sizes,
        "plan": sizes_for(args.sizes),
        "work": str(work),
        "load_at_start": load(),
        "quiet_wait_s": args.quiet_wait,
        "commit": commit(REPO),
        "code_at_start": source_fingerprint(REPO),
        "corpora": {},
        "build": {},
        "refreshes": [],
        "sync": None,
        "search": {},
        "similar": {},
        "app": None,
        "app_memory": None,
        "steps": [],
    }
    runner = Runner(work, args.out, results, quiet_wait=args.quiet_wait)
    plan = results["plan"]
    corpora = {size: prepare_corpus(size, work) for size in args.sizes}
    results["corpora"] = {str(size): info for size, info in corpora.items()}
    runner.save()
    measure_builds(runner, corpora, args.floor_sizes)
    measure_sync(runner, plan["sync"], corpora[plan["sync"]]["path"])
    for size in plan["search"]:
        measure_search(runner, size, corpora[size]["path"])
    measure_app(runner, plan["app"], corpora[plan["app"]]["path"])
    measure_memory(runner, plan["memory"], corpora[plan["memory"]]["path"])
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["code_at_end"] = source_fingerprint(REPO)
    results["targets"] = targets(results)
    runner.save()
    markdown = write_markdown(results, args.out / "results.md")
    log(f"wrote {args.out / 'results.json'} and {markdown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
