"""The SQLite store: schema and migrations, the one writer (ingest) and read-only connections."""

from rawabit.store.db import DEFAULT_DB, connect_ro, connect_writer, migrate, schema_version

__all__ = ["DEFAULT_DB", "connect_ro", "connect_writer", "migrate", "schema_version"]
