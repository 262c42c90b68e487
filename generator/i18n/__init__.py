"""Every message qanun shows a person exists in Azerbaijani and English.

Messages are written in the code in English, as `_("5.9.1: quorum not reached: {present} of {total}", present=…)`;
the English text is the key of the Azerbaijani catalog in `az.py`. The language is chosen once, at the
start of a command (`--lang`, else the QANUN_LANG environment variable, else Azerbaijani), before any
message is made, so a message is translated where it is created and stays a plain string afterwards.

Legal text (notes, consolidated wording) never goes through here: it is Azerbaijani by nature.
"""
from __future__ import annotations

import os

from .az import AZ

LANGUAGES = ("az", "en")
DEFAULT = "az"
_chosen: str | None = None


def set_language(lang: str | None) -> None:
    """Fix the language for the rest of the process (None: back to the environment or the default)."""
    global _chosen
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    _chosen = lang


def language() -> str:
    if _chosen is not None:
        return _chosen
    env = os.environ.get("QANUN_LANG", "").strip().lower()
    return env if env in LANGUAGES else DEFAULT


def _(message: str, /, **params: object) -> str:
    """`message` (English, with `{name}` placeholders) in the chosen language, with `params` filled in."""
    template = AZ.get(message, message) if language() == "az" else message
    return template.format(**params) if params else template
