"""The benchmark harness runs end to end on a tiny corpus: each step prints one JSON object.

Shapes only, never timings: these figures mean nothing at 40 documents. The full
benchmark is ``python -m tests.bench.run`` (see its docstring), not part of the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.corpus import generate
from tests.bench.report import render
from tests.bench.steps import changed_text, grep_term

REPO = Path(__file__).resolve().parents[2]
N = 40
TIMING = {"n", "p50", "p95", "max", "mean"}


_DATA_HOME: dict[str, str] = {}  # one private data folder (the index signing key) for every step


def run_step(*args: str) -> dict:
    env = dict(os.environ, **({"XDG_DATA_HOME": _DATA_HOME["path"]} if _DATA_HOME else {}))
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.steps", *args],
        cwd=REPO, capture_output=True, text=True, timeout=120, env=env,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout  # nothing but the JSON object on stdout
    result = json.loads(lines[0])
    assert result["step"] == args[0]
    assert len(result["load_at_start"]) == 3
    assert set(result["rss"]) == {"self_mb", "children_mb"}
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("bench")
    # The steps run in processes of their own, across tests: they must sign and check
    # the index with one key, whatever data folder each test is given.
    _DATA_HOME["path"] = str(root / "data")
    corpus, index = root / "corpus", root / "index"
    generate(N, corpus, seed=0)
    build = run_step("build", "--corpus", str(corpus), "--index", str(index))
    return {"corpus": str(corpus), "index": str(index), "root": root, "build": build}


def test_build_and_floor_report_rates_and_sizes(built) -> None:
    build = built["build"]
    assert build["documents"] == N and build["report"]["added"] == N
    assert build["docs_per_s"] > 0 and build["mb_per_s"] > 0
    assert set(build["index"]) == {"total_bytes", "whoosh_bytes", "sqlite_bytes"}
    assert build["index"]["whoosh_bytes"] > 0 and build["index"]["sqlite_bytes"] > 0
    floor = run_step("floor", "--corpus", built["corpus"], "--index", str(built["root"] / "floor"))
    assert floor["documents"] == N and floor["bytes"] == build["bytes"]
    assert floor["index"]["total_bytes"] > 0
    assert not (built["root"] / "floor").exists()  # the floor cleans up after itself


def test_search_and_suggest_steps(built) -> None:
    search = run_step("search", "--corpus", built["corpus"], "--index", built["index"])
    assert search["queries"] == 200 and set(search["overall"]) == TIMING
    assert search["overall"]["n"] == 200 and "phrase" in search["categories"]
    assert {"category", "query", "ms", "total", "hits", "error"} <= set(search["rows"][0])
    suggest = run_step("suggest", "--corpus", built["corpus"], "--index", built["index"])
    assert suggest["typos"] == 60 and set(suggest["timing"]) == TIMING
    assert 0 <= suggest["accuracy"] <= 1
    sync = run_step("sync", "--corpus", built["corpus"], "--index", built["index"])
    assert sync["report"]["unchanged"] == N and sync["report"]["added"] == 0

    grep = run_step("grep", "--corpus", built["corpus"])
    if grep["available"]:
        assert grep["overall"]["n"] == 200
    else:  # no ripgrep: said so, no crash
        assert "rg" in grep["reason"]

    # A partial run still renders, with the targets it could not judge marked as such.
    results = {
        "date": "2000-01-01T00:00:00+00:00",
        "command": "python -m tests.bench.run --quick",
        "machine": {"cpu_count": 2, "cpu_model": "x", "memory_gb": 1, "platform": "p", "python": "3",
                    "whoosh": "2", "textual": "8", "readingroom": "0"},
        "load_at_start": [0, 0, 0],
        "corpora": {str(N): {"path": built["corpus"], "document_bytes": 1, "all_bytes": 1, "generated_seconds": 1}},
        "build": {str(N): {"readingroom": built["build"], "floor": {"error": "timed out"}}},
        "search": {str(N): {"readingroom": search, "rg": grep}},
        "similar": {str(N): {"suggest": suggest}},
        "steps": [],
    }
    page = render(results)
    assert "## Targets" in page and "not measured" in page and "failed: timed out" in page


def test_grep_terms_are_what_a_grep_user_types() -> None:
    assert grep_term("phrase", '"party congress"') == "party congress"
    assert grep_term("date", "date:[2018 to 2021]") == "2018"
    assert grep_term("field", "topic:governance") == "governance"
    assert grep_term("wildcard", "nucl*") == "nucl"
    assert grep_term("fuzzy", "pyongyang~") == "pyongyang"
    assert grep_term("two_words", "party congress") == "congress"


def test_changed_text_changes_one_paragraph() -> None:
    text = "Title\n\n" + "word " * 60 + "\n\n" + "other " * 60 + "\n\nRelated Content\n\nlink"
    for variant in range(3):
        changed = changed_text(text, variant).split("\n")
        assert sum(a != b for a, b in zip(changed, text.split("\n"))) == 1
    assert changed_text(text, 0) != changed_text(text, 1)


def test_the_app_steps_draw_at_the_apps_frame_rate() -> None:
    """Textual reads ``TEXTUAL_FPS`` once, on its first import: the harness must not import it before ``tui``.

    An early import (a test helper importing ``textual.worker`` at the top) once ran
    the keystroke benchmark at Textual's default 60 frames a second instead of the
    app's 120, and every figure grew by a frame interval.
    """
    code = (
        "import os, sys\n"
        "os.environ.pop('TEXTUAL_FPS', None)\n"
        "import tests.bench.pilot, tests.bench.steps\n"
        "assert 'textual' not in sys.modules, 'the harness imported textual before tui'\n"
        "import tui.app\n"
        "from textual.constants import MAX_FPS\n"
        "print(MAX_FPS)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "120"
