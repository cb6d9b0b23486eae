"""Where the real documents of ``../shared`` are (the seed report, the corpus PDFs, the reference templates).

The project reads them as ``../shared`` next to the repository. A clone made elsewhere (a CI clone in a
temporary directory) finds them through ``JUESUAN_SHARED``, else this machine's ``/work/shared``. Tests over
these documents skip, saying so, when none of these exists.
"""

from __future__ import annotations

import os
from pathlib import Path

_CANDIDATES = [
    Path(__file__).resolve().parents[1].parent / "shared",
    *([Path(os.environ["JUESUAN_SHARED"])] if os.environ.get("JUESUAN_SHARED") else []),
    Path("/work/shared"),
]
SHARED = next((p for p in _CANDIDATES if (p / "seed").is_dir()), _CANDIDATES[0])
SHARED_SEED = SHARED / "seed" / "jdz-nanchang-2023-final-accounts.txt"
# the seed report, copied into the example so that its tests and the README's commands need no ../shared
SEED = Path(__file__).resolve().parents[1] / "examples" / "jdz-nanchang-2023" / "published-report.txt"
CORPUS = SHARED / "corpus"
TEMPLATES = SHARED / "reference" / "templates"
