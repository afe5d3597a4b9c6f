"""Small layout pieces shared by the records and settings screens (labels, scrolling, columns).

Kept apart from ui/widgets.py (the flow screens' shared widgets) so the two sets of screens
can change without stepping on each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

READABLE_WIDTH = 820  # px at 100 % text: lines longer than this are tiring to read

# What these pages need beyond the theme, set once on each page (one style sheet per page is
# far cheaper than one per widget, at start-up and on every theme change). Buttons and list rows
# and fields are made at least 44 px high (the theme's come to 42 and 40). Colours come from
# the palette the theme sets (palette(highlight) is the accent), never from here.
TARGETS_STYLE = "QPushButton, QLineEdit, QComboBox { min-height: 30px; }"
PAGE_STYLE = (
    TARGETS_STYLE
    + """
QPushButton[option="true"] { min-width: 64px; }
QLabel[role="heading"][cardtitle="true"] { padding-top: 0px; }
QFrame[role="card"] QSlider, QListView, QTableView, QHeaderView, QChartView {
    background: transparent; }
QListView::item { padding: 12px 8px; }
QTableView::item { padding: 6px; }
QHeaderView::section { background: transparent; border: none; padding: 6px;
    border-bottom: 2px solid palette(highlight); font-weight: 600; }
"""
)


class Plain(QWidget):
    """A container that paints nothing of its own (a plain QWidget would paint the window
    colour from the theme, a beige patch on a white card)."""


def text_label(text: str, role: str | None = None, wrap: bool = True) -> QLabel:
    """A label with a theme role ("title", "heading", "muted", "warning")."""
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    # A role with padding makes Qt count a frame and indent the text by half an "x"; the
    # labels of a page should line up with each other instead.
    widget.setIndent(0)
    if role:
        widget.setProperty("role", role)
    return widget


def scrolling(content: QWidget) -> QScrollArea:
    """A frameless scroll area, so large text never clips."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    # QScrollArea sizes wrapped text for the width without the scroll bar; when the bar then
    # appears the page is a little too short and rows get squeezed. A bar always there avoids it.
    scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    scroll.setWidget(content)
    return scroll


class CentredColumn(QWidget):
    """Holds one column of at most `max_width` px, centred, with margins.

    Done by hand rather than with stretches in a QHBoxLayout: that layout's height-for-width
    assumes the column at its full width, so a narrower window squeezed wrapped rows into each
    other. Here the height asked for is exactly the column's at the width it will get.
    """

    def __init__(self, column: QWidget, max_width: int, margins: tuple[int, int] = (40, 28)):
        super().__init__()
        self.column = column
        self.max_width = max_width
        self.margin_x, self.margin_y = margins
        column.setParent(self)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)  # QScrollArea asks the policy, not hasHeightForWidth()
        self.setSizePolicy(policy)

    def column_width(self, width: int) -> int:
        return max(1, min(self.max_width, width - 2 * self.margin_x))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        inner = self.column_width(width)
        if self.column.hasHeightForWidth():
            height = self.column.heightForWidth(inner)
        else:
            height = self.column.sizeHint().height()
        return max(height, self.column.minimumSizeHint().height()) + 2 * self.margin_y

    def sizeHint(self) -> QSize:  # noqa: N802
        width = min(self.max_width, self.column.sizeHint().width()) + 2 * self.margin_x
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = self.column.minimumSizeHint()
        return QSize(hint.width() + 2 * self.margin_x, hint.height() + 2 * self.margin_y)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._place()
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the column's content changed size
            self.updateGeometry()
            self._place()
            # The request stops at the viewport; the scroll area must hear it to resize us.
            viewport = self.parentWidget()
            area = viewport.parentWidget() if viewport is not None else None
            if isinstance(area, QScrollArea):
                QCoreApplication.postEvent(area, QEvent(QEvent.Type.LayoutRequest))
        return super().event(event)

    def _place(self) -> None:
        width = self.column_width(self.width())
        x = (self.width() - width) // 2
        self.column.setGeometry(x, self.margin_y, width, self.height() - 2 * self.margin_y)


def page(max_width: int = READABLE_WIDTH) -> tuple[QScrollArea, QVBoxLayout]:
    """A scrolling page whose content sits in a centred column of readable width."""
    column = Plain()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(14)
    root = CentredColumn(column, max_width)
    root.setStyleSheet(PAGE_STYLE)
    return scrolling(root), layout


def section(title: str, layout: QVBoxLayout) -> QVBoxLayout:
    """A rounded card with a heading, added to `layout`; returns the card's own layout."""
    card = QFrame()
    card.setProperty("role", "card")
    inner = QVBoxLayout(card)
    inner.setContentsMargins(20, 14, 20, 18)
    inner.setSpacing(10)
    heading = text_label(title, "heading")
    heading.setProperty("cardtitle", True)  # the card's own margin is enough above it
    inner.addWidget(heading)
    layout.addWidget(card)
    return inner


AskSavePath = Callable[[QWidget, str, str, str], "str | None"]


def ask_save_path(parent: QWidget, title: str, suggested: str, filter_: str) -> str | None:
    """The save dialog, starting in the home folder with a suggested name (None: cancelled)."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / suggested), filter_)
    return path or None


def hold_while_working(buttons: Iterable[QWidget], keeper: QWidget) -> Callable[[], None]:
    """Disable `buttons` while their work runs, without sending keyboard focus away.

    Disabling the button that has focus (a click gives it focus too) makes Qt move focus on
    to the next control, and a scrolling page scrolls to that control: the answer that then
    appears beside the button is out of sight. So focus waits on `keeper` (the progress bar
    beside the buttons, shown before this is called; a screen reader names it) and goes back
    to the button it left when the returned function is called: call it before hiding the
    keeper, which would move focus on in the same way.

    The window's focus widget is asked, not `hasFocus()`: just after a file dialog closes the
    window is not active again yet, and Qt gives focus back to that widget once it is."""
    buttons = list(buttons)
    window = keeper.window()
    left = next((button for button in buttons if window.focusWidget() is button), None)
    if left is not None:
        keeper.setFocus(Qt.FocusReason.OtherFocusReason)
    for button in buttons:
        button.setEnabled(False)

    def release() -> None:
        for button in buttons:
            button.setEnabled(True)
        if left is not None and window.focusWidget() is keeper:
            left.setFocus(Qt.FocusReason.OtherFocusReason)

    return release
