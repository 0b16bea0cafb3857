"""readingroom's engine: a folder of documents in, ranked and highlighted hits out.

Never imports a terminal library: the command line and the Textual app are two faces
of this same API. Importing this package is cheap; Whoosh is imported when an index
is first opened, so an app can paint before paying for it.
"""

from .errors import DocumentNotFound, IndexRebuilding, IndexUnavailable, QueryError, ReadingroomError, UnreadableFile
from .model import (
    Caption,
    DocLink,
    Document,
    DocumentSummary,
    Facets,
    Hit,
    LinkTarget,
    Reading,
    Related,
    RelatedLink,
    SearchResult,
    Section,
    SectionMatch,
    SectionRef,
    Similar,
    Skipped,
    SyncReport,
    normalize_title,
    to_dict,
)

__all__ = [
    "BUNDLED_CORPUS",
    "Caption",
    "DocLink",
    "Document",
    "DocumentNotFound",
    "DocumentSummary",
    "Facets",
    "Hit",
    "IndexRebuilding",
    "IndexUnavailable",
    "Library",
    "LinkTarget",
    "QueryError",
    "Reading",
    "ReadingroomError",
    "Related",
    "RelatedLink",
    "SearchResult",
    "Section",
    "SectionMatch",
    "SectionRef",
    "Similar",
    "Skipped",
    "SyncReport",
    "UnreadableFile",
    "normalize_title",
    "to_dict",
]

__version__ = "0.1.0"


def __getattr__(name: str):
    # Library pulls in the engine (platformdirs, sqlite, Whoosh's schema); keep `import search` light.
    if name == "Library":
        from .library import Library

        return Library
    if name == "BUNDLED_CORPUS":
        from .indexing.corpus import BUNDLED_CORPUS

        return BUNDLED_CORPUS
    raise AttributeError(name)
