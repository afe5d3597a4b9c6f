"""The lower half of a client's programme page: dated notes, the PDF report and the home pack.

Notes are dated entries, each in the report or kept out of it. The report is laid out by
ui/report/ for a chosen period and saved as PDF or printed; the pack (calm/exchange/pack.py) is
made off the interface thread with a progress bar, its recordings rendered on the way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from calm.errors import CalmError
from calm.practice.library import Library
from ui.screens.parts import (
    AskSavePath,
    Plain,
    ask_save_path,
    hold_while_working,
    section,
    text_label,
)


def print_with_dialog(parent: QWidget, report) -> bool:
    """Ask which printer, then print; False when cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from ui.report.pdf import print_report

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    print_report(report, printer)
    return True


class _Relay(QObject):
    moved = Signal(float)


class ClientRecordsPart:
    """Notes, report and pack cards, built into a page's layout."""

    def __init__(
        self,
        store,
        library: Library,
        runner: Callable[..., None],
        today: Callable[[], date] = date.today,
        ask_path: AskSavePath = ask_save_path,
        print_report: Callable[[QWidget, object], bool] = print_with_dialog,
        renderer_for: Callable[[dict], object] | None = None,
    ):
        self.store, self.library, self.runner, self.today = store, library, runner, today
        self.ask_path, self.print_report = ask_path, print_report
        self.renderer_for = renderer_for
        self.client_id = ""
        self.relay = _Relay()
        self.relay.moved.connect(lambda fraction: self.pack_bar.setValue(round(fraction * 100)))

    def build(self, layout: QVBoxLayout) -> None:
        self.parent = layout.parentWidget()
        self._build_notes(section("Notes", layout))
        self._build_report(section("Report", layout))
        self._build_pack(section("Home pack", layout))

    def _build_notes(self, card: QVBoxLayout) -> None:
        self.notes_box = QVBoxLayout()
        card.addLayout(self.notes_box)
        self.new_note = QPlainTextEdit()
        self.new_note.setAccessibleName("New note on this client")
        self.new_note.setTabChangesFocus(True)
        self.new_note.setMaximumHeight(90)
        card.addWidget(self.new_note)
        row = QHBoxLayout()
        self.note_in_report = QCheckBox("Show in reports")
        self.note_in_report.setChecked(True)
        self.add_note_button = QPushButton("Add note")
        self.add_note_button.clicked.connect(self.add_note)
        row.addWidget(self.note_in_report)
        row.addStretch(1)
        row.addWidget(self.add_note_button)
        card.addLayout(row)
        self.note_state = text_label("", "muted")
        card.addWidget(self.note_state)

    def _build_report(self, card: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self.report_from = QDateEdit()
        self.report_from.setCalendarPopup(True)
        self.report_from.setAccessibleName("Report from")
        self.report_to = QDateEdit()
        self.report_to.setCalendarPopup(True)
        self.report_to.setAccessibleName("Report to")
        row.addWidget(text_label("From", wrap=False))
        row.addWidget(self.report_from)
        row.addWidget(text_label("to", wrap=False))
        row.addWidget(self.report_to)
        row.addStretch(1)
        card.addLayout(row)
        self.report_notes = QCheckBox("Include the notes marked for reports")
        self.report_notes.setChecked(True)
        card.addWidget(self.report_notes)
        row = QHBoxLayout()
        self.save_pdf = QPushButton("Save as PDF…")
        self.save_pdf.clicked.connect(self.save_report)
        self.print_button = QPushButton("Print…")
        self.print_button.clicked.connect(self.print_now)
        row.addWidget(self.save_pdf)
        row.addWidget(self.print_button)
        row.addStretch(1)
        card.addLayout(row)
        self.report_state = text_label("", "muted")
        card.addWidget(self.report_state)

    def _build_pack(self, card: QVBoxLayout) -> None:
        card.addWidget(
            text_label(
                "One file for the client's own computer: who they are, their safety answers, "
                "the programme, the goals and any adapted practices.",
                "muted",
            )
        )
        self.with_audio = QCheckBox("Also the practices as MP3 files for a phone (slower)")
        card.addWidget(self.with_audio)
        row = QHBoxLayout()
        self.pack_button = QPushButton("Make home pack…")
        self.pack_button.clicked.connect(self.make_pack)
        row.addWidget(self.pack_button)
        row.addStretch(1)
        card.addLayout(row)
        self.pack_bar = QProgressBar()
        self.pack_bar.setRange(0, 100)
        self.pack_bar.setAccessibleName("Making the home pack")
        self.pack_bar.hide()
        self._release: Callable[[], None] = lambda: None  # the button held while packing
        card.addWidget(self.pack_bar)
        self.pack_state = text_label("", "muted")
        card.addWidget(self.pack_state)

    # -- showing --------------------------------------------------------------------------

    def open(self, client_id: str) -> None:
        self.client_id = client_id
        for state in (self.note_state, self.report_state, self.pack_state):
            state.setText("")
        first = self.store.first_started(client_id)
        start = first.date() if first else self.today()
        self.report_from.setDate(QDate(start.year, start.month, start.day))
        today = self.today()
        self.report_to.setDate(QDate(today.year, today.month, today.day))
        self._show_notes()

    def _show_notes(self) -> None:
        while self.notes_box.count():
            widget = self.notes_box.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        notes = self.store.notes(self.client_id)
        if not notes:
            self.notes_box.addWidget(text_label("No notes yet.", "muted"))
        for note in notes:
            line = Plain()
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(text_label(f"{note.written:%-d %b %Y}: {note.text}"), 1)
            shown = QCheckBox("In reports")
            shown.setChecked(note.in_report)
            shown.setAccessibleName(f"Show the note of {note.written:%-d %b %Y} in reports")
            shown.toggled.connect(lambda on, nid=note.id: self.store.set_note_in_report(nid, on))
            row.addWidget(shown)
            self.notes_box.addWidget(line)

    # -- acting ---------------------------------------------------------------------------

    def add_note(self) -> None:
        try:
            self.store.add_note(
                self.client_id, self.new_note.toPlainText(), self.note_in_report.isChecked()
            )
        except CalmError as error:
            self.note_state.setText(str(error))
            return
        self.new_note.clear()
        self.note_state.setText("Note added, dated today.")
        self._show_notes()

    def _report(self):
        from calm.reports.client_report import build_report

        titles = {s.id: s.title for s in self.library.scripts.values()}
        categories = {s.id: s.category for s in self.library.scripts.values()}
        start = self.report_from.date()
        end = self.report_to.date()
        return build_report(
            self.store,
            self.client_id,
            titles,
            date(start.year(), start.month(), start.day()),
            date(end.year(), end.month(), end.day()),
            self.report_notes.isChecked(),
            category_of=categories,
        )

    def _slug(self) -> str:
        from calm.exchange.pack import default_name

        return default_name(self.store.client(self.client_id).name, self.today())[
            : -len(".calmpack")
        ]

    def save_report(self) -> None:
        from ui.report.pdf import write_report_pdf

        path = self.ask_path(
            self.parent, "Save the report as PDF", f"{self._slug()}-report.pdf", "PDF files (*.pdf)"
        )
        if not path:
            return
        try:
            written = write_report_pdf(self._report(), Path(path))
        except CalmError as error:
            self.report_state.setText(str(error))
            return
        self.report_state.setText(f"Saved the report to {written}.")

    def print_now(self) -> None:
        try:
            report = self._report()
        except CalmError as error:
            self.report_state.setText(str(error))
            return
        if self.print_report(self.parent, report):
            self.report_state.setText("The report was sent to the printer.")

    def make_pack(self) -> None:
        from calm.exchange.pack import make_pack

        path = self.ask_path(
            self.parent,
            "Save the home pack",
            f"{self._slug()}.calmpack",
            "Calm Harbor packs (*.calmpack)",
        )
        if not path:
            return
        renderer = None
        if self.with_audio.isChecked():
            patterns = {p.name.casefold(): p for p in self.store.patterns()}
            renderer = self.renderer_for(patterns) if self.renderer_for else None
        self.pack_bar.setValue(0)
        self.pack_bar.show()
        self._release = hold_while_working([self.pack_button], self.pack_bar)
        self.pack_state.setText("Making the home pack…")
        store, client_id, library, moved = (
            self.store,
            self.client_id,
            self.library,
            self.relay.moved,
        )

        def work():
            return make_pack(store, client_id, library, Path(path), renderer, moved.emit)

        self.runner(work, self._packed, self._pack_failed)

    def _packed(self, made) -> None:
        self._release()
        self.pack_bar.hide()
        self.pack_state.setText(made.text())

    def _pack_failed(self, error: BaseException) -> None:
        self._release()
        self.pack_bar.hide()
        if isinstance(error, CalmError):
            self.pack_state.setText(str(error))
            return
        self.pack_state.setText("The home pack could not be made. Nothing was written.")
        sys.excepthook(type(error), error, error.__traceback__)
