"""A Whoosh index whose bytes are checked before any of them are unpickled.

Whoosh keeps Python pickles in its files: the table of contents (``_MAIN_N.toc``:
the schema and the list of segment objects, with their deleted documents), and
inside every segment file the compound file's directory, each column's header,
each posting block's header and values, inlined postings in the term table, the
term table's extras. Unpickling runs code, so a planted file is code run by the
next process that opens the index.

Here each commit writes ``_MAIN_N.mac`` beside ``_MAIN_N.toc`` (before the table
of contents is renamed into place, so no reader ever sees one without the other):
JSON naming the generation, an HMAC-SHA256 of the table of contents' bytes, and
for every file of every segment its size, an HMAC-SHA256 of its bytes and its
``stat`` fingerprint (device, inode, ctime); the whole signed with the same key.
Opening (``SignedFileIndex._read_toc``, which every reader, searcher and writer
goes through) checks, before Whoosh reads a byte:

- the signature file's own MAC, and that it is for this generation;
- the table of contents' bytes against their MAC; Whoosh then parses *those*
  bytes (held in memory), not the file again;
- each segment file by its fingerprint: a file's contents cannot change without
  its ctime changing, and nobody but root can set a ctime. A file whose
  fingerprint differs (an index copied or restored elsewhere, a ``chmod``) is
  hashed whole and compared with its MAC.

Cost: the signature and the table of contents are a few kilobytes (one HMAC of
each, microseconds) and a ``stat`` per segment file; segment files (megabytes to
hundreds of megabytes) are hashed once, when the commit that wrote them signs
them, and again only when their fingerprint no longer matches (the new
fingerprint is then written down, so that happens once). An index without a
valid signature raises ``Unverified`` and is never read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets

from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import TOC, EmptyIndexError, FileIndex, _DEF_INDEX_NAME, clean_files

FORMAT = 1
CHUNK = 1 << 20


class Unverified(Exception):
    """The index has no valid signature of this user's: nothing of it may be unpickled."""


def signature_name(indexname: str, generation: int) -> str:
    return f"_{indexname}_{generation}.mac"


def _mac(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def _file_mac(key: bytes, path: str) -> str:
    digest = hmac.new(key, digestmod=hashlib.sha256)
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fingerprint(info: os.stat_result) -> list[int]:
    return [info.st_dev, info.st_ino, info.st_ctime_ns, info.st_size]


class PrivateFileStorage(FileStorage):
    """Whoosh's file storage, making its files 0600 and its folder 0700 whatever the umask."""

    def create(self):
        super().create()
        os.chmod(self.folder, 0o700)
        return self

    def create_file(self, name, **kwargs):
        stream = super().create_file(name, **kwargs)
        os.fchmod(stream.file.fileno(), 0o600)
        return stream

    def lock(self, name):
        path = self._fpath(name)
        try:
            handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.fchmod(handle, 0o600)
            os.close(handle)
        except FileExistsError:
            pass
        except OSError:
            pass  # a read-only folder: Whoosh's lock says so when it is taken
        return super().lock(name)

    def temp_storage(self, name=None):
        temp = super().temp_storage(name)
        os.chmod(temp.folder, 0o700)
        return temp


class SignedFileIndex(FileIndex):
    """A FileIndex that reads a table of contents only once its signature and its segments check out."""

    def __init__(self, storage, schema, key: bytes, indexname: str = _DEF_INDEX_NAME) -> None:
        self.storage = storage
        self._schema = schema
        self.indexname = indexname
        self.key = key
        self._read_toc()  # as FileIndex does, to fail now rather than at the first search

    def _read_toc(self, gen=None):
        return read_toc(self.storage, self.indexname, self._schema, self.key)

    def writer(self, procs=1, **kwargs):
        # Whoosh's own writers would commit an unsigned table of contents.
        raise TypeError("write a signed index with whoosh_ext.writer.FastSegmentWriter, which signs each commit")


def read_toc(storage, indexname: str, schema, key: bytes):
    """The latest table of contents, once every byte Whoosh will unpickle is known to be ours."""
    for attempt in range(5):
        generation = TOC._latest_generation(storage, indexname)
        if generation < 0:
            raise EmptyIndexError(f"Index {indexname!r} does not exist in {storage!r}")
        try:
            return _read_generation(storage, indexname, schema, key, generation)
        except FileNotFoundError as error:
            # Another process committed meanwhile and swept this generation away: read the new one.
            if attempt == 4 or TOC._latest_generation(storage, indexname) == generation:
                missing = os.path.basename(str(error.filename))
                if missing.endswith(".mac"):
                    raise Unverified("it has no signature (written by an older version, or not by you)") from None
                raise Unverified(f"{missing} is missing") from None


def _read_generation(storage, indexname: str, schema, key: bytes, generation: int):
    folder = storage.folder
    with open(os.path.join(folder, signature_name(indexname, generation)), "rb") as handle:
        signed = handle.read(1 << 24)
    body, _, mac = signed.rpartition(b"\n")
    if not body or not hmac.compare_digest(_mac(key, body), mac.decode("ascii", "replace")):
        raise Unverified("its signature does not match")
    try:
        manifest = json.loads(body)
    except ValueError:
        raise Unverified("its signature cannot be read") from None
    if manifest.get("format") != FORMAT or manifest.get("generation") != generation:
        raise Unverified("its signature is for another generation")
    tocname = TOC._filename(indexname, generation)
    with open(os.path.join(folder, tocname), "rb") as handle:
        tocbytes = handle.read()
    if not hmac.compare_digest(_mac(key, tocbytes), manifest.get("toc", "")):
        raise Unverified("its table of contents is not the one signed")
    files = manifest.get("files", {})
    moved = False
    for name, (fingerprint, mac) in files.items():
        if "/" in name or name.startswith("."):
            raise Unverified("its signature names a file outside it")
        path = os.path.join(folder, name)
        info = os.stat(path)  # FileNotFoundError: swept by a newer commit, or missing (damage)
        if _fingerprint(info) != fingerprint:
            if info.st_size != fingerprint[3] or not hmac.compare_digest(_file_mac(key, path), mac):
                raise Unverified(f"{name} is not the file signed")
            files[name] = [_fingerprint(info), mac]
            moved = True
    if moved and not getattr(storage, "readonly", False):
        # The same bytes under a new inode or ctime (copied, restored, chmod): note the new
        # fingerprints, so the next open does not hash them again.
        _write_signature(storage, indexname, generation, manifest, key)
    memory = RamStorage()
    memory.files[tocname] = tocbytes
    return TOC.read(memory, indexname, generation, schema=schema)


def _segment_files(storage, indexname: str, segments) -> list[str]:
    """Every file of the segments (``MAIN_<id>.<ext>``), as Whoosh names them."""
    ids = {segment.segment_id() for segment in segments}
    pattern = TOC._segment_pattern(indexname)
    found = []
    for name in storage.list():
        match = pattern.match(name)
        if match and match.group(1) in ids and not name.endswith(".tmp"):
            found.append(name)
    return sorted(found)


class _SigningStorage:
    """The storage a table of contents is written through: signs it just before it is renamed into place."""

    def __init__(self, storage, sign) -> None:
        self._storage = storage
        self._sign = sign

    def create_file(self, name, **kwargs):
        return self._storage.create_file(name, **kwargs)

    def rename_file(self, old, new, safe=False):
        self._sign(old)
        self._storage.rename_file(old, new, safe=safe)


def _write_signature(storage, indexname: str, generation: int, manifest: dict, key: bytes, *, strict: bool = False) -> None:
    """Write ``_MAIN_N.mac`` atomically; ``strict``: a failure is the commit's (else it is only skipped)."""
    body = json.dumps(manifest, sort_keys=True).encode("utf-8")
    final = signature_name(indexname, generation)
    temp = f"{final}.{os.getpid()}.tmp"
    try:
        stream = storage.create_file(temp)
        stream.write(body + b"\n" + _mac(key, body).encode("ascii"))
        stream.close()
        os.replace(os.path.join(storage.folder, temp), os.path.join(storage.folder, final))
    except OSError:
        try:
            storage.delete_file(temp)
        except OSError:
            pass
        if strict:
            raise


def write_toc(storage, indexname: str, schema, segments, generation: int, key: bytes, *, clean: bool) -> None:
    """Write and sign the table of contents of ``generation``; ``clean``: delete files it no longer names."""
    folder = storage.folder
    last = _previous_manifest(folder, indexname, key)
    previous = last.get("files", {})
    # The index's identity, drawn when it is created and carried by every commit after:
    # the library database records it, so an index swapped for another of this user's
    # (another corpus's ``whoosh/``, validly signed) is told apart (``opening.disagreement``).
    identity = last.get("index") if isinstance(last.get("index"), str) else secrets.token_hex(8)

    def sign(tempname: str) -> None:
        with open(os.path.join(folder, tempname), "rb") as handle:
            tocbytes = handle.read()
        files = {}
        for name in _segment_files(storage, indexname, segments):
            path = os.path.join(folder, name)
            info = os.stat(path)
            known = previous.get(name)
            if known is not None and known[0] == _fingerprint(info):
                files[name] = known
                continue
            mac = _file_mac(key, path)
            if known is not None and not hmac.compare_digest(mac, known[1]):
                # A segment the last commit signed has changed since: sign nothing of it.
                raise Unverified(f"{name} is not the file signed")
            files[name] = [_fingerprint(info), mac]
        manifest = {
            "format": FORMAT, "generation": generation, "toc": _mac(key, tocbytes), "files": files, "index": identity,
        }
        _write_signature(storage, indexname, generation, manifest, key, strict=True)

    TOC(schema, segments, generation).write(_SigningStorage(storage, sign), indexname)
    if clean:
        clean_files(storage, indexname, generation, segments)
    old = re.compile(rf"^_{re.escape(indexname)}_([0-9]+)\.mac$")
    for name in storage.list():
        match = old.match(name)
        if match and int(match.group(1)) != generation and (clean or int(match.group(1)) < generation):
            try:
                storage.delete_file(name)
            except OSError:
                pass


def _previous_manifest(folder: str, indexname: str, key: bytes) -> dict:
    """The newest valid signature's manifest (its segments are not hashed again), or {}."""
    best = -1
    pattern = re.compile(rf"^_{re.escape(indexname)}_([0-9]+)\.mac$")
    for name in os.listdir(folder):
        match = pattern.match(name)
        if match:
            best = max(best, int(match.group(1)))
    if best < 0:
        return {}
    return _manifest(folder, indexname, best, key) or {}


def _manifest(folder: str, indexname: str, generation: int, key: bytes) -> dict | None:
    try:
        with open(os.path.join(folder, signature_name(indexname, generation)), "rb") as handle:
            body, _, mac = handle.read(1 << 24).rpartition(b"\n")
        if hmac.compare_digest(_mac(key, body), mac.decode("ascii", "replace")):
            manifest = json.loads(body)
            return manifest if isinstance(manifest, dict) else None
    except (OSError, ValueError):
        pass
    return None


def identity(storage, indexname: str, key: bytes | None) -> str | None:
    """The identity of a signed index (drawn at its creation), or None: not signed, or not known yet."""
    folder = getattr(storage, "folder", None)
    if key is None or folder is None:
        return None
    generation = TOC._latest_generation(storage, indexname)
    manifest = _manifest(folder, indexname, generation, key) if generation >= 0 else None
    found = manifest.get("index") if manifest else None
    return found if isinstance(found, str) else None


def create_index(storage, schema, key: bytes, indexname: str = _DEF_INDEX_NAME) -> SignedFileIndex:
    """A new, empty, signed index in ``storage`` (any index there before is removed)."""
    prefix = f"_{indexname}_"
    for name in storage.list():
        if name.startswith(prefix):
            storage.delete_file(name)
    write_toc(storage, indexname, schema, [], 0, key, clean=False)
    return SignedFileIndex(storage, schema, key, indexname)


def open_index(storage, schema, key: bytes, indexname: str = _DEF_INDEX_NAME) -> SignedFileIndex:
    """The signed index in ``storage``: EmptyIndexError when there is none, Unverified when it is not ours."""
    return SignedFileIndex(storage, schema, key, indexname)
