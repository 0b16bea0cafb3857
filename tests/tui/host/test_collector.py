"""The collector hold on its own: it ends by itself, and never turns on a collector it did not stop.

How it keeps the collector out of a keystroke's wait is in ``tests/tui/test_latency.py``.
"""

from __future__ import annotations

import gc

from textual.app import App

from tui.host import collector
from tui.host.collector import CollectorHold


async def test_a_hold_ends_by_itself_and_leaves_a_collector_someone_else_stopped(monkeypatch):
    monkeypatch.setattr(collector, "HOLD_LIMIT", 0.05)
    app = App()
    async with app.run_test() as pilot:
        hold = CollectorHold(app.set_timer)
        hold.hold()
        assert not gc.isenabled() and hold.holding
        hold.hold()  # holding again does not stack
        await pilot.pause(0.2)
        assert gc.isenabled() and not hold.holding
        gc.disable()
        try:
            hold.hold()
            assert not hold.holding
            hold.release()
            assert not gc.isenabled()  # not ours to turn back on
        finally:
            gc.enable()
