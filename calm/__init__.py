"""Calm Harbor's core: scripts, timelines, the session engine, the store. Plain Python only."""

__version__ = "0.1.0"
