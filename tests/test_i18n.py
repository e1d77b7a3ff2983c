"""The string catalogue: both languages carry the same keys and the same placeholders, every key
is used by the code, and every key the code names is in the catalogue."""

import re
import string
from pathlib import Path

from lib import i18n

ROOT = Path(__file__).resolve().parent.parent
CODE = [
    ROOT / "app.py",
    *(p for folder in ("lib", "pages", "tools") for p in sorted((ROOT / folder).rglob("*.py"))),
]
PLACEHOLDER = "[a-z0-9_]*"  # what a `{...}` in a key template stands for: an id


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogues_have_the_same_keys():
    assert set(i18n.catalogue("vi")) == set(i18n.catalogue("en"))


def test_catalogues_have_the_same_placeholders():
    vi, en = i18n.catalogue("vi"), i18n.catalogue("en")
    assert {k: placeholders(v) for k, v in vi.items()} == {k: placeholders(v) for k, v in en.items()}


def test_unknown_language_falls_back_to_vietnamese():
    assert i18n.t("nav.overview", "fr") == "Tổng quan"


def key_templates(code: str) -> list[str]:
    """The keys the code builds at run time, as templates with `{}` for an id: f"drafts.action_{a}",
    "briefing.verb_" + x, label("unit", f"{u}_prose"), label("area", a)."""
    found = [
        re.sub(r"\{[^}]*\}", "{}", m)
        for m in re.findall(r"""\bf["']([a-z_]+\.[^"'\s]*?\{[^"']*)["']""", code)
    ]
    found += [m + "{}" for m in re.findall(r"""["']([a-z_]+\.[a-z0-9_]*)["']\s*\+""", code)]
    for section, inner in re.findall(r"""\blabel\(\s*["']([a-z_]+)["']\s*,\s*(f["'][^"']*["'])?""", code):
        found.append(section + "." + (re.sub(r"\{[^}]*\}", "{}", inner[2:-1]) if inner else "{}"))
    return found


def used(key: str, code: str, templates: list[str], strings: set[str]) -> bool:
    """Named in full in the code, or made by a template; a template that is only a section and an
    id (f"problems.{code}") makes the keys whose own name the code writes as a string ("bad_csv")."""
    if key in strings:
        return True
    section, name = key.split(".", 1)
    for template in templates:
        if template == section + ".{}":
            if name in strings:
                return True
        elif re.fullmatch(re.escape(template).replace(r"\{\}", PLACEHOLDER), key):
            return True
    return False


def test_every_key_is_used_by_the_code():
    code = "\n".join(p.read_text(encoding="utf-8") for p in CODE)
    strings = set(re.findall(r"""["']([a-z0-9_.]+)["']""", code))
    templates = key_templates(code)
    assert "problems.{}" in templates and "drafts.action_{}" in templates  # the scan sees templates
    assert [k for k in i18n.catalogue("vi") if not used(k, code, templates, strings)] == []


def test_every_key_the_code_names_is_in_the_catalogue():
    code = "\n".join(p.read_text(encoding="utf-8") for p in CODE)
    named = set(re.findall(r"""\bt(?:_md)?\(\s*["']([a-z_]+\.[a-z0-9_]+)["'](?!\s*\+)""", code))
    assert "drafts.banner" in named  # the scan sees the calls
    assert sorted(named - set(i18n.catalogue("vi"))) == []


# One name per concept: a name retired in favour of the catalogue's own (right) must not come back.
RETIRED = {
    "tên người dùng": "account.username",  # "Tên đăng nhập", on the form and in the users table
    "người lập kế hoạch": "account.role_planner",  # the role is "Cán bộ kế hoạch"
    "nhật ký thay đổi": "drafts.audit",  # "Nhật ký thao tác": sign-ins are in it too
    # One word for the approver's one act, as its button says: "Công bố"; what viewers see is
    # "số liệu đã công bố" (review 2: "Số liệu đã phê duyệt: ..., công bố ngày ..." mixed them).
    "số liệu đã phê duyệt": "drafts.back",
    "chưa được phê duyệt": "drafts.line_draft",
    "quay lại bản": "drafts.rollback_button",  # a version is a "phiên bản"
    "bản gần nhất": "state.use_version",
    "phải bản đang": "drafts.line_earlier",
}


def test_one_name_per_concept():
    vi = i18n.catalogue("vi")
    assert [(key, old) for key, text in vi.items() for old in RETIRED if old in text.lower()] == []
    assert all(RETIRED[old] in vi for old in RETIRED)


def test_a_page_named_in_a_sentence_is_named_as_the_menu_names_it():
    for lang in i18n.LANGS:
        menu = [text for key, text in i18n.catalogue(lang).items() if key.startswith("nav.")]
        pattern = r"\btrang ([A-ZĐ]\w*(?: \w+)?)" if lang == "vi" else r"\bthe ([A-Z]\w*(?: \w+)?) page\b"
        named = {m for text in i18n.catalogue(lang).values() for m in re.findall(pattern, text)}
        assert named and [n for n in named if not any(title.startswith(n) for title in menu)] == [], lang
