"""The command line: options, the session, one module per command group; nothing imports it."""
