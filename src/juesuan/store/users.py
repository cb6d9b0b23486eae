"""The web app's users (``juesuan serve --auth``): a name and a password hash (made and checked by
:mod:`juesuan.web.auth` with argon2; the store never sees a password)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select, update

from .schema import users
from .store import Store


def add_user(store: Store, username: str, password_hash: str) -> bool:
    """Add a user, or set the password of an existing one; True when the user is new."""
    with store.engine.begin() as connection:
        done = connection.execute(update(users).where(users.c.username == username).values(password_hash=password_hash))
        if done.rowcount:
            return False
        connection.execute(
            insert(users), [{"username": username, "password_hash": password_hash, "created_at": datetime.now(UTC)}]
        )
    return True


def password_hash(store: Store, username: str) -> str | None:
    with store.engine.connect() as connection:
        return connection.execute(select(users.c.password_hash).where(users.c.username == username)).scalar()


def user_names(store: Store) -> list[str]:
    with store.engine.connect() as connection:
        return list(connection.execute(select(users.c.username).order_by(users.c.username)).scalars())
