"""Outputs: results assembled for reading (the workspace report, disclosures, workbooks, scenario tables) and the tables they are drawn with."""
