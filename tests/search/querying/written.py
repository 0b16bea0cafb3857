"""A real index of a few documents written for a test, and the ids a query finds in it."""

from __future__ import annotations

from pathlib import Path


def indexed(root: Path, docs: dict[str, str]):
    """A synced Library over ``docs`` (relative path -> text) written under ``root``; close it after."""
    from search import Library

    corpus = root / "corpus"
    for name, text in docs.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    library = Library([corpus], index_dir=root / "index")
    library.sync()
    return library


def found(library, text: str) -> set[str]:
    result = library.search(text, limit=50)
    assert result.error is None, result.error
    return {hit.doc_id for hit in result.hits}
