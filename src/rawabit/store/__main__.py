"""``python -m rawabit.store ingest ...``: the store commands without the rest of the CLI."""

from rawabit.store.cli import cli_group

cli_group()(prog_name="rawabit")
