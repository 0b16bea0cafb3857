"""Waiting for an app's workers the way a test must: cancelled workers count as ended."""

from __future__ import annotations

import asyncio
from contextlib import suppress


async def wait_for_workers(app) -> None:
    """Wait until every worker of the app has ended, cancelled ones included.

    A newer search cancels the one before it (the workers are exclusive), and
    ``WorkerManager.wait_for_complete`` then raises ``WorkerCancelled``: for a
    test that only waits for the app to be idle, a cancelled worker has simply
    ended. A worker that fails still raises ``WorkerFailed``.

    Textual is imported here, not at the top: the benchmark imports this module
    before the app, and Textual reads ``TEXTUAL_FPS`` once, when it is first
    imported, so an early import would run the app at Textual's default frame rate
    instead of the one ``tui`` sets.
    """
    from textual.worker import WorkerCancelled, WorkerState

    while True:
        pending = [worker for worker in app.workers if worker.state in (WorkerState.PENDING, WorkerState.RUNNING)]
        if not pending:
            return
        for worker in pending:
            if worker.state is WorkerState.PENDING:
                await asyncio.sleep(0)  # not started yet: let the loop start it
                continue
            with suppress(WorkerCancelled):
                await worker.wait()
