"""Small layout pieces shared by the records and settings screens (labels, scrolling, columns).

Kept apart from ui/widgets.py (the flow screens' shared widgets) so the two sets of screens
can change without stepping on each other.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

READABLE_WIDTH = 820  # px at 100 % text: lines longer than this are tiring to read


def text_label(text: str, role: str | None = None, wrap: bool = True) -> QLabel:
    """A label with a theme role ("title", "heading", "muted", "warning")."""
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    if role:
        widget.setProperty("role", role)
    return widget


def scrolling(content: QWidget) -> QScrollArea:
    """A frameless scroll area, so large text never clips."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll


def page(max_width: int = READABLE_WIDTH) -> tuple[QScrollArea, QVBoxLayout]:
    """A scrolling page whose content sits in a centred column of readable width."""
    outer = QWidget()
    row = QHBoxLayout(outer)
    row.setContentsMargins(40, 28, 40, 28)
    column = QWidget()
    column.setMaximumWidth(max_width)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(14)
    # Spacers either side centre the column once it reaches its readable width.
    row.addStretch(1)
    row.addWidget(column, 20)
    row.addStretch(1)
    return scrolling(outer), layout


def section(title: str, layout: QVBoxLayout) -> QVBoxLayout:
    """A rounded card with a heading, added to `layout`; returns the card's own layout."""
    card = QFrame()
    card.setProperty("role", "card")
    inner = QVBoxLayout(card)
    inner.setContentsMargins(20, 14, 20, 18)
    inner.setSpacing(10)
    heading = text_label(title, "heading")
    heading.setStyleSheet("padding-top: 0px;")
    inner.addWidget(heading)
    layout.addWidget(card)
    return inner
