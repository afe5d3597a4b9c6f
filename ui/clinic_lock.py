"""Clinic mode in the window: "Who is practising?", the therapist's lock, and the idle return.

In clinic mode the window opens locked on "Who is practising?" (ui/screens/who.py). A client
who chooses their name reaches only their own practices, check-in and check-out, the player,
the summary and their own progress. Clients, Settings (and with them other clients, notes,
export and import) ask for the therapist's passphrase (ui/passphrase_dialog.py); once it is
given the window stays unlocked until "Lock" or the idle return. After the summary, "Someone
else" or `clinic.idle_minutes` without a key or a click (never during a practice), the window
goes back to "Who is practising?", locked. At home none of this exists.

Time comes from the injected clock (calm.clock), checked by a QTimer once a second, so tests
drive the idle return with a FakeClock.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from calm.errors import CalmError
from ui.input_watch import input_watch
from ui.widgets import button

CLIENT_PAGES = frozenset(
    {"home", "checkin", "player", "checkout", "weekly", "summary", "progress", "welcome"}
)
THERAPIST_PAGES = frozenset({"clients", "settings"})
NO_IDLE_PAGES = frozenset({"player", "who"})  # a practice is never interrupted
INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
INPUT_CLASSES = (QKeyEvent, QMouseEvent, QWheelEvent, QTouchEvent)  # what INPUT arrives as
CHECK_MS = 1000

Ask = Callable[[object, object, str], bool]  # (parent, store, why) -> right passphrase given


class ClinicLock(QObject):
    """Who may see what in clinic mode, and the return to "Who is practising?"."""

    def __init__(self, window, store, settings, who, clock, ask: Ask, on_client: Callable):
        super().__init__(window)
        self.window, self.store, self.settings, self.who = window, store, settings, who
        self.clock = clock
        self.ask = ask
        self.on_client = on_client  # called with the client id once someone chose their name
        self.unlocked = False
        self.chosen = ""
        self._last_input = clock.now_ms()
        self._previous_page: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check_idle)
        self._build_buttons()
        window.page_guard = self.allows
        window.page_changed.connect(self._page_changed)
        who.chosen.connect(self.choose)
        who.therapist_requested.connect(self.unlock_to_clients)
        if QApplication.instance() is not None:
            input_watch().watch(self, INPUT_CLASSES, self._on_input)

    # -- state --------------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.settings.get("mode") == "clinic"

    @property
    def locked(self) -> bool:
        return self.active and not self.unlocked

    def start(self) -> None:
        """At start-up (and when clinic mode is turned on): locked, on "Who is practising?"."""
        if self.active:
            self.back_to_who("")
        else:
            self._show_buttons()

    def stop(self) -> None:
        """Clinic mode was turned off."""
        self.unlocked = False
        self.timer.stop()
        self._show_buttons()

    # -- the guard ----------------------------------------------------------------------------

    def allows(self, key: str) -> bool:
        """MainWindow's page guard: may this page show now? (May ask for the passphrase.)"""
        if not self.locked or key == "who":
            return True
        if key in CLIENT_PAGES and self.chosen:
            return True
        if key in THERAPIST_PAGES or key not in CLIENT_PAGES:
            return self.unlock(f"The {self.window.titles.get(key, key)} page is for the therapist.")
        return False  # a client page before anyone chose their name

    def unlock(self, why: str) -> bool:
        """Ask for the passphrase; True (and unlocked) when it was right."""
        if self.ask(self.window, self.store, why + " Please type the therapist's passphrase."):
            self.unlocked = True
            self._touch()
            self._show_buttons()
            return True
        return False

    def unlock_to_clients(self) -> None:
        if self.unlock("Clients, notes and settings are for the therapist."):
            self.window.show_page("clients")

    # -- choosing and returning ---------------------------------------------------------------

    def choose(self, client_id: str) -> None:
        """Someone chose their name on "Who is practising?" (or the therapist handed over with
        "Practise as"): from now on locked to that client's own things."""
        self.unlocked = False
        self.chosen = client_id
        self.settings.set("client.current", client_id)
        self._touch()
        self.on_client(client_id)
        answered = self.settings.get("screening.done")
        self.window.show_page("home" if answered else "welcome")
        self._show_buttons()
        if answered:  # focus on their practices, not on a button of the page left behind
            home = self.window.page("home")
            getattr(home, "search", home).setFocus(Qt.FocusReason.OtherFocusReason)

    def back_to_who(self, message: str = "") -> None:
        """Locked, nobody chosen, on "Who is practising?" (saying `message`, if any)."""
        self.unlocked = False
        self.chosen = ""
        if self.settings.get("client.current"):
            self.settings.set("client.current", "")
        self.window.set_client_name("")  # nobody is practising
        self.who.say(message)
        self.window.show_page("who")
        self._show_buttons()

    def someone_else(self) -> None:
        name = self._chosen_name()
        self.back_to_who(f"Thank you{', ' + name if name else ''}. See you next time.")

    def lock(self) -> None:
        self.back_to_who("Locked. Who is practising?")

    # -- idle ---------------------------------------------------------------------------------

    def _on_input(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT:
            self._last_input = self.clock.now_ms()
        return False

    def _touch(self) -> None:
        self._last_input = self.clock.now_ms()

    def idle_ms(self) -> int:
        return self.clock.now_ms() - self._last_input

    def check_idle(self) -> bool:
        """Return to "Who is practising?" after the idle time; True when it did."""
        page = self.window.current_page()
        try:
            if not self.active or page in NO_IDLE_PAGES:
                return False
        except CalmError:  # the log went away (closing): nothing to return to
            self.timer.stop()
            return False
        limit = self.settings.get("clinic.idle_minutes") * 60_000
        if self.idle_ms() < limit:
            return False
        self.back_to_who("The window went back here after a while without use.")
        return True

    # -- the top bar --------------------------------------------------------------------------

    def _build_buttons(self) -> None:
        row = self.window.top_bar.layout()
        at = row.indexOf(self.window.client_label) + 1
        self.finish_button = button("Someone else", "Finished: someone else's turn")
        self.finish_button.clicked.connect(self.someone_else)
        self.therapist_button = button("Therapist…", "Therapist: unlock with the passphrase")
        self.therapist_button.clicked.connect(
            lambda: self.unlock("Clients, notes and settings are for the therapist.")
        )
        self.lock_button = button("Lock", "Lock: back to “Who is practising?”")
        self.lock_button.clicked.connect(self.lock)
        for offset, widget in enumerate(
            (self.finish_button, self.therapist_button, self.lock_button)
        ):
            row.insertWidget(at + offset, widget)
        self._show_buttons()

    def _show_buttons(self) -> None:
        page = self.window.current_page()
        on_stage = page in ("who", "player", "welcome")
        clinic = self.active
        self.finish_button.setVisible(clinic and bool(self.chosen) and not on_stage)
        self.therapist_button.setVisible(clinic and self.locked and not on_stage)
        self.lock_button.setVisible(clinic and self.unlocked and page not in ("who", "player"))
        for key, nav in self.window.nav_buttons.items():
            if key in THERAPIST_PAGES and self.locked:
                nav.setVisible(False)
            if page == "who":
                nav.setVisible(False)
        self.window.client_label.setVisible(
            clinic and bool(self.window.client_label.text()) and page != "who"
        )
        if clinic and page != "who":
            self.timer.start()
        else:
            self.timer.stop()

    def _page_changed(self, key: str) -> None:
        previous, self._previous_page = self._previous_page, key
        self._touch()
        if self.locked and previous == "summary" and key == "home":
            self.someone_else()  # after the summary: the next person's turn
            return
        self._show_buttons()

    def _chosen_name(self) -> str:
        try:
            return self.store.client(self.chosen).name if self.chosen else ""
        except Exception:  # noqa: BLE001 - erased meanwhile: just no name
            return ""
