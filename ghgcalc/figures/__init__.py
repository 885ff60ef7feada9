"""Printed figures: the metric vocabulary, reported tables, money and exchange rates."""
