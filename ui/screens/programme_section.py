"""Home's "Your programme": today's practices from the therapist's programme, what is done and
what is left, each with its instruction and one button to start it.

Shown first on Home when the client has a programme with something asked for today; the other
practices stay below it, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout

from calm.practice.library import Library
from calm.programme.adherence import TodayItem, today_list, week_start
from ui.screens.parts import TARGETS_STYLE
from ui.theme import MIN_TARGET_PX
from ui.widgets import button, label


class ProgrammeSection(QFrame):
    """Today's programme; emits `practice_chosen(script_id, variant_id, pattern_name)`."""

    practice_chosen = Signal(str, str, str)

    def __init__(self, entries: list[TodayItem], note: str, library: Library):
        super().__init__()
        self.setProperty("role", "card")
        self.setAccessibleName("Your programme")
        self.setStyleSheet(TARGETS_STYLE)
        self.entries = entries
        self.start_buttons = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 14, 20, 14)
        outer.setSpacing(8)
        left = sum(1 for entry in entries if not entry.finished)
        outer.addWidget(label("Your programme", "heading"))
        summary = (
            "Everything for today is done. Well done."
            if not left
            else f"{left} of {len(entries)} still to do today."
        )
        self.summary = label(summary, "muted", wrap=True)
        outer.addWidget(self.summary)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(0, 1)
        for row, entry in enumerate(entries):
            self._add_row(grid, row, entry, library)
        outer.addLayout(grid)
        if note:
            outer.addWidget(label(note, wrap=True))

    def _add_row(self, grid: QGridLayout, row: int, entry: TodayItem, library: Library) -> None:
        item = entry.item
        script = library.scripts.get(item.practice_id)
        if script is None:
            grid.addWidget(
                label(
                    f"{item.practice_id}: this practice is not on this computer.",
                    "warning",
                    wrap=True,
                ),
                row * 2,
                0,
                1,
                3,
            )
            return
        try:
            variant = script.variant(item.length)
        except KeyError:
            variant = script.variants[0]
        title = label(f"{script.title}, {variant.label}, {item.how_often()}", wrap=True)
        grid.addWidget(title, row * 2, 0)
        grid.addWidget(label(entry.status, "muted"), row * 2, 1)
        start = button(
            "Start" if not entry.finished else "Again",
            f"Start {script.title}, {variant.label} ({entry.status})",
            "primary" if not entry.finished else None,
        )
        start.setMinimumHeight(MIN_TARGET_PX)
        start.clicked.connect(
            lambda _=False, s=script.id, v=variant.id, p=item.pattern or "": (
                self.practice_chosen.emit(s, v, p)
            )
        )
        grid.addWidget(start, row * 2, 2)
        self.start_buttons.append(start)
        if item.instruction:
            grid.addWidget(label(item.instruction, "muted", wrap=True), row * 2 + 1, 0, 1, 2)


def programme_section(
    store, client_id: Callable[[], str] | None, library: Library, today: date | None = None
) -> ProgrammeSection | None:
    """The section for the client practising now, or None without anything asked today."""
    if store is None or client_id is None:
        return None
    from calm.errors import CalmError

    today = today or date.today()
    try:
        who = client_id()
        programme = store.programme(who)
        if not programme.items:
            return None
        since = datetime.combine(week_start(today), time()).astimezone()
        entries = today_list(programme, store.runs_for_client(who, since=since), today)
    except CalmError:
        return None  # the log cannot be read just now: Home still shows every practice
    return ProgrammeSection(entries, programme.note, library) if entries else None
