"""A practice from file to due events: the script model and its loader, breathing patterns, the
library of practices, the safety screening, timeline events, the timeline compiler and the
session engine that plays a timeline against a clock."""
