"""The safety questions, and the safety lines every person is shown (docs/content.md).

Each question is a yes/no with a short reason. Answers are `{question id: True/False}`; the
ids are stable, since answers are stored under them. Answers saved under an id that has since
been split (the old "panic attacks or trauma" question) are read as the same answer to each
of the questions it became, so nobody loses a "yes" when the questions change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Shown before every breathing practice, and spoken in each breathing script.
STOP_LINE = "Stop if you feel dizzy, short of breath or have chest pain."
# Said once in every practice, in every length (docs/content.md, content rule 1).
PAIN_LINE = (
    "If anything makes your pain worse, ease off or stop. You can come back to it another day."
)
# Said once in the welcome and once on the check-in (never only inside a practice).
URGENT_LINE = (
    "Chest pain, or breathlessness that does not settle when you stop, needs urgent medical "
    "help: call your local emergency number."
)


@dataclass(frozen=True)
class Question:
    """One yes/no question: its id (the key in the answers), the words, a short why."""

    id: str
    text: str
    why: str


QUESTIONS: tuple[Question, ...] = (
    Question(
        "pregnancy",
        "Are you pregnant?",
        "Holding the breath is best avoided in pregnancy, and so is lying flat on your back.",
    ),
    Question(
        "heart-lung",
        "Do you have a heart or lung condition, such as heart disease, asthma or COPD?",
        "Holding the breath or breathing fast can strain the heart and lungs.",
    ),
    Question(
        "blood-pressure",
        "Do you have high blood pressure?",
        "Holding the breath and tensing muscles hard both raise blood pressure.",
    ),
    Question(
        "seizures",
        "Have you ever had seizures or epilepsy?",
        "Fast breathing can bring on a seizure.",
    ),
    Question(
        "surgery",
        "Have you had an operation in the last three months?",
        "Tensing muscles near a healing wound can hurt it.",
    ),
    Question(
        "injury-flare",
        "Have you had a new injury, or a flare-up of your pain, in the last few weeks?",
        "Tensing a hurt or flaring area can make it worse. There is a practice for flare-ups.",
    ),
    Question(
        "panic",
        "Do you have panic attacks?",
        "Holding the breath, or focusing closely on the body, can set off panic in some people.",
    ),
    Question(
        "trauma",
        "Do memories of a frightening or traumatic event still trouble you?",
        "Closing the eyes and turning inward can bring memories up. You can keep your eyes open.",
    ),
    Question(
        "dissociation",
        "Do you sometimes feel unreal, far away, or cut off from your body?",
        "Long practices with the eyes closed can make this stronger. Grounding helps.",
    ),
    Question(
        "dizziness",
        "Do you often feel dizzy or faint?",
        "Some breathing can make dizziness worse.",
    ),
)
QUESTION_IDS = tuple(q.id for q in QUESTIONS)

# Ids answers may still be stored under, and the questions each one became.
LEGACY_IDS = {"panic-trauma": ("panic", "trauma")}

# Plain phrases for "because you ..." sentences.
BECAUSE = {
    "pregnancy": "you are pregnant",
    "heart-lung": "you have a heart or lung condition",
    "blood-pressure": "you have high blood pressure",
    "seizures": "you have had seizures",
    "surgery": "you had an operation recently",
    "injury-flare": "you have a new injury or a flare-up",
    "panic": "you have panic attacks",
    "trauma": "memories of a trauma still trouble you",
    "dissociation": "you sometimes feel unreal or far away",
    "dizziness": "you often feel dizzy",
}


def normalise_answers(answers: Mapping[str, object] | None) -> dict[str, bool]:
    """The answers under today's question ids: True or False, unanswered left out. An answer
    under a legacy id fills each question it became that has no answer of its own."""
    if not isinstance(answers, Mapping):
        return {}
    found: dict[str, bool] = {
        q: value for q in QUESTION_IDS if isinstance(value := answers.get(q), bool)
    }
    for old, new_ids in LEGACY_IDS.items():
        value = answers.get(old)
        if isinstance(value, bool):
            for qid in new_ids:
                found.setdefault(qid, value)
    return {q: found[q] for q in QUESTION_IDS if q in found}


def yes_answers(answers: Mapping[str, object] | None) -> frozenset[str]:
    """The question ids answered exactly True (anything else counts as no)."""
    return frozenset(q for q, value in normalise_answers(answers).items() if value is True)


def join_reasons(questions: list[str] | set[str] | frozenset[str]) -> str:
    """ "you are pregnant and you have a heart or lung condition", in question order."""
    phrases = [BECAUSE[q] for q in QUESTION_IDS if q in questions]
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]
