"""Targets: their file format, pathways, the actual figures they are measured by, and progress."""
