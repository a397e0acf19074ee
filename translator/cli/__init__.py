"""The ``translator`` command line: one module per command group, one error bridge (:mod:`.group`)."""

from .group import main

__all__ = ["main"]
