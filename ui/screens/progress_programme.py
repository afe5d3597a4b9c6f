"""Progress's "Programme and goals" card: adherence to the programme week by week (done against
asked), each goal's ratings (first and latest), and the latest impression of change.

Hidden when the client has no programme, no goals and no impression yet.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QVBoxLayout

from calm.errors import CalmError
from calm.programme.adherence import weekly_adherence
from calm.programme.model import PGIC_CHOICES
from calm.reports.words import week_name
from ui.screens.parts import section, text_label

WEEKS_LISTED = 8


class ProgrammeProgress:
    """The card and what it says; `show_client` fills it for one client."""

    def __init__(self, layout: QVBoxLayout):
        self.inner = section("Programme and goals", layout)
        self.card = self.inner.parentWidget()
        self.lines: list = []

    def _say(self, text: str, role: str | None = None) -> None:
        line = text_label(text, role)
        self.inner.addWidget(line)
        self.lines.append(line)

    def texts(self) -> list[str]:
        return [line.text() for line in self.lines]

    def show_client(self, store, client_id: str, runs: list, today: date) -> None:
        for line in self.lines:
            self.inner.removeWidget(line)
            line.deleteLater()
        self.lines = []
        try:
            programme = store.programme(client_id)
            goals = store.goals(client_id)
            ratings = store.goal_ratings(client_id)
            impressions = store.impressions(client_id)
        except CalmError as error:
            self._say(f"The programme and goals cannot be read just now: {error}", "warning")
            self.card.setVisible(True)
            return
        if programme.items:
            first = min(programme.began(today), today)
            weeks = weekly_adherence(programme, runs, first, today)[-WEEKS_LISTED:]
            for week in reversed(weeks):
                if not week.prescribed:
                    continue
                share = round(100 * week.done / week.prescribed)
                name = week_name(week.week_start, today).capitalize()
                self._say(f"{name}: done {week.done} of {week.prescribed} asked ({share} %).")
        for goal in goals:
            mine = [r for r in ratings if r.goal_id == goal.id]
            if not mine:
                self._say(f"{goal.text}: not rated yet.")
            elif len(mine) == 1:
                self._say(f"{goal.text}: {mine[0].value} of 10 so far.")
            else:
                change = mine[-1].value - mine[0].value
                self._say(
                    f"{goal.text}: {mine[0].value} → {mine[-1].value} of 10 "
                    f"({change:+d} points since {mine[0].rated:%-d %b})."
                )
        if impressions:
            last = impressions[-1]
            self._say(
                f"Impression of change ({last.rated:%-d %b}): {last.value} of 7, "
                f"{PGIC_CHOICES[last.value - 1].lower()}."
            )
        self.card.setVisible(bool(self.lines))
