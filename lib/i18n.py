"""The UI string catalogue: one TOML file per language in `lib/locales/`.

Owns every user-facing string. Keys are `section.name`; each page or feature has its own
`[section]` so features can grow without touching each other. Indicator names come from the
data, never from here, but the one choice of a row's name in a language is here (`name`,
`names`), as is the one lookup of a data id's label (`label`: a unit, a field, a provenance).
Must never import Streamlit or read data files.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pandas as pd

from lib.units import is_missing

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
_DIR = Path(__file__).with_name("locales")


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Flatten `lib/locales/<lang>.toml` into {"section.key": text}."""
    with open(_DIR / f"{lang}.toml", "rb") as fh:
        raw = tomllib.load(fh)
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                walk(name, value)
            else:
                flat[name] = str(value)

    walk("", raw)
    return flat


def norm_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def label(section: str, key: str, lang: str = DEFAULT_LANG) -> str:
    """The catalogue's name for a data id (`label("area", "province")` -> "Toàn tỉnh"); an id the
    catalogue does not know (a user's own area or field) is shown as it is."""
    text = t(f"{section}.{key}", lang)
    return key if text == f"{section}.{key}" else text


def t(key: str, lang: str = DEFAULT_LANG, **params: object) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`.

    A missing key falls back to the other language, then to the key itself, so a gap in a
    catalogue shows up on screen instead of crashing a page (tests check both are complete).
    """
    lang = norm_lang(lang)
    text = catalogue(lang).get(key)
    if text is None:
        other = "en" if lang == "vi" else "vi"
        text = catalogue(other).get(key, key)
    return text.format(**params) if params else text


def name(item: object, lang: str = DEFAULT_LANG) -> str:
    """An indicator's (or any catalogue row's) name in `lang`: `name_vi` or `name_en` of a
    mapping, a pandas row or an object with those attributes. The one place that picks a
    language's column; an empty English name falls back to the Vietnamese one."""
    col = name_column(lang)

    def get(field: str) -> str:
        value = item.get(field) if hasattr(item, "get") else getattr(item, field, None)
        return "" if is_missing(value) else str(value)

    return get(col) or get("name_vi")


def name_column(lang: str = DEFAULT_LANG) -> str:
    """The catalogue column that holds names in `lang`: "name_vi" or "name_en"."""
    return "name_en" if norm_lang(lang) == "en" else "name_vi"


def names(frame: pd.DataFrame, lang: str = DEFAULT_LANG) -> pd.Series:
    """`name` for every row of a frame with `name_vi` (and `name_en`) columns, as text."""
    return pd.Series([name(row, lang) for row in frame.to_dict("records")], index=frame.index, dtype="object")
