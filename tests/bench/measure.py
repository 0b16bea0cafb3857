"""The small measuring words the benchmark steps share: percentiles, memory, load, sizes.

Everything here is read from the standard library and ``/proc``, so a step can
describe the machine it ran on and what it cost without importing the engine.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import platform
import resource
import subprocess
import time
from importlib import metadata
from pathlib import Path

MB = 1_000_000  # figures are in MB of 10^6 bytes throughout (and MB/s of them)


def percentile(samples: list[float], share: float) -> float | None:
    """The ``share`` percentile (0..1) with linear interpolation between the closest ranks.

    Linear interpolation (numpy's default) rather than nearest rank: with 40 or 50
    samples the p95 then moves smoothly instead of jumping to one outlier.
    """
    if not samples:
        return None
    ordered = sorted(samples)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(samples: list[float], digits: int = 2) -> dict:
    """p50, p95, max and mean of a list of timings (same unit as the samples)."""

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, digits)

    return {
        "n": len(samples),
        "p50": rounded(percentile(samples, 0.50)),
        "p95": rounded(percentile(samples, 0.95)),
        "max": rounded(max(samples)) if samples else None,
        "mean": rounded(sum(samples) / len(samples)) if samples else None,
    }


def median(samples: list[float]) -> float | None:
    return percentile(samples, 0.5)


def peak_rss() -> dict:
    """Peak resident memory in MB: this process, and its largest waited-for child.

    ``ru_maxrss`` is in KiB on Linux. The children figure covers the worker processes
    a big sync spawns (the largest of them, not their sum).
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / MB
    return {"self_mb": round(own, 1), "children_mb": round(children, 1)}


def current_rss_mb() -> float | None:
    """Resident memory right now (VmRSS), for context beside the peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) * 1024 / MB, 1)
    except OSError:
        pass
    return None


def load() -> list[float]:
    """The 1, 5 and 15 minute load averages, noted at the start of every step."""
    return [round(x, 2) for x in os.getloadavg()]


def _cpu_times() -> tuple[int, int]:
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(x) for x in fields]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return sum(values), idle


def busy_cpu_seconds() -> float | None:
    """CPU seconds all processes of the machine have been busy since boot."""
    try:
        total, idle = _cpu_times()
    except (OSError, ValueError, IndexError):
        return None
    return (total - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    """CPU seconds of this process's finished children (and the children they waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def busy_share(window: float = 0.5) -> float | None:
    """Share of all CPUs busy over ``window`` seconds, while the harness itself waits.

    The load average lags by a minute and still counts the previous step; this says
    whether something else is running right now.
    """
    try:
        total0, idle0 = _cpu_times()
        time.sleep(window)
        total1, idle1 = _cpu_times()
    except (OSError, ValueError, IndexError):
        return None
    elapsed = total1 - total0
    return round(1 - (idle1 - idle0) / elapsed, 3) if elapsed else None


def tree_bytes(path: Path) -> int:
    """Bytes of the regular files under ``path`` (0 if it does not exist)."""
    total = 0
    for folder, _, names in os.walk(path):
        for name in names:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                pass
    return total


def document_files(corpus: Path) -> list[Path]:
    """The corpus's document files (``.txt``), sorted; sidecars are metadata, not documents."""
    return sorted(Path(corpus).rglob("*.txt"))


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) * 1024 / 1e9, 1)
    except OSError:
        pass
    return None


def machine() -> dict:
    """What the figures depend on: CPUs, memory, Python and the libraries' versions."""
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gb": _memory_gb(),
        "python": platform.python_version(),
        "whoosh": _version("whoosh-reloaded"),
        "textual": _version("textual"),
        "readingroom": _version("readingroom"),
        "platform": platform.platform(),
    }


def source_fingerprint(repo: Path) -> str:
    """A short hash of the engine's and the app's source files as they are on disk now.

    The repository may change while a long run goes on; steps measured with different
    code show different fingerprints.
    """
    digest = hashlib.blake2b(digest_size=6)
    for package in ("search", "tui"):
        for path in sorted((repo / package).rglob("*")):
            if path.suffix in (".py", ".tcss") and path.is_file():
                digest.update(path.relative_to(repo).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def commit(repo: Path) -> str | None:
    """The checked-out commit (read-only ``git rev-parse``), or None outside a repository."""
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None


def now_iso() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")
