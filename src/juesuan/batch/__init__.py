"""The batch runner: many files audited in isolated workers into the store (:mod:`juesuan.batch.runner`)."""

from .runner import BatchResult, Entry, Limits, Progress, collect, run_batch

__all__ = ["BatchResult", "Entry", "Limits", "Progress", "collect", "run_batch"]
