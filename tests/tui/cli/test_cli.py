"""The installed console script, run as a user runs it: JSON shapes, text, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED_ID, SEEDS

SCRIPT = shutil.which("readingroom", path=str(Path(sys.executable).parent)) or shutil.which("readingroom")


def run(*args, env_extra=None, cwd=None):
    assert SCRIPT, "the readingroom console script is not installed"
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, timeout=120, env=env, cwd=cwd)


@pytest.fixture
def index_env(tmp_path):
    return {"READINGROOM_INDEX_DIR": str(tmp_path / "ix")}


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("readingroom ")


def test_search_json_shape_on_the_bundled_corpus(index_env):
    result = run("search", "party congress", "--json", env_extra=index_env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"query", "total", "took_ms", "suggestion", "hits"} <= set(data)
    assert data["query"] == "party congress" and data["total"] >= 1
    hit = data["hits"][0]
    assert {"doc_id", "title", "path", "kind", "date", "type", "topics", "score", "section", "snippet", "highlights"} <= set(hit)
    assert hit["doc_id"] == SEED_ID and hit["kind"] == "full"
    assert hit["title"] == "North Korea Poses Old Challenges to New U.S. Administration"
    assert set(hit["section"]) == {"id", "title"}
    assert hit["section"]["title"].startswith("What did we learn")
    for start, end in hit["highlights"]:
        assert hit["snippet"][start:end].lower() in ("party", "congress")


def test_search_json_suggestion(index_env):
    data = json.loads(run("search", "pyongyng", "--json", "--as-typed", env_extra=index_env).stdout)
    assert data["total"] == 0 and data["suggestion"] == "pyongyang" and data["hits"] == []
    assert data["searched"] == "pyongyng" and not data["corrected"]


def test_search_runs_the_fix_of_a_misspelled_query_and_says_so(index_env):
    data = json.loads(run("search", "pyongyng", "--json", env_extra=index_env).stdout)
    assert data["query"] == "pyongyng" and data["searched"] == "pyongyang" and data["corrected"]
    assert data["total"] >= 1 and data["suggestion"] is None
    printed = run("search", "pyongyng", env_extra=index_env).stdout
    assert "Showing results for pyongyang; search for pyongyng instead with --as-typed" in printed


def test_search_human_output(index_env):
    result = run("search", "party congress", env_extra=index_env)
    assert result.returncode == 0
    assert "North Korea Poses Old Challenges" in result.stdout
    assert "What did we learn out of the recent Party Congress" in result.stdout
    assert "result" in result.stdout.splitlines()[0]


@pytest.mark.stress  # two processes, each indexing the bundled corpus
def test_show_json_shape(index_env):
    result = run("show", SEED_ID, "--json", env_extra=index_env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == "North Korea Poses Old Challenges to New U.S. Administration"
    assert [s["title"] for s in data["sections"]][1:] == [
        "What did we learn out of the recent Party Congress in North Korea?",
        "What can we expect from the Biden administration?",
        "Given rising tensions between Washington and Beijing, how will China factor into North Korea diplomacy?",
    ]
    assert data["sections"][0]["id"] == "lead"
    assert len(data["captions"]) == 1
    assert [r["date"] for r in data["related"]] == ["2024-11-14", "2024-11-13", "2024-10-29", "2024-10-16"]
    assert [r["type"] for r in data["related"]] == ["Analysis", "Analysis", "Question and Answer", "Analysis"]
    assert data["related"][0]["topics"] == ["Conflict Analysis & Prevention", "Global Policy"]
    assert all(r["target"].startswith("summary:") for r in data["related"])
    assert isinstance(data["more_like_this"], list) and isinstance(data["backlinks"], list)
    summary = json.loads(run("show", data["related"][0]["target"], "--json", env_extra=index_env).stdout)
    assert summary["kind"] == "summary"
    assert [b["doc_id"] for b in summary["backlinks"]] == [SEED_ID]
    assert set(summary["backlinks"][0]) == {"doc_id", "title", "score"}


def test_show_accepts_a_path(index_env):
    result = run("show", str(SEEDS / SEED_ID), "--json", env_extra=index_env)
    assert result.returncode == 0 and json.loads(result.stdout)["doc_id"] == SEED_ID


def test_show_human_output(index_env):
    result = run("show", SEED_ID, env_extra=index_env)
    assert result.returncode == 0
    assert result.stdout.count("Kim Jong Un, the North Korean leader, while meeting") == 1
    assert "Related" in result.stdout and "Linked from" not in result.stdout


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("show", "no-such-doc"), "no document"),
        (("search", "date:nonsense"), "not a date"),
        (("search", "korea", "--limit", "0"), "--limit"),
        (("search",), "required"),
        (("show", "x", "--bogus"), "unrecognized"),
        (("index", "/no/such/folder/at/all", "--rebuild"), "no such folder or file: /no/such/folder/at/all"),
    ],
)
def test_errors_are_one_line_and_exit_2(index_env, args, fragment):
    result = run(*args, env_extra=index_env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and fragment in lines[0].lower()


def test_search_json_error_still_prints_json(index_env):
    result = run("search", "date:nonsense", "--json", env_extra=index_env)
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"]


@pytest.mark.stress  # three processes
def test_index_reports_counts_and_is_incremental(tmp_path, index_env):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("# Alpha\n\nHarbour cranes.\n", encoding="utf-8")
    first = run("index", str(corpus), env_extra=index_env)
    assert first.returncode == 0 and "1 added" in first.stdout
    second = run("index", str(corpus), env_extra=index_env)
    assert "0 added, 0 updated, 0 removed, 1 unchanged" in second.stdout
    found = json.loads(run("search", "cranes", "-c", str(corpus), "--json", env_extra=index_env).stdout)
    assert [h["doc_id"] for h in found["hits"]] == ["a.md"]


@pytest.fixture
def linked_notes(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(
        "# Alpha\n\nSee [beta's part](b.md#second-part), [[Nowhere]] and [site](https://example.org).\n", encoding="utf-8"
    )
    (notes / "b.md").write_text("# Beta\n\n## Second part\n\nBack to [alpha](a.md).\n", encoding="utf-8")
    return notes


def test_show_json_lists_links_resolved_and_backlinks(linked_notes, index_env):
    result = run("show", "a.md", "-c", str(linked_notes), "--json", env_extra=index_env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["links"] == [
        {"text": "beta's part", "target": "b.md#second-part", "in_section": "lead", "kind": "document",
         "doc_id": "b.md", "section_id": "second-part"},
        {"text": "Nowhere", "target": "[[Nowhere]]", "in_section": "lead", "kind": "missing",
         "reason": "no document for [[Nowhere]] in this corpus"},
        {"text": "site", "target": "https://example.org", "in_section": "lead", "kind": "external", "url": "https://example.org"},
    ]
    assert [b["doc_id"] for b in data["backlinks"]] == ["b.md"]


def test_links_lists_a_document_and_the_broken_links_of_the_corpus(linked_notes, index_env):
    one = run("links", "b.md", "-c", str(linked_notes), env_extra=index_env)
    assert one.returncode == 0, one.stderr
    assert "Links (1)" in one.stdout and "→ a.md" in one.stdout and "Linked from (1)" in one.stdout
    broken = run("links", "--broken", "-c", str(linked_notes), "--json", env_extra=index_env)
    assert broken.returncode == 1  # something was found: a link checker's convention
    data = json.loads(broken.stdout)
    assert data["count"] == 1 and data["broken"][0]["doc_id"] == "a.md" and data["broken"][0]["target"] == "[[Nowhere]]"
    (linked_notes / "Nowhere.md").write_text("# Nowhere\n\nNow somewhere.\n", encoding="utf-8")
    fixed = run("links", "--broken", "-c", str(linked_notes), env_extra=index_env)
    assert fixed.returncode == 0 and "0 broken links" in fixed.stdout
    usage = run("links", "-c", str(linked_notes), env_extra=index_env)
    assert usage.returncode == 2 and "--broken" in usage.stderr
