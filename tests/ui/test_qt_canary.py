"""A canary for the PySide6 6.12.0 fault on CPython 3.11: void Qt calls must not eat `None`.

That release dropped None's reference count once per call of a Qt method returning nothing, and
the app died ("none_dealloc") within seconds of a running pacer. pyproject.toml pins below it;
this test catches any future release that brings the fault back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_alive(qtbot):
    """Thousands of setText/update calls leave None's reference count where it was."""
    label = QLabel()
    qtbot.addWidget(label)
    label.setText("warm up")
    before = sys.getrefcount(None)
    for n in range(20_000):
        label.setText(str(n % 10))
        label.update()
    after = sys.getrefcount(None)
    assert after >= before - 50, f"None lost {before - after} references"
