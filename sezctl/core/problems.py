"""The one problem type, the catalogue of problem codes, and the environment-error base class.

Every finding about user data -- YAML syntax, schema, consistency -- is a :class:`Problem`: a
located, coded, sortable value.  Loaders and checks *return* problems; they never raise for a
mistake in a roadmap file.  Exceptions are kept for the environment (an unreadable path, a bad
option) and all derive from :class:`SezctlError`, which the CLI catches in one place.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

import enum
from typing import NamedTuple


class Severity(enum.Enum):
    """How bad a problem is: errors always fail `check`, warnings only with `--strict`."""

    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """A located finding about user data, printed as ``path:line:col: severity[code]: message``.

    Ordering is by position (path, line, column) and then code, so sorted output is stable.
    ``line`` and ``column`` are 1-based; 0 means "the file as a whole".
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def prefix(self) -> str:
        """``path:line:col: severity[code]``: the part editors and CI parse, the same in every
        language."""
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}[{self.code}]"

    def format(self) -> str:
        """The one-line English text form (tests; `sezctl.render.problems.problem_line` writes
        the message in the language of the run)."""
        return f"{self.prefix()}: {self.message}"


class SezctlError(Exception):
    """An environment or usage failure (not a mistake inside a roadmap file).

    The CLI turns it into a message on stderr and exit code 2.
    """


# Every code a problem can carry, with the one-line summary used by `docs/checks.md`.  Codes are
# a public contract: CI configurations and people's habits depend on them, so never rename one.
# The consistency checks register themselves in `sezctl.rules.checks`; the codes below are the ones
# the loader (reading, YAML, schema) emits.
LOADER_CODES: dict[str, str] = {
    "file-unreadable": "The file cannot be read (permissions, a broken link, removed meanwhile).",
    "file-too-large": "The file is larger than the size limit.",
    "special-file": "The name is a FIFO, a device or a socket, not a regular file; it is not "
    "opened.",
    "encoding": "The file is not UTF-8 text (a hint is given for Windows-1251 files).",
    "control-character": "A control or invisible character appears in the file, raw or as an "
    "escape in a double-quoted value.",
    "yaml-syntax": "The file is not well-formed YAML.",
    "multiple-documents": "The file holds more than one YAML document.",
    "anchor": "An anchor (&name) is used; anchors and aliases are not allowed.",
    "alias": "An alias (*name) is used; anchors and aliases are not allowed.",
    "merge-key": "A merge key (<<) is used; merge keys are not allowed.",
    "tag": "An explicit tag (!tag or !!type) is used; tags are not allowed.",
    "too-deep": "Nesting is deeper than the limit.",
    "duplicate-key": "A key appears twice in the same mapping.",
    "root-not-mapping": "The top level of the file is not a mapping of keys to values.",
    "empty-file": "The file holds no roadmap and no owners.",
    "missing-key": "A required key is missing.",
    "unknown-key": "A key that the format does not define.",
    "wrong-type": "A value has the wrong shape (text where a list is expected, ...).",
    "empty-value": "A required value is empty.",
    "bad-id": "An id is not a lowercase ASCII slug.",
    "bad-date": "A date is not YYYY-MM-DD or DD.MM.YYYY, or does not exist.",
    "bad-status": "A status is not one of planned, in-progress, blocked, done, cancelled.",
    "bad-reference": "A depends_on entry is not an id or roadmap-id/item-id.",
}
