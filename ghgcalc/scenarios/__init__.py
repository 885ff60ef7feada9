"""Scenarios: files, levers, uncertain parameters, the projection, attribution, costs and goal seek."""
