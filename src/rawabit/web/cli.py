"""Commands of the `web` part of Rawabit, registered on the main CLI."""

from __future__ import annotations

import click

from rawabit.store.db import DEFAULT_DB


def register(main: click.Group) -> None:
    """Add ``rawabit serve`` to ``main``."""

    @main.command()
    @click.option("--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                  help="The database to browse (opened read-only).")
    @click.option("--host", default="127.0.0.1", show_default=True,
                  help="Interface to bind; the default serves this machine only.")
    @click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
    def serve(db: str, host: str, port: int) -> None:
        """Browse the graph in a web browser: network, pairs, evidence, actors (read-only)."""
        import uvicorn

        from rawabit.errors import RawabitError
        from rawabit.web.app import create_app

        try:
            app = create_app(db)
        except RawabitError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Rawabit: serving {db} read-only at http://{host}:{port}/ (Ctrl+C stops)", err=True)
        uvicorn.run(app, host=host, port=port, log_level="warning")
