"""The timeline compiler: a script and a chosen length become timed events and a pacer function.

Pure and fast: no I/O, integer milliseconds from the start. A breathing block given in seconds
is rounded to the nearest whole number of breaths (at least one), so it always ends on a
completed breath; the total duration is known before anything plays.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from calm.practice.events import (
    Ambience,
    Bell,
    Breath,
    Event,
    Finished,
    Narration,
    Phase,
    StepKind,
    StepStarted,
)
from calm.practice.patterns import BreathPattern
from calm.practice.script import (
    AmbienceStep,
    BellStep,
    BreathingStep,
    NarrationStep,
    Script,
    SectionStep,
    SilenceStep,
    Step,
    resolve,
)
from calm.practice.spoken import applies, fill

# A calm speaking pace: about 130 words a minute, with a little more time at commas and stops.
MS_PER_WORD = 460
MS_PER_COMMA = 200
MS_PER_STOP = 400
BELL_INTERVAL_MS = 4000
_WORD = re.compile(r"[\w'’]+")


def estimate_speech_ms(text: str) -> int:
    """How long `text` takes to say calmly (at least a second)."""
    words = len(_WORD.findall(text))
    commas = text.count(",") + text.count(";") + text.count("—")
    stops = len(re.findall(r"[.!?…]+", text))
    return max(1000, words * MS_PER_WORD + commas * MS_PER_COMMA + stops * MS_PER_STOP)


@dataclass(frozen=True)
class BreathBlock:
    """One stretch of paced breathing: `cycles` breaths of `pattern` from `start_ms`."""

    start_ms: int
    pattern: BreathPattern
    cycles: int

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.cycles * self.pattern.cycle_ms


@dataclass(frozen=True)
class PacerState:
    """Where the pacer is: the phase, how far through it (0-1), the seconds left in it, and the
    breath's fullness (0 empty - 1 full) for drawing."""

    phase: Phase
    progress: float
    remaining_ms: int
    fullness: float
    cycle: int


@dataclass(frozen=True)
class Mark:
    """A place next/previous can move to: a section, or a step when a script has no sections."""

    at_ms: int
    step: int
    title: str
    kind: StepKind


@dataclass(frozen=True)
class Timeline:
    """A compiled practice: events in time order, its length, breathing blocks and marks."""

    script_id: str
    variant_id: str
    events: tuple[Event, ...]
    duration_ms: int
    blocks: tuple[BreathBlock, ...]
    marks: tuple[Mark, ...]

    def pacer_at(self, at_ms: int) -> PacerState | None:
        """The pacer's state at a time, or None outside the breathing blocks."""
        starts = [block.start_ms for block in self.blocks]
        index = bisect.bisect_right(starts, at_ms) - 1
        if index < 0 or at_ms >= self.blocks[index].end_ms:
            return None
        block = self.blocks[index]
        cycle, offset = divmod(at_ms - block.start_ms, block.pattern.cycle_ms)
        for phase, length in block.pattern.phases():
            if offset < length:
                progress = offset / length
                return PacerState(
                    phase, progress, length - offset, _fullness(phase, progress), cycle
                )
            offset -= length
        raise AssertionError("offset beyond a breath")  # unreachable: offset < cycle_ms

    def ambience_at(self, at_ms: int) -> Ambience | None:
        """The last ambience change at or before a time (None: no ambience yet)."""
        last = None
        for event in self.events:
            if event.at_ms > at_ms:
                break
            if isinstance(event.action, Ambience):
                last = event.action
        return last


def _fullness(phase: Phase, progress: float) -> float:
    # A cosine ease: the shape starts and ends each phase gently, as a breath does.
    eased = (1 - math.cos(math.pi * progress)) / 2
    return {Phase.INHALE: eased, Phase.HOLD_IN: 1.0, Phase.EXHALE: 1 - eased}.get(phase, 0.0)


def compile_timeline(
    script: Script,
    variant_id: str | None = None,
    pattern: BreathPattern | None = None,
    stronger: str = "right",
) -> Timeline:
    """Compile `script` at one length. `pattern` replaces the script's default pattern (the
    user's choice); steps that name their own pattern keep it. `stronger` ("right" or "left",
    the person's stronger hand) fills the words' `{stronger}` and `{other}` sides."""
    variant = script.variant(variant_id).id
    default = pattern or script.pattern
    events: list[Event] = []
    blocks: list[BreathBlock] = []
    marks: list[Mark] = []
    sections: list[Mark] = []
    now = 0
    for index, step in enumerate(script.steps):
        if not step.in_variant(variant):
            continue
        if isinstance(step, NarrationStep) and not applies(step.when, default):
            continue  # a line for patterns with (or without) holds, and this one is not
        title = _title(step)
        if isinstance(step, SectionStep):
            sections.append(Mark(now, index, title, step.kind))
        marks.append(Mark(now, index, title, step.kind))
        events.append(Event(now, index, StepStarted(index, title, step.kind)))
        now = _compile_step(script, step, index, variant, (default, stronger), now, events, blocks)
    events.append(Event(now, len(script.steps), Finished()))
    events.sort(key=lambda event: event.at_ms)  # stable: same-time events keep script order
    return Timeline(script.id, variant, tuple(events), now, tuple(blocks), tuple(sections or marks))


# What a step without a title of its own is called on the player.
UNTITLED = {
    StepKind.NARRATION: "Guidance",
    StepKind.SILENCE: "Quiet",
    StepKind.BELL: "Bell",
    StepKind.AMBIENCE: "Ambience",
}


def _title(step: Step) -> str:
    if isinstance(step, SectionStep | BreathingStep):
        return step.title
    return UNTITLED[step.kind]


def _compile_step(script, step, index, variant, played, now, events, blocks) -> int:
    """Append the step's events starting at `now`; return when the next step starts.
    `played` is the default pattern and the stronger side."""
    default, stronger = played
    at = lambda ms, action: events.append(Event(ms, index, action))  # noqa: E731
    if isinstance(step, NarrationStep):
        text, caption = fill(step.text, default, stronger), fill(step.caption, default, stronger)
        speech = round(resolve(step.seconds, variant) * 1000) if step.seconds else None
        speech = speech or estimate_speech_ms(text)
        repeat = int(resolve(step.repeat, variant))
        pause = round(resolve(step.pause, variant) * 1000)
        gap = round(resolve(step.gap, variant) * 1000) if step.gap is not None else pause
        if step.over:  # spoken over the next step, which starts at the same moment
            at(now, Narration(text, caption, step.audio, speech, script.id, str(index)))
            return now
        for time in range(repeat):
            key = f"{index}.{time}" if repeat > 1 else str(index)
            at(now, Narration(text, caption, step.audio, speech, script.id, key))
            now += speech + (pause if time == repeat - 1 else gap)
        return now
    if isinstance(step, SilenceStep):
        return now + round(resolve(step.seconds, variant) * 1000)
    if isinstance(step, BellStep):
        strikes = int(resolve(step.strikes, variant))
        volume = int(resolve(step.volume, variant))
        for strike in range(strikes):
            at(now + strike * BELL_INTERVAL_MS, Bell(step.sound, volume))
        return now + max(
            round(resolve(step.seconds, variant) * 1000), (strikes - 1) * BELL_INTERVAL_MS
        )
    if isinstance(step, AmbienceStep):
        fade = round(resolve(step.fade, variant) * 1000)
        at(now, Ambience(step.action, step.sound, int(resolve(step.volume, variant)), fade))
        return now
    if isinstance(step, BreathingStep):
        return _compile_breathing(step, variant, step.pattern or default, now, at, blocks)
    return now  # a section takes no time


def _compile_breathing(step, variant, pattern, now, at, blocks) -> int:
    if step.cycles is not None:
        cycles = int(resolve(step.cycles, variant))
    else:
        wanted = resolve(step.seconds, variant) * 1000
        cycles = max(1, round(wanted / pattern.cycle_ms))
    spoken_until = now + round(resolve(step.spoken, variant) * 1000)
    blocks.append(BreathBlock(now, pattern, cycles))
    for cycle in range(cycles):
        for phase, length in pattern.phases():
            at(now, Breath(phase, length, cycle, spoken=now < spoken_until, tone=step.tone))
            now += length
    return now
