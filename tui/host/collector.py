"""Keeping Python's cyclic garbage collector out of the wait between a key and its results.

Every line Textual draws carries a handful of small caches, and the widgets keep
thousands of drawn lines, so after a few searches the collector's full passes walk
tens of thousands of objects: 15-35 ms each, measured at 10,000 documents. One that
lands between the last letter of a query and its results is a pause the user feels,
and it lands at random. While a search is on its way to the screen the collector
waits; it is let go as soon as the results are drawn, so what the search left behind
is collected while the user reads. Reference counting still frees everything that
is not part of a cycle in the meantime, and a hold never outlives ``HOLD_LIMIT``.
"""

from __future__ import annotations

import gc
from typing import Callable

HOLD_LIMIT = 1.0  # seconds: a search that never reports back cannot keep the collector off


class CollectorHold:
    """Holds and lets go of the collector, from the app's thread only.

    ``set_timer`` is the screen's (``MessagePump.set_timer``): the limit is a timer
    in the app's own event loop, so nothing here runs in a worker thread.
    """

    def __init__(self, set_timer: Callable) -> None:
        self._set_timer = set_timer
        self._limit_timer = None

    @property
    def holding(self) -> bool:
        return self._limit_timer is not None

    def hold(self) -> None:
        """Keep the collector off until ``release`` or ``HOLD_LIMIT``, whichever comes first.

        Holding again while held does not extend the limit: typing on for longer than
        the limit lets the collector run between keys.
        """
        if self.holding or not gc.isenabled():  # someone else turned it off: leave it so
            return
        gc.disable()
        self._limit_timer = self._set_timer(HOLD_LIMIT, self.release)

    def release(self) -> None:
        if self._limit_timer is None:
            return
        self._limit_timer.stop()
        self._limit_timer = None
        gc.enable()
