"""Helpers used only by tests and benchmarks: finding cue onsets in captured audio, and
playing a practice through the real mixer to capture what it let out."""
