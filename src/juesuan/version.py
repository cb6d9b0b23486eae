"""The version of juesuan (one place; the package and the CLI both read it)."""

__version__ = "0.1.0"
