"""The least a ``status`` command can do with Typer, Rich and PyYAML: the floor of issue 2's target.

    python bench/floor.py [FOLDER] [--today 2026-11-26]

Not sezctl and not a product: a reference program for ``bench/run.py``.  It does only what any
implementation of ``sezctl status`` must do to print its tables, and nothing that makes sezctl
trustworthy: one Typer command, every ``*.yaml`` file read with PyYAML's C loader (no positions,
no duplicate-key or alias checks, no schema, no validation, no consistency checks, no
forecast), the open items due before today in a Rich table worst first, the items due within 14
days in a second one, and a summary line, printed through a ``rich.console.Console`` as sezctl
does.  The overdue table copies the columns of ``sezctl.render.table`` on purpose (it must not
import sezctl, whose cost is what it is compared with); ``tests/test_bench.py`` checks that it
prints sezctl's overdue table line for line.  A malformed file makes it crash: it is the floor.

:func:`main` runs it the way ``sezctl/__main__.py`` runs sezctl, with the garbage collector set
up for a short-lived process (collect rarely from before the first import, freeze what the
imports built) and ending the process without tearing it down: the same process tricks on both
sides, so the comparison is of the work alone.

Timed against ``python -c "import typer, rich.table, yaml"`` it shows how much of issue 2's
allowance (1.25x those imports) the unavoidable part of the job already spends: importing
``rich.console`` (``rich.table`` alone does not import it), building one Typer command, parsing
the files and laying out the tables.  docs/performance.md quotes the figures.
"""

import gc
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any


def _items(stages: list[dict[str, Any]], roadmap: str) -> list[dict[str, Any]]:
    found = []
    for stage in stages:
        found.append({**stage, "roadmap": roadmap})
        found += _items(stage.get("tasks") or [], roadmap)
    return found


def _points(protocol: dict[str, Any]) -> list[dict[str, Any]]:
    group = f"protocol-{_day(protocol['date']).isoformat()}"
    found = []
    for point in protocol.get("points") or []:
        closed = "done" if "executed" in point else "cancelled" if "off_control" in point else None
        status = point.get("status") or closed or "planned"
        found.append({**point, "id": str(point["point"]), "roadmap": group, "status": status})
        found[-1]["title"] = point["text"]
    return found


def _day(value: object) -> date:
    if isinstance(value, date):
        return value
    day, month, year = str(value).split(".")
    return date(int(year), int(month), int(day))


def _ref(item: dict[str, Any]) -> str:
    return f"{item['roadmap']}/{item['id']}"


def _table(title: str, rows: list[tuple[dict[str, Any], int]], header: str, owners: Any) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=False, pad_edge=False
    )
    table.add_column("Item", overflow="fold")
    table.add_column("Title", min_width=12, overflow="fold")
    table.add_column("Owner", min_width=8, overflow="fold")
    table.add_column("Due", no_wrap=True, min_width=10)
    table.add_column(header, justify="right", no_wrap=True, min_width=len(header))
    table.add_column("Status", no_wrap=True, min_width=11)
    for item, days in rows:
        label = Text(item["id"])
        label.append("\n" + item["roadmap"], style="dim")
        table.add_row(
            label,
            Text(item["title"]),
            Text(owners.get(item["owner"], {}).get("name", item["owner"])),
            Text(_day(item["due"]).isoformat()),
            Text(str(days), style="red"),
            Text(item.get("status", "planned")),
        )
    return table


def build_app() -> Any:
    """The Typer application (imports Typer, PyYAML and Rich).  This file has no ``from
    __future__ import annotations``: Typer reads the command's annotations, which name what is
    imported here."""
    from typing import Annotated

    import typer
    import yaml
    from rich.console import Console, Group
    from rich.text import Text

    app = typer.Typer(add_completion=False)

    @app.command()
    def status(
        folder: Annotated[Path, typer.Argument()] = Path("roadmaps"),
        today: Annotated[str, typer.Option()] = "2026-11-26",
    ) -> None:
        now = date.fromisoformat(today)
        owners: dict[str, Any] = {}
        items: list[dict[str, Any]] = []
        for path in sorted(folder.rglob("*.yaml")):
            data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
            owners.update(data.get("owners") or {})
            if "roadmap" in data:
                items += _items(data["stages"], data["roadmap"])
            elif "protocol" in data:  # a meeting's protocol: its points are items too
                items += _points(data)
        open_items = [i for i in items if i.get("status") not in ("done", "cancelled")]
        # Worst first, then by deadline and reference, as sezctl orders them.
        overdue = sorted(
            ((i, (now - _day(i["due"])).days) for i in open_items if _day(i["due"]) < now),
            key=lambda pair: (-pair[1], _day(pair[0]["due"]), _ref(pair[0])),
        )
        soon = sorted(
            ((i, days) for i in open_items if 0 <= (days := (_day(i["due"]) - now).days) <= 14),
            key=lambda pair: (pair[1], _ref(pair[0])),
        )
        summary = Text(
            f"{today}: {len(items)} items, {len(open_items)} open, {len(overdue)} overdue, "
            f"{len(soon)} due within 14 days."
        )
        Console(highlight=False, emoji=False, markup=False).print(
            Group(
                _table("Overdue", overdue, "Late", owners),
                _table("Due within 14 days", soon, "Left", owners),
                summary,
            )
        )

    return app


def main() -> None:
    """Run the floor as ``sezctl/__main__.py`` runs sezctl (collector, then a hard exit)."""
    gc.set_threshold(100_000, 50, 1000)
    app = build_app()
    gc.freeze()
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
