"""Tests of calm/reports/."""
