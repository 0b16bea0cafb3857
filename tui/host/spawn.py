"""Letting a sync spawn its worker processes from inside the running app."""

from __future__ import annotations

import os
import sys


def let_sync_workers_start() -> None:
    """Start multiprocessing's resource tracker while ``sys.stderr`` is a real file.

    A big sync parses in spawned worker processes, and the first spawn starts the
    resource tracker, handing it ``sys.stderr.fileno()``. Inside a running Textual
    app ``sys.stderr`` is Textual's print capture, whose fileno() is -1: the spawn
    failed ("bad value(s) in fds_to_keep") and a first sync of 400 files or more
    indexed nothing. The tracker is started once per process; later calls return
    at once.
    """
    if os.name != "posix" or sys.__stderr__ is None:
        return
    from multiprocessing import resource_tracker

    captured = sys.stderr
    sys.stderr = sys.__stderr__
    try:
        resource_tracker.ensure_running()
    except (OSError, ValueError):
        pass  # the sync reports what then goes wrong
    finally:
        sys.stderr = captured
