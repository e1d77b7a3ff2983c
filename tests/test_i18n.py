"""The string catalogue: both languages carry the same keys and the same placeholders."""

import string

from lib import i18n


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogues_have_the_same_keys():
    assert set(i18n.catalogue("vi")) == set(i18n.catalogue("en"))


def test_catalogues_have_the_same_placeholders():
    vi, en = i18n.catalogue("vi"), i18n.catalogue("en")
    assert {k: placeholders(v) for k, v in vi.items()} == {k: placeholders(v) for k, v in en.items()}


def test_unknown_language_falls_back_to_vietnamese():
    assert i18n.t("nav.overview", "fr") == "Tổng quan"
