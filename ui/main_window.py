"""The main window: assembles the screens and remembers its size. Nothing else lives here."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from calm.library import Library
from ui import theme
from ui.screens.home import HomeScreen


class MainWindow(QMainWindow):
    def __init__(self, library: Library, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Calm Harbor")
        self.setMinimumSize(640, 520)
        self.stack = QStackedWidget()
        self.home = HomeScreen(library)
        self.stack.addWidget(self.home)
        self.setCentralWidget(self.stack)
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(960, 760)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.settings.setValue("window/geometry", self.saveGeometry())
        super().closeEvent(event)


def launch(paths, library: Library, smoke: bool = False, started: float | None = None) -> int:
    """Open the window and run the event loop. `smoke` exits 0 once the window is shown,
    printing the seconds since the process started (for CI and the start-up benchmark)."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Calm Harbor")
    theme.apply(app)
    settings = QSettings(str(paths.config / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings)
    window.show()
    if smoke:

        def done() -> None:
            elapsed = time.perf_counter() - (started or 0.0)
            print(f"shown after {elapsed:.3f} s", flush=True)
            app.exit(0)

        QTimer.singleShot(0, done)
    return app.exec()
