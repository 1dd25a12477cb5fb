"""The ``rawabit`` command: thin commands over the library."""

from __future__ import annotations

import click

from rawabit import __version__, commands
from rawabit.kb import cli as kb_cli
from rawabit.learn import cli as learn_cli
from rawabit.spark import cli as spark_cli
from rawabit.store import cli as store_cli
from rawabit.web import cli as web_cli


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rawabit")
def main() -> None:
    """Rawabit (روابط): actors and relations from raw Arabic news."""


# Each part of the package registers its own commands; the core ones live in
# rawabit.commands, the training ones in rawabit.learn.cli.
for _part in (commands, kb_cli, learn_cli, store_cli, web_cli, spark_cli):
    _part.register(main)
