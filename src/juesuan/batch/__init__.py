"""The batch runner: many files audited in isolated workers into the store (:mod:`juesuan.batch.runner`)."""

from .runner import (
    DEFAULT_MEMORY,
    DEFAULT_TIMEOUT,
    BatchResult,
    Entry,
    Limits,
    Progress,
    collect,
    limit_memory,
    pool_failure,
    run_batch,
)

__all__ = [
    "DEFAULT_MEMORY", "DEFAULT_TIMEOUT", "BatchResult", "Entry", "Limits", "Progress", "collect", "limit_memory",
    "pool_failure", "run_batch",
]  # fmt: skip
