"""README.md tells the truth: its key map is the code's, its test command is CI's."""

from __future__ import annotations

import re

from .conftest import REPO


def test_readme_key_map_is_the_one_the_bindings_give():
    from tui.keytable import markdown_keymap

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- keymap:start -->\n(.*?)\n<!-- keymap:end -->", readme, re.S).group(1)
    assert table == markdown_keymap(), "README's key map is stale: paste `python -m tui.keytable`"


def test_ci_runs_the_test_command_readme_gives():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    test_command = next(block for block in blocks if "pytest" in block)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()
