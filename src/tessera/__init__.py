"""Tessera: a counter-terrorism knowledge hub."""

__version__ = "0.1.0"
