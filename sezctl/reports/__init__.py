"""One typed result per command family: status, critical path, meeting pack, export."""
