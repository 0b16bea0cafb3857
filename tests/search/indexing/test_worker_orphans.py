"""``kill -9`` of ``readingroom index`` takes its worker processes with it.

A real ``readingroom index`` on a corpus big enough for segment workers is killed
(SIGKILL, the parent alone: not its process group) while its workers parse; every
worker must then end on its own. Before, 8 kills in 10 left workers asleep forever.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.bench.corpus import generate

pytestmark = [pytest.mark.stress, pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")]

SCRIPT = str(Path(sys.executable).parent / "readingroom")


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a live process, None once it is gone (a zombie is gone)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2 :].split()
    state, ppid = fields[0], int(fields[1])
    return None if state in ("Z", "X") else (state, ppid)


def cpu_ticks(pid: int) -> int:
    """User and system time a process has used, in clock ticks (0 once it is gone)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])


def children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            info = _stat(int(entry))
            if info is not None and info[1] == pid:
                found.add(int(entry))
    return found


def workers_of(pid: int) -> set[int]:
    """The parsing workers of ``pid``: they run multiprocessing's spawn_main (the resource tracker does not)."""
    found = set()
    for child in children(pid):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(child)
        except OSError:
            pass
    return found


def wait_until(condition, seconds: float, step: float = 0.02) -> bool:
    """Poll ``condition`` until it holds or the deadline passes (a bound, not a sleep)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("orphans") / "corpus"
    generate(2000, corpus, seed=11)
    return corpus


@pytest.mark.parametrize("attempt", range(3))
def test_kill_9_of_the_indexer_ends_its_workers(tmp_path, big_corpus, attempt):
    env = dict(os.environ, READINGROOM_INDEX_DIR=str(tmp_path / "index"), READINGROOM_WORKERS="2")
    process = subprocess.Popen(
        [SCRIPT, "index", str(big_corpus)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        workers = lambda: workers_of(process.pid)  # noqa: E731
        assert wait_until(lambda: len(workers()) >= 2, 120), "the indexer never started its workers"
        started = workers()
        # Vary the moment: as soon as they start, or once they have worked a while.
        if attempt:
            wait_until(lambda: all(cpu_ticks(pid) >= 10 * attempt for pid in started), 60)
        assert process.poll() is None, "the indexing ended before it could be killed"
        process.send_signal(signal.SIGKILL)  # the parent alone, as `kill -9 PID` does
        process.wait(timeout=30)
        survivors = lambda: {pid for pid in started if _stat(pid) is not None}  # noqa: E731
        assert wait_until(lambda: not survivors(), 60), f"workers outlived their parent: {survivors()}"
    finally:
        if process.poll() is None:
            process.kill()
        for pid in children(process.pid) | {pid for pid in locals().get("started", set()) if _stat(pid)}:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_termination_stops_the_indexer_as_ctrl_c_does(tmp_path, big_corpus, signame):
    """``timeout``, a closed terminal: the sync stops, keeps what it committed, and its workers end."""
    env = dict(os.environ, READINGROOM_INDEX_DIR=str(tmp_path / "index"), READINGROOM_WORKERS="2")
    process = subprocess.Popen(
        [SCRIPT, "index", str(big_corpus)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        workers = lambda: workers_of(process.pid)  # noqa: E731
        assert wait_until(lambda: len(workers()) >= 2, 120), "the indexer never started its workers"
        started = workers()
        process.send_signal(getattr(signal, signame))
        out, err = process.communicate(timeout=120)
        assert process.returncode == 130, (out, err)
        assert "interrupted: what was indexed is kept" in out + err
        assert "Traceback" not in err and "resource_tracker" not in err, err
        assert wait_until(lambda: not {pid for pid in started if _stat(pid) is not None}, 60)
        again = subprocess.run([SCRIPT, "index", str(big_corpus)], env=env, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr
        assert "2,000 documents in" in again.stdout, again.stdout  # the rest indexed, nothing twice
    finally:
        if process.poll() is None:
            process.kill()
