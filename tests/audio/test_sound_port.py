"""The sound engines fit the core's sound port (calm/practice/sound_port.py), which the
terminal player and the window's controller are written against."""

from __future__ import annotations

import inspect

import pytest

from audio.bank import open_bank
from audio.engine import AudioEngine, SilentEngine
from audio.pygame_engine import PygameEngine
from calm.practice.sound_port import SoundPort

PORT_METHODS = sorted(
    name
    for name, member in vars(SoundPort).items()
    if inspect.isfunction(member) and not name.startswith("_")
)


def shape(function) -> list[tuple[str, object, object]]:
    """(name, kind, default) of each parameter: what a caller relies on."""
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


def test_the_port_names_what_the_players_call():
    """The players call these; a port missing one would let an engine without it slip by."""
    assert PORT_METHODS == [
        "close",
        "pause",
        "play_event",
        "preload",
        "resume",
        "set_master_volume",
        "set_volume",
        "stop",
        "take_warnings",
        "update",
    ]


@pytest.mark.parametrize("engine", [AudioEngine, SilentEngine, PygameEngine])
@pytest.mark.parametrize("method", PORT_METHODS)
def test_each_engine_takes_the_ports_calls_as_the_port_gives_them(engine, method):
    """An engine whose method differs (a renamed argument, another default) would fail in
    the middle of a practice, not at start-up."""
    assert shape(getattr(engine, method)) == shape(getattr(SoundPort, method))


def test_engines_are_sound_ports(paths):
    """Both engines, as the app builds them, are taken wherever a sound port is asked for."""
    silent = SilentEngine("no device")
    mixer = PygameEngine(open_bank(paths))
    for engine in (silent, mixer):
        assert isinstance(engine, SoundPort)
        assert isinstance(engine.available, bool)
    assert silent.reason == "no device" and not silent.available
