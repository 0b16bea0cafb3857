"""The command line: browse (default), index, search, show.

```
readingroom [PATH ...] [-q QUERY]              open the browser
readingroom index [PATH ...] [--rebuild] [--json]  sync the index
readingroom search QUERY [-c PATH]... [--limit N] [--json]
readingroom show DOC [-c PATH]... [--json]
readingroom links DOC [-c PATH]... [--json] | links --broken [-c PATH]... [--json]
readingroom --version
```

``main`` is the console script (``readingroom = "tui.cli:main"``) and the one place
where errors become what a user sees: an error a user can cause is one line on
stderr and exit status 2, never a traceback; a path that names nothing is one of
them, and so is a first word that is neither a command nor a path (the browser never
opens on a folder that does not exist). A reader that leaves early
(``readingroom search x | head``) is no error: the command stops quietly with
status 0. The commands are in ``commands``, what they print in ``output``. Only
``commands`` is imported here, and it imports little:
the app only for browsing, Rich only once there is something to print and Whoosh
only once a command needs the index, so ``--version`` and ``--help`` answer at once.
"""

from __future__ import annotations

import os
import sys

from .commands import COMMANDS, EXIT_INTERRUPTED, build_parser, fail, not_a_command, run

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in COMMANDS else None
    if command is None and argv and not argv[0].startswith("-"):
        # `readingroom serch foo`: a typo, not a folder to browse.
        problem = not_a_command(argv[0])
        if problem is not None:
            return fail(problem)
    parser = build_parser(command)
    args = parser.parse_args(argv[1:] if command else argv)
    if command is not None:
        _stop_on_termination()
    try:
        status = run(command, args)
        sys.stdout.flush()  # a reader gone shows here, where it is caught, not at exit
        return status
    except KeyboardInterrupt:
        sys.stderr.write("readingroom: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `readingroom search x | head`: the reader left; say nothing more.
        _stdout_to_devnull()
        return 0
    except Exception as error:  # noqa: BLE001 - the last line of defence: one line, no traceback
        from search import ReadingroomError

        if isinstance(error, (ReadingroomError, OSError)):
            return fail(str(error))
        if os.environ.get("READINGROOM_DEBUG"):
            raise
        return fail(f"unexpected error: {type(error).__name__}: {error}")


def _stdout_to_devnull() -> None:
    """Point stdout's file descriptor at the null device, so that what is still
    buffered, flushed as Python exits, goes nowhere instead of raising again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _stop_on_termination() -> None:
    """SIGTERM and SIGHUP (``timeout``, a closed terminal, a service stopping) stop a
    command as Ctrl+C does: a sync keeps what it has committed and its workers are
    shut down, where the default was to die mid-write and leave Python's warnings
    about the workers' semaphores on the terminal. The browser leaves signals to Textual."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, interrupt)
