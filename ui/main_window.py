"""The main window: a top bar, a notice bar and the pages. It assembles; it decides nothing.

Pages are added by app.py with `add_page(key, title, widget, nav)`; a nav button appears in
the top bar for each page with `nav=True` ("Clients" only in clinic mode). The current
client's name is shown in clinic mode and never in home mode, where a person never meets the
word "client". The theme and text size are applied from the settings, and again whenever a
setting changes (`apply_settings`). The window remembers its size in a small ini file.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from calm.settings import Settings
from ui import theme, wheel
from ui.click_guard import ClickGuard
from ui.screens.flow_layout import FlowLayout
from ui.widgets import NoticeBar, button, label

CLINIC_ONLY = frozenset({"clients"})  # pages a home user never sees
HIDES_NAV = frozenset({"welcome", "player"})  # pages shown without the navigation (calm, focus)
THEME_KEYS = frozenset({"theme", "text.scale"})
# Small enough for half of a 1366 px laptop screen and a phone-sized window; every page wraps
# or scrolls at this size, even at 200 % text.
MINIMUM_SIZE = (480, 420)


class MainWindow(QMainWindow):
    """Top bar (app name, navigation, client), notice bar, and a stack of pages."""

    page_changed = Signal(str)  # the key of the page now shown
    theme_applied = Signal(object)  # theme.Palette, for painted widgets (the pacer)
    closing = Signal()  # the window is about to close (save what is running)

    def __init__(
        self,
        settings: Settings,
        window_state: QSettings | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.settings = settings
        self.window_state = window_state
        self.palette_now = theme.palette("light")
        self.pages: dict[str, QWidget] = {}
        self.titles: dict[str, str] = {}
        self.nav_buttons: dict[str, QPushButton] = {}
        self._clinic_only: set[str] = set()
        self._hides_nav: set[str] = set(HIDES_NAV)
        self._presenting = False
        self.page_guard = None  # (page key) -> may it show now; set by ui/clinic_lock.py
        self.setWindowTitle("Calm Harbor")
        self.setMinimumSize(*MINIMUM_SIZE)
        wheel.install()  # the wheel scrolls pages, never a setting under the pointer
        self.click_guard = ClickGuard(self)  # a double click never lands on the next page

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        self.top_bar = self._build_top_bar()
        outer.addWidget(self.top_bar)
        self.notices = NoticeBar()
        outer.addWidget(self.notices)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.apply_settings()
        self._restore_size()

    def _build_top_bar(self) -> QFrame:
        bar = QFrame()
        bar.setProperty("role", "topbar")
        # The name, the page buttons and the client wrap onto a second line in a narrow window
        # or at large text, rather than clip the buttons' words.
        self.nav_row = row = FlowLayout(bar, spacing=6)
        row.setContentsMargins(24, 10, 24, 10)
        self.app_name = label("Calm Harbor", "appname")
        self.app_name.setContentsMargins(0, 0, 24, 0)
        row.addWidget(self.app_name)
        self.client_label = label("", "client")
        self.client_label.setAccessibleName("Current client")
        self.client_label.setVisible(False)
        row.addWidget(self.client_label)
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        return bar

    # -- pages --------------------------------------------------------------------------------

    def add_page(
        self,
        key: str,
        title: str,
        widget: QWidget,
        nav: bool = True,
        *,
        clinic_only: bool | None = None,
        hides_nav: bool | None = None,
    ) -> QWidget:
        """Add a page (and a nav button when `nav`). `clinic_only` defaults to true for
        "clients"; `hides_nav` (the top bar's buttons hidden while it shows) for "welcome"
        and "player"."""
        if key in self.pages:
            raise ValueError(f"a page called {key!r} was already added")
        self.pages[key] = widget
        self.titles[key] = title
        self.stack.addWidget(widget)
        if clinic_only if clinic_only is not None else key in CLINIC_ONLY:
            self._clinic_only.add(key)
        if hides_nav is not None:
            (self._hides_nav.add if hides_nav else self._hides_nav.discard)(key)
        if nav:
            nav_button = button(title, f"Go to {title}", "nav")
            nav_button.setCheckable(True)
            nav_button.clicked.connect(lambda _=False, k=key: self.show_page(k))
            self.nav_group.addButton(nav_button)
            self.nav_row.insertWidget(self.nav_row.count() - 1, nav_button)  # before the client
            if self.nav_buttons:  # Tab goes along the top bar in order, then into the page
                QWidget.setTabOrder(list(self.nav_buttons.values())[-1], nav_button)
            self.nav_buttons[key] = nav_button
            self._apply_mode()
        return widget

    def show_page(self, key: str) -> QWidget:
        """Switch to a page; its nav button (if any) shows as current. A `page_guard` (clinic
        mode's lock) may refuse, and then the current page stays."""
        if self.page_guard is not None and not self.page_guard(key):
            current = self.current_page()
            if current in self.nav_buttons:
                self.nav_buttons[current].setChecked(True)
            return self.stack.currentWidget()
        widget = self.pages[key]
        self.stack.setCurrentWidget(widget)  # the click guard follows the stack
        if key in self.nav_buttons:
            self.nav_buttons[key].setChecked(True)
        else:
            checked = self.nav_group.checkedButton()
            if checked is not None:  # no nav page is current: none shows as chosen
                self.nav_group.setExclusive(False)
                checked.setChecked(False)
                self.nav_group.setExclusive(True)
        hidden = key in self._hides_nav
        for nav_key, nav_button in self.nav_buttons.items():
            nav_button.setVisible(not hidden and self._nav_allowed(nav_key))
        self.setWindowTitle(f"{self.titles[key]} – Calm Harbor")
        self.page_changed.emit(key)
        return widget

    def current_page(self) -> str | None:
        """The key of the page showing now."""
        widget = self.stack.currentWidget()
        return next((k for k, w in self.pages.items() if w is widget), None)

    def page(self, key: str) -> QWidget:
        return self.pages[key]

    def show_first_page(self) -> str:
        """The welcome (with the safety questions) until it has been answered, else Practices."""
        done = bool(self.settings.get("screening.done"))
        key = "welcome" if not done and "welcome" in self.pages else "home"
        if key not in self.pages:
            key = next(iter(self.pages))
        self.show_page(key)
        return key

    # -- settings, mode, client ---------------------------------------------------------------

    def apply_settings(self, key: str | None = None) -> None:
        """Re-apply what a changed setting affects (all of it when `key` is None)."""
        if key is None or key in THEME_KEYS:
            self.apply_theme()
        if key is None or key == "mode":
            self._apply_mode()

    def apply_theme(self) -> theme.Palette:
        """Style the application with the theme and text size from the settings."""
        app = QApplication.instance()
        name = self.settings.get("theme")
        scale = self.settings.get("text.scale")
        self.palette_now = theme.apply(app, name, scale) if app else theme.palette(name)
        self.theme_applied.emit(self.palette_now)
        return self.palette_now

    @property
    def clinic_mode(self) -> bool:
        return self.settings.get("mode") == "clinic"

    def _nav_allowed(self, key: str) -> bool:
        return self.clinic_mode or key not in self._clinic_only

    def _apply_mode(self) -> None:
        current = self.current_page()
        hidden = current in self._hides_nav
        for key, nav_button in self.nav_buttons.items():
            nav_button.setVisible(not hidden and self._nav_allowed(key))
        self.client_label.setVisible(self.clinic_mode and bool(self.client_label.text()))
        if current is not None and not self._nav_allowed(current):
            self.show_page("home" if "home" in self.pages else next(iter(self.pages)))

    def set_client_name(self, name: str) -> None:
        """The current client's name, shown in the top bar in clinic mode only."""
        self.client_label.setText(name)
        self.client_label.setAccessibleName(f"Current client: {name}")
        self.client_label.setVisible(self.clinic_mode and bool(name))

    # -- notices ------------------------------------------------------------------------------

    def show_notice(self, text: str) -> None:
        """A plain sentence for the person, above the page, until dismissed."""
        self.notices.add(text)

    # -- presentation -------------------------------------------------------------------------

    @property
    def presenting(self) -> bool:
        return self._presenting

    def set_presentation(self, on: bool) -> None:
        """Full screen with only the page (the player shows just the pacer and caption)."""
        if on == self._presenting:
            return
        self._presenting = on
        self.top_bar.setVisible(not on)
        self.notices.setVisible(not on and bool(self.notices.texts()))
        if on:
            self._was_maximised = self.isMaximized()
            self.showFullScreen()
        elif getattr(self, "_was_maximised", False):
            self.showMaximized()
        else:
            self.showNormal()

    # -- size ---------------------------------------------------------------------------------

    def _restore_size(self) -> None:
        geometry = self.window_state.value("window/geometry") if self.window_state else None
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(980, 760)

    def save_size(self) -> None:
        if self.window_state is not None and not self._presenting:
            self.window_state.setValue("window/geometry", self.saveGeometry())
            self.window_state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.closing.emit()
        self.save_size()
        super().closeEvent(event)


def add_shortcut(widget: QWidget, keys: str | QKeySequence, slot) -> QShortcut:
    """A keyboard shortcut that works while `widget` (or a child) is shown."""
    shortcut = QShortcut(QKeySequence(keys), widget)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    return shortcut
