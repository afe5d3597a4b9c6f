"""Calm Harbor's launcher: builds every part and wires them together, for the window and the
command line alike (paths -> logging -> store -> audio -> controller -> window).

    python app.py                 open the window
    python app.py list|show|validate|play|render|export|import|stats|demo-data ...
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time

_STARTED = time.perf_counter()

# pygame and SDL read these at import: no greeting, and no SDL signal handlers (SDL would
# otherwise swallow SIGTERM while the mixer is open; we handle termination ourselves).
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
os.environ.setdefault("SDL_NO_SIGNAL_HANDLERS", "1")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from calm.heap import steady_heap

    steady_heap()
    if all(word == "--smoke" for word in argv):  # the window: no need to load the commands
        from calm.paths import AppPaths

        return run_window(AppPaths.from_environment(), smoke=bool(argv))
    from cli.args import build_parser

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    from calm.paths import AppPaths

    paths = AppPaths.from_environment()
    if args.command is None:
        return run_window(paths, smoke=args.smoke)
    return run_command(args, paths)


def run_command(args: argparse.Namespace, paths) -> int:
    """Run the command the parser chose, with the parts it may need, and turn a CalmError into
    one sentence on stderr."""
    from calm.errors import CalmError, visible
    from calm.logs import setup_command_logging
    from cli.context import CommandContext

    paths.tighten()  # an older version or a copy may have left them open to others
    setup_command_logging(paths.log_file)  # to the log file, never as lines on the terminal
    context = CommandContext(
        paths, open_window=run_window, open_sound=terminal_sound(paths), write_report=write_pdf
    )
    try:
        return args.run(args, context)
    except CalmError as error:
        print(f"calm-harbor: {visible(str(error), lines=True)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def write_pdf(report, target):
    """The report writer for the command line: Qt's PDF support, on a screen-less Qt when
    there is no display."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from ui.report.pdf import write_report_pdf

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    return write_report_pdf(report, target)


def terminal_sound(paths):
    """The audio factory for the terminal player: an engine on the sound bank, on its clock."""

    def factory(clock):
        from audio.bank import open_bank
        from audio.device import open_engine

        return open_engine(open_bank(paths), clock)

    return factory


def run_window(
    paths, smoke: bool = False, start_practice: tuple | None = None, client: str | None = None
) -> int:
    """Open the window (paths -> logging -> store -> settings -> library -> audio -> controller
    -> screens -> window) and run until it closes. `smoke` uses a temporary data folder, prints
    the seconds from process start to the window shown, and exits 0 (CI, start-up benchmark).
    `client` (a name, from `play --client`) is the one practising."""
    from calm.errors import CalmError, StoreError
    from calm.logs import setup_logging

    if smoke:  # a smoke run never touches the user's real folders
        import tempfile

        from calm.paths import AppPaths

        paths = AppPaths.from_environment({"CALM_HOME": tempfile.mkdtemp(prefix="calm-smoke-")})
    problem = None
    try:
        paths.ensure()
    except OSError as error:
        problem = f"Calm Harbor cannot create its folders ({error})."
    else:
        setup_logging(paths.log_file)
        opened = _open_store_early(paths)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.lifecycle import handle_termination, refuse_to_start
    from ui.tasks import wait_for_workers

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Calm Harbor")
    if problem:
        return refuse_to_start(problem)
    try:
        store = opened()
    except StoreError as error:
        return refuse_to_start(str(error))
    try:
        chosen = store.client_by_name(client).id if client else None
    except CalmError as error:
        return refuse_to_start(str(error))
    parts = build_window(paths, store, client=chosen)
    from ui.errors import install_excepthook

    install_excepthook(paths.log_file, lambda: parts.window)  # the last line of defence
    handle_termination(app, parts)
    parts.window.show()
    if start_practice:  # `play ID` with a screen: straight to that practice's check-in
        script_id, length = start_practice
        try:
            variant = parts.library.get(script_id).variant(length).id
        except KeyError as error:
            return refuse_to_start(error.args[0])
        parts.screens["flow"].choose(script_id, variant)
    if smoke:

        def shown() -> None:
            print(f"shown after {time.perf_counter() - _STARTED:.3f} s", flush=True)
            app.exit(0)

        QTimer.singleShot(0, shown)
    try:
        return app.exec()
    finally:
        parts.shutdown()
        wait_for_workers()  # the run's last write and the mixer's closing, before the store
        store.close()
        for notice in store.closing_notices:  # the window is gone: the terminal and the log
            logging.getLogger("calm-harbor").warning("%s", notice)
            print(f"calm-harbor: {notice}", file=sys.stderr)
        if smoke:
            import shutil

            shutil.rmtree(paths.data.parent, ignore_errors=True)


def _open_store_early(paths):
    """Open the store on a thread while Qt loads: its work is mostly waiting for the disk
    (fsync), which overlaps with the imports. Returns a call that waits for it."""
    import threading

    from calm.store import open_store

    box: dict = {}

    def work() -> None:
        try:
            box["store"] = open_store(paths)
        except BaseException as error:  # handed to the main thread below
            box["error"] = error

    thread = threading.Thread(target=work, name="open-store", daemon=True)
    thread.start()

    def result():
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["store"]

    return result


def build_window(paths, store, clock=None, runner=None, audio_factory=None, client=None, ask=None):
    """Build the settings, library, controller, screens and main window on an open store,
    wired together (a ui.lifecycle.WindowParts). Tests pass a FakeClock,
    `ui.tasks.run_immediately`, an audio factory and `ask` (the passphrase dialog's caller);
    `client` (an id) is the one practising."""
    from PySide6.QtCore import QSettings

    from calm.practice.library import load_library
    from calm.settings import Settings
    from ui.flow import LazyScreens, PracticeFlow
    from ui.lifecycle import WindowParts, settle_collector
    from ui.main_window import MainWindow
    from ui.screens.home import HomeScreen
    from ui.tasks import run_in_background

    runner = runner or run_in_background
    from calm.store.recorder import current_client

    # Per-client settings follow whoever is practising now (calm/settings.py).
    settings = Settings(store, client=lambda: current_client(store, settings))
    if client:
        settings.set("client.current", client)
    library = load_library(paths.user_sessions)
    window_state = QSettings(str(paths.config / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, window_state)
    client_id = lambda: current_client(store, settings)  # noqa: E731

    def make_controller():  # the first time a practice is chosen, not at start-up
        from ui.controller import PracticeController

        sound = audio_factory or sound_for(paths)
        return PracticeController(store, settings, sound, client_id, clock=clock, runner=runner)

    screens = LazyScreens(home=HomeScreen(library, settings, store, client_id))
    window.add_page("home", "Practices", screens["home"])
    from ui.practice_watch import watch_practices

    watch_practices(paths.user_sessions, screens["home"], window)  # added ones appear at once
    screens["flow"] = PracticeFlow(window, library, screens["home"], screens, make_controller)
    # -- the records and settings pages (progress, settings, clients, welcome) --
    _add_records_pages(window, screens, paths, store, settings, library, runner, client_id)
    lock = _add_clinic_lock(window, screens, store, settings, clock, ask, client_id)
    window.set_client_name(store.client(client_id()).name)
    for notice in store.notices:
        window.show_notice(notice)
    window.show_first_page()
    if client and lock.active:
        lock.choose(client)  # `play --client NAME`: that client, locked to their own things
    else:
        lock.start()
    settle_collector()  # the window lives as long as the app
    return WindowParts(window, store, settings, library, screens)


def _add_clinic_lock(window, screens, store, settings, clock, ask, client_id):
    """ "Who is practising?" and the therapist's lock (ui/clinic_lock.py), wired in."""
    from calm.clock import MonotonicClock
    from ui.clinic_lock import ClinicLock
    from ui.passphrase_dialog import ask_passphrase
    from ui.screens.who import WhoScreen

    who = WhoScreen(store)
    window.add_page("who", "Who is practising?", who, nav=False, hides_nav=True)

    def on_client(_chosen: str) -> None:
        window.set_client_name(store.client(client_id()).name)
        window.apply_theme()  # this client's text size
        screens["home"].refresh()
        if not settings.get("screening.done"):
            screens["welcome"].page.form.reload()
            screens["welcome"].page.show_questions()

    lock = ClinicLock(
        window, store, settings, who, clock or MonotonicClock(), ask or ask_passphrase, on_client
    )
    screens["lock"] = lock
    return lock


def _add_records_pages(window, screens, paths, store, settings, library, runner, client_id):
    """Progress, Settings, Clients (clinic mode) and the first-start Welcome, wired in. Each
    is built the first time it is shown (`LazyPage`), so they cost nothing at start-up;
    `screens[key].page` gives the real screen."""
    from ui.screens.lazy import LazyPage

    home = screens["home"]

    def show_client() -> None:
        window.set_client_name(store.client(client_id()).name)

    def setting_changed(key: str) -> None:
        window.apply_settings(key)
        if key == "mode":
            _mode_changed(window, screens, store, settings)
        if key in ("practices", "pack"):
            home.reload_practices()  # the user's practices folder read again
        elif key in ("screening.answers", "patterns"):
            home.refresh()  # practices hidden, warned or given another pattern; a programme
        if key == "pack":
            show_client()  # a pack may have made this computer practise as its person

    from ui.pack_opening import pack_opener

    open_pack = pack_opener(store, paths)

    def client_switched(chosen: str) -> None:
        if screens["lock"].active:  # "Practise as": the laptop goes to that client, locked
            screens["lock"].choose(chosen)
            return
        show_client()
        home.refresh()  # "practise again" and favourites of the new client

    def welcomed() -> None:
        home.refresh()
        show_client()
        window.show_page("home")

    def progress():
        from ui.screens.progress import ProgressScreen

        return ProgressScreen(store, settings, library, runner, client_id)

    def settings_page():
        from ui.screens.settings import SettingsScreen

        page = SettingsScreen(settings, store, paths, library, open_pack=open_pack)
        page.settings_changed.connect(setting_changed)
        return page

    def clients():
        from ui.screens.clients import ClientsScreen

        page = ClientsScreen(store, settings, runner, client_id)
        page.client_switched.connect(client_switched)
        page.clients_changed.connect(show_client)
        page.programme_requested.connect(show_programme)
        return page

    def show_programme(chosen: str) -> None:
        screens["programme"].page.open(chosen)
        window.show_page("programme")

    def programme_page():
        from audio.takehome import practice_renderer
        from ui.screens.client_records import ClientRecordsPart
        from ui.screens.programme_page import ProgrammePage

        records = ClientRecordsPart(
            store, library, runner, renderer_for=lambda patterns: practice_renderer(paths, patterns)
        )
        page = ProgrammePage(store, library, runner, records)
        page.back_requested.connect(lambda: window.show_page("clients"))
        return page

    def welcome():
        from ui.screens.welcome import WelcomeScreen

        page = WelcomeScreen(settings, library, open_pack=open_pack)
        page.completed.connect(welcomed)
        return page

    for key, title, factory, nav in (
        ("progress", "Progress", progress, True),
        ("settings", "Settings", settings_page, True),
        ("clients", "Clients", clients, True),
        ("programme", "Programme and goals", programme_page, False),
        ("welcome", "Welcome", welcome, False),
    ):
        screens[key] = LazyPage(factory)
        window.add_page(key, title, screens[key], nav=nav)


def _mode_changed(window, screens, store, settings) -> None:
    """Clinic mode on: the therapist chooses a passphrase first (or it stays at home); then
    the window locks. Off: the lock goes."""
    from ui.passphrase_dialog import choose_passphrase

    lock = screens["lock"]
    if not lock.active:
        lock.stop()
        return
    if not store.has_passphrase() and not choose_passphrase(window, store):
        settings.set("mode", "home")
        window.apply_settings("mode")
        screens["settings"].page.reload()
        window.show_notice("Clinic mode needs a therapist's passphrase; Calm Harbor stays at home.")
        return
    lock.start()


def sound_for(paths):
    """The audio factory: an engine per practice on one shared sound bank (cache on disk);
    pygame is imported only when the first practice starts, off the interface thread."""
    banks = []

    def factory():
        from audio.bank import open_bank
        from audio.device import open_engine

        if not banks:
            banks.append(open_bank(paths))
        else:
            banks[0].forget()  # the last practice's samples: reloaded from disk if needed
        return open_engine(banks[0], probe=False)

    return factory


if __name__ == "__main__":
    sys.exit(main())
