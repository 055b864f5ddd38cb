"""`python -m sezctl` runs the command line."""

from sezctl.cli import main

main()
