"""Passwords (``juesuan serve --auth``): hashed with argon2id (argon2-cffi's defaults), checked in constant
time; the store keeps only the hash (:mod:`juesuan.store.users`)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..store import Store
from ..store.users import add_user, password_hash

_HASHER = PasswordHasher()
#: Checked when no such user exists, so that a wrong name takes as long as a wrong password.
_DUMMY = _HASHER.hash("juesuan: no such user")
MIN_LENGTH = 8


class PasswordRefused(ValueError):
    pass


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise PasswordRefused(f"密码太短：至少 {MIN_LENGTH} 个字符")
    return _HASHER.hash(password)


def set_password(store: Store, username: str, password: str) -> bool:
    """Add the user or change the password; True when the user is new. PasswordRefused for a short password
    or a bad name."""
    name = username.strip()
    if not name or len(name) > 64 or any(c.isspace() or ord(c) < 32 for c in name):
        raise PasswordRefused("用户名须为 1–64 个字符，不含空格")
    return add_user(store, name, hash_password(password))


def check_password(store: Store, username: str, password: str) -> bool:
    stored = password_hash(store, username)
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
