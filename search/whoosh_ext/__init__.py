"""Everything of readingroom that reaches into Whoosh's internals, beside the version it was read from.

Profiling put the engine's time in Whoosh's inner loops (a posting at a time, a
Python call per posting), and the engine reads and writes postings a block at a
time instead. That takes members Whoosh does not document; they are all used
here, behind small named functions and classes, and nowhere else:

- ``postings``: a segment's term table, its postings a block at a time, its field
  lengths as one string of bytes (for ``querying.fastpath``);
- ``writer``: the segment writer with the costs of a full build taken out (for
  ``indexing``);
- ``queries``: the hooks Whoosh's query classes call, for the fuzzy words and
  patterns of ``querying.fuzzy``;
- ``memo``: values kept with a Whoosh searcher or reader, for as long as it lives.

Each internal relied on has a contract test (``tests/search/whoosh_ext/test_contract.py``)
that names it when Whoosh changes it. ``TESTED_VERSION`` is the Whoosh they were
read from, the pin of ``pyproject.toml``: the fast path of plain-word search runs
only on that version, and on any other Whoosh's own search answers.
"""

from __future__ import annotations

TESTED_VERSION = (2, 7, 5)  # whoosh-reloaded==2.7.5, as pyproject.toml pins it


def installed_version() -> tuple[int, ...]:
    """The version of the Whoosh that is imported, as Whoosh itself states it."""
    import whoosh

    return tuple(whoosh.__version__[:3])


def is_tested_version() -> bool:
    """Whether the installed Whoosh is the one these internals were read from."""
    return installed_version() == TESTED_VERSION
