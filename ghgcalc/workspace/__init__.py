"""A workspace: its configuration file, the run over all its files, the manifest, explanations."""
