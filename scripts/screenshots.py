"""Make docs/screenshots/*.png from the real window, offscreen, with made-up demo data.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Uses a temporary data folder (never the real one), the demo history of calm/exchange/demo_data.py, a
fake clock for the player (caught mid-breath) and the real sound engine on SDL's dummy driver.
Each main screen is saved at 100 % text (`home.png`) and at 200 % (`home-200.png`); the player
and home also in the dark theme (`player-dark.png`), the player in full screen with its way out
showing (`player-fullscreen.png`). The whole set is made again in a 683 px-wide window, half of
a 1366 x 768 laptop screen (`home-683.png`, `home-683-200.png`). Look at every picture after a
change to the interface.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
os.environ["CALM_HOME"] = tempfile.mkdtemp(prefix="calm-shots-")

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtGui import QFont  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

SIZE = QSize(1040, 780)
NARROW = QSize(683, 768)  # half of a common laptop screen
PRACTICE = ("slow-breathing", "5")  # caught a little over a minute in, mid-inhale
MID_BREATH_AFTER_MS = 75_000
PASSPHRASE = "harbour light 42"  # the therapist's, for the clinic pages


def settle(app: QApplication, rounds: int = 6) -> None:
    """Let layouts, deferred builds and style changes finish before a picture is taken."""
    for _ in range(rounds):
        app.processEvents()


class Shooter:
    """Drives the real window through its screens and saves a picture of each."""

    def __init__(self, out: Path, size: QSize = SIZE, tag: str = ""):
        from app import build_window
        from calm.clock import FakeClock
        from calm.exchange.demo_data import make_demo_data
        from calm.paths import AppPaths
        from calm.store import open_store
        from ui.tasks import run_immediately

        self.out = out
        self.tag = tag  # added to every file name of a set ("-683")
        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.app.setFont(QFont("DejaVu Sans"))  # the same type on every machine that runs this
        paths = AppPaths.from_environment().ensure()
        self.store = open_store(paths)
        make_demo_data(self.store, clients=3, days=70, seed=7)
        self.clock = FakeClock(1_000_000)
        self.store.set_passphrase(PASSPHRASE)  # clinic mode's pages are behind it
        self.parts = build_window(
            paths, self.store, clock=self.clock, runner=run_immediately, ask=self.type_passphrase
        )  # the real sound engine, on SDL's dummy driver: no "sound unavailable" notice
        self.window = self.parts.window
        self.settings = self.parts.settings
        demo = [c for c in self.store.list_clients() if c.demo][0]
        self.settings.set("client.current", demo.id)
        self.store.set_client_note(
            demo.id, "Low back pain since 2019. Prefers short breathing practices in the evening."
        )
        self.window.set_client_name(demo.name)
        self.parts.screens["home"].refresh()  # "practise again" for the demo client
        self.window.resize(size)
        self.window.show()
        settle(self.app)

    def style(self, theme: str = "light", scale: float = 1.0) -> None:
        self.settings.set("theme", theme)
        self.settings.set("text.scale", scale)
        self.window.apply_settings()
        settle(self.app)

    def save(self, name: str, suffix: str = "") -> Path:
        settle(self.app)
        path = self.out / f"{name}{self.tag}{suffix}.png"
        self.window.grab().save(str(path))
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        return path

    @staticmethod
    def type_passphrase(_parent, store, _why: str) -> bool:
        """The passphrase dialog's answer, as the therapist would type it (checked for real)."""
        store.check_passphrase(PASSPHRASE)
        return True

    def page(self, key: str, name: str, theme: str = "light") -> None:
        for scale, suffix in ((1.0, ""), (2.0, "-200")):
            self.style(theme, scale)
            self.window.show_page(key)
            self.save(name, suffix)
        self.style()

    # -- the screens --------------------------------------------------------------------------

    def welcome(self) -> None:
        welcome = self.parts.screens["welcome"]
        for scale, suffix in ((1.0, ""), (2.0, "-200")):
            self.style("light", scale)
            self.window.show_page("welcome")
            welcome.page.steps.setCurrentIndex(0)
            self.save("welcome", suffix)
            welcome.page.show_questions()
            rows = welcome.page.form.rows
            rows["surgery"].yes.click()
            for qid in ("pregnancy", "heart-lung", "seizures"):
                rows[qid].no.click()
            self.save("welcome-questions", suffix)
        self.settings.set("screening.answers", {})
        self.settings.set("screening.done", True)
        self.style()

    def practice(self) -> None:
        """Check-in, the player mid-breath, and the summary, through the real flow."""
        flow, screens = self.parts.screens["flow"], self.parts.screens
        controller = self.parts.controller
        for scale, suffix in ((1.0, ""), (2.0, "-200")):
            self.style("light", scale)
            flow.choose(*PRACTICE)
            screens["checkin"].pain.choose(6)
            screens["checkin"].stress.choose(7)
            self.save("checkin", suffix)
            screens["checkin"].start.click()
            self._to_mid_breath(controller)
            self.save("player", suffix)
            if not suffix:
                self.style("dark", scale)
                self.save("player-dark")
                self.style("light", scale)
                self.full_screen(screens["player"])
            while controller.active:
                self.clock.advance(1000)
                controller.tick()
            settle(self.app)
            screens["checkout"].pain.choose(4)
            screens["checkout"].stress.choose(3)
            screens["checkout"].finish.click()
            if self.window.current_page() == "weekly":  # this week's questions, when due
                self.save("weekly", suffix)
                screens["weekly"].later.click()
            self.save("summary", suffix)
            flow.go_home()
        self.style()

    def full_screen(self, player) -> None:
        """The player in full screen with its bar showing, as after a mouse movement."""
        player.set_presentation(True)
        settle(self.app)
        player.stage_bar.reveal()
        self.save("player-fullscreen")
        player.set_presentation(False)
        settle(self.app)

    def _to_mid_breath(self, controller) -> None:
        """Advance the fake clock to an inhale about two-thirds full, with a caption shown."""
        start = controller.position_ms()
        target = start + MID_BREATH_AFTER_MS
        while controller.position_ms() < target:
            self.clock.advance(250)
            controller.tick()
        for _ in range(2400):  # up to two minutes on: the practice may be talking first
            state = controller.pacer_state()
            if state is not None and state.phase.value == "inhale" and state.progress >= 0.6:
                break
            self.clock.advance(50)
            controller.tick()

    def clinic(self) -> None:
        self.settings.set("mode", "clinic")
        self.window.apply_settings("mode")
        self.page("clients", "clients")
        self.settings.set("mode", "home")
        self.window.apply_settings("mode")

    def programme(self) -> None:
        """Home with "Your programme", the client's programme page, and a report page."""
        import subprocess
        from datetime import date, timedelta

        from calm.programme.model import Programme, ProgrammeItem

        demo = self.settings.get("client.current")
        start = date.today() - timedelta(days=20)
        items = (
            ProgrammeItem("slow-breathing", "10", per_day=2, start=start,
                          instruction="Before lunch and at bedtime, sitting up"),
            ProgrammeItem("body-scan", "10", days_a_week=3, start=start),
            ProgrammeItem("pacing-check-in", "5", per_day=1, start=start,
                          instruction="Each morning, before planning the day"),
        )  # fmt: skip
        self.store.set_programme(Programme(demo, items, note="Little and often: stop if it hurts."))
        goal = self.store.add_goal(demo, "Cook a meal standing", rating=3)
        self.store.rate_goal(goal.id, 5)
        self.store.add_goal(demo, "Walk to the shop and back", rating=4)
        self.store.add_note(demo, "Sleeps badly; try the body scan at night.")
        self.parts.screens["home"].refresh()
        self.window.show_page("home")
        self.save("home-programme")
        self.settings.set("mode", "clinic")
        self.window.apply_settings("mode")
        self.parts.screens["programme"].page.open(demo)
        self.window.show_page("programme")
        self.save("programme-page")
        self.settings.set("mode", "home")
        self.window.apply_settings("mode")
        from calm.reports.client_report import build_report
        from ui.report.pdf import write_report_pdf

        titles = {s.id: s.title for s in self.parts.library.scripts.values()}
        pdf = write_report_pdf(
            build_report(self.store, demo, titles), Path(os.environ["CALM_HOME"]) / "r.pdf"
        )
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(self.out / "report-page")],
            check=True,
        )  # fmt: skip
        print(self.out / "report-page.png")

    def run(self) -> None:
        self.welcome()
        self.page("home", "home")
        self.style("dark")
        self.window.show_page("home")
        self.save("home-dark")
        self.practice()
        self.page("progress", "progress")
        self.page("settings", "settings")
        self.clinic()
        self.programme()

    def close(self) -> None:
        self.parts.shutdown()
        self.window.close()
        self.store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for size, tag in ((SIZE, ""), (NARROW, "-683")):
        os.environ["CALM_HOME"] = tempfile.mkdtemp(prefix="calm-shots-")
        shooter = Shooter(args.out, size, tag)
        try:
            shooter.run()
        finally:
            shooter.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
