"""Tests of calm/store/."""
