"""Changing files safely: text edits that keep every other byte, atomic writes, scaffolding."""
