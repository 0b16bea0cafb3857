"""What query code may use of a library: one thread's searcher and store, and the vocabulary.

``Library`` makes one for each call, in the calling thread, and query code gets
nothing else: neither a Whoosh searcher nor a SQLite connection may be shared
between threads, and the vocabulary (every word of the corpus, for fuzzy words,
patterns and "did you mean") is read from the store only when a query needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ..storage.store import Store
    from .spelling import Speller


class View:
    """One thread's searcher and store, and the vocabulary; set when made, never changed.

    A plain class with slots rather than a dataclass: one is made per call, and
    the class is built on the import path of ``Library``.
    """

    __slots__ = ("searcher", "store", "speller")

    def __init__(self, searcher, store: "Store", speller: "Callable[[], Speller]") -> None:
        self.searcher = searcher  # this thread's whoosh.searching.Searcher, for the index as last committed
        self.store = store  # this thread's connection to the library's store
        self.speller = speller  # the corpus vocabulary, read once per sync that changed it
