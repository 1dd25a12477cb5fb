"""Commands of the `web` part of Rawabit, registered on the main CLI."""

from __future__ import annotations

import errno
import socket

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
            sock = bind(host, port)  # a busy port is reported before "serving"
        except RawabitError as exc:
            raise click.ClickException(str(exc)) from exc
        port = sock.getsockname()[1]
        click.echo(f"Rawabit: serving {db} read-only at http://{host}:{port}/ (Ctrl+C stops)", err=True)
        uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])


def bind(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port``, or a :class:`RawabitError` naming the address and why not."""
    from rawabit.errors import RawabitError

    sock = None
    try:
        family, kind, proto, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                          flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        sock.bind(addr)
        sock.listen(2048)
    except OSError as exc:
        if sock is not None:
            sock.close()
        hint = ": another program holds it; give another --port" if exc.errno == errno.EADDRINUSE else ""
        raise RawabitError(f"cannot serve on {host}:{port}: {exc.strerror or exc}{hint}") from exc
    return sock
