"""The short safety screening of CONTENT.md and what its answers mean for each practice.

Six yes/no questions are asked before the first practice (and can be changed in Settings).
`assess(script, answers)` turns the answers into `Advice`: hide the practice, or show it with a
warning (a plain sentence), or leave it be. Answers are `{question id: True/False}`; anything
not exactly True (missing, None, junk from a hand-edited file) counts as "no", so an unanswered
screening hides nothing.

The rules, by the script's safety flags (why: breath holds raise blood pressure and cause air
hunger; fast breathing lowers carbon dioxide, which brings dizziness, tingling and panic and is
a known seizure trigger; tensing muscles hard strains healing wounds and raises blood pressure;
imagery and inward attention can bring trauma memories up):

| flag            | hidden by                               | warned by                        |
| --------------- | --------------------------------------- | -------------------------------- |
| fast-breathing  | any "yes"                               | -                                |
| breath-holds    | pregnancy, heart or lung condition      | seizures, recent operation,      |
|                 |                                         | panic or trauma, dizziness       |
| muscle-tension  | -                                       | recent operation, pregnancy,     |
|                 |                                         | heart or lung condition          |
| imagery (and    | -                                       | panic or trauma (keep eyes open) |
| body-scan)      |                                         |                                  |
| slow-breathing  | -                                       | dizziness (breathe gently)       |

A practice hidden only because of its breath holds that offers a no-hold pattern (box
breathing's 4-0-4-0) is not hidden: the advice names that pattern in `use_pattern` and says
so, and the player should compile the timeline with it. A hidden practice still carries a
sentence saying why, for a therapist who wants to know.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from calm.practice.patterns import BreathPattern
from calm.practice.script import Script


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
        "Holding the breath is best avoided in pregnancy.",
    ),
    Question(
        "heart-lung",
        "Do you have a heart or lung condition, such as heart disease, asthma or COPD?",
        "Holding the breath or breathing fast can strain the heart and lungs.",
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
        "panic-trauma",
        "Do you have panic attacks, or memories of trauma that still trouble you?",
        "Some breathing and imagery can stir these up; there are gentler ways.",
    ),
    Question(
        "dizziness",
        "Do you often feel dizzy or faint?",
        "Some breathing can make dizziness worse.",
    ),
)
QUESTION_IDS = tuple(q.id for q in QUESTIONS)

# Plain phrases for "because you ..." sentences.
_BECAUSE = {
    "pregnancy": "you are pregnant",
    "heart-lung": "you have a heart or lung condition",
    "seizures": "you have had seizures",
    "surgery": "you had an operation recently",
    "panic-trauma": "you have panic attacks or trauma memories",
    "dizziness": "you often feel dizzy",
}
HIDE = {
    "fast-breathing": frozenset(QUESTION_IDS),
    "breath-holds": frozenset({"pregnancy", "heart-lung"}),
}
# (flag, question) -> the warning shown with the practice.
WARN = {
    ("breath-holds", "seizures"): (
        "This practice holds the breath. If you feel light-headed or unwell, breathe normally."
    ),
    ("breath-holds", "surgery"): (
        "This practice holds the breath. Hold softly, never by straining; breathe normally "
        "whenever you need to."
    ),
    ("breath-holds", "panic-trauma"): (
        "This practice holds the breath. If holding makes you feel short of air or uneasy, "
        "skip the holds and breathe at your own pace."
    ),
    ("breath-holds", "dizziness"): (
        "This practice holds the breath, which can make dizziness worse. Sit down, and breathe "
        "normally if you feel light-headed."
    ),
    ("muscle-tension", "surgery"): (
        "Near your operation, only imagine tensing the muscles, or skip that part."
    ),
    ("muscle-tension", "pregnancy"): "Skip tensing your belly; only imagine it.",
    ("muscle-tension", "heart-lung"): (
        "Tense gently, at about half your strength, and keep breathing while you tense."
    ),
    ("imagery", "panic-trauma"): (
        "You may keep your eyes open and look at something in the room. Stop at any time if "
        "difficult memories come up."
    ),
    ("slow-breathing", "dizziness"): (
        "Breathe gently rather than deeply; if you feel light-headed, go back to your normal "
        "breathing."
    ),
}
# A body scan turns attention inward, as imagery does; grounding (eyes open) needs no warning.
_INWARD_CATEGORIES = ("body-scan",)


@dataclass(frozen=True)
class Advice:
    """What the screening says about one practice for one person."""

    hidden: bool = False
    warning: str | None = None
    use_pattern: BreathPattern | None = None  # a safer pattern to practise with instead

    @property
    def ok(self) -> bool:
        """Nothing to hide and nothing to say."""
        return not self.hidden and self.warning is None and self.use_pattern is None


def yes_answers(answers: Mapping[str, object] | None) -> frozenset[str]:
    """The question ids answered exactly True (anything else counts as no)."""
    if not isinstance(answers, Mapping):
        return frozenset()
    return frozenset(q for q in QUESTION_IDS if answers.get(q) is True)


def flags_of(script: Script) -> frozenset[str]:
    """The script's safety flags, with inward attention added for body scans."""
    flags = set(script.safety)
    if script.category in _INWARD_CATEGORIES and "eyes-open" not in flags:
        flags.add("imagery")
    return frozenset(flags)


def no_hold_alternative(script: Script) -> BreathPattern | None:
    """The script's first alternative pattern without holds, if it offers one."""
    for pattern in script.alternatives:
        if not pattern.has_holds:
            return pattern
    return None


def assess(script: Script, answers: Mapping[str, object] | None) -> Advice:
    """Hide, warn on, or leave a practice, for these screening answers (see the module doc)."""
    yes = yes_answers(answers)
    if not yes:
        return Advice()
    flags = flags_of(script)
    hiding = {flag: sorted(yes & HIDE[flag]) for flag in HIDE if flag in flags and yes & HIDE[flag]}
    if "fast-breathing" in hiding:
        return Advice(
            hidden=True, warning=_hidden_text("uses fast breathing", hiding["fast-breathing"])
        )
    use_pattern = None
    if "breath-holds" in hiding:
        use_pattern = no_hold_alternative(script)
        if use_pattern is None:
            return Advice(
                hidden=True, warning=_hidden_text("holds the breath", hiding["breath-holds"])
            )
        flags = flags - {"breath-holds"}  # the holds are gone, so their warnings too
    warnings = [
        WARN[(flag, q)]
        for flag in sorted(flags)
        for q in QUESTION_IDS
        if q in yes and (flag, q) in WARN
    ]
    if use_pattern is not None:
        warnings.insert(0, _no_hold_text(use_pattern, hiding["breath-holds"]))
    unique = list(dict.fromkeys(warnings))
    return Advice(
        hidden=False, warning=" ".join(unique) if unique else None, use_pattern=use_pattern
    )


def _hidden_text(what: str, questions: list[str]) -> str:
    return f"Hidden because it {what}, which is not advised when {_join(questions)}."


def _no_hold_text(pattern: BreathPattern, questions: list[str]) -> str:
    secs = "-".join(f"{s:g}" for s in pattern.seconds())
    return (
        f"Because {_join(questions)}, this practice uses its version without holding the "
        f"breath ({secs} seconds)."
    )


def _join(questions: list[str]) -> str:
    phrases = [_BECAUSE[q] for q in QUESTION_IDS if q in questions]
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]
