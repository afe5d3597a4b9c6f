"""One calm visual language: soft palettes, generous spacing, large type, rounded shapes.

Every colour and size lives here; screens ask for roles (`accent`, `surface`), never hex codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

BASE_POINT_SIZE = 13
MIN_TARGET_PX = 44


@dataclass(frozen=True)
class Palette:
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


THEMES = {
    "light": Palette(
        "light",
        "#F4F1EC",
        "#FFFFFF",
        "#2E3440",
        "#5E6673",
        "#4F7C82",
        "#FFFFFF",
        "#D9D4CC",
        "#C07A2C",
        "#8A5A00",
    ),
    "dark": Palette(
        "dark",
        "#1E2326",
        "#2A3034",
        "#E7E3DC",
        "#AEB4BA",
        "#7FB3B8",
        "#10201F",
        "#3D464C",
        "#F0B36A",
        "#F2C46D",
    ),
    "high-contrast": Palette(
        "high-contrast",
        "#000000",
        "#000000",
        "#FFFFFF",
        "#FFFFFF",
        "#FFFF00",
        "#000000",
        "#FFFFFF",
        "#00FFFF",
        "#FFFF00",
    ),
}
THEME_LABELS = {"light": "Light", "dark": "Dark", "high-contrast": "High contrast"}


def palette(name: str) -> Palette:
    return THEMES.get(name, THEMES["light"])


def stylesheet(p: Palette, scale: float = 1.0) -> str:
    """The whole application's style sheet for a palette and a text scale (1.0-2.0)."""
    pt = round(BASE_POINT_SIZE * scale)
    big = round(pt * 1.6)
    return f"""
    QWidget {{ background: {p.window}; color: {p.text}; font-size: {pt}pt; }}
    QLabel[role="title"] {{ font-size: {big}pt; font-weight: 600; }}
    QLabel[role="heading"] {{ font-size: {round(pt * 1.25)}pt; font-weight: 600;
                             padding-top: 12px; }}
    QLabel[role="muted"] {{ color: {p.muted}; }}
    QLabel[role="caption"] {{ font-size: {round(pt * 1.5)}pt; }}
    QLabel[role="warning"] {{ color: {p.warn}; font-weight: 600; }}
    QFrame[role="card"] {{ background: {p.surface}; border: 1px solid {p.border};
                          border-radius: 14px; }}
    QFrame[role="card"] QLabel {{ background: transparent; }}
    QPushButton, QToolButton {{ background: {p.surface}; color: {p.text};
        border: 1px solid {p.border}; border-radius: 12px; padding: 8px 18px;
        min-height: {MIN_TARGET_PX - 18}px; min-width: {MIN_TARGET_PX - 36}px; }}
    QPushButton:hover, QToolButton:hover {{ border-color: {p.accent}; }}
    QPushButton:checked, QToolButton:checked {{ background: {p.accent}; color: {p.accent_text}; }}
    QPushButton[role="primary"] {{ background: {p.accent}; color: {p.accent_text};
        border-color: {p.accent}; font-weight: 600; }}
    QPushButton:focus, QToolButton:focus, QLineEdit:focus, QComboBox:focus, QSlider:focus,
    QCheckBox:focus, QListView:focus, QTableView:focus {{
        outline: none; border: 3px solid {p.focus}; }}
    QLineEdit, QComboBox, QPlainTextEdit, QSpinBox {{ background: {p.surface};
        border: 1px solid {p.border}; border-radius: 10px; padding: 8px;
        min-height: {MIN_TARGET_PX - 18}px; }}
    QScrollArea {{ border: none; }}
    QProgressBar {{ background: {p.surface}; border: 1px solid {p.border}; border-radius: 6px;
        max-height: 12px; text-align: center; }}
    QProgressBar::chunk {{ background: {p.accent}; border-radius: 6px; }}
    """


def apply(app: QApplication, name: str = "light", scale: float = 1.0) -> Palette:
    """Style the whole application; returns the palette for painted widgets."""
    p = palette(name)
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
    ):
        qt_palette.setColor(role, QColor(colour))
    app.setPalette(qt_palette)
    app.setStyleSheet(stylesheet(p, scale))
    return p
