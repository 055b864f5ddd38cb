"""`sezctl check --format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub, GitLab, IDEs).

One run, tool ``sezctl``, with every problem code sezctl can report as a rule (the loader's
codes, the consistency checks, the change-policy rules), each with its documentation as the
rule's description and its severity as the default level.  Each problem is a result pointing
at ``path:line:col`` relative to the source root; columns count characters
(``unicodeCodePoints``), as everywhere in sezctl.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from sezctl import __version__
from sezctl.core.problems import LOADER_CODES, Problem, Severity
from sezctl.render.records import to_json
from sezctl.reports.check import CheckReport

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def problem_catalogue() -> dict[str, tuple[Severity, str]]:
    """Every code sezctl can report: ``{code: (severity, description)}``, in a stable order."""
    from sezctl.rules.checks import CHECKS
    from sezctl.rules.policy import POLICY_RULES

    catalogue = {code: (Severity.ERROR, text) for code, text in LOADER_CODES.items()}
    for code, check in CHECKS.items():
        catalogue[code] = (check.severity, check.description)
    for code, rule in POLICY_RULES.items():
        catalogue[code] = (rule.severity, rule.description)
    return catalogue


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _short(description: str) -> str:
    """The first sentence: SARIF's short description is meant to be one line."""
    sentence, dot, _ = description.partition(". ")
    return sentence + ("." if dot else "")


def _uri(path: str) -> str:
    """A relative path as a URI reference (spaces and non-ASCII letters percent-encoded; a
    byte that is not UTF-8, if one reaches here, as itself)."""
    return quote(path, safe="/", errors="surrogateescape")


def _result(problem: Problem, index: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {
        "artifactLocation": {"uri": _uri(problem.path), "uriBaseId": "%SRCROOT%"}
    }
    if problem.line > 0:  # line 0 means the file as a whole: no region
        region = {"startLine": problem.line}
        if problem.column > 0:
            region["startColumn"] = problem.column
        location["region"] = region
    result: dict[str, Any] = {
        "ruleId": problem.code,
        "level": _level(problem.severity),
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": location}],
    }
    if problem.code in index:
        result["ruleIndex"] = index[problem.code]
    return result


def build_sarif(problems: list[Problem]) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    catalogue = problem_catalogue()
    rules = [
        {
            "id": code,
            "name": "".join(part.capitalize() for part in code.split("-")),
            "shortDescription": {"text": _short(description)},
            "fullDescription": {"text": description},
            "defaultConfiguration": {"level": _level(severity)},
        }
        for code, (severity, description) in catalogue.items()
    ]
    index = {code: number for number, code in enumerate(catalogue)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sezctl",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {
                    "%SRCROOT%": {"description": {"text": "The folder sezctl ran in."}}
                },
                "results": [_result(problem, index) for problem in problems],
            }
        ],
    }


def render_problems_sarif(report: CheckReport) -> str:
    return to_json(build_sarif(report.problems))
