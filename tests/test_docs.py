"""The documentation names every dataset field, every profile and the CLI commands it shows."""

from pathlib import Path

from juesuan.load import schema
from juesuan.profiles.loader import available

ROOT = Path(__file__).resolve().parents[1]


def _fields(model, seen=None):
    seen = set() if seen is None else seen  # the indicator tree is recursive (children: list[IndicatorInput])
    seen.add(model)
    for name, info in model.model_fields.items():
        yield name
        annotation = info.annotation
        inner = getattr(annotation, "__args__", (annotation,))
        for candidate in inner:
            if isinstance(candidate, type) and issubclass(candidate, schema.BaseModel) and candidate not in seen:
                yield from _fields(candidate, seen)


def test_every_dataset_field_is_documented():
    text = (ROOT / "docs" / "dataset.md").read_text(encoding="utf-8")
    missing = sorted({f for f in _fields(schema.Dataset) if f"`{f}`" not in text and f"{f}:" not in text})
    assert missing == []


def test_every_profile_is_documented():
    text = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")
    assert [p for p in available() if f"`{p}`" not in text] == []


def test_readme_starts_with_the_two_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line.split("#")[0].strip() for line in lines[:8] if line.startswith("make ")]
    assert commands == ["make demo", "make test"]


def test_the_python_names_the_docs_show_exist():
    """Every ``from juesuan… import …`` and ``juesuan.<name>`` in the README's and docs' Python blocks resolves
    (the documented API is the code's)."""
    import importlib
    import re

    import juesuan

    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    blocks = [b for p in texts for b in re.findall(r"```python\n(.*?)```", p.read_text(encoding="utf-8"), re.S)]
    assert blocks, "no Python block found"
    missing = []
    for block in blocks:
        for module, names in re.findall(r"^\s*from (juesuan[\w.]*) import ([\w, ]+)", block, re.M):
            loaded = importlib.import_module(module)
            missing += [f"{module}.{n.strip()}" for n in names.split(",") if not hasattr(loaded, n.strip())]
        missing += [f"juesuan.{n}" for n in re.findall(r"\bjuesuan\.(\w+)\(", block) if not hasattr(juesuan, n)]
    assert missing == []
