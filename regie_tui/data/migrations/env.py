from alembic import context
from sqlmodel import SQLModel

import regie_tui.data.tables  # noqa: F401  - registers the tables on the metadata

target_metadata = SQLModel.metadata
config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        url = config.get_main_option("url", None)
        if url:  # a team store on PostgreSQL
            import sqlalchemy

            engine = sqlalchemy.create_engine(url)
        else:
            from regie_tui.data.db import create_engine

            engine = create_engine(config.get_main_option("sqlite_path"))
        with engine.connect() as connection:
            _run(connection)
        engine.dispose()
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported")
run_migrations_online()
