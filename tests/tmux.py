"""A private tmux server with one window: how the tests drive the installed program.

Keys go in with ``send-keys``, the screen comes back with ``capture-pane``, and
waiting is polling the screen for the text a person would wait for, with a deadline.
Each terminal has its own server (``-L``), so tests never see each other's windows.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

SCRIPT = shutil.which("readingroom", path=str(Path(sys.executable).parent)) or shutil.which("readingroom")
TMUX = shutil.which("tmux")


class TmuxTerminal:
    """A ``width`` x ``height`` window; ``start`` runs a shell command in it."""

    WAIT = 30.0  # seconds ``wait_for`` waits by default

    def __init__(self, width: int, height: int, *, prefix: str = "rr", options: dict[str, str] | None = None) -> None:
        assert TMUX, "tmux is required for the end-to-end tests (.ci/run installs it)"
        self.socket = f"{prefix}-{uuid.uuid4().hex[:8]}"
        self.tmux("new-session", "-d", "-x", str(width), "-y", str(height), "-s", "rr", "sleep 600")
        for option, value in (options or {}).items():
            self.tmux("set-option", "-g", option, value)

    def start(self, command: str) -> None:
        self.tmux("respawn-pane", "-k", "-t", "rr", command)

    def tmux(self, *args: str) -> str:
        return subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=20).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "rr")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "rr", *(["-l"] if literal else []), *keys)

    def wait_for(self, text: str, timeout: float | None = None, gone: bool = False) -> str:
        """The screen once ``text`` is on it (or, with ``gone``, once it is not)."""
        deadline = time.monotonic() + (self.WAIT if timeout is None else timeout)
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if (text in screen) != gone:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{'still' if gone else 'never'} saw {text!r} on screen:\n{screen}")

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True)


def app_command(tmp_path: Path, args: str = "", env: dict[str, str] | None = None, *, linger: int = 30) -> str:
    """The shell command that runs the installed ``readingroom`` with its own index,
    config, data and cache folders under ``tmp_path``, then says how it exited."""
    assert SCRIPT, "the readingroom console script is not installed"
    environment = {
        "READINGROOM_INDEX_DIR": str(tmp_path / "index"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TERM": "xterm-256color",
        **(env or {}),
    }
    exports = " ".join(f"{key}={value}" for key, value in environment.items())
    return f"env {exports} {SCRIPT} {args}; echo READINGROOM-EXITED-$?; sleep {linger}"
