"""The house rules of DESIGN.md, held by tests rather than by prose.

- Arrows point one way: ``tui -> search -> whoosh``. The engine never imports a
  terminal library, nor the app; the app reaches the engine only through its public
  face (``search``, ``search.model``, ``search.errors``) and never touches Whoosh.
- No module imports a module that imports it back, however indirectly, and whether
  the import is at the top, inside a function or under ``TYPE_CHECKING``: a cycle
  hidden behind a lazy import is still two rooms that cannot be read apart.
- Widgets never import screens or the app: a pane is told things by messages and
  method calls, it does not reach up.
- Opening, syncing and searching a library loads no ``textual``, ``rich`` or ``tui``
  module (a fresh interpreter's ``sys.modules``), so the command line and other
  programs pay only for the engine.

The import graph is read from the source with ``ast``: every ``import`` statement
anywhere in a module counts. ``from package import name`` is an edge to
``package.name`` when that is a module, and to ``package`` otherwise. A module's
implicit import of its parent packages is not counted: that is how Python loads
packages, not a dependency the code chose.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGES = ("search", "tui")
FACE = {"search", "search.model", "search.errors"}  # what the app may import of the engine


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            if "seeds" in path.parts:
                continue
            found[_module_name(path)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every module this one imports, by full name (ours and third-party roots)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    here = name if is_package else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = here.split(".")
                if node.level > 1:
                    base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts)
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                targets.add(candidate if candidate in modules else source)
    return {target for target in targets if target != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _ours(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {name: {t for t in targets if t in graph} for name, targets in graph.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_reader_sees_every_kind_of_import():
    """The rules below are only as good as the reader of imports: check it on a known module."""
    graph = _graph()
    assert "search" in graph and "tui.app" in graph
    assert "textual" in {target.split(".")[0] for target in graph["tui.app"]}
    cli = set().union(*(targets for name, targets in graph.items() if name == "tui.cli" or name.startswith("tui.cli.")))
    assert any(target.startswith("search") for target in cli), "lazy imports inside functions count"


def test_no_module_imports_a_module_that_imports_it_back():
    cycles = _cycles(_ours(_graph()))
    assert not cycles, "import cycles (each list imports itself back, TYPE_CHECKING and lazy imports included):\n" + "\n".join(
        " <-> ".join(cycle) for cycle in cycles
    )


def test_the_engine_never_imports_the_app_or_a_terminal_library():
    offending = {
        name: sorted(t for t in targets if t.split(".")[0] in {"tui", "textual", "rich"})
        for name, targets in _graph().items()
        if name.split(".")[0] == "search"
    }
    offending = {name: targets for name, targets in offending.items() if targets}
    assert not offending, f"search/ must not know a terminal exists: {offending}"


def test_the_app_reaches_the_engine_only_through_its_public_face():
    offending = {}
    for name, targets in _graph().items():
        if name.split(".")[0] != "tui":
            continue
        bad = sorted(
            t for t in targets if (t.split(".")[0] == "search" and t not in FACE) or t.split(".")[0] == "whoosh"
        )
        if bad:
            offending[name] = bad
    assert not offending, f"tui/ imports engine internals or Whoosh: {offending}"


def test_widgets_never_import_screens_or_the_app():
    offending = {
        name: sorted(t for t in targets if t == "tui.app" or t.startswith("tui.screens") or t == "tui.cli" or t.startswith("tui.cli."))
        for name, targets in _graph().items()
        if name.startswith("tui.widgets")
    }
    offending = {name: targets for name, targets in offending.items() if targets}
    assert not offending, f"widgets reach up into screens or the app: {offending}"


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_opening_syncing_and_searching_a_library_loads_no_terminal_library(tmp_path):
    """A fresh interpreter: the engine alone, used the way ``readingroom search`` uses it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.md").write_text("# Harbour notes\n\nThe harbour opens at dawn.\n", encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import json, sys
        import search
        after_import = sorted(sys.modules)
        library = search.Library([{str(corpus)!r}], index_dir={str(tmp_path / "index")!r})
        library.sync()
        result = library.search("harbour")
        document = library.document(result.hits[0].doc_id)
        library.more_like_this(document.doc_id)
        library.close()
        print(json.dumps({{"after_import": after_import, "modules": sorted(sys.modules), "hits": len(result.hits)}}))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["hits"] == 1
    loaded = [m for m in report["modules"] if m.split(".")[0] in {"textual", "rich", "tui"}]
    assert not loaded, f"the engine loaded terminal modules: {loaded[:10]}"
    assert not [m for m in report["after_import"] if m.split(".")[0] == "whoosh"], "`import search` must stay cheap"


@pytest.mark.parametrize("command", [["--version"], ["search", "harbour", "--json"]])
def test_the_command_line_search_loads_no_textual(tmp_path, command):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.md").write_text("# Harbour notes\n\nThe harbour opens at dawn.\n", encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import json, sys
        from tui.cli import main
        args = {command!r}
        if args[0] == "search":
            args = args + ["-c", {str(corpus)!r}, "--index-dir", {str(tmp_path / "index")!r}]
        try:
            main(args)
        except SystemExit:
            pass
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "textual")), file=sys.stderr)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120)
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert not loaded, f"`readingroom {' '.join(command)}` imported textual: {loaded[:10]}"
