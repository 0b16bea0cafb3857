"""Start-up of the installed app in a real terminal (tmux), from process start.

The app appends ``paint <unix time>`` once its first frame has been handed to the
terminal and ``results <unix time>`` when the first results are on screen to the file
named by ``READINGROOM_TRACE``. The start is the kernel's record of when the process was
created (``/proc/<pid>/stat`` field 22), so the figure includes the interpreter's
own start-up and every import, which a stopwatch inside the program would miss.

Each run gets its own tmux server (``-L``), its own config/data/cache folders and its
own trace file; the server is killed after the run and the process waited for.

The app's bytecode is written before the runs, as ``pip install`` does for an
installed package. An editable install writes it on first import, unless
``PYTHONDONTWRITEBYTECODE`` is set (it is on some machines): then every start would
compile the app's own modules again, about 40 ms that no installed copy pays.
"""

from __future__ import annotations

import compileall
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tests.bench.measure import median

REPO = Path(__file__).resolve().parents[2]
EVENT_TIMEOUT = 60.0
TMUX_TIMEOUT = 20.0
WIDTH, HEIGHT = 120, 40
SHELLS = {"sh", "bash", "dash", "zsh"}  # a shell that forked instead of exec'ing: look further down


def console_script() -> str | None:
    """The installed ``readingroom`` next to this interpreter (the virtualenv's)."""
    return shutil.which("readingroom", path=str(Path(sys.executable).parent)) or shutil.which("readingroom")


def boot_time() -> float:
    """Wall-clock time of boot, to the precision of the clocks (not /proc/stat's whole seconds).

    ``btime`` in /proc/stat is truncated to a second, which would shift every start
    by up to a second; ``time() - CLOCK_BOOTTIME`` is the same instant, exactly.
    """
    return time.time() - time.clock_gettime(time.CLOCK_BOOTTIME)


def process_start(pid: int) -> float:
    """Wall-clock creation time of ``pid`` (resolution: one clock tick, 10 ms)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # the command name may hold spaces
    ticks = int(fields[19])  # field 22 of the whole line: starttime
    return boot_time() + ticks / os.sysconf("SC_CLK_TCK")


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def find_app_process(pane_pid: int, script: str, timeout: float = 5.0) -> int | None:
    """The pid running ``script``: the pane's process itself once ``env`` has exec'd, or a descendant."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        todo = [pane_pid]
        while todo:
            pid = todo.pop()
            if script in _command_line(pid) and _name(pid) not in SHELLS:
                return pid
            todo.extend(_children(pid))
        time.sleep(0.002)
    return None


class Tmux:
    """One private tmux server running one command in a 120x40 window."""

    def __init__(self) -> None:
        self.tmux = shutil.which("tmux")
        # Named after this process, so that the harness can close what a killed step left.
        self.socket = f"rr-bench-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [self.tmux, "-L", self.socket, *args], capture_output=True, text=True, timeout=TMUX_TIMEOUT
        )
        return done.stdout

    def start(self, command: str) -> None:
        self.run("new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT), "-s", "bench", command)

    def pane_pid(self, timeout: float = 5.0) -> int | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = self.run("list-panes", "-t", "bench", "-F", "#{pane_pid}").strip()
            if out.isdigit():
                return int(out)
            time.sleep(0.002)
        return None

    def kill(self) -> None:
        """Kill the server and remove its socket file (a killed server leaves it behind)."""
        try:
            subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True, timeout=TMUX_TIMEOUT)
        except subprocess.TimeoutExpired:
            pass
        folder = Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (folder / self.socket).unlink(missing_ok=True)


def wait_for_event(trace: Path, event: str, timeout: float = EVENT_TIMEOUT) -> float | None:
    """The time the app wrote for ``event``, polling its trace file until a deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            for line in trace.read_text().splitlines():
                name, _, stamp = line.partition(" ")
                if name == event:
                    return float(stamp)
        except (OSError, ValueError):
            pass
        time.sleep(0.005)
    return None


def _wait_gone(pid: int | None, timeout: float = 10.0) -> None:
    """Wait for the app to exit after its terminal went away; kill it if it lingers."""
    if pid is None:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists():
            return
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            if state == "Z":
                return
        except (OSError, IndexError):
            return
        time.sleep(0.02)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def share_signing_key(data_home: Path) -> None:
    """Give a run's own data folder the key the benchmark's indexes were signed with.

    Each run starts with fresh config, data and cache folders (no remembered state),
    but an index is read only when its signature checks out with the key in the
    user's data folder: with a new key every run, the app would set the index aside
    and rebuild it, and the "first results" clock would time a full build.
    """
    import platformdirs

    key = Path(platformdirs.user_data_dir("readingroom")) / "index.key"
    if not key.exists():
        return
    folder = data_home / "readingroom"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(data_home, 0o700)
    os.chmod(folder, 0o700)
    target = folder / key.name
    target.write_bytes(key.read_bytes())
    os.chmod(target, 0o600)


def one_run(script: str, corpus: str | None, index: str, query: str | None, scratch: Path) -> dict:
    """Start the app once in a fresh tmux server; return process start -> paint (and results)."""
    trace = scratch / "trace"
    share_signing_key(scratch / "data")
    environment = {
        "READINGROOM_INDEX_DIR": index,
        "READINGROOM_TRACE": str(trace),
        "XDG_CONFIG_HOME": str(scratch / "config"),
        "XDG_DATA_HOME": str(scratch / "data"),
        "XDG_CACHE_HOME": str(scratch / "cache"),
        "TERM": "xterm-256color",
    }
    words = ["env", *(f"{k}={v}" for k, v in environment.items()), script]
    if corpus:
        words.append(corpus)
    if query:
        words += ["-q", query]
    command = " ".join(shlex.quote(w) for w in words)  # one simple command: the shell execs it
    tmux = Tmux()
    pid = None
    launched = time.time()
    try:
        tmux.start(command)
        pane = tmux.pane_pid()
        pid = find_app_process(pane, script) if pane else None
        started = process_start(pid) if pid else None
        paint = wait_for_event(trace, "paint")
        results = wait_for_event(trace, "results") if query else None
    finally:
        tmux.kill()
        _wait_gone(pid)
    run = {"pid_found": pid is not None, "launched": launched, "process_start": started}
    for name, stamp in (("paint", paint), ("results", results)):
        if stamp is not None and started is not None:
            run[f"{name}_s"] = round(stamp - started, 4)
            run[f"{name}_since_launch_s"] = round(stamp - launched, 4)
    return run


def _series(script, corpus, index, query, runs, work: Path) -> dict:
    """One unmeasured warm-up run (it brings the files into the page cache), then ``runs``."""
    measured = []
    for number in range(runs + 1):
        with tempfile.TemporaryDirectory(dir=work, prefix="startup-") as scratch:
            run = one_run(script, corpus, index, query, Path(scratch))
        if number:
            measured.append(run)
    result = {"runs": measured}
    for key in ("paint_s", "results_s", "paint_since_launch_s", "results_since_launch_s"):
        values = [run[key] for run in measured if key in run]
        if values:
            result[f"median_{key}"] = round(median(values), 4)
    result["missing"] = sum(1 for run in measured if "paint_s" not in run or (query and "results_s" not in run))
    return result


def measure_startup(corpus: str | None, index: str, query: str | None, runs: int, work: Path) -> dict:
    """Process start -> first paint (no query) and -> first results (``-q query``), medians."""
    script = console_script()
    if shutil.which("tmux") is None or script is None:
        missing = "tmux" if shutil.which("tmux") is None else "the readingroom console script"
        return {"available": False, "reason": f"{missing} is not installed"}
    work.mkdir(parents=True, exist_ok=True)
    compiled = all(compileall.compile_dir(REPO / package, quiet=1) for package in ("search", "tui"))
    return {
        "available": True,
        "bytecode_written": compiled,
        "corpus": corpus or "bundled",
        "query": query,
        "clock_tick_s": 1 / os.sysconf("SC_CLK_TCK"),
        "paint": _series(script, corpus, index, None, runs, work),
        "results": _series(script, corpus, index, query, runs, work) if query else None,
    }
