"""Reading the home programme's measures back from our FHIR export: Goals, goal ratings,
impressions of change (PGIC) and energy ratings (see calm/exchange/fhir_programme.py).

Strict like the rest of the import: every field is checked, anything unexpected is refused with
a reason naming the entry, and nothing touches the store here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from calm.exchange import fhir_programme as fp

GOAL_KEYS = {"resourceType", "id", "identifier", "lifecycleStatus", "description", "subject",
             "startDate", "meta", "text"}  # fmt: skip
OBSERVATION_KEYS = {"resourceType", "id", "status", "category", "code", "subject",
                    "effectiveDateTime", "valueInteger", "focus", "note", "partOf", "meta",
                    "text"}  # fmt: skip
CODES = {"goal-rating": (0, 10), "pgic": (1, 7), "energy": (0, 10)}


@dataclass(frozen=True)
class ImportedGoal:
    id: str
    client_id: str
    text: str
    created: datetime
    archived: bool


@dataclass
class MeasuresPlan:
    """The programme measures a file holds, checked."""

    goals: dict[str, ImportedGoal] = field(default_factory=dict)
    goal_ratings: list[tuple[str, int, datetime]] = field(default_factory=list)  # goal, value, when
    impressions: list[tuple[str, str, int, datetime]] = field(default_factory=list)  # id, client
    energies: list[tuple[str, str, int]] = field(default_factory=list)  # run, client, value

    @property
    def empty(self) -> bool:
        return not (self.goals or self.goal_ratings or self.impressions or self.energies)

    def extend(self, other: MeasuresPlan) -> None:
        """Add another part's measures to these."""
        self.goals.update(other.goals)
        self.goal_ratings.extend(other.goal_ratings)
        self.impressions.extend(other.impressions)
        self.energies.extend(other.energies)


def programme_code(resource: dict) -> str | None:
    """The project code of a programme Observation ('goal-rating', 'pgic', 'energy'), or None."""
    code = resource.get("code")
    if not isinstance(code, dict) or not isinstance(code.get("coding"), list):
        return None
    for coding in code["coding"]:
        if (
            isinstance(coding, dict)
            and coding.get("system") == fp.MEASURE_SYSTEM
            and isinstance(coding.get("code"), str)
            and coding["code"] in CODES
        ):
            return coding["code"]
    return None


def read_measure(plan: MeasuresPlan, resource: dict, rid: str, where: str, check) -> None:
    """Add one Goal or programme Observation to `plan`; `check` has the import's checkers
    (uuid, text, when, reference, int) so every value is read the same way as the rest."""
    kind = resource["resourceType"]
    keys = GOAL_KEYS if kind == "Goal" else OBSERVATION_KEYS
    extra = set(resource) - keys
    if extra:
        raise ValueError(f"{where}: unexpected field {sorted(extra)[0]!r}")
    subject = check.reference(resource.get("subject"), f"{where}: subject")
    if kind == "Goal":
        status = resource.get("lifecycleStatus")
        if status not in ("active", "cancelled"):
            raise ValueError(f"{where}: lifecycleStatus must be active or cancelled")
        description = resource.get("description")
        if not isinstance(description, dict):
            raise ValueError(f"{where}: description must hold the goal's words")
        text = check.text(description.get("text"), f"{where}: description", 120, True)
        start = resource.get("startDate")
        created = (
            check.when(f"{start}T00:00:00+00:00", f"{where}: startDate")
            if isinstance(start, str)
            else None
        )
        if created is None:
            raise ValueError(f"{where}: startDate must be a date")
        plan.goals[rid] = ImportedGoal(rid, subject, text, created, status == "cancelled")
        return
    if resource.get("status") != "final":
        raise ValueError(f"{where}: status must be final")
    code = programme_code(resource)
    if code is None:  # callers pass only our own measures; a stray one is refused plainly
        raise ValueError(f"{where}: not a goal rating, impression of change or energy rating")
    low, high = CODES[code]
    value = check.int(resource.get("valueInteger"), f"{where}: valueInteger", low, high)
    when = check.when(resource.get("effectiveDateTime"), f"{where}: effectiveDateTime")
    if code == "goal-rating":
        focus = resource.get("focus")
        if not isinstance(focus, list) or len(focus) != 1:
            raise ValueError(f"{where}: focus must name its goal")
        goal = check.reference(focus[0], f"{where}: focus")
        if goal not in plan.goals or plan.goals[goal].client_id != subject:
            raise ValueError(f"{where}: focus names no goal of this client earlier in the file")
        plan.goal_ratings.append((goal, value, when))
    elif code == "pgic":
        plan.impressions.append((rid, subject, value, when))
    else:
        part_of = resource.get("partOf")
        if not isinstance(part_of, list) or len(part_of) != 1:
            raise ValueError(f"{where}: partOf must name its practice")
        plan.energies.append((check.reference(part_of[0], f"{where}: partOf"), subject, value))


def check_subjects(plan: MeasuresPlan, clients: set[str], run_clients: dict[str, str]) -> None:
    """Every measure belongs to a Patient in the file (and energy to that client's practice)."""
    for goal in plan.goals.values():
        if goal.client_id not in clients:
            raise ValueError(f"goal {goal.id}: its subject is not a Patient in the file")
    for rid, client, _value, _when in plan.impressions:
        if client not in clients:
            raise ValueError(f"impression {rid}: its subject is not a Patient in the file")
    for run_id, client, _value in plan.energies:
        if run_clients.get(run_id) != client:
            raise ValueError(f"energy rating of {run_id}: it names no practice of its client")
