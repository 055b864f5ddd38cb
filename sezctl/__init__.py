"""sezctl: a roadmap manager over plain YAML files.

The data flows one way through the modules:
``yamlsource`` (safe YAML with positions) -> ``loader`` (schema, model) -> ``checks``,
``schedule`` and ``forecast`` (pure functions of the model, a date and a ``days`` counter) ->
``report`` (typed results) ->
``render`` (tables, JSON, CSV, Markdown) -> ``cli`` (options, printing, exit codes).
"""

__version__ = "0.1.0"
