"""The entry point of the ``sezctl`` console script and of ``python -m sezctl``.

It sets the process up for a short run, then runs :func:`sezctl.cli.main.main`.  A run builds many
small objects that live until it exits (Typer, Rich and PyYAML's modules, then the roadmap, the
report and the rendered lines), and the cyclic garbage collector would scan them again and
again: about 15% of a 10,000-item run.  So it collects far less often, from before the first
import, and freezes what the imports built, so that later collections skip it.

When the command is done it flushes standard output and error and ends the process at once
(:func:`os._exit`, as mypy does), instead of tearing down ~300 modules and freeing every object
one by one: about 7 ms of every run (docs/performance.md).  Nothing is lost: sezctl writes
files through `sezctl.editing.safewrite` and waits for every git process it starts, and it registers
no exit handlers.  Under a debugger, a profiler or a coverage tracer the process exits
normally, so that they can write their results.
"""

import contextlib
import gc
import os
import sys


def main() -> None:
    gc.set_threshold(100_000, 50, 1000)
    from sezctl.cli.main import main as run

    gc.freeze()
    try:
        run()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    if sys.gettrace() is not None or sys.getprofile() is not None:
        sys.exit(code)
    if code is not None and not isinstance(code, int):  # sys.exit("message"), as Python does
        sys.stderr.write(f"{code}\n")
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BrokenPipeError):  # the reader went away (`... | head -1`)
            stream.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    main()
