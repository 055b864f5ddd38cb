"""One registry type for the consistency checks and the change-policy rules.

A rule is a small pure function with a stable code and a severity; it takes one context value
(everything it may look at) and yields ``(position, message)`` findings.  Its docstring is its
user documentation: docs/checks.md and docs/ci.md quote it, and SARIF output carries it.  The
registry runs the rules and turns findings into :class:`~sezctl.core.problems.Problem` values,
sorted by position; it knows nothing about printing.

A finding's message is a :class:`~sezctl.core.i18n.Message` (made with ``M`` or ``Mn``): its
value is the English text, the same in JSON and SARIF in every language, and the text view
writes it in the language of the run.  The registry passes it on as it is: ``str()`` of it
would keep the English and lose the translation.
"""

from __future__ import annotations

from collections.abc import Callable, ItemsView, Iterable, Iterator, KeysView, ValuesView
from typing import Generic, TypeVar

from sezctl.core.i18n import Message
from sezctl.core.model import Position
from sezctl.core.problems import Problem, Severity

C = TypeVar("C")

Finding = tuple[Position, Message]


class Rule(Generic[C]):
    """A registered rule: its code, severity, function and documentation.  A plain slotted
    class: a frozen dataclass or an ABC costs every start about half a millisecond to define
    (docs/performance.md), and this module is on the path of every `check` and `status`."""

    __slots__ = ("code", "function", "severity")

    def __init__(
        self, code: str, severity: Severity, function: Callable[[C], Iterator[Finding]]
    ) -> None:
        self.code = code
        self.severity = severity
        self.function = function

    @property
    def description(self) -> str:
        """The function's docstring on one line: what the user reads about this code."""
        return " ".join((self.function.__doc__ or "").split())


class Registry(Generic[C]):
    """Rules by code, in registration order (the order docs and SARIF list them in); read like
    a mapping (``CHECKS["unknown-owner"]``, ``code in CHECKS``, ``CHECKS.items()``)."""

    __slots__ = ("_rules", "kind")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._rules: dict[str, Rule[C]] = {}

    def register(
        self, code: str, severity: Severity = Severity.ERROR
    ) -> Callable[[Callable[[C], Iterator[Finding]]], Callable[[C], Iterator[Finding]]]:
        """A decorator that adds a function under a stable code (never reuse or rename one)."""

        def decorate(
            function: Callable[[C], Iterator[Finding]],
        ) -> Callable[[C], Iterator[Finding]]:
            if code in self._rules:
                raise ValueError(f"{self.kind} code {code!r} registered twice")
            self._rules[code] = Rule(code, severity, function)
            return function

        return decorate

    def run(self, context: C, enabled: Iterable[str] | None = None) -> list[Problem]:
        """Run the enabled rules (all by default); their problems, sorted by position."""
        chosen = None if enabled is None else set(enabled)
        problems = [
            Problem(where.path, where.line, where.column, rule.code, message, rule.severity)
            for rule in self._rules.values()
            if chosen is None or rule.code in chosen
            for where, message in rule.function(context)
        ]
        problems.sort()
        return problems

    def __getitem__(self, code: str) -> Rule[C]:
        return self._rules[code]

    def __contains__(self, code: object) -> bool:
        return code in self._rules

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def keys(self) -> KeysView[str]:
        return self._rules.keys()

    def values(self) -> ValuesView[Rule[C]]:
        return self._rules.values()

    def items(self) -> ItemsView[str, Rule[C]]:
        return self._rules.items()
