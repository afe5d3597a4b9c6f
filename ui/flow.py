"""The path of one practice through the screens: Home → Check-in → Player → Check-out →
Summary → Home. It moves between pages and hands values along; the controller plays and logs,
the screens show. Store errors on the way become a plain sentence in the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from calm.errors import CalmError
from calm.library import Library
from calm.script import Script, Variant
from ui.controller import PracticeController
from ui.main_window import MainWindow
from ui.screens.checkin import CheckInScreen, CheckOutScreen
from ui.screens.home import HomeScreen
from ui.screens.home_card import advice_for
from ui.screens.player import PlayerScreen
from ui.screens.summary import SummaryScreen

log = logging.getLogger(__name__)


class PracticeFlow(QObject):
    """Wires the practice screens to each other, the controller and the window."""

    def __init__(
        self,
        window: MainWindow,
        library: Library,
        controller: PracticeController,
        home: HomeScreen,
        checkin: CheckInScreen,
        player: PlayerScreen,
        checkout: CheckOutScreen,
        summary: SummaryScreen,
        client_id: Callable[[], str],
    ):
        super().__init__(window)
        self.window = window
        self.library = library
        self.controller = controller
        self.home, self.checkin, self.player = home, checkin, player
        self.checkout, self.summary = checkout, summary
        self.client_id = client_id
        self.script: Script | None = None
        self.variant: Variant | None = None
        home.practice_chosen.connect(self.choose)
        checkin.start_requested.connect(self.start)
        checkin.back_requested.connect(self.go_home)
        controller.finished.connect(self.finished)
        controller.warning.connect(window.show_notice)
        checkout.rated.connect(controller.rate_after)
        checkout.note_changed.connect(controller.save_note)
        checkout.done.connect(self.show_summary)
        summary.home_requested.connect(self.go_home)
        summary.progress_requested.connect(self.show_progress)
        player.presentation_changed.connect(window.set_presentation)
        window.theme_applied.connect(player.set_palette)
        window.closing.connect(controller.shutdown)
        player.set_palette(window.palette_now)

    def choose(self, script_id: str, variant_id: str) -> None:
        """A length was chosen on Home: on to the check-in."""
        try:
            self.script = self.library.get(script_id)
            self.variant = self.script.variant(variant_id)
        except KeyError as error:
            self.window.show_notice(str(error.args[0]))
            return
        advice = advice_for(self.script, self.window.settings.get("screening.answers"))
        self.checkin.open(self.script, self.variant, advice.warning)
        self.window.show_page("checkin")

    def start(self, before: dict) -> None:
        """Start on the check-in: log the run and its before-ratings, then play."""
        if self.controller.active:
            return
        pattern = self.home.pattern_for(self.script.id)
        self.player.open(self.script, self.variant)
        self.window.show_page("player")
        try:
            self.controller.begin(self.script, self.variant.id, pattern, before)
        except CalmError as error:
            log.warning("practice could not start: %s", error)
            self.window.show_page("checkin")
            self.window.show_notice(f"The practice could not start: {error}")

    def finished(self, status: str) -> None:
        """The practice ended (completed or stopped): on to the check-out."""
        self.checkout.open(self.script.title, stopped=status != "completed")
        self.window.show_page("checkout")

    def show_summary(self) -> None:
        store = self.controller.store
        try:
            run = store.run(self.controller.run_id)
            runs = store.runs_for_client(run.client_id)
        except CalmError as error:
            self.window.show_notice(str(error))
            self.go_home()
            return
        self.summary.set_progress_available("progress" in self.window.pages)
        self.summary.show_run(run, runs)
        self.window.show_page("summary")

    def go_home(self) -> None:
        self.home.refresh()
        self.window.show_page("home")

    def show_progress(self) -> None:
        if "progress" in self.window.pages:
            self.window.show_page("progress")
        else:
            self.go_home()
