"""Exceptions for unusable input or configuration. Bad *data* becomes findings, not exceptions."""

from __future__ import annotations


class JuesuanError(Exception):
    """Base class of juesuan's own exceptions; its message is a complete Chinese sentence."""


class InputError(JuesuanError):
    """An input file cannot be used: missing, unreadable, malformed, or not of the documented shape.

    ``problems`` lists every problem found, each already located (file, line, field path).
    """

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(problems))


class ProfileError(JuesuanError):
    """A template profile is missing or malformed (a packaging or configuration error)."""


class OptionError(InputError):
    """A command option cannot be used with this input (an unknown unit, an unknown output format)."""


class OutputError(InputError):
    """The output cannot be written (the directory is a file, the disk is read-only …)."""
