"""Tests of calm/practice/."""
