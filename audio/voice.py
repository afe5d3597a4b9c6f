"""Narration: pluggable voice sources tried in order, ending in a soft chime with the caption.

A `VoiceSource` has a `name` and `render(narration)`, which returns PCM, or None when it has
nothing to say for this line (no file named, no espeak installed), or raises `VoiceProblem` when
it should have had something and could not (a missing or damaged recording). The `Narrator`
turns problems into warnings that name the practice and step, and goes on to the next source,
so a practice always goes on. A better offline voice is one more class in the list.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from audio.cache import Entry, SoundCache
from audio.format import frames_to_ms
from audio.sounds import BELLS
from calm.errors import AudioError
from calm.practice.events import Narration, Phase

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

_SOURCE_NAMES = {
    "recorded": "the recorded voice",
    "espeak": "synthesised speech",
    "caption": "the caption alone, with a soft chime",
}


class VoiceProblem(AudioError):
    """A voice source should have spoken a line and could not; the message says why."""


class VoiceSource(Protocol):
    """One way of voicing a narration line."""

    name: str

    def render(self, narration: Narration) -> np.ndarray | None:
        """PCM for the line, None if this source has nothing for it, or raise VoiceProblem."""
        ...

    def entry(self, narration: Narration) -> Entry | None:
        """Where its PCM for the line is cached (found without numpy), None if this source
        has nothing for it, or raise VoiceProblem."""
        ...


@dataclass(frozen=True)
class Speech:
    """What the narrator chose for a line: the samples, which source, and any warnings."""

    pcm: np.ndarray = field(compare=False, repr=False)
    source: str
    warnings: tuple[str, ...] = ()

    @property
    def duration_ms(self) -> float:
        """How long the samples last."""
        return frames_to_ms(len(self.pcm))

    @property
    def is_voice(self) -> bool:
        """True when words are spoken (so ambience ducks); False for the chime fallback."""
        return self.source != "caption"


class CaptionChime:
    """The last resort: no voice, but a soft chime says a new caption is on screen."""

    name = "caption"

    def __init__(self, sounds: SoundCache):
        self._sounds = sounds

    def render(self, narration: Narration) -> np.ndarray | None:
        """The chime; always available."""
        return self._sounds.get(BELLS["chime"])

    def entry(self, narration: Narration) -> Entry | None:
        """Where the chime is cached."""
        return self._sounds.entry(BELLS["chime"])


def _where(narration: Narration) -> str:
    practice = narration.practice_id or "this practice"
    step = narration.key or narration.caption[:40] or narration.text[:40]
    return f"Practice '{practice}', step '{step}'"


Memo = tuple[str, str, str, str | None]
# How a narrator gets a source's samples for a line: `render` (made if need be, as arrays) or
# the live engine's cache-only reader (bytes); None when the source has nothing to say.
Getter = Callable[[VoiceSource, Narration], Any]


def _render(source: VoiceSource, narration: Narration) -> Any:
    return source.render(narration)


def memo_of(narration: Narration) -> Memo:
    """What identifies a line for the narrator's choice."""
    return (narration.practice_id, narration.key, narration.text, narration.audio)


class Narrator:
    """Tries each voice source in turn; remembers what it chose until `forget()`."""

    def __init__(self, sources: Sequence[VoiceSource]):
        if not sources:
            raise ValueError("a narrator needs at least one voice source")
        self.sources = list(sources)
        # Which source spoke each line, and the warnings met, but not the samples: a long
        # practice's speech would fill a hundred megabytes. Sources keep their own disk cache,
        # so reading a line again when it is played costs a millisecond or two.
        self._chosen: dict[Memo, tuple[int | None, tuple]] = {}
        self._words: dict[str, np.ndarray | None] = {}
        # What each source that failed a line said (source name, line) -> problem.
        self.problems: dict[tuple[str, Memo], str] = {}

    def speak(self, narration: Narration) -> Speech:
        """The speech for a line: the first source that has it; warnings for any that failed."""
        pcm, source, warnings = self.choose(narration, _render)
        if pcm is None:
            import numpy as np

            pcm = np.zeros((0, 2), dtype=np.int16)
        return Speech(pcm, source, warnings)

    def choose(self, narration: Narration, get: Getter) -> tuple[Any, str, tuple[str, ...]]:
        """(samples or None, source name, warnings) for a line, the samples taken by `get`."""
        memo = memo_of(narration)
        if memo in self._chosen:
            index, warnings = self._chosen[memo]
            if index is None:
                return None, "caption", warnings
            try:
                pcm = get(self.sources[index], narration)
            except VoiceProblem:
                pcm = None  # the file went away since: choose again below
            if pcm is not None and len(pcm):
                return pcm, self.sources[index].name, warnings
        problems: list[str] = []
        pcm, name, chosen = None, "caption", None
        for index, source in enumerate(self.sources):
            try:
                found = get(source, narration)
            except VoiceProblem as problem:
                problems.append(str(problem))
                self.problems[(source.name, memo)] = str(problem)
                continue
            if found is not None and len(found):
                pcm, name, chosen = found, source.name, index
                break
        fallback = _SOURCE_NAMES.get(name, name)
        warnings = tuple(
            f"{_where(narration)}: {problem}; using {fallback} instead." for problem in problems
        )
        for warning in warnings:
            log.warning("%s", warning)
        self._chosen[memo] = (chosen, warnings)
        return pcm, name, warnings

    def phase_word(self, phase: Phase, get: Getter | None = None) -> Any:
        """The word for a breath phase ("in", "out", "hold") spoken by the first source that can
        say it; None when only the chime is left (a chime on every breath would be a nuisance).
        Kept once made; with another `get` (the live engine's), not kept here."""
        word = phase.word  # the pacer shows the same word (calm/practice/events.py)
        if get is None and word in self._words:
            return self._words[word]
        line = Narration(text=word, caption="", audio=None, duration_ms=0, key=f"word-{word}")
        pcm = None
        for source in self.sources:
            if source.name == "caption":
                break
            try:
                pcm = (get or _render)(source, line)
            except VoiceProblem as problem:
                log.info("Phase word %r not available from %s: %s", word, source.name, problem)
            if pcm is not None and len(pcm):
                break
        if get is None:
            self._words[word] = pcm
        return pcm

    def forget(self) -> None:
        """Forget which source spoke each line, and which failed (after a practice)."""
        self._chosen.clear()
        self._words.clear()
        self.problems.clear()
