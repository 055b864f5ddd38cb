"""`sezctl check --format github`: GitHub Actions annotations and a job summary.

Each problem becomes one workflow command, ``::error file=F,line=L,col=C,title=T::MESSAGE``
(``::warning`` for warnings), which GitHub shows on the line of the pull request's diff.  Text
from the roadmap files ends up in messages (titles, ids, paths), so it is escaped the way
GitHub's own toolkit does it: ``%``, CR and LF in the message, and also ``:`` and ``,`` in the
properties.  A line break in a title can then never start a second command.  Other control
characters (ESC, BEL) would reach the log raw, so message and file name are also cleaned
(`sezctl.render.text.clean_text`); file names arrive quoted by the loader already.

:func:`render_step_summary` is the Markdown that the CLI appends to ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

from sezctl.core.i18n import localize
from sezctl.core.problems import Problem, Severity
from sezctl.render.markdown import escape_markdown, markdown_table
from sezctl.render.problems import count_summary
from sezctl.render.text import clean_text
from sezctl.reports.check import CheckReport


def escape_data(text: str) -> str:
    """Escape a command's message (GitHub's ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value such as ``file`` or ``title`` (GitHub's ``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """One problem as one workflow-command line."""
    properties = [f"file={escape_property(clean_text(problem.path))}"]
    if problem.line > 0:  # line 0 means the file as a whole
        properties.append(f"line={problem.line}")
        if problem.column > 0:
            properties.append(f"col={problem.column}")
    properties.append(f"title={escape_property(f'sezctl {problem.code}')}")
    command = "error" if problem.severity is Severity.ERROR else "warning"
    message = escape_data(clean_text(localize(problem.message)))
    return f"::{command} {','.join(properties)}::{message}\n"


def render_problems_github(report: CheckReport) -> str:
    return "".join(annotation(problem) for problem in report.problems)


def render_step_summary(report: CheckReport) -> str:
    problems, files = report
    """A Markdown section for the job summary page: the counts and a table of problems."""
    verdict = "passed" if not problems else "found problems"
    lines = [f"### sezctl check {verdict}", "", count_summary(problems, files) + ".", ""]
    if problems:
        rows = [
            [
                escape_markdown(f"{p.path}:{p.line}:{p.column}"),
                p.severity.value,
                f"`{p.code}`",
                escape_markdown(localize(p.message)),
            ]
            for p in problems
        ]
        lines += [*markdown_table(["Where", "Severity", "Code", "Message"], rows).splitlines(), ""]
    return "\n".join(lines) + "\n"
