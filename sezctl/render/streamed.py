"""Text written in pieces: what a renderer returns when its output is too large to hold whole.

Decisions kept here:

* A renderer still takes exactly its report and never prints (:mod:`sezctl.render`).  For an
  output that grows with the portfolio (JSON of every item, a calendar of every deadline) it
  returns a :class:`StreamedText`: the command line hands it a text stream (standard output),
  and it writes its text there a piece at a time, a roadmap or a few hundred items per piece.
  The whole text never exists at once, nor do all its records: at 50,000 items the JSON of
  ``critical`` is 30 MB, and building it whole (every record, a list of millions of pieces,
  then the string) took the process from 165 to 358 MiB (docs/performance.md).
* The pieces are written in the order of the text, and nothing is written twice: what a stream
  receives is, byte for byte, what :meth:`StreamedText.text` returns.
* :meth:`StreamedText.text` gives the whole text for whoever wants it as one string (tests, a
  report that embeds it); two streamed texts are equal when their texts are.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Protocol


class TextStream(Protocol):
    """Where a streamed text is written: standard output, a file, an ``io.StringIO``."""

    def write(self, text: str, /) -> object: ...


class StreamedText:
    """A renderer's text, written to a stream on demand (module docstring).  ``write`` writes the
    whole text to the stream it is given, and may be called more than once."""

    __slots__ = ("_write",)

    def __init__(self, write: Callable[[TextStream], None]) -> None:
        self._write = write

    def write_to(self, stream: TextStream) -> None:
        """Write the text to ``stream``, piece after piece."""
        self._write(stream)

    def text(self) -> str:
        """The whole text as one string."""
        buffer = io.StringIO()
        self._write(buffer)
        return buffer.getvalue()

    def __str__(self) -> str:
        return self.text()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StreamedText):
            return self.text() == other.text()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal by text, which is not kept
