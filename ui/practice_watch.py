"""Practices added while the window is open appear without a restart.

The user's practices folder is watched (QFileSystemWatcher); a burst of changes (an editor
saving, a copy of several files, a pack writing its practices) is answered once, DEBOUNCE_MS
after the last of them. When the folder does not exist yet, its parent is watched until it
appears. Settings also offers "Reload practices", for folders a watcher cannot see into (some
network drives).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

DEBOUNCE_MS = 400


class PracticesWatcher(QObject):
    """Emits `changed` (debounced) when files in the practices folder come, go or change."""

    changed = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.folder = folder
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._touched)
        self.watcher.fileChanged.connect(self._touched)
        self.quiet = QTimer(self)
        self.quiet.setSingleShot(True)
        self.quiet.setInterval(DEBOUNCE_MS)
        self.quiet.timeout.connect(self._settled)
        self._watch()

    def _watch(self) -> None:
        """Watch the folder and its practice files (a file saved in place changes only the
        file); the nearest existing parent while the folder is missing."""
        wanted = [str(path) for path in self._targets()]
        stale = [p for p in self.watcher.directories() + self.watcher.files() if p not in wanted]
        if stale:
            self.watcher.removePaths(stale)
        missing = [p for p in wanted if p not in self.watcher.directories() + self.watcher.files()]
        if missing:
            self.watcher.addPaths(missing)

    def _targets(self) -> list[Path]:
        if self.folder.is_dir():
            try:
                return [self.folder, *sorted(self.folder.glob("*.toml"))]
            except OSError:
                return [self.folder]
        parent = self.folder.parent
        while not parent.is_dir() and parent != parent.parent:
            parent = parent.parent
        return [parent]

    def _touched(self, _path: str) -> None:
        self.quiet.start()  # again from the top: answer once the burst is over

    def _settled(self) -> None:
        self._watch()
        self.changed.emit()


def watch_practices(folder: Path, home, parent: QObject) -> PracticesWatcher:
    """Home shows the practices again whenever the folder changes (while the window is open:
    a closed one has nothing to show them in)."""
    watcher = PracticesWatcher(folder, parent)

    def changed() -> None:
        if home.window().isVisible():
            home.reload_practices()

    watcher.changed.connect(changed)
    return watcher
