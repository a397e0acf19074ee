"""The ``translator`` command line: one module per command group, one error bridge (:mod:`.main`)."""

from .main import main

__all__ = ["main"]
