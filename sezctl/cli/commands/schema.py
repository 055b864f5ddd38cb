"""``sezctl schema``: the JSON Schema of the roadmap file format, for editors."""

# No `from __future__ import annotations`: Typer reads this module's annotations when the
# command runs, and as strings they would be evaluated each time.

import sys

from sezctl.cli.app import app, handle_errors
from sezctl.cli.options import LangOption


@app.command()
@handle_errors
def schema(lang: LangOption = None) -> None:
    """Print the JSON Schema (draft-07) of the roadmap file format, for editors.

    YAML editors (VS Code with the YAML extension, JetBrains IDEs, Neovim...) validate a file
    while you type when its first line names the schema:

    \b
      # yaml-language-server: $schema=../schema/sezctl.schema.json

    \b
    Examples:
      sezctl schema > schema/sezctl.schema.json
      sezctl schema | jq '.definitions.item.required'
    """
    from sezctl.source.schema import render_schema

    sys.stdout.write(render_schema())
