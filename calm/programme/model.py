"""The programme, goals and notes as frozen values, and the checks that keep them sensible.

A programme item asks for one practice at one length, either some times a day or on some days a
week, from a date and optionally until one, with one line of instruction. Every check raises a
`ProgrammeError` whose text is a sentence the therapist can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from calm.errors import CalmError

MAX_PER_DAY = 6
MAX_INSTRUCTION = 200
MAX_PROGRAMME_NOTE = 2000
MAX_GOALS = 3
MAX_GOAL_TEXT = 120
MAX_NOTE_TEXT = 20_000

# The Patient Global Impression of Change (Guy 1976; Farrar et al. 2001), 1 to 7.
PGIC_QUESTION = (
    "Since you started, how would you describe the change (if any) in your activity "
    "limitations, symptoms, emotions and overall quality of life related to your pain?"
)
PGIC_CHOICES = (
    "No change (or the condition has got worse)",
    "Almost the same, hardly any change at all",
    "A little better, but no noticeable change",
    "Somewhat better, but the change has not made any real difference",
    "Moderately better, and a slight but noticeable change",
    "Better, and a definite improvement that has made a real and worthwhile difference",
    "A great deal better, and a considerable improvement that has made all the difference",
)
# Practices that ask the pacing check-in's energy rating (0-10) with the before-ratings.
ENERGY_PRACTICES = frozenset({"pacing-check-in"})
GOAL_QUESTION = "How well can you do this now?"
GOAL_ENDS = ("Not at all", "As well as before your pain")


class ProgrammeError(CalmError):
    """A programme, goal or note that cannot be kept as given."""


@dataclass(frozen=True)
class ProgrammeItem:
    """One practice the client is asked to do, and how often."""

    practice_id: str
    length: str  # the variant id, e.g. "10"
    per_day: int | None = None
    days_a_week: int | None = None
    start: date | None = None  # None: from the day it was set
    until: date | None = None
    instruction: str = ""
    pattern: str | None = None  # a saved pattern's name, or None for the practice's own

    def active_on(self, day: date) -> bool:
        """Whether this item asks for practice on `day`."""
        return (self.start is None or self.start <= day) and (
            self.until is None or day <= self.until
        )

    def document(self, id_key: str = "practice_id") -> dict:
        """The item as plain JSON values (a pack names the practice `practice_id`, a client's
        record `practice`)."""
        return {
            id_key: self.practice_id,
            "length": self.length,
            "per_day": self.per_day,
            "days_a_week": self.days_a_week,
            "start": self.start.isoformat() if self.start else None,
            "until": self.until.isoformat() if self.until else None,
            "instruction": self.instruction,
            "pattern": self.pattern,
        }

    def how_often(self) -> str:
        """'twice a day', '3 days a week'."""
        if self.per_day:
            return {1: "once a day", 2: "twice a day"}.get(
                self.per_day, f"{self.per_day} times a day"
            )
        days = self.days_a_week or 1
        return "every day" if days == 7 else f"{days} day{'s' if days > 1 else ''} a week"


@dataclass(frozen=True)
class Programme:
    """A client's programme: its items in order and an overall note."""

    client_id: str
    items: tuple[ProgrammeItem, ...] = ()
    note: str = ""
    updated: datetime | None = None

    def began(self, default: date) -> date:
        """When the programme began asking for practice: its earliest item's start, or
        `default` when an item has no start date (it asks from the day it was set)."""
        starts = [item.start for item in self.items if item.start is not None]
        return min(starts) if starts and len(starts) == len(self.items) else default

    def item(self, practice_id: str) -> ProgrammeItem | None:
        return next((i for i in self.items if i.practice_id == practice_id), None)

    def without(self, practice_id: str) -> Programme:
        if self.item(practice_id) is None:
            raise ProgrammeError(f"{practice_id!r} is not in this programme.")
        items = tuple(i for i in self.items if i.practice_id != practice_id)
        return replace(self, items=items)

    def with_item(self, item: ProgrammeItem) -> Programme:
        """The programme with `item` added, or replacing the item for the same practice."""
        kept = [i for i in self.items if i.practice_id != item.practice_id]
        if self.item(item.practice_id) is not None:
            index = [i.practice_id for i in self.items].index(item.practice_id)
            kept.insert(index, item)
        else:
            kept.append(item)
        return replace(self, items=tuple(kept))


@dataclass(frozen=True)
class Goal:
    """Something the client wants to be able to do, in their own words."""

    id: str
    client_id: str
    text: str
    created: datetime
    archived: bool = False


@dataclass(frozen=True)
class GoalRating:
    """How well the client can do a goal now, 0-10, and when they said so."""

    goal_id: str
    value: int
    rated: datetime


@dataclass(frozen=True)
class ChangeImpression:
    """One Patient Global Impression of Change answer, 1 (no change or worse) to 7."""

    id: str
    client_id: str
    value: int
    rated: datetime

    @property
    def words(self) -> str:
        return PGIC_CHOICES[self.value - 1]


@dataclass(frozen=True)
class ClientNote:
    """One dated note by the therapist; `in_report` says whether a report may show it."""

    id: str
    client_id: str
    written: datetime
    text: str
    in_report: bool = True


def check_item(item: ProgrammeItem, known: set[str] | None = None) -> ProgrammeItem:
    """The item as it will be kept, or a ProgrammeError saying what is wrong."""
    if known is not None and item.practice_id not in known:
        raise ProgrammeError(f"There is no practice called {item.practice_id!r}.")
    if (item.per_day is None) == (item.days_a_week is None):
        raise ProgrammeError("Say how often: some times a day, or some days a week (one of them).")
    if item.per_day is not None and not 1 <= item.per_day <= MAX_PER_DAY:
        raise ProgrammeError(f"Times a day must be from 1 to {MAX_PER_DAY}.")
    if item.days_a_week is not None and not 1 <= item.days_a_week <= 7:
        raise ProgrammeError("Days a week must be from 1 to 7.")
    if item.start and item.until and item.until < item.start:
        raise ProgrammeError(
            f"The dates run backwards: from {item.start.isoformat()} "
            f"until {item.until.isoformat()}. Please give the end after the start."
        )
    instruction = " ".join(item.instruction.split())
    if len(instruction) > MAX_INSTRUCTION:
        raise ProgrammeError(f"Please keep the instruction under {MAX_INSTRUCTION} characters.")
    return replace(item, instruction=instruction)


def check_goal_text(text: str) -> str:
    """A goal as it will be kept (one line), or a ProgrammeError."""
    cleaned = " ".join(str(text).split())
    if not cleaned:
        raise ProgrammeError("Please write the goal in the client's own words.")
    if len(cleaned) > MAX_GOAL_TEXT:
        raise ProgrammeError(f"Please keep a goal under {MAX_GOAL_TEXT} characters.")
    return cleaned


def check_score(value: int, low: int, high: int, what: str) -> int:
    """A whole number from low to high, or a ProgrammeError."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ProgrammeError(f"{what} is a whole number from {low} to {high}.")
    return value
