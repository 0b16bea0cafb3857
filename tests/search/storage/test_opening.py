"""Opening an index folder whatever its history: one written by an earlier layout of the engine opens as it is."""

from __future__ import annotations

from search import Library
from tests.conftest import write_library


def test_an_index_whose_table_of_contents_names_a_module_that_is_gone_opens_as_it_is(tmp_path):
    """Whoosh pickles the schema into the table of contents, naming the module of our field classes.

    Indexes written before ``search.schema`` became ``search.storage.schema`` name a
    module that is gone. They open with this version's schema and answer as
    before: no rebuild, no "damaged".
    """
    corpus = write_library(tmp_path / "corpus")
    library = Library([corpus], index_dir=tmp_path / "index")
    library.sync()
    library.close()
    (toc,) = (tmp_path / "index" / "whoosh").glob("_MAIN_*.toc")
    data = toc.read_bytes()
    assert b"search.storage.schema" in data
    toc.write_bytes(data.replace(b"search.storage.schema", b"search.nowhere.schema"))  # same length: still a pickle
    _sign_again(toc)  # as an index written then, by this user, would be signed
    again = Library([corpus], index_dir=tmp_path / "index")
    report = again.sync()
    assert again.problem is None and not report.rebuilt and report.unchanged == 4
    assert [hit.doc_id for hit in again.search("ceasefire").hits] == ["page.html"]
    assert again.search("date:{2022 TO}").total == 3  # sanctions, climate, and the Kenya summary


def _sign_again(toc):
    """Sign a table of contents changed by hand with this user's key (what a commit would have written)."""
    import hmac
    import json
    from hashlib import sha256

    from search.storage.private import index_key

    key = index_key()
    signature = toc.with_suffix(".mac")
    body, _, _ = signature.read_bytes().rpartition(b"\n")
    manifest = json.loads(body)
    manifest["toc"] = hmac.new(key, toc.read_bytes(), sha256).hexdigest()
    body = json.dumps(manifest, sort_keys=True).encode()
    signature.write_bytes(body + b"\n" + hmac.new(key, body, sha256).hexdigest().encode())
