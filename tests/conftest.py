"""Suite-wide settings.

Property tests run derandomized by default (a fixed seed per test, no example database), so that the
suite passes or fails the same way on every machine and in CI; ``HYPOTHESIS_PROFILE=explore`` searches with
fresh random examples and keeps failures in ``.hypothesis/`` (use it when changing derive/ or a reader).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
