"""Outputs: results assembled for reading (the workspace report, scenario tables), the tables they are drawn with, files written safely."""
