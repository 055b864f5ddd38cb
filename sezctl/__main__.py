"""The entry point of the ``sezctl`` console script and of ``python -m sezctl``.

It sets the garbage collector up for a short-lived process, then runs :func:`sezctl.cli.main`.
A run builds many small objects that live until it exits (Typer, Rich and PyYAML's modules,
then the roadmap, the report and the rendered lines), and the cyclic collector would scan them
again and again: about 15% of a 10,000-item run.  So:

* collect far less often, from before the first import;
* freeze what the imports built, so that later collections skip it;
* freeze everything when the command ends, so that the interpreter's last collection at exit
  has nothing left to scan (about 5 ms of every run; docs/performance.md).  Objects are still
  freed by reference counting as usual, and files and pipes are closed where they are used.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.set_threshold(100_000, 50, 1000)
    from sezctl.cli import main as run

    gc.freeze()
    try:
        run()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()
