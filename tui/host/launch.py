"""Handing the terminal to another program: the user's editor, a browser.

Over SSH there is usually no graphical browser. Python's ``webbrowser`` then falls
back to a text browser (lynx, w3m) that would draw over the app, so a text browser
is run the same way as the editor: with the app suspended. When there is no browser
at all, the caller is told so (and can copy the URL instead).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess

TEXT_BROWSERS = ("w3m", "lynx", "elinks", "links", "www-browser")


def editor_command(path: str, line: int | None = None) -> list[str]:
    """$VISUAL, else $EDITOR, else the first of vi/nano found, for one file."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if editor:
        command = shlex.split(editor)
    else:
        found = next((name for name in ("vi", "vim", "nano") if shutil.which(name)), None)
        if found is None:
            raise FileNotFoundError("no editor found: set $EDITOR")
        command = [found]
    if line and os.path.basename(command[0]) in ("vi", "vim", "nvim", "nano", "emacs", "micro", "kak"):
        command.append(f"+{line}")
    return command + [path]


def run_in_terminal(command: list[str]) -> int:
    """Run a program that owns the terminal until it exits (the app is suspended)."""
    return subprocess.call(command)


def has_graphical_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or os.uname().sysname == "Darwin"


def text_browser_command(url: str) -> list[str] | None:
    browser = os.environ.get("BROWSER")
    if browser:
        first = browser.split(os.pathsep)[0]
        command = shlex.split(first)
        if command and os.path.basename(command[0]) in TEXT_BROWSERS:
            return [part.replace("%s", url) for part in command] + ([] if "%s" in first else [url])
        return None
    for name in TEXT_BROWSERS:
        if shutil.which(name):
            return [name, url]
    return None


def open_graphical(url: str) -> bool:
    """Open a URL in a graphical browser without blocking; False when there is none."""
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if getattr(browser, "name", "") in TEXT_BROWSERS or not has_graphical_display():
        return False
    try:
        return bool(browser.open(url))
    except Exception:  # noqa: BLE001 - a failing browser is "no browser", not a crash
        return False
