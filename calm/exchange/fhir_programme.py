"""FHIR R4 resources for the home programme's measures, for the export bundle.

- Goal: one per goal, the client's own words as `description.text`, lifecycleStatus active
  (or cancelled when set aside), identified by the goal's UUID.
- Observation of a goal rating: category survey, a project code `goal-rating` whose text is the
  question asked ("How well can you do this now? <goal>"), valueInteger 0-10, `focus` the Goal.
- Observation of the Patient Global Impression of Change: project code `pgic` with the
  question as text, valueInteger 1-7 and the chosen words as valueString in an extension-free
  `note`.
- Observation of the pacing check-in's energy rating: project code `energy`, valueInteger
  0-10, `partOf` the run's Procedure.

No LOINC code is used for these three: we found none we could verify for a client-worded
goal scale, the 7-point PGIC or this energy question, so each carries the project's own code
and the full question text (pain keeps LOINC 72514-3, in calm/exchange/fhir_export.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from calm.programme.model import GOAL_QUESTION, PGIC_CHOICES, PGIC_QUESTION
from calm.store.records import iso_ms

BASE = "https://calm-harbor.example/fhir"
MEASURE_SYSTEM = f"{BASE}/CodeSystem/measure"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
URI_SYSTEM = "urn:ietf:rfc:3986"
ENERGY_QUESTION = "How much energy do you have right now? 0 = none at all, 10 = as much as ever."
_NAMESPACE = uuid.UUID("5b0f6d4e-3c8a-4c1e-9a51-2f6d9f3b7c21")


def urn(value: str) -> str:
    return f"urn:uuid:{value}"


def stable_id(*parts: str) -> str:
    """An Observation's id derived from what it is, so a second export names it the same."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _survey(resource_id: str, client_id: str, code: str, text: str, when, value: int) -> dict:
    return {
        "resourceType": "Observation",
        "id": resource_id,
        "status": "final",
        "category": [
            {"coding": [{"system": CATEGORY_SYSTEM, "code": "survey", "display": "Survey"}]}
        ],
        "code": {"coding": [{"system": MEASURE_SYSTEM, "code": code}], "text": text},
        "subject": {"reference": urn(client_id)},
        "effectiveDateTime": iso_ms(when),
        "valueInteger": value,
    }


def programme_resources(store, client_id: str) -> Iterator[dict]:
    """Goals and their ratings, impressions of change and energy ratings of one client."""
    ratings = store.goal_ratings(client_id)
    for goal in store.goals(client_id, include_archived=True):
        yield {
            "resourceType": "Goal",
            "id": goal.id,
            "identifier": [{"system": URI_SYSTEM, "value": urn(goal.id)}],
            "lifecycleStatus": "cancelled" if goal.archived else "active",
            "description": {"text": goal.text},
            "subject": {"reference": urn(client_id)},
            "startDate": goal.created.date().isoformat(),
        }
        for rating in ratings:
            if rating.goal_id != goal.id:
                continue
            resource = _survey(
                stable_id("goal", goal.id, iso_ms(rating.rated)),
                client_id,
                "goal-rating",
                f"{GOAL_QUESTION} {goal.text}",
                rating.rated,
                rating.value,
            )
            resource["focus"] = [{"reference": urn(goal.id)}]
            yield resource
    for impression in store.impressions(client_id):
        resource = _survey(
            impression.id, client_id, "pgic", PGIC_QUESTION, impression.rated, impression.value
        )
        resource["note"] = [{"text": PGIC_CHOICES[impression.value - 1]}]
        yield resource
    for run_id, value in store.energy_by_run(client_id).items():
        run = store.run(run_id)
        resource = _survey(
            stable_id("energy", run_id), client_id, "energy", ENERGY_QUESTION, run.started, value
        )
        resource["partOf"] = [{"reference": urn(run_id)}]
        yield resource
