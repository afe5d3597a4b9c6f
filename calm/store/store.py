"""The practice log: `open_store(paths)` gives a `Store`; `store.close()` gives the folder back.

Opening takes the data folder's lock, checks the file, moves a damaged one aside and restores
the newest sound backup, migrates (with a backup first), marks runs a crash left running as
abandoned, makes sure there is a default client, and takes the day's backup. Anything the
person should hear about is in `store.notices`, as plain sentences.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from calm.errors import StoreError
from calm.paths import AppPaths, make_private
from calm.store import backups
from calm.store.client_admin import ClientAdminMixin
from calm.store.clients import ClientsMixin
from calm.store.db import Database, connect, translate
from calm.store.goals import GoalsMixin
from calm.store.lock import DataFolderLock
from calm.store.opening import open_checked
from calm.store.passphrase import PassphraseMixin
from calm.store.pending import PENDING_NAME, PendingWrites, replay
from calm.store.prefs import PrefsMixin
from calm.store.profiles import ProfilesMixin
from calm.store.programmes import ProgrammesMixin
from calm.store.records import local_now
from calm.store.runs import RunsMixin
from calm.store.schema import MIGRATIONS, Migration, check_not_newer, current_version, migrate
from calm.store.schema import file_version as _file_version

log = logging.getLogger(__name__)


class Store(
    ClientsMixin,
    ClientAdminMixin,
    ProfilesMixin,
    RunsMixin,
    PrefsMixin,
    ProgrammesMixin,
    GoalsMixin,
    PassphraseMixin,
):
    """Clients (each with a profile), runs, ratings, settings, patterns, programmes, goals,
    notes and the therapist's passphrase in one SQLite file (see `open_store`)."""

    def __init__(
        self,
        db: Database,
        paths: AppPaths,
        lock: DataFolderLock | None,
        notices: list[str],
        now: Callable[[], datetime],
    ):
        self._db = db
        self._lock = lock
        self._now = now
        self.paths = paths
        self.notices = notices
        self.pending = PendingWrites()  # practice records waiting for disk space
        self.closing_notices: list[str] = []  # sentences for the person once closed
        self._closed = False
        self._changes_backed_up = db.conn.total_changes
        self._backup_thread: threading.Thread | None = None

    def back_up(self, wait: bool = True) -> Path | None:
        """A backup of the log now (after a practice completes, at closing); a failure is
        logged, never raised: the log itself is fine. Without `wait` it is taken on a thread
        from its own read connection (a clinic's log takes a second or so to copy, which the
        window should not wait for); closing waits for it."""
        if self.read_only:
            return None
        taken = self._now()  # the moment it stands for, whenever the copy is done
        self.wait_for_backup()
        if not wait:
            self._backup_thread = threading.Thread(
                target=self._back_up, args=(taken,), name="backup"
            )
            self._backup_thread.start()
            return None
        return self._back_up(taken)

    def wait_for_backup(self) -> None:
        """Until a backup being taken on a thread is done."""
        thread, self._backup_thread = self._backup_thread, None
        if thread is not None:
            thread.join()

    def _back_up(self, taken: datetime) -> Path | None:
        try:
            with self._db.read() as conn:
                changes = conn.total_changes  # a later change asks for a backup at closing
            # A snapshot through its own connection: writes go on meanwhile (WAL).
            source = connect(self.path, read_only=True)
            try:
                made = backups.make_backup(source, self.paths.backups, taken)
            finally:
                source.close()
        except (OSError, sqlite3.Error, StoreError) as error:
            log.warning("backup failed: %s", error)
            return None
        self._changes_backed_up = changes
        return made

    @property
    def changed_since_backup(self) -> bool:
        """True when something was written since the last backup this copy took."""
        return self._db.conn.total_changes != self._changes_backed_up

    def now(self) -> datetime:
        """The store's clock (local time with its offset)."""
        return self._now()

    @property
    def path(self) -> Path:
        """The database file."""
        return self._db.path

    @property
    def read_only(self) -> bool:
        """True when another copy holds the folder, so this one may only read."""
        return self._db.read_only

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing write for bulk work in calm/ (import, demo data)."""
        with self._db.write() as conn:
            yield conn

    @contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        """A separate read-only connection (for an export on a worker thread)."""
        try:
            conn = connect(self.path, read_only=True)
        except sqlite3.Error as error:
            raise translate(error, self.path) from error
        try:
            yield conn
        except sqlite3.Error as error:
            raise translate(error, self.path) from error
        finally:
            conn.close()

    def close(self) -> None:
        """Write what waited for disk space (or keep it in a small file for the next opening),
        close the file and release the data folder (safe to call twice). Anything the person
        should hear is in `closing_notices`."""
        if self._closed:
            return
        self._closed = True
        try:
            self._settle_pending()
            self.wait_for_backup()
            if self.changed_since_backup:  # the day's work is in a backup, not only the log
                self.back_up()
            self._db.close()
        finally:
            if self._lock is not None:
                self._lock.release()

    def _settle_pending(self) -> None:
        if not self.pending or self.pending.flush(self):
            return
        kept = self.paths.data / PENDING_NAME
        if self.pending.save(kept):
            self.closing_notices.append(
                f"The disk is still full, so the last practice's records are kept in {kept} "
                "and will be added to your log the next time Calm Harbor opens. Please free "
                "some space before then."
            )
        else:
            self.closing_notices.append(
                "The disk is still full, and the last practice's records could not be kept "
                "anywhere: what was given after the disk filled up is lost. Please free some "
                "space before practising again."
            )

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(
    paths: AppPaths,
    read_only: bool = False,
    now: Callable[[], datetime] | None = None,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> Store:
    """Open the practice log in `paths.data`, ready to use (see the module docstring).

    With `read_only`, a second copy may still read while the first one has the folder open.
    Raises DataInUseError, NewerDatabaseError or StoreError with a sentence to show.
    """
    now = now or local_now
    try:
        make_private(paths.data)
        make_private(paths.backups)
    except OSError as error:
        raise StoreError(
            f"Calm Harbor cannot create its data folder {paths.data} ({error.strerror}). "
            "Check that you may write there, then start again."
        ) from error
    lock = DataFolderLock(paths.data)
    if read_only and not lock.try_acquire():
        return _open_beside_writer(paths, now, migrations)
    lock.acquire()
    try:
        store = _open_owned(paths, lock, now, migrations)
    except BaseException:
        lock.release()
        raise
    if read_only:
        # The folder was free: the checks and upkeep are done; now just read, unlocked.
        store._lock = None
        store._db.read_only = True
        lock.release()
    return store


def _open_owned(
    paths: AppPaths,
    lock: DataFolderLock,
    now: Callable[[], datetime],
    migrations: Sequence[Migration],
) -> Store:
    notices: list[str] = []
    conn = open_checked(paths.database, paths.backups, notices, now())
    db = Database(conn, paths.database)
    try:
        try:
            migrate(
                conn,
                lambda old, new: backups.migration_backup(conn, paths.backups, old, new),
                migrations,
            )
        except sqlite3.Error as error:
            raise translate(error, paths.database) from error
        except OSError as error:
            raise StoreError(
                f"Calm Harbor could not back up your practice log before updating it "
                f"({error.strerror}); nothing was changed. Free some disk space, then try again."
            ) from error
        store = Store(db, paths, lock, notices, now)
        # Before runs left running are closed as abandoned: these writes may close them.
        if replay(store, paths.data / PENDING_NAME):
            notices.append(
                "The records of a practice kept while the disk was full have now been added "
                "to your practice log."
            )
        abandoned = store._abandon_running()
        if abandoned:
            log.info("%d run(s) left running were marked abandoned", abandoned)
        store._ensure_default_client()
        _first_backup_of_the_day(store, now(), notices)
        store._changes_backed_up = conn.total_changes  # the upkeep above is no change to keep
    except BaseException:
        db.close()
        raise
    return store


def _first_backup_of_the_day(store: Store, now: datetime, notices: list) -> None:
    """The day's first backup, at its first opening (after the full check); a failure is told,
    not fatal (the log itself is fine)."""
    if backups.taken_on(store.paths.backups, now.date()):
        return
    if store.back_up() is None:
        notices.append(
            f"A backup of your practice log could not be made. Your log is safe; check the "
            f"free space in {store.paths.backups}."
        )


def _open_beside_writer(
    paths: AppPaths, now: Callable[[], datetime], migrations: Sequence[Migration]
) -> Store:
    """Read the log while another copy owns the folder (no upkeep, no writes)."""
    try:
        conn = connect(paths.database, read_only=True)
        found = _file_version(conn)
    except sqlite3.Error as error:
        raise translate(error, paths.database) from error
    try:
        check_not_newer(found, migrations)
        if found < current_version(migrations):
            raise StoreError(
                "The other open copy of Calm Harbor is still preparing the practice log. "
                "Try again in a moment."
            )
    except BaseException:
        conn.close()
        raise
    return Store(Database(conn, paths.database, read_only=True), paths, None, [], now)
