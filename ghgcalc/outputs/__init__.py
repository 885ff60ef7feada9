"""Documents and files made from the analyses: the workspace report, tables written safely."""
