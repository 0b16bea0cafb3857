"""Values computed once per Whoosh searcher or reader, kept with it.

A searcher lives for one index generation in one thread (``Library.searcher``), and
so do the statistics and tables worth computing once for it: document counts for
scoring, a segment's field lengths, the terms of a small field. Keeping them on the
object makes them go when it goes, with nothing to invalidate. They live in the
object's ``__dict__`` under names of our own (``_readingroom_...``), which Whoosh
does not use.
"""

from __future__ import annotations

from typing import Callable, TypeVar

T = TypeVar("T")
PREFIX = "_readingroom_"


def kept(owner, name: str, make: Callable[[], T]) -> T:
    """``make()``, computed the first time it is asked for on ``owner``, then the same value."""
    values = owner.__dict__
    key = PREFIX + name
    found = values.get(key)
    if found is None:
        found = values[key] = make()
    return found
