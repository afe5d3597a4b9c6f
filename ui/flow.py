"""The path of one practice through the screens: Home → Check-in → Player → Check-out →
Summary → Home. It moves between pages and hands values along; the controller plays and logs,
the screens show. Store errors on the way become a plain sentence in the window.

The practice screens and the controller are built the first time a practice is chosen, not at
start-up: nobody needs them before then, and start-up stays close to a bare window's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from calm.errors import CalmError
from calm.practice.library import Library
from calm.practice.script import Script, Variant
from ui.main_window import MainWindow
from ui.screens.home import saved_patterns

log = logging.getLogger(__name__)

FLOW_PAGES = ("checkin", "player", "checkout", "weekly", "summary")


class LazyScreens(dict):
    """The window's screens by key; the practice screens are built when first asked for."""

    def __init__(self, build: Callable[[], None] | None = None, **screens):
        super().__init__(**screens)
        self.build = build

    def __missing__(self, key: str):
        if key in FLOW_PAGES and self.build is not None:
            self.build()
            return dict.__getitem__(self, key)
        raise KeyError(key)


class PracticeFlow(QObject):
    """Wires the practice screens to each other, the controller and the window."""

    def __init__(
        self,
        window: MainWindow,
        library: Library,
        home,
        screens: LazyScreens,
        make_controller: Callable[[], QObject],
    ):
        super().__init__(window)
        self.window = window
        self.library = library
        self.home = home
        self.screens = screens
        self.make_controller = make_controller
        self._controller = None
        self.script: Script | None = None
        self.variant: Variant | None = None
        self.decision = None  # the screening's decision for the practice chosen
        screens.build = self._build
        home.practice_chosen.connect(self.choose)
        window.closing.connect(self.shutdown)

    # -- built on first use -------------------------------------------------------------------

    @property
    def built(self) -> bool:
        return self._controller is not None

    @property
    def controller(self):
        """The practice controller (built, with the practice screens, when first needed)."""
        self._build()
        return self._controller

    def _build(self) -> None:
        if self._controller is not None:
            return
        from ui.screens.checkin import CheckInScreen, CheckOutScreen
        from ui.screens.player import PlayerScreen
        from ui.screens.summary import SummaryScreen
        from ui.screens.weekly import WeeklyScreen

        controller = self._controller = self.make_controller()
        window = self.window
        checkin, checkout, summary = CheckInScreen(), CheckOutScreen(), SummaryScreen()
        player = PlayerScreen(controller, window.settings)
        self.weekly = weekly = WeeklyScreen()
        for key, title, screen in (
            ("checkin", "Before you start", checkin),
            ("player", "Practice", player),
            ("checkout", "After the practice", checkout),
            ("weekly", "This week's questions", weekly),
            ("summary", "Summary", summary),
        ):
            window.add_page(key, title, screen, nav=False)
            self.screens[key] = screen
        self.checkin, self.player, self.checkout, self.summary = checkin, player, checkout, summary
        checkin.start_requested.connect(self.start)
        checkin.back_requested.connect(self.go_home)
        controller.finished.connect(self.finished)
        controller.warning.connect(window.show_notice)
        checkout.rated.connect(controller.rate_after)
        checkout.note_changed.connect(controller.save_note)
        checkout.done.connect(self.after_checkout)
        weekly.answered.connect(self.save_weekly)
        weekly.skipped.connect(self.show_summary)
        summary.home_requested.connect(lambda: self.go_home(top=True))
        summary.progress_requested.connect(self.show_progress)
        player.presentation_changed.connect(window.set_presentation)
        window.theme_applied.connect(player.set_palette)
        player.set_palette(window.palette_now)

    # -- the path -----------------------------------------------------------------------------

    def choose(self, script_id: str, variant_id: str) -> None:
        """A length was chosen on Home: on to the check-in."""
        try:
            self.script = self.library.get(script_id)
            self.variant = self.script.variant(variant_id)
        except KeyError as error:
            self.window.show_notice(str(error.args[0]))
            return
        self._build()
        self.decision = self.decide(self.script)
        self.checkin.open(self.script, self.variant, self.decision.why, self.decision.not_advised)
        self.window.show_page("checkin")

    def decide(self, script: Script):
        """The screening's one decision for this practice, for the client practising now: their
        own answers, the pattern chosen for it and their saved patterns."""
        from calm.practice.advice import decide, pattern_from_key

        settings = self.window.settings
        patterns = saved_patterns(self.controller.store)
        chosen = pattern_from_key(
            script, settings.get("pattern.choice").get(script.id, ""), patterns
        )
        return decide(script, settings.get("screening.answers"), chosen, patterns)

    def start(self, before: dict) -> None:
        """Start on the check-in: log the run and its before-ratings, then play. A practice
        not advised only comes this far through "Start anyway", and the run records that."""
        if self.controller.active:
            return
        decision = self.decide(self.script)  # again: the answers may have changed since
        if decision.not_advised and not self.decision.not_advised:
            self.decision = decision
            self.checkin.open(self.script, self.variant, decision.why, True)
            self.window.show_notice(f"{self.script.title} is no longer advised for you.")
            return
        self.decision = decision
        despite = decision.not_advised  # only "Start anyway" comes this far
        pattern = decision.start_with(despite_screening=despite)
        self.player.open(self.script, self.variant)
        self.window.show_page("player")
        try:
            self.controller.begin(self.script, self.variant.id, pattern, before, despite)
        except CalmError as error:
            log.warning("practice could not start: %s", error)
            self.window.show_page("checkin")
            self.window.show_notice(f"The practice could not start: {error}")

    def finished(self, status: str) -> None:
        """The practice ended (completed, skipped through or stopped): on to the check-out."""
        self.checkout.open(self.script.title, status)
        self.window.show_page("checkout")

    def after_checkout(self) -> None:
        """The weekly questions when they are due, else straight to the summary."""
        from ui.weekly_questions import questions_due

        due = questions_due(self.controller.store, self.controller.run_id)
        if due is None:
            self.show_summary()
            return
        goals, ask_impression = due
        self.weekly.open(goals, ask_impression)
        self.window.show_page("weekly")

    def save_weekly(self, goals: dict, impression) -> None:
        from ui.weekly_questions import save_answers

        problem = save_answers(self.controller.store, self.controller.run_id, goals, impression)
        if problem:
            self.window.show_notice(problem)
        self.show_summary()

    def show_summary(self) -> None:
        store = self.controller.store
        try:
            # As given, even while the disk is full and some of it waits to be written.
            run = self.controller.log.run()
            runs = [r for r in store.runs_for_client(run.client_id) if r.id != run.id] + [run]
        except CalmError as error:
            self.window.show_notice(str(error))
            self.go_home(top=True)
            return
        self.summary.set_progress_available("progress" in self.window.pages)
        self.summary.show_run(run, runs, waiting=self.controller.log.waiting)
        self.window.show_page("summary")

    def go_home(self, top: bool = False) -> None:
        """Back to Home: after a practice at its top, where "Practise again" is; back from
        the check-in where the person was."""
        self.home.refresh()
        if top:
            self.home.show_top()
        self.window.show_page("home")

    def show_progress(self) -> None:
        if "progress" in self.window.pages:
            self.window.show_page("progress")
        else:
            self.go_home()

    def shutdown(self) -> None:
        """Save a practice in progress as stopped (window closing, SIGTERM)."""
        if self._controller is not None:
            self._controller.shutdown()
