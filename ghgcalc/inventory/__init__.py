"""Activity tables and the inventory engine: activity data in, emissions lines and totals out."""
