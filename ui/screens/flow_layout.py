"""A layout that places its items in a row and wraps them onto the next line when the row is
full (Qt's "flow layout" example), so option buttons never clip their words at 200 % text.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem
from shiboken6 import isValid


class FlowLayout(QLayout):
    """Items left to right at their size hints, wrapping to new lines as needed."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt's names throughout)
        self._items.append(item)

    def _live(self) -> list[QLayoutItem]:
        """The items whose Qt objects still exist (a widget deleted elsewhere takes its item
        with it; measuring a dead item from Python would crash the process)."""
        self._items = [item for item in self._items if isValid(item)]
        return self._items

    def insertWidget(self, index: int, widget: QWidget) -> None:  # noqa: N802
        """Place a widget at `index` among the items (as QBoxLayout.insertWidget does)."""
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._live())

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        items = self._live()
        width = sum(item.sizeHint().width() for item in items)
        width += self._spacing * max(0, len(items) - 1)
        return QSize(width, self.heightForWidth(width))

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._live():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place (or just measure) the items, each centred on its line; returns the height
        they need."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        lines: list[list[tuple[QLayoutItem, int]]] = [[]]
        x, y, line_height, tops = area.x(), area.y(), 0, [area.y()]
        heights: list[int] = []
        for item in self._live():
            if item.widget() is not None and not item.widget().isVisibleTo(self.parentWidget()):
                continue
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                heights.append(line_height)
                x, y = area.x(), y + line_height + self._spacing
                line_height = 0
                lines.append([])
                tops.append(y)
            lines[-1].append((item, x))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        heights.append(line_height)
        if move:
            for line, top, height in zip(lines, tops, heights, strict=True):
                for item, left in line:
                    hint = item.sizeHint()
                    item.setGeometry(QRect(QPoint(left, top + (height - hint.height()) // 2), hint))
        return y + line_height - rect.y() + margins.bottom()
