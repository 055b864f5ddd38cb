"""``sezctl schema``: the JSON Schema of the roadmap file format, for editors."""

# No `from __future__ import annotations`: Typer reads this module's annotations when the
# command runs, and as strings they would be evaluated each time.

import sys

from sezctl.cli.app import app, handle_errors
from sezctl.cli.options import LangOption
from sezctl.core.i18n import N_


@app.command(
    help=N_(
        "Print the JSON Schema (draft-07) of the roadmap file format, for editors.\n"
        "\n"
        "YAML editors (VS Code with the YAML extension, JetBrains IDEs, Neovim...) "
        "validate a file\n"
        "while you type when its first line names the schema:\n"
        "\n"
        "  # yaml-language-server: $schema=../schema/sezctl.schema.json\n"
        "\n"
        "Examples:\n"
        "  sezctl schema > schema/sezctl.schema.json\n"
        "  sezctl schema | jq '.definitions.item.required'"
    )
)
@handle_errors
def schema(lang: LangOption = None) -> None:
    """Print the JSON Schema (draft-07) of the roadmap file format, for editors."""
    from sezctl.source.schema import render_schema

    sys.stdout.write(render_schema())
