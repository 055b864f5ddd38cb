"""Findings about the data: consistency checks and the change policy, as registries of small pure
rules."""
