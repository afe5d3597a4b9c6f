"""What the safety answers mean for each practice: hide it, warn, or leave it be.

The questions live in calm/practice/questions.py. `assess(script, answers)` turns the answers
into `Advice`: hide the practice, or show it with a warning (plain sentences), or leave it be;
a hidden practice, and one that turns attention inward for someone it may unsettle, also
points to a practice that suits them better (`instead`). Anything not exactly True in the
answers (missing, None, junk from a hand-edited file) counts as "no", so an unanswered
screening hides nothing.

The rules go by the practice's safety flags, with the breathing flags also worked out from its
patterns (calm/practice/flags.py). Why, in short (docs/content.md has the sources): breath
holds raise blood pressure and cause air hunger; fast breathing lowers carbon dioxide, which
brings dizziness, tingling and panic and is a known seizure trigger; tensing muscles hard
strains healing tissue and raises blood pressure; closing the eyes and turning inward can
bring up panic, trauma memories or a sense of unreality; lying flat on the back late in
pregnancy can press on the large vein that returns blood to the heart.

| flag            | hidden by                         | warned by                              |
| --------------- | --------------------------------- | -------------------------------------- |
| fast-breathing  | any "yes"                         | -                                      |
| breath-holds    | pregnancy, heart or lung, high    | seizures, operation, panic, dizziness  |
|                 | blood pressure                    |                                        |
| muscle-tension  | -                                 | operation, injury or flare-up,         |
|                 |                                   | pregnancy, heart or lung, blood press. |
| inward, imagery | -                                 | panic, trauma, dissociation (eyes      |
| (and body-scan) |                                   | open; grounding suggested)             |
| lying-down      | -                                 | pregnancy (not flat on the back)       |
| slow-breathing  | -                                 | dizziness (breathe gently)             |

A practice hidden only because of its breath holds that offers a no-hold pattern (box
breathing's 4-0-4-0) is not hidden: the advice names that pattern in `use_pattern` and says
so, and the player compiles the timeline with it. A hidden practice still carries a sentence
saying why, for a therapist who wants to know.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from calm.practice.flags import derived_flags
from calm.practice.patterns import BreathPattern
from calm.practice.questions import (  # noqa: F401 - re-exported for the screens
    QUESTION_IDS,
    QUESTIONS,
    STOP_LINE,
    URGENT_LINE,
    Question,
    join_reasons,
    normalise_answers,
    yes_answers,
)
from calm.practice.script import Script

HIDE = {
    "fast-breathing": frozenset(QUESTION_IDS),
    "breath-holds": frozenset({"pregnancy", "heart-lung", "blood-pressure"}),
}
_GENTLE_TENSION = "Tense gently, at about half your strength, and keep breathing while you tense."
_SOFTER_TENSION = (
    "Near a new injury or an area that is flaring, only imagine tensing, or rest that part."
)
# (flag, question) -> the warning shown with the practice.
WARN = {
    ("breath-holds", "seizures"): (
        "This practice holds the breath. If you feel light-headed or unwell, breathe normally."
    ),
    ("breath-holds", "surgery"): (
        "This practice holds the breath. Hold softly, never by straining; breathe normally "
        "whenever you need to."
    ),
    ("breath-holds", "panic"): (
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
    ("muscle-tension", "injury-flare"): _SOFTER_TENSION,
    ("muscle-tension", "pregnancy"): "Skip tensing your belly; only imagine it.",
    ("muscle-tension", "heart-lung"): _GENTLE_TENSION,
    ("muscle-tension", "blood-pressure"): _GENTLE_TENSION,
    ("inward", "panic"): (
        "This practice turns your attention inward. You may keep your eyes open, resting on one "
        "spot. If panic rises, look around the room, feel your feet, and breathe normally."
    ),
    ("inward", "trauma"): (
        "You may keep your eyes open and look at something in the room. Stop at any time if "
        "difficult memories come up."
    ),
    ("inward", "dissociation"): (
        "Keep your eyes open if you like, with your feet on the floor. If you start to feel far "
        "away or unreal, stop, look around, and name a few things you can see."
    ),
    ("lying-down", "pregnancy"): (
        "If you lie down, lie on your side with a pillow between your knees, or sit well "
        "supported. Avoid lying flat on your back."
    ),
    ("slow-breathing", "dizziness"): (
        "Breathe gently rather than deeply; if you feel light-headed, go back to your normal "
        "breathing."
    ),
}
# The questions after which a calm, eyes-open practice is the better suggestion.
_UNSETTLED = frozenset({"panic", "trauma", "dissociation"})
# Practices the advice may point to: id -> how the sentence names it.
SUGGESTIONS = {
    "grounding": "5-4-3-2-1 Grounding, done with your eyes open",
    "slow-breathing": "Slow Breathing, which has no holds",
}
# Categories that turn attention inward unless the practice is done with eyes open.
_INWARD_CATEGORIES = ("body-scan",)


@dataclass(frozen=True)
class Advice:
    """What the screening says about one practice for one person."""

    hidden: bool = False
    warning: str | None = None
    use_pattern: BreathPattern | None = None  # a safer pattern to practise with instead
    instead: str | None = None  # id of a practice that may suit better (see SUGGESTIONS)

    @property
    def ok(self) -> bool:
        """Nothing to hide and nothing to say."""
        return not self.hidden and self.warning is None and self.use_pattern is None


def flags_of(script: Script, patterns: Iterable[BreathPattern | None] = ()) -> frozenset[str]:
    """The script's declared flags, the breathing flags its patterns (and `patterns`, the
    person's own or chosen ones) call for, and inward attention for imagery and body scans."""
    flags = set(script.safety) | derived_flags(script, patterns)
    if "eyes-open" not in flags and ("imagery" in flags or script.category in _INWARD_CATEGORIES):
        flags.add("inward")
    flags.discard("imagery")  # its warnings are those of inward attention
    return frozenset(flags)


def no_hold_alternative(script: Script) -> BreathPattern | None:
    """The script's first alternative pattern without holds, if it offers one."""
    for pattern in script.alternatives:
        if not pattern.has_holds:
            return pattern
    return None


def assess(
    script: Script,
    answers: Mapping[str, object] | None,
    patterns: Iterable[BreathPattern | None] = (),
) -> Advice:
    """Hide, warn on, or leave a practice, for these screening answers (see the module doc).
    `patterns` are further patterns the person may breathe it with (their own, the chosen)."""
    yes = yes_answers(answers)
    if not yes:
        return Advice()
    flags = flags_of(script, patterns)
    hiding = {flag: sorted(yes & HIDE[flag]) for flag in HIDE if flag in flags and yes & HIDE[flag]}
    if "fast-breathing" in hiding:
        return _hidden(script, "uses fast breathing", hiding["fast-breathing"], yes)
    use_pattern = None
    if "breath-holds" in hiding:
        use_pattern = no_hold_alternative(script)
        if use_pattern is None:
            return _hidden(script, "holds the breath", hiding["breath-holds"], yes)
        flags = flags - {"breath-holds"}  # the holds are gone, so their warnings too
    warnings = [
        WARN[(flag, q)]
        for flag in sorted(flags)
        for q in QUESTION_IDS
        if q in yes and (flag, q) in WARN
    ]
    if use_pattern is not None:
        warnings.insert(0, _no_hold_text(use_pattern, hiding["breath-holds"]))
    instead = None
    if "inward" in flags and yes & _UNSETTLED and script.id != "grounding":
        instead = "grounding"
        warnings.append(_instead_text(instead))
    unique = list(dict.fromkeys(warnings))
    return Advice(
        warning=" ".join(unique) if unique else None, use_pattern=use_pattern, instead=instead
    )


def _hidden(script: Script, what: str, questions: list[str], yes: frozenset[str]) -> Advice:
    instead: str | None = "grounding" if yes & _UNSETTLED else "slow-breathing"
    if script.id == instead:
        instead = None
    text = f"Hidden because it {what}, which is not advised when {join_reasons(questions)}."
    if instead:
        text += " " + _instead_text(instead)
    return Advice(hidden=True, warning=text, instead=instead)


def _instead_text(practice_id: str) -> str:
    return f"{SUGGESTIONS[practice_id]}, may suit you better."


def _no_hold_text(pattern: BreathPattern, questions: list[str]) -> str:
    secs = "-".join(f"{s:g}" for s in pattern.seconds())
    return (
        f"Because {join_reasons(questions)}, this practice uses its version without holding "
        f"the breath ({secs} seconds)."
    )
