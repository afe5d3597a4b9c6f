"""Tests of calm/programme/."""
