"""A page that builds itself the first time it is shown.

Start-up must stay quick (docs/performance.md: at most 1.5 times a bare window), and Progress,
Settings, Clients and the Welcome are not needed until someone opens them, and building them all
at once slowed every start (docs/performance.md). `LazyPage` stands in the main window's stack
with no children, and calls its factory on the first show (or when `page` is asked for).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    """Holds the real page, made by `factory` when first needed; `built(page)` then."""

    built = Signal(QWidget)

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None):
        super().__init__(parent)
        self._factory = factory
        self._page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        return self._page is not None

    @property
    def page(self) -> QWidget:
        """The real page (built now if it was not yet)."""
        if self._page is None:
            self._page = self._factory()
            self._layout.addWidget(self._page)
            self.setFocusProxy(self._page)
            self.built.emit(self._page)
        return self._page

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        page = self.page
        super().showEvent(event)
        page.show()
