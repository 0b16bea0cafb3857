"""What a sync must do, decided from the manifest before anything is written.

A file whose size, mtime, sidecar and path are as the manifest remembers them is
unchanged without being read; one whose bytes hash as before only gets its new
mtime remembered (``touch``); the rest is parsed. Files the walk no longer finds
are removed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from ..model import Skipped
from ..storage.store import FileState, Store
from .corpus import CorpusFile, walk


@dataclass
class Plan:
    """What a sync must do, decided from the manifest before any writing."""

    parse: list[tuple[CorpusFile, str, str]] = field(default_factory=list)  # file, sidecar sig, hash
    touch: list[FileState] = field(default_factory=list)  # same bytes, new mtime
    remove: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def hash_file(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def plan_sync(roots: Sequence[Path], store: Store) -> Plan:
    """Walk the corpus and compare each file with what the manifest remembers of it."""
    plan = Plan()
    known = store.file_states()
    seen: set[str] = set()
    for corpus_file in walk(roots, plan.skipped):
        if corpus_file.doc_id in seen:
            continue
        seen.add(corpus_file.doc_id)
        sidecar = corpus_file.sidecar
        old = known.get(corpus_file.doc_id)
        if (
            old is not None
            and old.size == corpus_file.size
            and old.mtime_ns == corpus_file.mtime_ns
            and old.sidecar == sidecar
            and old.path == corpus_file.location
        ):
            plan.unchanged += 1
            continue
        try:
            digest = hash_file(corpus_file.path)
        except OSError as error:
            plan.skipped.append(Skipped(corpus_file.doc_id, f"cannot read: {error.strerror or error}"))
            continue
        if old is not None and old.hash == digest and old.sidecar == sidecar:
            plan.touch.append(
                FileState(corpus_file.doc_id, corpus_file.location, corpus_file.size, corpus_file.mtime_ns, sidecar, digest)
            )
            plan.unchanged += 1
            continue
        plan.parse.append((corpus_file, sidecar, digest))
    plan.remove = sorted(set(known) - seen)
    return plan
