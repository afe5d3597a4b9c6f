"""Staged settings: a value read back at once and written later, once, in order."""

from __future__ import annotations

import pytest

from calm.errors import StoreError
from calm.settings import MemoryBackend, Settings


class CountingBackend(MemoryBackend):
    """Settings in memory, counting the writes, failing while `broken`."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, object]] = []
        self.broken = False

    def set_setting(self, key, value) -> None:
        if self.broken:
            raise StoreError("The disk is full.")
        self.writes.append((key, value))
        super().set_setting(key, value)


def test_staged_values_read_back_at_once_and_are_written_once():
    """Fifty slider steps are one write of the last value, and reads never lag behind."""
    backend = CountingBackend()
    settings = Settings(backend)
    for volume in range(50):
        settings.stage("volume.voice", volume)
    assert settings.get("volume.voice") == 49 and backend.writes == []
    assert settings.has_staged
    settings.save_staged()
    assert backend.writes == [("volume.voice", 49)] and not settings.has_staged
    settings.save_staged()
    assert len(backend.writes) == 1


def test_a_staged_value_that_fails_to_save_is_kept_for_the_next_try():
    """A full disk must not lose the person's volume: it is written once there is room."""
    backend = CountingBackend()
    settings = Settings(backend)
    settings.stage("volume.cue", 30)
    backend.broken = True
    with pytest.raises(StoreError):
        settings.save_staged()
    assert settings.get("volume.cue") == 30 and settings.has_staged
    backend.broken = False
    settings.save_staged()
    assert backend.values["volume.cue"] == 30


def test_a_bad_value_is_refused_when_staged():
    """An impossible volume is refused at once, not found out later by the worker."""
    with pytest.raises(ValueError):
        Settings(MemoryBackend()).stage("volume.voice", 140)
