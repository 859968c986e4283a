"""Alembic's environment: migrations run on the connection the store hands over, inside
its transaction (so a schema change and the lock around it are one)."""

from alembic import context

context.configure(connection=context.config.attributes["connection"], target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
