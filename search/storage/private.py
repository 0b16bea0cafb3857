"""Index folders as data written for this user only: created private, refused when others could write them.

An index folder holds Python pickles (Whoosh's table of contents, its segments'
headers and postings): whoever can write one can run code in the next process that
opens it. Three rules keep that from happening:

- **Created private.** Folders are made 0700 and files 0600, whatever the umask
  (``private_dir``, ``private_file``); an existing index of ours is tightened to the
  same modes when it is opened (``tighten``).
- **Refused when someone else could have written it** (``foreign_writer``): the
  index folder and everything in it must be owned by this user (or root) and not
  writable by group or others; every folder above it, up to ``/``, must be owned
  by this user or root and not writable by group or others unless it has the
  sticky bit (``/tmp``), because whoever can write a parent can rename the index
  folder away and put their own in its place. Checking to ``/`` costs one ``stat``
  per level (microseconds), and stopping earlier (say at the home folder) would
  trust an ``--index-dir`` under a shared folder.
- **Signed.** Every commit writes a keyed MAC of what Whoosh will unpickle
  (``whoosh_ext.signed``); the key is ``index.key`` in the user's private data
  folder (``index_key``), so an index nobody with that key wrote is never opened,
  whatever its modes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

FOLDER_MODE = 0o700
FILE_MODE = 0o600
KEY_NAME = "index.key"
KEY_BYTES = 32


def _trusted_owner(uid: int) -> bool:
    return uid == os.geteuid() or uid == 0


def private_dir(folder: Path) -> Path:
    """``folder`` and any missing parents, the ones created here made 0700."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue
        os.chmod(path, FOLDER_MODE)  # mkdir's mode is cut by the umask
    return folder


def private_file(path: Path) -> None:
    """Create ``path`` empty and 0600 if it is not there (SQLite then keeps those modes)."""
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    except FileExistsError:
        return
    try:
        os.fchmod(handle, FILE_MODE)
    finally:
        os.close(handle)


def _loose(info: os.stat_result) -> bool:
    return bool(info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def foreign_writer(index_dir: Path) -> str | None:
    """Why someone other than this user could have written ``index_dir``, or None.

    A folder that does not exist yet is judged by its nearest existing parent.
    """
    index_dir = Path(os.path.abspath(index_dir))
    try:
        info = os.lstat(index_dir)
    except FileNotFoundError:
        info = None
    except OSError:
        return None  # cannot even look: opening fails on its own, and says so
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            info = os.stat(index_dir)
        reason = _own_entry(index_dir, info)
        if reason:
            return reason
        for entry in _entries(index_dir):
            try:
                entry_info = os.lstat(entry)
            except OSError:
                continue
            reason = _own_entry(entry, entry_info)
            if reason:
                return reason
    return _parents_reason(index_dir)


def _parents_reason(index_dir: Path) -> str | None:
    """Why a folder above ``index_dir`` lets someone else replace it, or None."""
    # Every folder above, to the root (through the real path: a link's target is what is opened).
    for parent in Path(os.path.realpath(index_dir)).parents:
        try:
            parent_info = os.stat(parent)
        except OSError:
            continue
        if not _trusted_owner(parent_info.st_uid):
            return f"{parent} belongs to another user"
        if parent_info.st_mode & stat.S_IWOTH and not parent_info.st_mode & stat.S_ISVTX:
            return f"{parent} is writable by everyone"
        if parent_info.st_mode & stat.S_IWGRP and not parent_info.st_mode & stat.S_ISVTX:
            return f"{parent} is writable by its group"
    return None


def _own_entry(path: Path, info: os.stat_result) -> str | None:
    if not _trusted_owner(info.st_uid):
        return f"{path} belongs to another user"
    if stat.S_ISLNK(info.st_mode):
        return f"{path} is a symbolic link"
    if _loose(info):
        return f"{path} is writable by {'everyone' if info.st_mode & stat.S_IWOTH else 'its group'}"
    return None


def _entries(index_dir: Path):
    """What an index folder holds that is opened: its files, ``whoosh/`` and the files in it."""
    try:
        names = os.listdir(index_dir)
    except OSError:
        return
    for name in names:
        if ".damaged-" in name:
            continue  # set aside, never opened again
        path = index_dir / name
        yield path
        if name == "whoosh" and path.is_dir() and not path.is_symlink():
            try:
                inner = os.listdir(path)
            except OSError:
                continue
            for item in inner:
                yield path / item


def fixable(index_dir: Path) -> bool:
    """Whether ``index_dir`` is this user's own, only left open to others (an old umask): the folders
    above it are sound, and it and everything in it belong to this user."""
    index_dir = Path(os.path.abspath(index_dir))
    if _parents_reason(index_dir) is not None:
        return False
    try:
        info = os.lstat(index_dir)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
        return False
    for entry in _entries(index_dir):
        try:
            if os.lstat(entry).st_uid != os.geteuid():
                return False
        except OSError:
            continue
    return True


def tighten(index_dir: Path) -> None:
    """Make this user's index folder 0700 and the files in it 0600 (folders in it 0700)."""
    for path in [index_dir, *_entries(index_dir)]:
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if info.st_uid != os.geteuid() or stat.S_ISLNK(info.st_mode):
            continue
        wanted = FOLDER_MODE if stat.S_ISDIR(info.st_mode) else FILE_MODE
        if stat.S_IMODE(info.st_mode) != wanted:
            try:
                os.chmod(path, wanted)
            except OSError:
                pass  # a read-only file system: searched as it is


def index_key() -> bytes:
    """This user's key for signing indexes: 32 random bytes in a 0600 file of their private data folder.

    A key file that others could read or write is replaced (every index signed with
    it is then rebuilt): a key someone else knows signs nothing.
    """
    folder = private_dir(Path(platformdirs.user_data_dir("readingroom")))
    path = folder / KEY_NAME
    for _ in range(3):
        try:
            handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            _write_key(path)
            continue
        try:
            info = os.fstat(handle)
            key = os.read(handle, KEY_BYTES + 1)
        finally:
            os.close(handle)
        if (
            info.st_uid == os.geteuid()
            and not info.st_mode & 0o077
            and stat.S_ISREG(info.st_mode)
            and len(key) == KEY_BYTES
        ):
            return key
        os.unlink(path)
    raise OSError(f"cannot keep a private key in {path}")


def _write_key(path: Path) -> None:
    temp = path.with_name(f".{KEY_NAME}.{os.getpid()}")
    handle = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    try:
        os.fchmod(handle, FILE_MODE)
        os.write(handle, os.urandom(KEY_BYTES))
        os.fsync(handle)
    finally:
        os.close(handle)
    try:
        os.link(temp, path)  # never over a key another process wrote meanwhile
    except FileExistsError:
        pass
    finally:
        os.unlink(temp)
