"""The user's keymap: binding ids to keys, from a TOML file in the config directory.

```toml
# ~/.config/readingroom/keymap.toml
focus_search = "s,ctrl+f"
"reader.down" = "j,down,ctrl+n"
```

Applied with ``App.set_keymap``, so the footer, the help screen and the command
palette show the user's keys. A file that cannot be read is reported in one line and
ignored; the defaults stay.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

if TYPE_CHECKING:
    from textual.screen import Screen

KEY_NAMES = {
    "question_mark": "?", "slash": "/", "backspace": "Backspace", "escape": "Esc", "enter": "Enter",
    "space": "Space", "pagedown": "PgDn", "pageup": "PgUp", "home": "Home", "end": "End",
    "down": "↓", "up": "↑", "left": "←", "right": "→", "tab": "Tab",
    "right_square_bracket": "]", "left_square_bracket": "[", "apostrophe": "'",
}


def default_keymap_path() -> Path:
    return Path(platformdirs.user_config_dir("readingroom")) / "keymap.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """(keymap, message): the keymap to apply and, if something was wrong, why."""
    path = path or default_keymap_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, None
    except OSError as error:
        return {}, f"Keymap {path} unreadable: {error.strerror}"
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, f"Keymap {path} ignored: {error}"
    if isinstance(data.get("keymap"), dict):
        data = data["keymap"]
    keymap = {str(k): v.strip() for k, v in data.items() if isinstance(v, str) and v.strip()}
    ignored = sorted(str(k) for k, v in data.items() if not (isinstance(v, str) and v.strip()))
    message = f"Keymap entries ignored (not key strings): {', '.join(ignored)}" if ignored else None
    return keymap, message


def key_label(key: str) -> str:
    """A key as the documentation and the palette write it: ``F2``, ``?``, ``Ctrl+f``."""
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key[5:]
    if key.startswith("alt+"):
        return "Alt+" + key_label(key[4:])
    if key.startswith("shift+"):
        return "Shift+" + key_label(key[6:])
    if key[:1] == "f" and key[1:].isdigit():
        return key.upper()
    return key


def bound_keys(screen: "Screen", *binding_ids: str) -> list[str]:
    """The keys that run any of the bindings ``binding_ids`` on ``screen`` right now, in order.

    Read from the screen's active bindings, so the user's keymap is applied and a
    key that the focused pane takes for something else is left out: a text that
    names a key names one that works. Several ids: one command that a pane also
    binds itself (find: the browser's ``find``, and ``reader.find`` in the reader).
    """
    keys: list[str] = []
    for key, active in screen.active_bindings.items():
        if active.binding.id in binding_ids and key_label(key) not in keys:
            keys.append(key_label(key))
    return keys


def key_hint(screen: "Screen", *binding_ids: str) -> str:
    """`` (F2 or z)``: the keys of a command, to follow its description; empty when none is bound."""
    keys = bound_keys(screen, *binding_ids)
    return f" ({' or '.join(keys)})" if keys else ""
