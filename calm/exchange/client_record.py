"""Everything kept about one client, in one readable file (what a client may ask a clinic for).

A JSON document: the client (id, name, when added, archived, record number), the therapist's
note and dated notes, goals with their ratings, impressions of change, the programme, the
client's profile (safety answers with the questions' words, favourites, last
practice, pattern and ambience choices, text size), and every practice with its ratings and
note. Written whole or not at all.

    export_client_record(store, client_id, path) -> number of practices written
"""

from __future__ import annotations

import json
from pathlib import Path

from calm.exchange.csv_export import atomic_text_file
from calm.practice.questions import QUESTIONS, normalise_answers
from calm.store import Store
from calm.store.records import iso, local_now

FORMAT = "calm-harbor-client-record"


def client_record(store: Store, client_id: str) -> dict:
    """The whole record of one client as a JSON-able dict."""
    client = store.client(client_id)
    profile = store.client_profile(client.id)
    answers = normalise_answers(profile.get("screening.answers"))
    runs = store.runs_for_client(client.id)
    return {
        "format": FORMAT,
        "version": 1,
        "written": iso(local_now()),
        "client": {
            "id": client.id,
            "name": client.name,
            "added": iso(client.created),
            "archived": client.archived,
            "record_number": client.record_number,
            "therapist_note": client.note,
        },
        "safety_answers": [
            {"id": q.id, "question": q.text, "answer": _answer(answers.get(q.id))}
            for q in QUESTIONS
        ],
        "profile": profile,
        "therapist_notes": [
            {"written": iso(n.written), "text": n.text, "in_report": n.in_report}
            for n in store.notes(client.id)
        ],
        "goals": [
            {
                "text": goal.text,
                "added": iso(goal.created),
                "archived": goal.archived,
                "ratings": [
                    {"value": r.value, "given": iso(r.rated)}
                    for r in store.goal_ratings(client.id)
                    if r.goal_id == goal.id
                ],
            }
            for goal in store.goals(client.id, include_archived=True)
        ],
        "impressions_of_change": [
            {"value": i.value, "words": i.words, "given": iso(i.rated)}
            for i in store.impressions(client.id)
        ],
        "programme": _programme(store, client.id),
        "practices": [
            {
                "id": run.id,
                "practice": run.practice_id,
                "title": run.title,
                "length": run.variant,
                "started": iso(run.started),
                "ended": iso(run.ended) if run.ended else None,
                "status": run.status,
                "planned_minutes": round(run.planned_ms / 60_000, 1),
                "practised_minutes": round(run.practised_ms / 60_000, 1),
                "note": run.note,
                "ratings": [
                    {
                        "measure": r.measure,
                        "when": r.when,
                        "value": r.value,
                        "skipped": r.value is None,
                        "given": iso(r.rated),
                    }
                    for r in run.ratings
                ],
            }
            for run in runs
        ],
    }


def export_client_record(store: Store, client_id: str, path: Path) -> int:
    """Write the client's whole record to `path`; returns how many practices it holds."""
    record = client_record(store, client_id)
    with atomic_text_file(Path(path)) as out:
        json.dump(record, out, ensure_ascii=False, indent=2)
        out.write("\n")
    return len(record["practices"])


def _programme(store: Store, client_id: str) -> dict:
    programme = store.programme(client_id)
    return {
        "note": programme.note,
        "items": [item.document(id_key="practice") for item in programme.items],
    }


def _answer(value: object) -> str:
    return "yes" if value is True else "no" if value is False else "not answered"
