"""Outputs: a workspace's results assembled for reading (reports) and the tables they are drawn with."""
