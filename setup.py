"""Builds the optional compiled kernels (``rawabit._speedups``); everything else is in pyproject.toml.

``optional=True``: where no C compiler is found the install goes on without them
and Rawabit runs its pure-Python twins (same results, slower; see rawabit.native).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("rawabit._speedups", ["src/rawabit/_speedups.c"], optional=True)])
