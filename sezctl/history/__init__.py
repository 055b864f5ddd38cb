"""git and the roadmap's past: states at commits, what changed between them."""
