"""Reads the `[[steps]]` of a practice script, one kind at a time, into Step values."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from calm.practice.events import StepKind
from calm.practice.script import (
    SOUNDS_AMBIENCE,
    SOUNDS_BELL,
    AmbienceStep,
    BellStep,
    BreathingStep,
    NarrationStep,
    SectionStep,
    SilenceStep,
    Step,
    Varying,
)
from calm.practice.spoken import PLACEHOLDERS, SIDE_PLACEHOLDERS, WHEN, placeholders_in

if TYPE_CHECKING:
    from calm.practice.problems import Problems

AUDIO_SUFFIXES = (".wav", ".ogg", ".mp3", ".flac")
MAX_STEPS = 2000
COMMON = {"kind", "only"}
KEYS = {
    StepKind.SECTION: {"title"},
    StepKind.NARRATION: {
        "text",
        "caption",
        "audio",
        "seconds",
        "pause",
        "repeat",
        "gap",
        "over",
        "when",
    },
    StepKind.SILENCE: {"seconds"},
    StepKind.BELL: {"sound", "strikes", "volume", "seconds"},
    StepKind.BREATHING: {"pattern", "bpm", "ratio", "seconds", "cycles", "spoken", "tone", "title"},
    StepKind.AMBIENCE: {"action", "sound", "volume", "fade"},
}


class StepReader:
    """Turns each step table into a Step, adding a problem for anything wrong."""

    audio_roots: tuple[Path, ...] = ()  # where recordings may lie besides the script's folder
    check_files = False  # `validate`: report recordings that are missing

    def __init__(self, checker: Problems, variant_ids: set[str], folder: Path):
        self.c = checker
        self.variant_ids = variant_ids
        self.folder = folder

    def steps(self, value, has_pattern: bool) -> list[Step]:
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            self.c.add(None, "steps", "steps", "needs at least one [[steps]] table")
            return []
        if len(value) > MAX_STEPS:
            self.c.add(None, "steps", "steps", f"has more than {MAX_STEPS} steps")
            return []
        found = []
        for index, data in enumerate(value):
            step = self.step(index, data, has_pattern)
            if step is not None:
                found.append(step)
        return found

    def step(self, index: int, data: dict, has_pattern: bool) -> Step | None:
        self.table = ("steps", index)
        self.prefix = f"steps[{index + 1}]."
        given = data.get("kind")
        if not isinstance(given, str) or given not in KEYS:
            kinds = ", ".join(KEYS)
            self.c.add(self.table, "kind", self.prefix + "kind", f"must be one of {kinds}")
            return None
        kind = StepKind(given)
        self.c.unknown_keys(data, COMMON | KEYS[kind], self.table, self.prefix)
        self.only = self.variants_only(data.get("only"))
        before = len(self.c.problems)
        step = getattr(self, kind)(data, has_pattern)
        return step if len(self.c.problems) == before else None

    def base(self) -> dict:
        return {"line": self.c.lines.line(self.table) or 0, "only": self.only}

    def variants_only(self, value) -> frozenset[str] | None:
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or not value:
            self.c.add(self.table, "only", self.prefix + "only", "must be a list of variant ids")
            return None
        unknown = sorted(set(value) - self.variant_ids)
        if unknown and self.variant_ids:
            self.c.add(self.table, "only", self.prefix + "only", f"no variant {unknown[0]!r}")
        return frozenset(value)

    def number(self, data, key, low, high, default=None, integer=False) -> Varying | None:
        """A number, or a table of numbers per variant id, within [low, high]."""
        value = data.get(key, default)
        if value is None:
            return None
        field = self.prefix + key
        values = value if isinstance(value, dict) else {"": value}
        if isinstance(value, dict):
            wanted = self.only if self.only is not None else self.variant_ids
            missing = sorted(set(wanted) - set(value))
            if missing:
                self.c.add(self.table, key, field, f"has no value for variant {missing[0]!r}")
            for name in sorted(set(value) - self.variant_ids):
                self.c.add(self.table, key, field, f"no variant {name!r}")
        for number in values.values():
            kind = int if integer else int | float
            if isinstance(number, bool) or not isinstance(number, kind):
                self.c.add(
                    self.table,
                    key,
                    field,
                    "must be a whole number" if integer else "must be a number",
                )
                return None
            if not low <= number <= high:
                self.c.add(
                    self.table, key, field, f"must be between {low} and {high}, not {number}"
                )
                return None
        return value

    def choice(self, data, key, choices, required=True) -> str | None:
        value = data.get(key)
        if value is None and not required:
            return None
        if value not in choices:
            self.c.add(self.table, key, self.prefix + key, f"must be one of {', '.join(choices)}")
            return None
        return value

    def section(self, data, has_pattern):
        title = self.c.text(data, "title", self.table, self.prefix + "title", 80)
        return SectionStep(**self.base(), title=title or "")

    def narration(self, data, has_pattern):
        text = self.c.text(data, "text", self.table, self.prefix + "text", 2000)
        caption = self.c.text(data, "caption", self.table, self.prefix + "caption", 2000, False)
        audio = self.c.text(data, "audio", self.table, self.prefix + "audio", 400, False)
        over = data.get("over", False)
        if not isinstance(over, bool):
            self.c.add(self.table, "over", self.prefix + "over", "must be true or false")
        if over and "repeat" in data:
            self.c.add(self.table, "over", self.prefix + "over", "cannot be repeated")
        if audio and not audio.lower().endswith(AUDIO_SUFFIXES):
            self.c.add(self.table, "audio", self.prefix + "audio", "must be wav, ogg, mp3 or flac")
        elif audio:
            audio = self.recording(audio)
        when = self.follows_pattern(data, text, caption, audio, has_pattern)
        return NarrationStep(
            **self.base(),
            text=text or "",
            caption=caption or text or "",
            audio=audio or None,
            seconds=self.number(data, "seconds", 0.5, 600),
            pause=self.number(data, "pause", 0, 600, default=2) or 0,
            repeat=self.number(data, "repeat", 1, 20, default=1, integer=True) or 1,
            gap=self.number(data, "gap", 0, 600),
            over=over is True,
            when=when,
        )

    def follows_pattern(self, data, text, caption, audio, has_pattern) -> str | None:
        """Check `when` and the `{inhale}`-style placeholders; return `when`."""
        when = data.get("when")
        if when is not None and when not in WHEN:
            self.c.add(self.table, "when", self.prefix + "when", 'must be "holds" or "no-holds"')
            when = None
        every = placeholders_in(text or "") + placeholders_in(caption or "")
        used = [name for name in every if name not in SIDE_PLACEHOLDERS]
        for name in dict.fromkeys(used):
            if name not in PLACEHOLDERS:
                names = ", ".join("{" + p + "}" for p in PLACEHOLDERS + SIDE_PLACEHOLDERS)
                self.c.add(
                    self.table, "text", self.prefix + "text", f"unknown {{{name}}}; use {names}"
                )
        if (used or when) and not has_pattern:
            key = "when" if when else "text"
            self.c.add(
                self.table,
                key,
                self.prefix + key,
                "follows the breathing pattern, but the script has no [breathing] pattern",
            )
        if every and audio:
            self.c.add(
                self.table,
                "audio",
                self.prefix + "audio",
                "a recording cannot follow the pattern; use lines marked with when instead",
            )
        return when

    def recording(self, name: str) -> str | None:
        """The recording's real path (links followed), if it lies in the practice's own folder
        or the user's practices folder: a script may not mix any file on the disk into a
        take-home render."""
        where = self.prefix + "audio"
        try:
            path = (self.folder / name).resolve()
            roots = [Path(root).resolve() for root in self.audio_roots or (self.folder,)]
        except (OSError, RuntimeError, ValueError):
            self.c.add(self.table, "audio", where, f"{name!r} cannot be found (a link loop?)")
            return None
        if not any(path.is_relative_to(root) for root in roots):
            self.c.add(
                self.table, "audio", where,
                f"{path} is outside the practice's folder; put the recording beside the script",
            )  # fmt: skip
            return None
        if self.check_files and not path.is_file():
            self.c.add(self.table, "audio", where, f"the recording {path} does not exist")
        return str(path)

    def silence(self, data, has_pattern):
        seconds = self.number(data, "seconds", 0.5, 3600)
        if "seconds" not in data:
            self.c.add(self.table, None, self.prefix + "seconds", "is missing")
        return SilenceStep(**self.base(), seconds=seconds or 0)

    def bell(self, data, has_pattern):
        return BellStep(
            **self.base(),
            sound=self.choice(data, "sound", SOUNDS_BELL, required=False) or "bowl",
            strikes=self.number(data, "strikes", 1, 9, default=1, integer=True) or 1,
            volume=self.number(data, "volume", 0, 100, default=100, integer=True) or 0,
            seconds=self.number(data, "seconds", 0, 120, default=5) or 0,
        )

    def breathing(self, data, has_pattern):
        pattern = self.c.pattern(data, self.table, self.prefix)
        if pattern is None and not has_pattern and not ({"pattern", "bpm"} & set(data)):
            self.c.add(
                self.table,
                None,
                self.prefix + "pattern",
                "is missing (and the script has no [breathing] pattern)",
            )
        seconds = self.number(data, "seconds", 1, 7200)
        cycles = self.number(data, "cycles", 1, 500, integer=True)
        if (seconds is None) == (cycles is None):
            self.c.add(self.table, None, self.prefix + "seconds", "give seconds or cycles (one)")
        tone = data.get("tone", True)
        if not isinstance(tone, bool):
            self.c.add(self.table, "tone", self.prefix + "tone", "must be true or false")
        title = self.c.text(data, "title", self.table, self.prefix + "title", 80, False)
        return BreathingStep(
            **self.base(),
            pattern=pattern,
            seconds=seconds,
            cycles=cycles,
            spoken=self.number(data, "spoken", 0, 7200, default=0) or 0,
            tone=tone is True,
            title=title or "Breathing",
        )

    def ambience(self, data, has_pattern):
        action = self.choice(data, "action", ("start", "change", "stop"))
        sound = self.choice(data, "sound", SOUNDS_AMBIENCE, required=action == "start")
        return AmbienceStep(
            **self.base(),
            action=action or "stop",
            sound=sound,
            volume=self.number(data, "volume", 0, 100, default=50, integer=True) or 0,
            fade=self.number(data, "fade", 0, 60, default=3) or 0,
        )
