"""Tests of audio/."""
