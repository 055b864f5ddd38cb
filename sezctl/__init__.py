"""sezctl: a roadmap manager over plain YAML files.

The folders are the stages of the pipeline, and imports point one way (docs/architecture.md):
``core`` (model, problems, dates) <- ``source`` (bytes -> YAML nodes -> model, sezctl.toml) <-
``plan`` (days, the Kazakhstan calendar, slippage, forecasts: pure) <- ``rules`` (checks, the
change policy) <- ``history`` (git, past states, changes) and ``editing`` (text edits, atomic
writes, scaffolding) <- ``reports`` (one typed result per command family: status, critical path,
meeting pack, export) <- ``render`` (tables, JSON, CSV, Markdown, HTML, ICS, SARIF) <- ``cli``
(options, the session, printing, exit codes).
"""

__version__ = "0.1.0"
