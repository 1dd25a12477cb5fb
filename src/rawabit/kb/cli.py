"""Commands of the `kb` part of Rawabit, registered on the main CLI."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Add this part's commands to ``main`` (none yet)."""
