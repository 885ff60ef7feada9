"""Emission-factor datasets, the factor library and its look-up, and GWP sets."""
