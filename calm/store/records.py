"""The records the store hands out: clients, practice runs and their ratings, as frozen values.

Ids given to the rest of the app are the stable UUID strings (they survive export and
import); the integer row ids stay inside the store. A clinic's history is thousands of runs,
so the records are built to be cheap: slotted dataclasses, and `Rating` a NamedTuple (just as
immutable; it builds in a quarter of the time, which took a third off loading a history).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

MEASURES = ("pain", "stress")
MOMENTS = ("before", "after")
# "skipped": the end was reached with less than most of the practice heard (skipped through).
STATUSES = ("running", "completed", "skipped", "stopped", "abandoned")
FINAL_STATUSES = ("completed", "skipped", "stopped", "abandoned")


@dataclass(frozen=True, slots=True)
class ClientRecord:
    """A person whose practice is logged; at home, the one person is the default client."""

    id: str
    name: str
    created: datetime
    archived: bool = False
    note: str = ""
    demo: bool = False
    record_number: str = ""  # the clinic's own identifier for the client ('' for none)


class Rating(NamedTuple):
    """One answer: pain or stress, before or after, 0-10 or None when the person skipped it."""

    measure: str
    when: str
    value: int | None
    rated: datetime


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One practice run with every rating given for it (absent = never asked)."""

    id: str
    client_id: str
    practice_id: str
    title: str
    script_hash: str
    variant: str
    planned_ms: int
    started: datetime
    ended: datetime | None
    status: str
    practised_ms: int
    progress: float
    note: str = ""
    ratings: tuple[Rating, ...] = field(default=())
    clock_set_back: bool = False  # dated before a run already logged: its date is not trusted
    despite_screening: bool = False  # not advised for this client, started by a choice

    def rating(self, measure: str, when: str) -> Rating | None:
        """The rating given for this measure and moment, or None if it was never asked."""
        for rating in self.ratings:
            if rating.measure == measure and rating.when == when:
                return rating
        return None

    def value(self, measure: str, when: str) -> int | None:
        """The 0-10 answer, or None when skipped or never asked."""
        rating = self.rating(measure, when)
        return None if rating is None else rating.value


def check_rating(measure: str, when: str, value: int | None) -> None:
    """Raise ValueError for a measure, moment or value the store does not keep."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    if when not in MOMENTS:
        raise ValueError(f"when must be one of {MOMENTS}, not {when!r}")
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError(f"a rating is a whole number from 0 to 10 or None, not {value!r}")


def check_progress(practised_ms: int, progress: float) -> None:
    """Raise ValueError for negative practice time or progress outside 0..1."""
    if isinstance(practised_ms, bool) or not isinstance(practised_ms, int) or practised_ms < 0:
        raise ValueError(f"practised_ms must be a whole number of ms >= 0, not {practised_ms!r}")
    if isinstance(progress, bool) or not isinstance(progress, int | float):
        raise ValueError(f"progress must be a number from 0 to 1, not {progress!r}")
    if not 0.0 <= progress <= 1.0:
        raise ValueError(f"progress must be from 0 to 1, not {progress!r}")


def iso(moment: datetime) -> str:
    """ISO 8601 with its offset, to the second (naive datetimes are taken as local time)."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def iso_ms(moment: datetime) -> str:
    """ISO 8601 with its offset, to the millisecond (answers that may come seconds apart)."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="milliseconds")


def epoch_ms(moment: datetime) -> int:
    """Milliseconds since 1970 UTC: the store's sort key for datetimes with mixed offsets."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return int(moment.timestamp() * 1000)


def local_now() -> datetime:
    """Now, in the computer's time zone, with its offset."""
    return datetime.now().astimezone()
