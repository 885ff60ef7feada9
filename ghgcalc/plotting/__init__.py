"""Charts of target progress and scenario results (matplotlib, an optional extra)."""
