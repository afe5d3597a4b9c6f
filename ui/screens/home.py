"""Home: choose a practice. "Practise again" for the last one, favourites, then every practice
by category, each with its lengths, purpose, safety marks and the screening's advice.

Choosing is one click on a length (or on "Practise again"): that is the first of the two
choices between opening the app and breathing; Start on the check-in is the second. The
breathing-pattern choice sits on the card, already set (to the last one chosen or the
practice's own), so it never adds a step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from calm.practice.advice import allowed_patterns, decide, pattern_from_key
from calm.practice.choice import pattern_key
from calm.practice.library import Library
from calm.practice.patterns import BreathPattern
from calm.practice.screening import assess
from calm.practice.script import CATEGORY_TITLES, Script
from calm.settings import Settings
from ui.screens.home_card import PracticeCard
from ui.screens.programme_section import programme_section
from ui.widgets import button, label


def saved_patterns(store) -> list[BreathPattern]:
    """The person's saved breathing patterns (none when the log cannot be read)."""
    if store is None:
        return []
    try:
        return list(store.patterns())
    except Exception:  # the person's saved patterns are a nicety, not a need
        return []


class HomeScreen(QWidget):
    """The practices to choose from; emits `practice_chosen(script_id, variant_id)`."""

    practice_chosen = Signal(str, str)

    def __init__(
        self,
        library: Library,
        settings: Settings,
        store=None,
        client_id: Callable[[], str] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.store = store
        self.client_id = client_id
        self.cards: list[PracticeCard] = []
        self.favourite_cards: list[PracticeCard] = []
        self.headings: list[tuple[QWidget, list[PracticeCard]]] = []
        self.hidden_ids: list[str] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 16, 32, 16)
        outer.setSpacing(10)
        outer.addWidget(label("Choose a practice", "title"))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search practices")
        self.search.setAccessibleName("Search practices")
        self.search.textChanged.connect(self._filter)
        outer.addWidget(self.search)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a Tab stop of its own (it showed no focus): Tab goes from the search straight to
        # the first card, and the area scrolls to whatever has focus.
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(self.scroll, 1)
        self.refresh()

    # -- building -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild the list (after a practice, a client switch or new safety answers),
        keeping the search and the scroll position."""
        position = self.scroll.verticalScrollBar().value()
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(0, 0, 12, 12)
        self.body_layout.setSpacing(14)
        self.cards, self.headings, self.favourite_cards = [], [], []
        answers = self.settings.get("screening.answers")
        favourites = set(self.settings.get("favourites"))
        user_patterns = self.user_patterns()
        shown: dict[str, Script] = {}
        self.hidden_ids = []
        for _category, scripts in self.library.by_category():
            for script in scripts:
                if self._decision(script, answers, user_patterns).not_advised:
                    self.hidden_ids.append(script.id)
                else:
                    shown[script.id] = script
        self.programme = programme_section(self.store, self.client_id, self.library)
        if self.programme is not None:
            self.programme.practice_chosen.connect(self._programme_chosen)
            self.body_layout.addWidget(self.programme)
        self.again = self._practise_again(shown)
        if self.again is not None:
            self.body_layout.addWidget(self.again)
        favourites_area = QWidget()
        self.favourites_box = QVBoxLayout(favourites_area)
        self.favourites_box.setContentsMargins(0, 0, 0, 0)
        self.favourites_box.setSpacing(14)
        self.body_layout.addWidget(favourites_area)
        for category, scripts in self.library.by_category():
            group = []
            heading = label(CATEGORY_TITLES.get(category, category), "heading", wrap=True)
            self.body_layout.addWidget(heading)
            for script in scripts:
                if script.id not in shown:
                    continue
                card = self._card(script, script.id in favourites, answers, user_patterns)
                self.body_layout.addWidget(card)
                group.append(card)
            heading.setVisible(bool(group))
            self.cards += group
            self.headings.append((heading, group))
        self._hidden_note()
        for item in self.library.unavailable:
            first = item.reason.splitlines()[0] if item.reason else item.path
            note = label(f"Unavailable: {first}", "warning", wrap=True)
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.body_layout.addWidget(note)
        self.body_layout.addStretch(1)
        self._build_favourites()
        self.scroll.setWidget(body)
        follow_in_tab_order(self.search, body)
        self._filter(self.search.text())
        self.scroll.verticalScrollBar().setValue(position)

    def _decision(self, script: Script, answers, user_patterns: list[BreathPattern]):
        """The screening's decision for this practice as Home would start it."""
        choice = self.settings.get("pattern.choice").get(script.id, "")
        chosen = pattern_from_key(script, choice, user_patterns)
        return decide(script, answers, chosen, user_patterns)

    def reload_practices(self) -> None:
        """Read the practices folders again (a practice added, changed or removed) and show
        the list as it is now."""
        self.library.reload()
        self.refresh()

    def show_top(self) -> None:
        """Scroll to the top (back from a practice: "Practise again" is the first thing)."""
        self.scroll.verticalScrollBar().setValue(0)

    def _card(self, script: Script, favourite: bool, answers, user_patterns) -> PracticeCard:
        choice = self.settings.get("pattern.choice").get(script.id, "")
        offered = list(allowed_patterns(user_patterns, answers))  # only what the answers allow
        advice = assess(script, answers, offered)
        card = PracticeCard(script, favourite, advice, offered, choice)
        card.chosen.connect(self.practice_chosen)
        card.favourite_toggled.connect(self._favourite_toggled)
        card.pattern_chosen.connect(self._pattern_chosen)
        return card

    def _programme_chosen(self, script_id: str, variant_id: str, pattern: str) -> None:
        """A programme item: its pattern (when the therapist set one) becomes the choice."""
        named = [p for p in self.user_patterns() if p.name.casefold() == pattern.casefold()]
        if pattern and named:
            self._pattern_chosen(script_id, pattern_key(named[0], True))
        self.practice_chosen.emit(script_id, variant_id)

    def _practise_again(self, shown: dict[str, Script]) -> QFrame | None:
        last = self._last()
        script = shown.get(last.get("id", "")) if last else None
        if script is None:
            return None
        try:
            variant = script.variant(last.get("variant"))
        except KeyError:
            variant = script.variants[0]
        frame = QFrame()
        frame.setProperty("role", "card")
        row = QHBoxLayout(frame)
        row.setContentsMargins(20, 12, 20, 12)
        row.addWidget(label(f"Last time: {script.title}, {variant.label}", wrap=True), 1)
        again = button("Practise again", f"Practise again: {script.title}, {variant.label}")
        again.setProperty("role", "primary")
        again.clicked.connect(lambda: self.practice_chosen.emit(script.id, variant.id))
        row.addWidget(again)
        self.again_button = again
        return frame

    def _last(self) -> dict | None:
        """The client's last practice from the log (right in the clinic), else the setting."""
        if self.store is not None and self.client_id is not None:
            try:
                run = self.store.last_run(self.client_id())
            except Exception:  # a log that cannot be read only loses this shortcut
                run = None
            if run is not None:
                return {"id": run.practice_id, "variant": run.variant}
        return self.settings.get("last.practice") or None

    def user_patterns(self) -> list[BreathPattern]:
        return saved_patterns(self.store)

    def _hidden_note(self) -> None:
        count = len(self.hidden_ids)
        if not count:
            return
        what = "practice is" if count == 1 else "practices are"
        where = (
            "Your therapist can go through the answers with you."
            if self.settings.get("mode") == "clinic"
            else "You can change the answers in Settings."
        )
        note = label(
            f"{count} {what} hidden because of your answers to the safety questions. {where}",
            "muted",
            wrap=True,
        )
        self.body_layout.addWidget(note)

    def _build_favourites(self) -> None:
        for card in self.favourite_cards:
            self.favourites_box.removeWidget(card)
            card.deleteLater()
        while self.favourites_box.count():
            item = self.favourites_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.favourite_cards = []
        favourites = self.settings.get("favourites")
        by_id = {card.script.id: card for card in self.cards}
        chosen = [by_id[f] for f in favourites if f in by_id]
        if not chosen:
            return
        self.favourites_box.addWidget(label("Your favourites", "heading"))
        answers = self.settings.get("screening.answers")
        patterns = self.user_patterns()
        for original in chosen:
            card = self._card(original.script, True, answers, patterns)
            self.favourites_box.addWidget(card)
            self.favourite_cards.append(card)

    # -- reacting -----------------------------------------------------------------------------

    def _favourite_toggled(self, script_id: str, on: bool) -> None:
        favourites = [f for f in self.settings.get("favourites") if f != script_id]
        if on:
            favourites.append(script_id)
        self.settings.set("favourites", favourites)
        for card in self.cards:
            if card.script.id == script_id:
                card.set_favourite(on)
        from_favourites = any(c.star.hasFocus() for c in self.favourite_cards)
        self._build_favourites()
        self._filter(self.search.text())
        if from_favourites:  # the card that had focus is gone: keep focus on the same star
            next(c for c in self.cards if c.script.id == script_id).star.setFocus()

    def _pattern_chosen(self, script_id: str, name: str) -> None:
        chosen = dict(self.settings.get("pattern.choice"))
        chosen[script_id] = name
        self.settings.set("pattern.choice", chosen)
        for card in self.cards + self.favourite_cards:
            if card.script.id == script_id:
                card.set_pattern(name)

    def pattern_for(self, script_id: str) -> BreathPattern | None:
        """The pattern the practice will be breathed with (None: the practice's own), as the
        screening's one decision (calm/practice/advice.py) makes it."""
        script = self.library.get(script_id)
        patterns = self.user_patterns()
        return self._decision(script, self.settings.get("screening.answers"), patterns).pattern

    def _filter(self, text: str) -> None:
        text = text.strip()
        for card in self.cards + self.favourite_cards:
            card.setVisible(card.matches(text))
        for heading, group in self.headings:
            heading.setVisible(any(card.matches(text) for card in group))
        if self.again is not None:
            self.again.setVisible(not text)
        if self.programme is not None:
            self.programme.setVisible(not text)


def follow_in_tab_order(first: QWidget, block: QWidget) -> None:
    """Put everything in `block` right after `first` in the Tab order. A widget added to the
    window later goes to the end of the order; the list rebuilt after a practice would
    otherwise come after the search box's neighbours, and Tab would skip the search."""
    inside, widget = [], block.nextInFocusChain()
    while widget is not block and widget is not None and block.isAncestorOf(widget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:  # Qt orders only these
            inside.append(widget)
        widget = widget.nextInFocusChain()
    previous = first
    for widget in inside:
        QWidget.setTabOrder(previous, widget)
        previous = widget
