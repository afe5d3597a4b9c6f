"""Tests of calm/exchange/."""
