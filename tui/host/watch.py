"""Watching the corpus's folders while the app is open, so that a saved file is found.

``watchfiles`` (the Rust ``notify`` crate underneath: inotify on Linux, FSEvents,
ReadDirectoryChangesW) reports changes in batches: it waits ``DEBOUNCE_MS`` after
the last change of a burst before it yields, so a ``git checkout`` of 5,000 files
is one batch, and one sync, not 5,000. A saved file is indexed about a second later:
the debounce, then an incremental sync.

Where the platform gives no events (NFS, SMB and sshfs mounts, 9p, some container
file systems), or the kernel's watch limit is reached, the folders are polled
instead (``POLL_MS``): slower to notice, never blind. ``READINGROOM_WATCH=poll``
forces polling, ``READINGROOM_WATCH=off`` turns watching off (then the palette's
"Re-index now" syncs on demand).

The watcher is a plain daemon thread, not a Textual worker: it runs as long as the
screen does, and tests that wait for the app's workers to finish must not wait for
it. Changes inside the index folder (when it lies within the corpus) are not news.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Callable, Iterable

DEBOUNCE_MS = 300  # quiet after the last change of a burst before it is reported
STEP_MS = 50
POLL_MS = 1000
# File systems whose changes made on other machines send no events here.
NO_EVENTS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs", "sshfs", "fuse.rclone", "afs", "ncpfs", "davfs", "fuse.davfs2"}
)


def mode() -> str:
    """"events" (the default), "poll" or "off", from ``READINGROOM_WATCH``."""
    value = os.environ.get("READINGROOM_WATCH", "").strip().lower()
    if value in ("0", "off", "no", "false", "none"):
        return "off"
    return "poll" if value == "poll" else "events"


def file_system_of(path: Path, mounts: str = "/proc/self/mounts") -> str:
    """The type of the file system holding ``path`` (the longest mount point above it), or ""."""
    try:
        lines = Path(mounts).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    target = str(path.resolve())
    best, kind = "", ""
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def needs_polling(paths: Iterable[Path]) -> bool:
    return any(file_system_of(path) in NO_EVENTS for path in paths)


class FolderWatcher:
    """Calls ``changed(paths)`` (from its own thread) with each batch of changed paths."""

    def __init__(self, roots: list[Path], changed: Callable[[set[str]], None], *, ignore: list[Path] = ()) -> None:
        self.roots = [root for root in roots if root.exists()]
        self.changed = changed
        self.ignore = [str(path.resolve()) for path in ignore]
        self.stop_event = threading.Event()
        self.polling = mode() == "poll" or needs_polling(self.roots)
        self.problem: str | None = None  # why watching stopped, once it has
        self._thread: threading.Thread | None = None

    def start(self) -> bool:
        """Start watching; False when there is nothing to watch or watching is off."""
        if not self.roots or mode() == "off":
            return False
        self._thread = threading.Thread(target=self._run, name="readingroom-watch", daemon=True)
        self._thread.start()
        return True

    def stop(self) -> None:
        self.stop_event.set()

    def _wanted(self, change, path: str) -> bool:
        if any(path == prefix or path.startswith(prefix + os.sep) for prefix in self.ignore):
            return False
        return self._default(change, path)  # not .git, editors' swap and backup files

    def _run(self) -> None:
        while not self.stop_event.is_set():
            try:
                self._watch()
                return
            except Exception as error:  # noqa: BLE001 - a watcher that fails must not take the app down
                if self.polling:
                    self.problem = f"Not watching the folder for changes ({error}); “Re-index now” in the palette syncs."
                    return
                self.polling = True  # the kernel's watch limit, or no events here: poll instead

    def _watch(self) -> None:
        from watchfiles import DefaultFilter, watch

        self._default = DefaultFilter()
        for batch in watch(
            *self.roots,
            watch_filter=self._wanted,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=self.stop_event,
            force_polling=self.polling,
            poll_delay_ms=POLL_MS,
            raise_interrupt=False,
            ignore_permission_denied=True,
        ):
            if self.stop_event.is_set():
                return
            if batch:
                self.changed({path for _, path in batch})

