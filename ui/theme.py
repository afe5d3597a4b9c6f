"""One calm visual language: soft palettes, generous spacing, large type, rounded shapes.

Every colour and size lives here; screens ask for roles (`accent`, `surface`) through the
`role` property of a widget, never hex codes. `apply(app, name, scale)` styles the whole
application and is called again, live, whenever the theme or the text size setting changes.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPolygonF
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

BASE_POINT_SIZE = 13
MIN_TARGET_PX = 44
SLIDER_HANDLE_PX = 28  # a slider's handle, border included: easy to see and to catch


@dataclass(frozen=True)
class Palette:
    """The colours of one theme, by role."""

    name: str
    window: str
    surface: str
    text: str
    muted: str
    accent: str
    accent_text: str
    border: str
    focus: str
    warn: str
    notice: str  # background of the notice bar (sound unavailable, a restored backup)
    pacer: str  # the breathing shape
    pacer_edge: str  # its rim (in high contrast the shape is a dark disc with a bright rim)
    pacer_text: str  # the phase word and seconds, readable on the shape and beside it
    pacer_rest: str  # the steady ring of the reduced-motion pacer and the shape's outer glow
    stage: str  # the calm, near-black background of presentation mode
    stage_text: str


THEMES = {
    "light": Palette(
        "light",
        window="#F4F1EC",
        surface="#FFFFFF",
        text="#2E3440",
        muted="#59616D",
        accent="#3F6F75",
        accent_text="#FFFFFF",
        border="#D9D4CC",
        focus="#B8681F",
        warn="#7A4F00",
        notice="#FBEFD9",
        pacer="#8DB9BD",
        pacer_edge="#5F9398",
        pacer_text="#1F2630",
        pacer_rest="#CFE1E2",
        stage="#0B0E10",
        stage_text="#E7E3DC",
    ),
    "dark": Palette(
        "dark",
        window="#1E2326",
        surface="#2A3034",
        text="#E7E3DC",
        muted="#AEB4BA",
        accent="#7FB3B8",
        accent_text="#10201F",
        border="#3D464C",
        focus="#F0B36A",
        warn="#F2C46D",
        notice="#3A3424",
        pacer="#3D6B70",
        pacer_edge="#6FA3A8",
        pacer_text="#F2EFE9",
        pacer_rest="#35474A",
        stage="#0B0E10",
        stage_text="#E7E3DC",
    ),
    "high-contrast": Palette(
        "high-contrast",
        window="#000000",
        surface="#000000",
        text="#FFFFFF",
        muted="#FFFFFF",
        accent="#FFFF00",
        accent_text="#000000",
        border="#FFFFFF",
        focus="#00FFFF",
        warn="#FFFF00",
        notice="#000000",
        pacer="#000000",
        pacer_edge="#FFFF00",
        pacer_text="#FFFFFF",
        pacer_rest="#FFFFFF",
        stage="#000000",
        stage_text="#FFFFFF",
    ),
}
THEME_LABELS = {"light": "Light", "dark": "Dark", "high-contrast": "High contrast"}


def palette(name: str) -> Palette:
    """The palette called `name` (light for an unknown name)."""
    return THEMES.get(name, THEMES["light"])


def stylesheet(p: Palette, scale: float = 1.0) -> str:
    """The whole application's style sheet for a palette and a text scale (1.0-2.0)."""
    pt = round(BASE_POINT_SIZE * scale)
    big = round(pt * 1.6)
    # Targets grow with the text so a 200 % button is not cramped around its label.
    target = max(MIN_TARGET_PX, round(MIN_TARGET_PX * (0.5 + scale / 2)))
    return f"""
    QWidget {{ background: {p.window}; color: {p.text}; font-size: {pt}pt; }}
    QLabel[role="title"] {{ font-size: {big}pt; font-weight: 600; }}
    QLabel[role="heading"] {{ font-size: {round(pt * 1.25)}pt; font-weight: 600;
                             padding-top: 8px; }}
    QLabel[role="muted"] {{ color: {p.muted}; }}
    QLabel[role="small"] {{ color: {p.muted}; font-size: {max(9, round(pt * 0.85))}pt; }}
    QLabel[role="caption"] {{ font-size: {round(max(pt * 1.2, BASE_POINT_SIZE * 1.5))}pt; }}
    QLabel[role="step"] {{ color: {p.muted}; font-size: {round(pt * 1.1)}pt; }}
    QLabel[role="summary"] {{ font-size: {round(pt * 1.8)}pt; font-weight: 600; }}
    QLabel[role="warning"] {{ color: {p.warn}; font-weight: 600; }}
    QLabel[role="appname"] {{ font-size: {round(pt * 1.2)}pt; font-weight: 600;
                             color: {p.accent}; }}
    QLabel[role="client"] {{ color: {p.text}; font-weight: 600; padding: 0 8px; }}
    QFrame[role="topbar"] {{ border-bottom: 1px solid {p.border}; }}
    QFrame[role="topbar"] QLabel {{ background: transparent; }}
    QFrame[role="card"] {{ background: {p.surface}; border: 1px solid {p.border};
                          border-radius: 14px; }}
    QFrame[role="card"] QLabel {{ background: transparent; }}
    QFrame[role="notice"] {{ background: {p.notice}; border: 1px solid {p.warn};
                            border-radius: 10px; }}
    QFrame[role="notice"] QLabel {{ background: transparent; }}
    QWidget[role="stage"], QWidget[role="stage"] QWidget {{ background: {p.stage};
        color: {p.stage_text}; }}
    QWidget[role="stage"] QFrame[role="stagebar"] {{ background: {p.stage};
        border: 1px solid {p.muted}; border-radius: 14px; }}
    QWidget[role="stage"] QFrame[role="stagebar"] QPushButton[role="primary"] {{
        background: {p.accent}; color: {p.accent_text}; border-color: {p.accent}; }}
    QPushButton, QToolButton {{ background: {p.surface}; color: {p.text};
        border: 1px solid {p.border}; border-radius: 12px; padding: 6px 18px;
        min-height: {target - 16}px; min-width: {target - 36}px; }}
    QPushButton:hover, QToolButton:hover {{ border-color: {p.accent}; }}
    QPushButton:checked, QToolButton:checked {{ background: {p.accent}; color: {p.accent_text};
        border-color: {p.accent}; }}
    QPushButton:disabled {{ color: {p.muted}; border-style: dashed; }}
    QPushButton[role="primary"] {{ background: {p.accent}; color: {p.accent_text};
        border-color: {p.accent}; font-weight: 600; }}
    QPushButton[role="nav"] {{ background: transparent; border: 1px solid transparent;
        border-radius: 10px; padding: 6px 14px; }}
    QPushButton[role="nav"]:checked {{ background: {p.surface}; color: {p.accent};
        border: 1px solid {p.border}; }}
    QPushButton[role="rating"] {{ min-width: {target - 2}px; max-width: {round(target * 1.6)}px;
        min-height: {target - 2}px; padding: 0; border-radius: {target // 2}px; }}
    QPushButton[role="star"] {{ border: none; padding: 0; font-size: {round(pt * 1.5)}pt;
        color: {p.accent}; background: transparent; min-width: {target}px;
        min-height: {target}px; }}
    QPushButton[role="link"] {{ border: none; color: {p.accent}; text-decoration: underline;
        background: transparent; padding: 2px 6px; }}
    QPushButton:focus, QToolButton:focus, QLineEdit:focus, QComboBox:focus, QSlider:focus,
    QCheckBox:focus, QListView:focus, QTableView:focus, QPlainTextEdit:focus,
    QPushButton[role="nav"]:focus, QPushButton[role="star"]:focus,
    QPushButton[role="link"]:focus {{ outline: none; border: 3px solid {p.focus}; }}
    QPushButton:focus {{ padding: 4px 16px; }}
    QPushButton[role="nav"]:focus {{ padding: 4px 12px; }}
    QPushButton[role="star"]:focus {{ padding: 0; }}
    QPushButton[role="link"]:focus {{ padding: 0 4px; }}
    QPushButton[role="rating"]:focus {{ padding: 0; }}
    QLineEdit:focus, QComboBox:focus {{ padding: 4px 6px; }}
    QScrollBar:vertical {{ background: transparent; width: 14px; margin: 0; }}
    QScrollBar::handle:vertical {{ background: {p.border}; border-radius: 6px;
        min-height: 40px; margin: 2px; }}
    QScrollBar::handle:vertical:hover {{ background: {p.muted}; }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
    QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
    QComboBox::drop-down {{ border: none; width: 34px; }}
    QComboBox::down-arrow {{ image: url("{arrow_file(p.text)}"); width: 14px; height: 9px; }}
    QLineEdit, QComboBox, QPlainTextEdit, QSpinBox {{ background: {p.surface};
        border: 1px solid {p.border}; border-radius: 10px; padding: 6px 8px;
        min-height: {target - 18}px; }}
    QComboBox QAbstractItemView {{ background: {p.surface}; selection-background-color:
        {p.accent}; selection-color: {p.accent_text}; }}
    QScrollArea {{ border: none; }}
    QProgressBar {{ background: {p.surface}; border: 1px solid {p.border}; border-radius: 6px;
        max-height: 12px; text-align: center; }}
    QProgressBar::chunk {{ background: {p.accent}; border-radius: 6px; }}
    QSlider {{ min-height: {target}px; }}
    QSlider::groove:horizontal {{ height: 6px; background: {p.border}; border-radius: 3px; }}
    QSlider::sub-page:horizontal {{ background: {p.accent}; border-radius: 3px; }}
    QSlider::handle:horizontal {{ background: {p.surface}; border: 2px solid {p.accent};
        width: {SLIDER_HANDLE_PX - 4}px; margin: -{(SLIDER_HANDLE_PX - 6) // 2}px 0;
        border-radius: {SLIDER_HANDLE_PX // 2}px; }}
    QMessageBox QLabel, QDialog QLabel {{ background: transparent; }}
    """


def arrow_file(colour: str) -> str:
    """A small down-arrow picture in `colour` for drop-down lists (a style sheet can only take
    a file); drawn once per colour into the temporary folder."""
    folder = (
        Path(tempfile.gettempdir()) / f"calm-harbor-{os.getuid() if hasattr(os, 'getuid') else 0}"
    )
    path = folder / f"arrow-{colour.lstrip('#')}.png"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        image = QImage(28, 18, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawPolygon(QPolygonF([QPointF(2, 2), QPointF(26, 2), QPointF(14, 16)]))
        painter.end()
        image.save(str(path))
    return path.as_posix()


def apply(app: QApplication, name: str = "light", scale: float = 1.0) -> Palette:
    """Style the whole application; returns the palette for painted widgets (the pacer)."""
    p = palette(name)
    scale = max(1.0, min(2.0, scale))
    applied = f"{p.name}@{scale:.3f}"
    if app.property("calm_theme") == applied:
        return p  # restyling re-polishes every widget: never for nothing
    app.setProperty("calm_theme", applied)
    qt_palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, p.window),
        (QPalette.ColorRole.Base, p.surface),
        (QPalette.ColorRole.Text, p.text),
        (QPalette.ColorRole.WindowText, p.text),
        (QPalette.ColorRole.Button, p.surface),
        (QPalette.ColorRole.ButtonText, p.text),
        (QPalette.ColorRole.Highlight, p.accent),
        (QPalette.ColorRole.HighlightedText, p.accent_text),
        (QPalette.ColorRole.PlaceholderText, p.muted),
        (QPalette.ColorRole.ToolTipBase, p.surface),
        (QPalette.ColorRole.ToolTipText, p.text),
    ):
        qt_palette.setColor(role, QColor(colour))
    app.setPalette(qt_palette)
    if not isinstance(app.style(), CalmStyle):
        app.setStyle(CalmStyle())
    app.setStyleSheet(stylesheet(p, scale))
    return p


class CalmStyle(QProxyStyle):
    """The platform's style, except that a click on a slider's track moves the handle to the
    point clicked (not a page at a time: hands that shake should not have to drag)."""

    def styleHint(self, hint, option=None, widget=None, returnData=None):  # noqa: N802, N803
        if hint == QStyle.StyleHint.SH_Slider_AbsoluteSetButtons:
            return Qt.MouseButton.LeftButton.value
        return super().styleHint(hint, option, widget, returnData)
