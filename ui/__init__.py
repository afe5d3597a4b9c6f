"""Calm Harbor's Qt interface: screens, the pacer, the practice controller, the theme."""
