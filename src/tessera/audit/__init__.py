"""Hash-chained audit log."""
