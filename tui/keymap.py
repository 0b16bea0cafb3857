"""The user's keymap: binding ids to keys, from a TOML file in the config directory.

```toml
# ~/.config/readingroom/keymap.toml
focus_search = "s,ctrl+f"
"reader.down" = "j,down,ctrl+n"
```

Applied with ``App.set_keymap``, so the footer and the help screen show the user's
keys. A file that cannot be read is reported in one line and ignored; the defaults
stay.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import platformdirs


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
