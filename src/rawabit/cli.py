"""The ``rawabit`` command: thin commands over the library."""

from __future__ import annotations

import click

from rawabit import __version__, commands
from rawabit.kb import cli as kb_cli
from rawabit.learn import cli as learn_cli
from rawabit.spark import cli as spark_cli
from rawabit.store import cli as store_cli
from rawabit.web import cli as web_cli


class _Command(click.Command):
    """A command whose "unexpected extra argument" error says how to give a name of several words."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if "unexpected extra argument" not in exc.message:
                raise
            raise click.UsageError(exc.message + '\nA name of several words is one argument: quote it, '
                                   'for example --actor "حزب الله" or --pair "حزب الله" إسرائيل', ctx) from None


class _Group(click.Group):
    """The ``rawabit`` group: its commands and sub-groups' commands are :class:`_Command`."""

    command_class = _Command


_Group.group_class = _Group


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rawabit")
def main() -> None:
    """Rawabit (روابط): actors and relations from raw Arabic news."""


# Each part of the package registers its own commands; the core ones live in
# rawabit.commands, the training ones in rawabit.learn.cli.
for _part in (commands, kb_cli, learn_cli, store_cli, web_cli, spark_cli):
    _part.register(main)
