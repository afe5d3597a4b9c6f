"""Made-up clients and practice history, for demonstrations, screenshots and benchmarks.

Each client gets a pseudonym, favourite practices among the 14 in its catalogue, a time of day,
starting pain and stress levels that ease slowly over the weeks (some clients more than
others, with noise and the odd flare-up), a before-to-after relief per practice, skipped
answers, a few stopped and abandoned runs and the occasional note. The same seed and `today`
give the same data. calm/store/demo.py writes it all in one transaction, so a clinic of 50
clients over 3 years (about 110,000 runs) takes seconds.

Demo clients are marked as such; running it again replaces them. It refuses to add anything
to a store holding real records unless forced.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from calm.errors import StoreError
from calm.store import Store
from calm.store.demo import real_records, replace_demo
from calm.store.records import iso

__all__ = ["CATALOGUE", "CATEGORY_OF", "DemoSummary", "make_demo_data", "real_records"]

# (id, title, category, ((variant id, minutes), ...)) as in docs/content.md and sessions/.
CATALOGUE = (
    ("belly-breathing", "Belly Breathing Basics", "breathing", (("5", 5), ("10", 10))),
    ("slow-breathing", "Slow Breathing, 6 a minute", "breathing",
     (("5", 5), ("10", 10), ("15", 15), ("20", 20))),
    ("extended-exhale", "Extended-Exhale Sigh", "breathing", (("5", 5),)),
    ("box-breathing", "Box Breathing", "breathing", (("2", 2), ("4", 4))),
    ("four-seven-eight", "4-7-8 Wind-Down", "breathing", (("4-cycles", 2.5),)),
    ("body-scan", "Body Scan", "body-scan", (("10", 10), ("20", 20), ("45", 45))),
    ("breathing-space", "Three-Minute Breathing Space", "body-scan", (("3", 3),)),
    ("pmr-full", "Progressive Muscle Relaxation", "stress", (("25", 27),)),
    ("pmr-short", "Short Muscle Relaxation", "stress", (("5", 5), ("7", 7), ("12", 12))),
    ("autogenic", "Heaviness and Warmth", "stress", (("10", 10), ("15", 15))),
    ("safe-place", "Safe-Place Imagery", "stress", (("10", 10), ("15", 15))),
    ("grounding", "5-4-3-2-1 Grounding", "stress", (("3", 3), ("5", 5))),
    ("breathing-with-pain", "Breathing With Pain", "pain", (("10", 10),)),
    ("pacing-check-in", "Pacing Check-In", "pain", (("5", 5),)),
)  # fmt: skip
CATEGORY_OF = {pid: category for pid, _, category, _ in CATALOGUE}
# Practices aimed at pain ease it a little more; the others ease stress more.
PAIN_RELIEF = {"breathing-with-pain": 1.4, "body-scan": 1.2, "pacing-check-in": 0.6}
FIRST_NAMES = (
    "Alex", "Sam", "Robin", "Maria", "Jonas", "Aisha", "Ben", "Chiara", "Dev", "Elena", "Farid",
    "Grace", "Hannah", "Ines", "Jamal", "Kai", "Lena", "Milo", "Nora", "Omar", "Priya", "Quinn",
    "Rosa", "Sven", "Tara", "Uma", "Viktor", "Wen", "Yusuf", "Zoe",
)  # fmt: skip
NOTES = (
    "Hard to settle today, better by the end.",
    "Fell asleep during the practice.",
    "Back pain flared after gardening.",
    "Felt calmer; the long out-breath helps.",
    "Interrupted by a phone call.",
    "Did it in the car park before work.",
    'Tried the "only imagine" option for my shoulder.',
    "Slept badly, tired, but the pacer kept me going.",
)


@dataclass(frozen=True)
class DemoSummary:
    """How much was made."""

    clients: int
    runs: int
    ratings: int


def make_demo_data(
    store: Store,
    clients: int = 8,
    days: int = 90,
    seed: int = 1,
    per_day: float = 2.0,
    today: date | None = None,
    zone: tzinfo | None = None,
    force: bool = False,
) -> DemoSummary:
    """Replace the demo clients with `clients` new ones, each with `days` days of practice."""
    if clients < 1 or days < 1 or per_day < 0:
        raise ValueError("clients and days must be at least 1, per_day at least 0")
    real_clients, real_runs = real_records(store)
    if (real_clients or real_runs) and not force:
        raise StoreError(
            f"This data folder holds real records ({real_runs} practices, {real_clients} added "
            "clients), so no demo data was added. Use an empty data folder (set CALM_HOME), "
            "or add --force to mix demo clients in."
        )
    rng = random.Random(seed)
    today = today or date.today()
    zone = zone or datetime.now().astimezone().tzinfo or UTC
    client_rows: list[tuple[str, str, str]] = []
    run_rows: list[tuple] = []
    rating_rows: list[tuple] = []
    for name in _pseudonyms(rng, clients):
        client_id = _uuid(rng)
        first_day = today - timedelta(days=days - 1)
        created = datetime.combine(first_day, time(9), zone)
        client_rows.append((client_id, name, iso(created)))
        for run, ratings in _history(rng, first_day, days, per_day, zone):
            rating_rows.extend((len(run_rows), *rating) for rating in ratings)
            run_rows.append((client_id, *run))
    replace_demo(store, client_rows, run_rows, rating_rows)
    return DemoSummary(len(client_rows), len(run_rows), len(rating_rows))


def _history(rng: random.Random, first_day: date, days: int, per_day: float, zone: tzinfo):
    """Yield (run row, rating rows) for one made-up client, day by day."""
    pain0, stress0 = rng.uniform(4.5, 8.0), rng.uniform(3.5, 8.5)
    eases, weeks_to_ease = rng.uniform(0.05, 0.5), rng.uniform(4, 16)
    liking = list(_running_sum([rng.random() ** 3 for _ in CATALOGUE]))
    evening = rng.random() < 0.5
    flare_until = -1
    for day_no in range(days):
        day = first_day + timedelta(days=day_no)
        count = int(per_day) + (rng.random() < per_day % 1)
        count += rng.choice((-1, 0, 0, 0, 0, 1)) if count else 0
        if rng.random() < 0.03:
            flare_until = day_no + rng.randint(2, 6)
        eased = 1 - eases * (1 - math.exp(-day_no / 7 / weeks_to_ease))
        flare = 2.0 if day_no <= flare_until else 0.0
        for slot in range(count):
            practice = rng.choices(CATALOGUE, cum_weights=liking)[0]
            yield _run(rng, practice, day, slot, evening, zone, pain0 * eased + flare,
                       stress0 * eased + flare / 2)  # fmt: skip


def _run(rng, practice, day, slot, evening, zone, pain_level, stress_level):
    pid, title, _, variants = practice
    variant, minutes = rng.choice(variants)
    hour = (18 if evening else 7) + 3 * (slot % 2) + rng.random() * 2.5
    started = datetime.combine(day, time(int(hour), int(hour % 1 * 60), rng.randrange(60)), zone)
    planned = minutes * 60_000
    roll = rng.random()
    status = "completed" if roll < 0.92 else "stopped" if roll < 0.98 else "abandoned"
    progress = 1.0 if status == "completed" else round(rng.uniform(0.1, 0.9), 3)
    practised = round(planned * progress)
    ended = None if status == "abandoned" else started + timedelta(milliseconds=practised)
    note = rng.choice(NOTES) if rng.random() < 0.03 else ""
    run = (_uuid(rng), pid, title, variant, planned, iso(started), int(started.timestamp() * 1000),
           iso(ended) if ended else None, status, practised, progress, note)  # fmt: skip
    after_time = iso(started + timedelta(milliseconds=practised + 30_000))
    asked_after = status == "completed" or (status == "stopped" and rng.random() < 0.5)
    ratings = []
    for measure, level, relief in (
        ("pain", pain_level, PAIN_RELIEF.get(pid, 0.8)),
        ("stress", stress_level, 2.2 - PAIN_RELIEF.get(pid, 0.8) / 2),
    ):
        before = _score(level + rng.gauss(0, 0.9))
        ratings.append((measure, "before", _maybe(rng, before), iso(started)))
        if asked_after:
            after = _score(before - relief * progress + rng.gauss(0, 0.8))
            ratings.append((measure, "after", _maybe(rng, after), after_time))
    return run, ratings


def _score(value: float) -> int:
    return min(10, max(0, round(value)))


def _maybe(rng: random.Random, value: int) -> int | None:
    """Now and then a person skips a question."""
    return None if rng.random() < 0.04 else value


def _pseudonyms(rng: random.Random, count: int) -> list[str]:
    """`count` different made-up names ("Maria K."), numbered once the 780 run out."""
    names = [f"{first} {chr(65 + n)}." for n in range(26) for first in FIRST_NAMES]
    rng.shuffle(names)
    found = []
    for n in range(count):
        lap = n // len(names)
        found.append(names[n % len(names)] + (f" {lap + 1}" if lap else ""))
    return found


def _running_sum(values: list[float]):
    total = 0.0
    for value in values:
        total += value
        yield total


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
