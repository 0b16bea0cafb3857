"""Errors a user can cause. Each carries a one-line message fit to show as is."""


class ReadingroomError(Exception):
    """Base of every error the engine raises on purpose."""


class UnreadableFile(ReadingroomError):
    """A file that cannot be turned into a Document (binary, no permission, gone)."""


class QueryError(ReadingroomError):
    """A query that cannot be read even leniently."""


class IndexUnavailable(ReadingroomError):
    """The index cannot be opened or written (read-only directory, full disk)."""


class DocumentNotFound(ReadingroomError):
    """A doc_id or path that names nothing in the corpus."""


class IndexRebuilding(ReadingroomError):
    """The index turned out damaged or removed during the session: it was set aside,
    and the next sync rebuilds it from the files. The message says which, in one line."""
