"""One module per command group; each registers its commands on `sezctl.cli.app.app`."""
