"""Renderers for `sezctl check`: one line per problem, or JSON."""

from __future__ import annotations

from sezctl.core.i18n import ngettext
from sezctl.core.problems import Problem, Severity
from sezctl.render.records import to_json
from sezctl.render.text import clean_text, problem_line
from sezctl.reports.check import CheckReport


def count_summary(problems: list[Problem], files: int) -> str:
    """ "2 errors, 1 warning in 4 files" -- the closing line of a check."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors

    return ngettext(
        "{errors}, {warnings} in {count} file", "{errors}, {warnings} in {count} files", files
    ).format(
        errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
        count=files,
    )


def render_problems_text(report: CheckReport) -> str:
    """One line per problem, always: paths come quoted from the loader
    (`sezctl.source.loader.quote_file_name`), and a line break that still reached a message is
    written as ``\\n``, so no text from a file can start a line of its own in a CI log."""
    return "".join(
        clean_text(problem_line(problem)).replace("\n", "\\n") + "\n" for problem in report.problems
    )


def render_problems_json(report: CheckReport) -> str:
    problems, files = report
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    return to_json(
        {
            "problems": [
                {
                    "path": p.path,
                    "line": p.line,
                    "column": p.column,
                    "severity": p.severity.value,
                    "code": p.code,
                    "message": p.message,
                }
                for p in problems
            ],
            "summary": {"errors": errors, "warnings": len(problems) - errors, "files": files},
        }
    )
