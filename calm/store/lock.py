"""A lock on the data folder, so two copies of the app never write the same log at once.

An OS file lock (flock on Unix, msvcrt on Windows) on `calm-harbor.lock` beside the database:
the OS drops it when the process ends, even when it is killed, so a crash never leaves the
folder locked. Readers (a `stats` command while the window is open) do not need it; SQLite's
WAL mode lets them read while the holder writes.
"""

from __future__ import annotations

import os
from pathlib import Path

from calm.errors import DataInUseError, StoreError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

LOCK_NAME = "calm-harbor.lock"


class DataFolderLock:
    """Exclusive, non-blocking ownership of one data folder; `release()` or close the process."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """True while this copy holds the folder."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock or raise DataInUseError (in use) / StoreError (folder not writable)."""
        if self._fd is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise StoreError(
                f"Calm Harbor cannot write in its data folder {self.path.parent} "
                f"({error.strerror}). Check that the folder exists and that you may write "
                "to it, then start again."
            ) from error
        if not _try_lock(fd):
            os.close(fd)
            raise DataInUseError(
                "Calm Harbor is already open with the same data (another window or command is "
                f"using {self.path.parent}). Close it, then try again."
            )
        self._fd = fd
        # The holder's process id helps someone who wonders which copy holds it.
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:
            pass

    def try_acquire(self) -> bool:
        """Take the lock if it is free; False if another copy holds it."""
        try:
            self.acquire()
        except DataInUseError:
            return False
        return True

    def release(self) -> None:
        """Give the lock back (safe to call twice)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)


def _try_lock(fd: int) -> bool:
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (BlockingIOError, PermissionError):
            return False
        return True
    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return
    os.lseek(fd, 0, os.SEEK_SET)
    msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
