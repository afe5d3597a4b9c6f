"""Practice runs built in memory, with their ratings, for the outcome and words tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from calm.store import Rating, RunRecord

ZONE = timezone(timedelta(hours=1))


def rated_run(
    day: date, pain=None, stress=None, n: int = 0, practice: str = "body-scan"
) -> RunRecord:
    """A completed 10-minute run on `day` at 8 + n o'clock; pain/stress are (before, after)
    pairs (None = skipped; a shorter tuple = the after-rating never asked)."""
    started = datetime(day.year, day.month, day.day, 8 + n, 0, tzinfo=ZONE)
    ratings = []
    for measure, pair in (("pain", pain), ("stress", stress)):
        for when, value in zip(("before", "after"), pair or (), strict=False):
            ratings.append(Rating(measure, when, value, started))
    return RunRecord(
        id=f"{day}-{n}-{practice}",
        client_id="c",
        practice_id=practice,
        title=practice.replace("-", " ").title(),
        script_hash="",
        variant="10",
        planned_ms=600_000,
        started=started,
        ended=None,
        status="completed",
        practised_ms=600_000,
        progress=1.0,
        ratings=tuple(ratings),
    )
