"""Ctrl+C during `readingroom index`: a one-line goodbye, status 130, and nothing lost.

The real console script indexes a generated corpus big enough to use its worker
processes. Its stderr is a pseudo-terminal, so it draws its progress bar as it does
for a person; once the bar shows real progress the test sends SIGINT to the whole
process group, as a terminal does on Ctrl+C. The next `readingroom index` must
carry on from what was committed rather than start over.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import subprocess
import time
from pathlib import Path

import pytest

from search import Library
from tests.bench.corpus import generate

from .test_cli import SCRIPT

CORPUS_FILES = 1500
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
PROGRESS = re.compile(rb"(\d[\d,]*)/(\d[\d,]*)")
REPORT = re.compile(r"([\d,]+) added, ([\d,]+) updated, ([\d,]+) removed, ([\d,]+) unchanged, ([\d,]+) skipped")


def read_some(fd: int, timeout: float) -> bytes | None:
    """What the terminal received within ``timeout`` (b"" if nothing); None once it is closed."""
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536) or None
    except OSError:  # EIO: every writer has closed the terminal
        return None


def processes_in_session(session: int) -> list[int]:
    """Live processes whose session is ``session`` (the interrupted command and its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        state, session_id = fields[0], int(fields[3])
        if session_id == session and state != "Z":
            found.append(int(entry.name))
    return found


def no_process_left(session: int, grace: float = 5.0) -> bool:
    """Nothing of the session lives on; the resource tracker may take a moment to exit."""
    deadline = time.monotonic() + grace
    while processes_in_session(session):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def counts(report_line: str) -> dict[str, int]:
    match = REPORT.search(report_line)
    assert match, report_line
    names = ("added", "updated", "removed", "unchanged", "skipped")
    return {name: int(value.replace(",", "")) for name, value in zip(names, match.groups())}


@pytest.mark.stress  # builds a 1,500-file index in worker processes, twice
def test_ctrl_c_while_indexing_keeps_what_was_indexed_and_the_next_run_carries_on(tmp_path):
    corpus = tmp_path / "corpus"
    files = generate(CORPUS_FILES, corpus, seed=1)
    index = tmp_path / "index"
    command = [SCRIPT, "index", str(corpus), "--index-dir", str(index)]

    terminal, terminal_end = pty.openpty()
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal_end, start_new_session=True
    )
    os.close(terminal_end)
    shown = b""
    interrupted_at = None
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            chunk = read_some(terminal, 0.05)
            if chunk is None:
                break
            shown += chunk
            progress = PROGRESS.findall(ANSI.sub(b"", shown))
            if interrupted_at is None and progress:
                done, total = (int(n.replace(b",", b"")) for n in progress[-1])
                if done >= total // 10:
                    assert done < total, "indexing finished before it could be interrupted"
                    os.killpg(process.pid, signal.SIGINT)  # Ctrl+C: the whole foreground group
                    interrupted_at = done
        out, _ = process.communicate(timeout=120)
    finally:
        os.close(terminal)
        if process.poll() is None:  # a failed test must not leave an indexer running
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert interrupted_at is not None, ANSI.sub(b"", shown)[-500:]

    assert process.returncode == 130
    text = ANSI.sub(b"", shown).decode("utf-8", "replace")
    lines = [line.strip() for line in re.split(r"[\r\n]+", text) if line.strip()]
    said = [line for line in lines if line.startswith("readingroom:")]
    assert said == ["readingroom: interrupted: what was indexed is kept; run again to finish"], lines[-5:]
    assert "Traceback" not in text
    assert no_process_left(process.pid), "worker processes outlived the interrupted command"

    first = counts(out.decode())
    kept = first["added"]
    assert 0 < kept < len(files), first

    again = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert again.returncode == 0, again.stderr
    second = counts(again.stdout)
    assert "(rebuilt)" not in again.stdout
    assert second["unchanged"] == kept, "what the interrupted run committed is not indexed again"
    assert second["added"] == len(files) - kept
    assert f"{len(files):,} documents in" in again.stdout

    library = Library([corpus], index_dir=index)
    try:
        assert library.count("full") == len(files)
        searcher = library.searcher()
        stored = [searcher.stored_fields(n) for n in searcher.reader().all_doc_ids()]
        documents = [fields["doc_id"] for fields in stored if "sid" not in fields]  # not section records
        assert len(documents) == len(set(documents)), "no document indexed twice"
        assert set(documents) == set(library._store().iter_doc_ids())
    finally:
        library.close()
    found = subprocess.run([SCRIPT, "search", "security", "-c", str(corpus), "--index-dir", str(index), "--json"],
                           capture_output=True, text=True, timeout=60)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["total"] > 0
