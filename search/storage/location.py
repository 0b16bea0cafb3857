"""Where a corpus's index lives, and what its folder holds.

One folder per corpus under the user's cache directory, named after the corpus
(``corpus_key``), unless ``index_dir`` or ``READINGROOM_INDEX_DIR`` says where; a
folder named there that holds another corpus's index gets a folder of this corpus's
own inside it (``corpora``). In it, ``whoosh/`` holds the Whoosh index,
``library.sqlite`` the manifest and the parsed documents (see ``store``), and
``corpus.json`` the roots of the corpus it belongs to.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Sequence

import platformdirs

ENV_INDEX_DIR = "READINGROOM_INDEX_DIR"


def corpus_key(roots: Sequence[Path]) -> str:
    """A stable, readable folder name for the index of this corpus."""
    joined = "\n".join(sorted(str(r) for r in roots))
    digest = hashlib.sha1(joined.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", roots[0].name or "root").strip("-")[:40] or "corpus"
    return f"{name}-{digest}"


def default_index_dir(roots: Sequence[Path]) -> Path:
    override = os.environ.get(ENV_INDEX_DIR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_cache_dir("readingroom")) / "indexes" / corpus_key(roots)


def whoosh_dir(index_dir: Path) -> Path:
    return index_dir / "whoosh"


def store_path(index_dir: Path) -> Path:
    return index_dir / "library.sqlite"
