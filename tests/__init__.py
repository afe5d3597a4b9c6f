"""Calm Harbor's tests, mirroring the layout of the code."""
