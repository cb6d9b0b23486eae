"""Find and read template profiles shipped with juesuan."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from pydantic import ValidationError

from ..errors import ProfileError
from .model import Profile


def available() -> list[str]:
    files = resources.files("juesuan.profiles")
    return sorted(p.name.removesuffix(".yaml") for p in files.iterdir() if p.name.endswith(".yaml"))


@cache
def get(profile_id: str) -> Profile:
    """The profile ``profile_id``; raises :class:`ProfileError` (Chinese message) if unknown or bad."""
    resource = resources.files("juesuan.profiles").joinpath(f"{profile_id}.yaml")
    if not resource.is_file():
        raise ProfileError(f"未知的模板「{profile_id}」，可用的模板：{'、'.join(available())}")
    try:
        return Profile.model_validate(yaml.safe_load(resource.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise ProfileError(f"模板「{profile_id}」格式错误：{exc}") from exc
