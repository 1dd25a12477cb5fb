"""The ``rawabit`` command: thin commands over the library."""

from __future__ import annotations

import importlib

import click

from rawabit import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rawabit")
def main() -> None:
    """Rawabit (روابط): actors and relations from raw Arabic news."""


# Each part of the package registers its own commands; the core ones live in
# rawabit.commands.
for _module in (
    "rawabit.commands",
    "rawabit.kb.cli",
    "rawabit.ner.cli",
    "rawabit.store.cli",
    "rawabit.web.cli",
    "rawabit.spark.cli",
):
    importlib.import_module(_module).register(main)
