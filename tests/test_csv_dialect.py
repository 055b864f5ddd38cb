"""CSV that opens in Excel as Kazakhstan and Russia set it up: `--csv-dialect excel-semicolon`
and `csv_dialect` in sezctl.toml.  Files are written by real processes (as `> file.csv` does)
and read back with Python's csv module, and with LibreOffice headless where it is installed."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TODAY = "2026-11-26"

OWNERS = """\
owners:
  aitymbetov:
    name: Мақсат Айтымбетов
    role: "Бөлім басшысы; «Ақтөбе» АЭА"
  grid-company:
    name: Энергетическая компания
"""
PLAN = """\
roadmap: demo
title: Demo
stages:
  - id: grid
    title: "Электрмен жабдықтау; \\"110/10 кВ\\"\\nжелілер"
    owner: grid-company
    start: 2026-09-01
    due: 2026-11-20
  - id: formula
    title: "=HYPERLINK(\\"http://example.com\\")"
    owner: aitymbetov
    due: 2026-12-31
    depends_on: [grid]
  - id: survey
    title: Изыскания
    owner: aitymbetov
    due: 2026-03-31
    done: 2026-03-27
"""
TITLE = 'Электрмен жабдықтау; "110/10 кВ"\nжелілер'  # a separator, quotes and a line break

EXPORT_ROWS = [
    ["roadmap", "id", "ref", "parent", "title", "owner", "owner_name", "status", "start", "due",
     "baseline", "done", "overdue_days", "late_days", "drift_days", "days_left", "depends_on",
     "note"],
    ["demo", "grid", "demo/grid", "", TITLE, "grid-company", "Энергетическая компания",
     "planned", "2026-09-01", "2026-11-20", "", "", "6", "", "", "", "", ""],
    ["demo", "formula", "demo/formula", "", "'=HYPERLINK(\"http://example.com\")", "aitymbetov",
     "Мақсат Айтымбетов", "planned", "", "2026-12-31", "", "", "", "", "", "35", "demo/grid",
     ""],
    ["demo", "survey", "demo/survey", "", "Изыскания", "aitymbetov", "Мақсат Айтымбетов",
     "done", "", "2026-03-31", "", "2026-03-27", "", "-4", "", "", "", ""],
]  # fmt: skip
# The columns of a protocol point come last (docs/exports.md), empty for roadmap items.
EXPORT_ROWS = [
    EXPORT_ROWS[0] + ["protocol_number", "protocol_date", "point", "evidence", "off_control_by",
                      "off_control_reason"],
    *(row + [""] * 6 for row in EXPORT_ROWS[1:]),
]  # fmt: skip
OWNER_ROWS = [
    ["owner", "name", "role", "open", "overdue", "total_overdue_days", "worst",
     "worst_overdue_days"],
    ["grid-company", "Энергетическая компания", "", "1", "1", "6", "demo/grid", "6"],
    ["aitymbetov", "Мақсат Айтымбетов", "Бөлім басшысы; «Ақтөбе» АЭА", "1", "0", "0", "", ""],
]  # fmt: skip
DELIMITERS = {"excel": ",", "excel-semicolon": ";"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "roadmaps").mkdir()
    (tmp_path / "roadmaps" / "owners.yaml").write_text(OWNERS, encoding="utf-8")
    (tmp_path / "roadmaps" / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / ".git").mkdir()  # the project's root: sezctl looks no further up
    return tmp_path


def write_csv(
    project: Path, *args: str, lang: str = "en"
) -> tuple[Path, subprocess.CompletedProcess[bytes]]:
    """``sezctl ARGS --today 2026-11-26 > out.csv`` in a real process: the file and the run."""
    out = project / "out.csv"
    env = {**os.environ, "SEZCTL_LANG": lang}
    env.pop("SEZCTL_TODAY", None)
    with out.open("wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "sezctl", *args, "--today", TODAY],
            cwd=project, env=env, stdout=stdout, stderr=subprocess.PIPE, check=False,
        )  # fmt: skip
    return out, done


def read_rows(path: Path, delimiter: str) -> list[list[str]]:
    """The file as a spreadsheet reads it: UTF-8 with its BOM, cells split at ``delimiter``."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream, delimiter=delimiter))


@pytest.mark.parametrize("dialect", ["excel", "excel-semicolon"])
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["export", "--format", "csv"], EXPORT_ROWS),
        (["owners", "--format", "csv"], OWNER_ROWS),
    ],
    ids=["export", "owners"],
)
def test_each_dialect_reads_back_cell_for_cell(
    project: Path, args: list[str], expected: list[list[str]], dialect: str
) -> None:
    """Kazakh and Russian text, a title with a semicolon, quotes and a line break, a formula
    neutralised with ', a negative number: the same cells in either dialect, read with the
    separator that dialect promises."""
    path, done = write_csv(project, *args, "--csv-dialect", dialect)
    assert done.returncode == 0, done.stderr
    assert read_rows(path, DELIMITERS[dialect]) == expected


@pytest.mark.parametrize("dialect", ["excel", "excel-semicolon"])
def test_status_reads_back_in_each_dialect(project: Path, dialect: str) -> None:
    """`status --all --format csv` (its own columns, forecast included) holds the same cells in
    both dialects, and the tricky title survives."""
    path, done = write_csv(project, "status", "--all", "--format", "csv", "--csv-dialect", dialect)
    assert done.returncode == 0, done.stderr
    rows = read_rows(path, DELIMITERS[dialect])
    assert rows[0][:4] == ["roadmap", "id", "parent", "title"]
    assert [row[1] for row in rows[1:]] == ["grid", "survey", "formula"]  # worst first
    assert rows[1][3] == TITLE
    comma, _ = write_csv(project, "status", "--all", "--format", "csv")
    assert read_rows(comma, ",") == rows


def test_semicolon_file_keeps_bom_crlf_and_quotes_what_needs_it(project: Path) -> None:
    """The bytes Excel gets: a BOM, ';' between cells, CRLF after each row, and quotes only
    around a cell holding ';', '"' or a line break (a comma needs none here)."""
    path, done = write_csv(project, "owners", "--format", "csv", "--csv-dialect", "excel-semicolon")
    assert done.returncode == 0, done.stderr
    assert path.read_bytes().decode("utf-8").split("\r\n") == [
        "\ufeffowner;name;role;open;overdue;total_overdue_days;worst;worst_overdue_days",
        "grid-company;Энергетическая компания;;1;1;6;demo/grid;6",
        'aitymbetov;Мақсат Айтымбетов;"Бөлім басшысы; «Ақтөбе» АЭА";1;0;0;;',
        "",
    ]
    path, _ = write_csv(project, "export", "--format", "csv", "--csv-dialect", "excel-semicolon")
    text = path.read_bytes().decode("utf-8")
    assert '"Электрмен жабдықтау; ""110/10 кВ""\nжелілер"' in text  # the line break stays LF
    assert text.count("\r\n") == len(EXPORT_ROWS)


@pytest.mark.parametrize(
    ("command", "header"),
    [
        (["status", "--all"], "roadmap;id;parent;title;"),
        (["owners"], "owner;name;role;open;"),
        (["export"], "roadmap;id;ref;parent;"),
    ],
)
def test_the_setting_chooses_the_dialect_and_the_option_wins(
    project: Path, command: list[str], header: str
) -> None:
    """csv_dialect in sezctl.toml makes ';' the default of every command's CSV; --csv-dialect
    excel still gives commas for one run."""
    (project / "sezctl.toml").write_text('csv_dialect = "excel-semicolon"\n', encoding="utf-8")
    path, done = write_csv(project, *command, "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert path.read_bytes().decode("utf-8").startswith("\ufeff" + header)
    path, _ = write_csv(project, *command, "--format", "csv", "--csv-dialect", "excel")
    assert path.read_bytes().decode("utf-8").startswith("\ufeff" + header.replace(";", ","))


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", 'sezctl: error: sezctl.toml: csv_dialect must be "excel" or "excel-semicolon", '
               "not 'semicolon'\n"),
        ("ru", 'sezctl: ошибка: sezctl.toml: значение csv_dialect должно быть "excel" или '
               "\"excel-semicolon\", а не 'semicolon'\n"),
    ],
)  # fmt: skip
def test_an_unknown_dialect_in_the_config_is_exit_2(project: Path, lang: str, message: str) -> None:
    """A dialect sezctl does not know, in sezctl.toml: exit 2, naming the two it knows."""
    (project / "sezctl.toml").write_text('csv_dialect = "semicolon"\n', encoding="utf-8")
    path, done = write_csv(project, "owners", "--format", "csv", lang=lang)
    assert (done.returncode, done.stderr.decode("utf-8")) == (2, message)
    assert path.read_bytes() == b""


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "sezctl: error: --csv-dialect excel-semicolon is for --format csv, not --format "
               "table\n"),
        ("kk", "sezctl: қате: --csv-dialect excel-semicolon тек --format csv үшін қолданылады, "
               "--format table үшін емес\n"),
    ],
)  # fmt: skip
def test_the_option_without_csv_is_exit_2(project: Path, lang: str, message: str) -> None:
    """--csv-dialect asks for a CSV file: with a table (or ICS) it is a usage error, not a table
    silently written into out.csv."""
    path, done = write_csv(project, "status", "--csv-dialect", "excel-semicolon", lang=lang)
    assert (done.returncode, done.stderr.decode("utf-8")) == (2, message)
    assert path.read_bytes() == b""
    _, done = write_csv(project, "export", "--csv-dialect", "excel")  # the default is ICS
    assert done.returncode == 2


def test_dialect_names_are_declared_once() -> None:
    """The --csv-dialect choices are exactly the dialects sezctl.toml accepts."""
    from sezctl.cli.options import CsvDialect
    from sezctl.source.config import CSV_DELIMITERS

    assert [dialect.value for dialect in CsvDialect] == list(CSV_DELIMITERS)
    assert CSV_DELIMITERS == DELIMITERS


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("dialect", ["excel", "excel-semicolon"])
def test_libreoffice_reads_the_same_cells(project: Path, tmp_path: Path, dialect: str) -> None:
    """LibreOffice, told the separator of the regional settings (as Excel takes it from them),
    imports the file into the same cells: it converts the file to a comma-separated UTF-8
    copy, every column as text, which Python reads back."""
    assert SOFFICE is not None
    path, done = write_csv(project, "export", "--format", "csv", "--csv-dialect", dialect)
    assert done.returncode == 0
    columns = len(EXPORT_ROWS[0])
    as_text = "/".join(f"{column}/2" for column in range(1, columns + 1))  # 2: a text column
    separator = ord(DELIMITERS[dialect])
    filter_name = "Text - txt - csv (StarCalc)"
    out = tmp_path / "converted"
    converted = subprocess.run(
        [
            SOFFICE, "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            f"--infilter={filter_name}:{separator},34,76,1,{as_text}",
            "--convert-to", f"csv:{filter_name}:44,34,76,1", "--outdir", str(out), str(path),
        ],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert converted.returncode == 0, converted.stderr
    assert read_rows(out / path.name, ",") == EXPORT_ROWS
