"""Builds the optional native scans (translator/_speedups.c); everything else is in pyproject.toml.

The extension is optional: where no C compiler is available the install
still succeeds and the pure-Python twins of the same functions run instead.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "translator._speedups",
            ["translator/_speedups.c"],
            optional=True,
            extra_compile_args=["-O2", "-Wall", "-Werror=implicit-function-declaration"],
        )
    ]
)
