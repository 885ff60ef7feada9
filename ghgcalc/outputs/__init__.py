"""Outputs: results assembled for reading (the workspace report), the tables they are drawn with, files written safely."""
