"""The area catalogue: Viet Nam's units since the 2025 reorganisation, the old ones, and names.

Owns `data/areas.csv` (today's 34 provinces and 3.321 communes, plus the bundled data's
`province`, level `whole`: "the whole province", which keeps that meaning),
`data/area_changes.csv` (the 63 old provinces, 696 districts and 10.035 communes, and where
each went) and `data/areas.meta.json` (sources and versions). They are built by
`python -m tools.build_areas` from two pip packages used at build time only (see that
module: `vietnam-provinces` for the official names and codes, `vietnamadminunits` for the
coordinates and the old-to-new mapping); the app reads only the shipped files.

Matching a written name (`match`): NFC or NFD, case, spaces, tone-mark placement (`Hoà` =
`Hòa`), type words and their abbreviations (`Xã`/`X.`, `Phường`/`P.`, `Thị trấn`/`TT.`,
`Huyện`/`H.`, `Quận`/`Q.`, `Thị xã`/`TX.`, `Thành phố`/`TP.`, `Tỉnh`/`T.`, `Đặc khu`) are
all forgiven; the type word, when written, narrows the level. A name is first looked up with
its tone marks (`Văn Lăng` and `Văn Lang` are two communes of Thái Nguyên), then without any
accents; a name several units share is `ambiguous` until a scope (`within=`, or more parts
after commas: `Xã Tân Phú, Huyện Đồng Phú, Tỉnh Bình Phước`) tells them apart. A pre-2025
name resolves to today's unit: an old province or district to the province it now lies in
(a district that became a single commune, such as the island districts, to that commune), an
old commune to the commune it was merged into; figures of several old units that went into
one are summed by `to_today`. An old commune split over several communes is `split`: its
figure cannot be placed without the file giving the split, so the caller refuses the row and
says so. An unknown name comes back with the closest names as suggestions.

Pure functions returning values; never imports Streamlit, never writes files.

Why over ~500 lines: the area catalogue and the 2025 reform's old-to-new mapping are one
concept (which unit a name means, then and now); upload-time mapping is lib/data/area_mapping.py.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache

import pandas as pd

from lib import i18n, settings
from lib.i18n import t

AREAS_CSV = settings.BUNDLED_DATA_DIR / "areas.csv"
CHANGES_CSV = settings.BUNDLED_DATA_DIR / "area_changes.csv"
META_JSON = settings.BUNDLED_DATA_DIR / "areas.meta.json"
WHOLE = "province"  # the bundled data's area: the whole province (the default area everywhere)
ALL = "all"  # the store's total over every area of the data
LEVELS = ("whole", "province", "commune")
OLD_LEVELS = ("province", "district", "commune")
MAX_LISTED = 6  # units a message names before "…"

# ---------------------------------------------------------------- names and keys

# Tone marks (combining, after NFD): grave, acute, tilde, hook above, dot below. The other
# marks (breve, circumflex, horn) make different letters and are kept in the toned key.
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")


def clean(text: object) -> str:
    """NFC, one space between words, no spaces around: how a name is shown back."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


@lru_cache(maxsize=1 << 14)
def _word_keys(word: str) -> tuple[str, str]:
    """(toned, loose) key of one lower-case NFC word; a language has few distinct syllables."""
    if word.isdigit():  # numbers lose leading zeros (`Phường 01` = `Phường 1`)
        return str(int(word)), str(int(word))
    tone, kept = "0", []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            kept.append(ch)
    toned = unicodedata.normalize("NFC", "".join(kept)) + tone
    loose = "".join(
        ch for ch in unicodedata.normalize("NFD", word.replace("đ", "d")) if not unicodedata.combining(ch)
    )
    return toned, loose


def _words(text: str) -> list[str]:
    # Words are found in NFC: a combining mark (NFD) is not a word character.
    return _WORD.findall(clean(text).lower())


@lru_cache(maxsize=1 << 16)
def toned_key(text: str) -> str:
    """Lower case, letters with their marks, each syllable's tone as a digit after it; spaces,
    hyphens and apostrophes dropped. The same for `Hoà`/`Hòa`, NFC/NFD, `Phường 01`/`Phường 1`."""
    return "".join(_word_keys(w)[0] for w in _words(text))


@lru_cache(maxsize=1 << 16)
def loose_key(text: str) -> str:
    """Lower case ASCII letters and digits only: the key of a name written without accents."""
    return "".join(_word_keys(w)[1] for w in _words(text))


def unaccented(text: str) -> str:
    """`Xã Văn Lăng` -> `Xa Van Lang`: the English name of a unit (Vietnamese without accents)."""
    text = clean(text).replace("Đ", "D").replace("đ", "d")
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    )


# Type words and their abbreviations, longest first: (as written, the type word it stands
# for, the levels it allows). Matched with accents (a commune may be named `Xá ...`), and
# also without when the whole text is written without any accent.
_PROVINCE, _DISTRICT, _COMMUNE = frozenset({"province"}), frozenset({"district"}), frozenset({"commune"})
_ANY = _PROVINCE | _DISTRICT | _COMMUNE
_PREFIXES: list[tuple[str, str, frozenset[str]]] = [
    ("thành phố", "thành phố", _PROVINCE | _DISTRICT),
    ("t.p.", "thành phố", _PROVINCE | _DISTRICT),
    ("tp.", "thành phố", _PROVINCE | _DISTRICT),
    ("tp", "thành phố", _PROVINCE | _DISTRICT),
    ("thị xã", "thị xã", _DISTRICT),
    ("tx.", "thị xã", _DISTRICT),
    ("tx", "thị xã", _DISTRICT),
    ("thị trấn", "thị trấn", _COMMUNE),
    ("tt.", "thị trấn", _COMMUNE),
    ("tt", "thị trấn", _COMMUNE),
    ("đặc khu", "đặc khu", _COMMUNE),
    ("phường", "phường", _COMMUNE),
    ("p.", "phường", _COMMUNE),
    ("xã", "xã", _COMMUNE),
    ("x.", "xã", _COMMUNE),
    ("huyện", "huyện", _DISTRICT),
    ("h.", "huyện", _DISTRICT),
    ("quận", "quận", _DISTRICT),
    ("q.", "quận", _DISTRICT),
    ("tỉnh", "tỉnh", _PROVINCE),
    ("t.", "tỉnh", _PROVINCE),
]

_NUMBERED = re.compile(r"([qp])\.?\s*(\d+)")
_PREFIX_FORMS = [(p, unaccented(p), word, levels) for p, word, levels in _PREFIXES]


@dataclass(frozen=True)
class Reading:
    """One way to read a written name: the levels its type word allows, the name without the
    type word, and the type word itself (`""` when none was written)."""

    levels: frozenset[str]
    core: str
    word: str = ""


@lru_cache(maxsize=1 << 16)
def split_prefix(text: str) -> tuple[Reading, ...]:
    """The readings of a written name, most likely first.

    `Xã Tân Phú` -> [commune "Tân Phú" (xã)]; `Xa Tan Phu` (no accent anywhere) and `TP Vinh`
    (no dot) -> that reading, then the name as written at any level; `Tân Phú` -> [any level]."""
    name = clean(text)
    low = name.lower()
    numbered = _NUMBERED.fullmatch(low)  # `Q1`, `P.7`, `q 10`: the numbered wards and districts
    if numbered:
        word, levels = ("quận", _DISTRICT) if numbered[1] == "q" else ("phường", _COMMUNE)
        return (Reading(levels, numbered[2], word),)
    plain = unaccented(low)
    no_accents = plain == low
    for prefix, bare, word, levels in _PREFIX_FORMS:
        for form, target in ((prefix, low), (bare, plain if no_accents else None)):
            if target is None or not target.startswith(form):
                continue
            rest = name[len(form) :]
            # A word needs a space after it; an abbreviation with a dot does not.
            if not form.endswith(".") and rest[:1] not in (" ", ""):
                continue
            rest = rest.strip(" .")
            if not rest:
                continue
            if form is not prefix or form in ("tp", "tx", "tt"):  # unaccented, or no dot
                return (Reading(levels, rest, word), Reading(_ANY, name))
            return (Reading(levels, rest, word),)
    return (Reading(_ANY, name),)


def type_word(unit_name: str) -> str:
    """The type word a unit's official name starts with (`Thị xã Sơn Tây` -> `thị xã`)."""
    return split_prefix(unit_name)[0].word


# ---------------------------------------------------------------- the catalogue


@cache
def catalogue() -> pd.DataFrame:
    """`data/areas.csv`: area_id, name_vi, name_en, level, parent, code, lat, lon, valid_from,
    valid_to (strings; lat and lon as floats, NaN for `province`)."""
    frame = pd.read_csv(AREAS_CSV, dtype=str, keep_default_na=False)
    for col in ("lat", "lon"):
        frame[col] = pd.to_numeric(frame[col].replace("", None), errors="raise").astype(float)
    return frame


@cache
def changes() -> pd.DataFrame:
    """`data/area_changes.csv`: old_id, old_level, old_code, old_name_vi, old_parent,
    new_area_id, share (`whole` or `part`), one row per (old unit, today's unit) pair."""
    return pd.read_csv(CHANGES_CSV, dtype=str, keep_default_na=False)


@cache
def meta() -> dict:
    """Sources, versions and counts of the shipped catalogue."""
    return json.loads(META_JSON.read_text("utf-8"))


def hierarchy() -> pd.DataFrame:
    """area_id, level, parent of today's units: what the store joins to add communes up to
    their province (and provinces to the country)."""
    return catalogue()[["area_id", "level", "parent"]].copy()


@dataclass(frozen=True)
class _Unit:
    id: str
    name: str
    level: str  # province, district, commune or whole
    old: bool
    today: tuple[str, ...]  # today's unit(s) it is or went into
    split: bool  # an old unit whose territory went to several of today's units
    scope: frozenset[str]  # ids a scope may name to select it (its parents, old and new)


@dataclass
class _Index:
    units: dict[str, _Unit]
    toned: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    loose: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def _core(name: str) -> str:
    return split_prefix(name)[0].core


@cache
def _index() -> _Index:
    cat, ch = catalogue(), changes()
    parent = dict(zip(cat["area_id"], cat["parent"], strict=True))
    old_into: dict[str, set[str]] = defaultdict(set)  # today's province -> old provinces in it
    for row in ch[ch["old_level"] == "province"].itertuples():
        old_into[row.new_area_id].add(row.old_id)
    units: dict[str, _Unit] = {}
    for row in cat.itertuples():
        prov = row.parent if row.level == "commune" else row.area_id
        scope = {prov} | old_into.get(prov, set()) if row.level == "commune" else set()
        units[row.area_id] = _Unit(
            row.area_id, row.name_vi, row.level, False, (row.area_id,), False, frozenset(scope)
        )
    old_parent: dict[str, str] = {}
    targets: dict[str, list[str]] = defaultdict(list)
    names: dict[str, tuple[str, str]] = {}
    for row in ch.itertuples():
        targets[row.old_id].append(row.new_area_id)
        names[row.old_id] = (row.old_name_vi, row.old_level)
        old_parent[row.old_id] = row.old_parent
    for old_id, news in targets.items():
        name, level = names[old_id]
        scope: set[str] = set()
        p = old_parent[old_id]
        while p:
            scope.add(p)
            p = old_parent.get(p, "")
        scope |= {parent.get(n) or n for n in news} if level != "province" else set()
        units[old_id] = _Unit(old_id, name, level, True, tuple(news), len(news) > 1, frozenset(scope))
    index = _Index(units)
    for area_id, other_names in meta().get("aliases", {}).items():
        for alias in other_names:
            index.toned[toned_key(alias)].append(area_id)
            index.loose[loose_key(alias)].append(area_id)
    for u in units.values():
        for core in {_core(u.name), u.name} if u.level != "whole" else {u.name, "Toàn tỉnh"}:
            index.toned[toned_key(core)].append(u.id)
            index.loose[loose_key(core)].append(u.id)
    return index


def name(unit_id: str) -> str:
    """The name of a unit, today's or old (`old-d001` -> `Quận Ba Đình`); an unknown id as is."""
    u = _index().units.get(unit_id)
    return u.name if u else unit_id


@lru_cache(maxsize=65536)  # an area selector names thousands of communes on every run
def display_name(area_id: str, lang: str = "vi") -> str:
    """How a page names an area of the data: `province` and `all` from the UI catalogue, a
    unit of the area catalogue by its name (`c00070` -> `Phường Hoàn Kiếm`, in English
    `Phuong Hoan Kiem`), any other id (a user's own area) as it is."""
    if area_id in (WHOLE, ALL):
        return i18n.label("area", area_id, lang)
    return _display_names(i18n.norm_lang(lang)).get(area_id, area_id)


@cache
def _display_names(lang: str) -> dict[str, str]:
    """Without building the matching index: a page names areas on every rerun."""
    cat, ch = catalogue(), changes()
    old = dict(zip(ch["old_id"], ch["old_name_vi"], strict=True))
    return old | dict(zip(cat["area_id"], i18n.names(cat, lang), strict=True))


def label(unit_id: str, lang: str = "vi") -> str:
    """A unit with what tells it apart: `Xã Văn Lăng, Tỉnh Thái Nguyên`; old units say so."""
    idx = _index()
    u = idx.units.get(unit_id)
    if u is None:
        return unit_id
    if u.level == "whole":
        return i18n.label("area", WHOLE, lang)
    parents = [p for p in sorted(u.scope) if p.startswith("old-") == u.old and p in idx.units]
    if u.old:  # nearest first: district, then province
        parents.sort(key=lambda p: p.startswith("old-p"))
    text = ", ".join([u.name] + [idx.units[p].name for p in parents])
    return t("areas.old_unit", lang, name=text) if u.old else text


# ---------------------------------------------------------------- matching


@dataclass(frozen=True)
class Match:
    """What a written name is. `status`:
    - `ok`: today's unit `area_ids[0]`; `old_id` is set when the name was a pre-2025 unit.
    - `split`: a pre-2025 unit split over `area_ids`: its figure cannot be placed as it is.
    - `ambiguous`: several units (`candidates`, ids) carry the name; give a scope.
    - `unknown`: nothing carries the name; `suggestions` are the closest ids, closest first.
    """

    text: str
    status: str
    area_ids: tuple[str, ...] = ()
    old_id: str | None = None
    candidates: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def area_id(self) -> str | None:
        return self.area_ids[0] if self.ok else None

    def message(self, lang: str = "vi") -> str:
        """What the preview says about the name, in words (names shown as text, never markup)."""
        if self.status == "ok" and self.old_id:
            return t("areas.mapped", lang, old=label(self.old_id, lang), new=label(self.area_ids[0], lang))
        if self.status == "ok":
            return t("areas.found", lang, name=label(self.area_ids[0], lang))
        ids = self.area_ids or self.candidates or self.suggestions
        names = "; ".join(
            [label(i, lang) for i in ids[:MAX_LISTED]] + (["…"] if len(ids) > MAX_LISTED else [])
        )
        if self.status == "split":
            return t("areas.split", lang, old=label(self.old_id or "", lang), new=names)
        if self.status == "ambiguous":
            return t("areas.ambiguous", lang, text=self.text, names=names)
        if self.suggestions:
            return t("areas.unknown_suggest", lang, text=self.text, names=names)
        return t("areas.unknown", lang, text=self.text)


def _lookup(core: str, levels: frozenset[str]) -> list[str]:
    """Ids whose name is `core`: with its tone marks if any unit has them so, else without."""
    idx = _index()
    for table, key in ((idx.toned, toned_key(core)), (idx.loose, loose_key(core))):
        found = [i for i in dict.fromkeys(table.get(key, ())) if idx.units[i].level in levels | {"whole"}]
        if found:
            return found
    return []


def _readings(text: str, levels: frozenset[str] = _ANY) -> list[tuple[_Unit, Reading]]:
    idx = _index()
    seen: dict[str, tuple[_Unit, Reading]] = {}
    for r in split_prefix(text):
        for i in _lookup(r.core, r.levels & levels):
            seen.setdefault(i, (idx.units[i], r))
    return list(seen.values())


def _scope_ids(text: str) -> set[str]:
    """The provinces and districts (today's or old) a scope text can name."""
    if text in _index().units:
        return {text}
    return {u.id for u, _ in _readings(text, _PROVINCE | _DISTRICT)}


def _in_scope(unit: _Unit, scope: set[str]) -> bool:
    return unit.id in scope or bool(unit.scope & scope)


def _prefer(found: list[tuple[_Unit, Reading]]) -> list[tuple[_Unit, Reading]]:
    """Narrow by what was written, where that leaves anything: the type word as the unit's own
    (`TX. Sơn Tây` is the town, not `Huyện Sơn Tây`); with no type word, a province (a bare
    `Hà Giang` is the province, not the town or the commune of that name)."""
    same_word = [(u, r) for u, r in found if r.word and r.word == type_word(u.name)]
    if same_word:
        return same_word
    if not any(r.word for _, r in found):
        provinces = [(u, r) for u, r in found if u.level == "province"]
        if provinces:
            return provinces
    return found


def match(text: object, within: str | None = None, era: str = "auto", closest: bool = True) -> Match:
    """Match a written area name (or id) to today's unit(s); see the module docstring.

    `within`: a province or district (id or name, today's or old) the name must lie in.
    `era`: `auto` (today's and pre-2025 names), `current` (today's only), `old` (pre-2025
    only: for figures from before July 2025). In `auto`, a name that is both a unit of today
    and a different old unit (an old commune that went elsewhere) is `ambiguous`. `closest`:
    look for suggestions when nothing matches (the slow part of a miss)."""
    written = clean(text) if text is not None else ""
    idx = _index()
    if not written:
        return Match(written, "unknown")
    if written in idx.units or written.lower() in idx.units:
        unit = idx.units[written if written in idx.units else written.lower()]
        found, parts = [(unit, Reading(_ANY, written))], [written]
    else:
        parts = [p for p in (clean(p) for p in written.split(",")) if p]
        found = _readings(parts[0])
    if era == "current":
        found = [(u, r) for u, r in found if not u.old]
    elif era == "old":
        found = [(u, r) for u, r in found if u.old or u.level == "whole"]
    for scope_text in parts[1:] + ([within] if within else []):
        scope = _scope_ids(scope_text)
        found = [(u, r) for u, r in found if _in_scope(u, scope)]
    if not found:
        return Match(written, "unknown", suggestions=tuple(suggest(parts[0], within) if closest else ()))
    units = [u for u, _ in _prefer(found)]
    # Readings that all lead to the same one unit of today are one answer (an old commune that
    # kept its name and today's commune; several old units merged into it).
    outcomes = {u.today for u in units}
    if len(outcomes) == 1 and not any(u.split for u in units):
        current = [u for u in units if not u.old]
        return Match(written, "ok", units[0].today, old_id=None if current else units[0].id)
    if len(units) == 1:
        return Match(written, "split", units[0].today, old_id=units[0].id)
    return Match(written, "ambiguous", candidates=tuple(u.id for u in units))


def suggest(text: str, within: str | None = None, n: int = 3) -> list[str]:
    """The ids of the units whose names are closest to `text` (without accents), closest first;
    among equally close names, the units of the written type word (`Tỉnh ...`: provinces), then
    today's before the old ones."""
    idx = _index()
    scope = _scope_ids(within) if within else None
    best: dict[str, float] = {}
    for reading in split_prefix(text):
        key = loose_key(reading.core)
        for cand in difflib.get_close_matches(key, list(idx.loose), n=12, cutoff=0.6):
            score = difflib.SequenceMatcher(None, key, cand).ratio()
            for i in idx.loose[cand]:
                u = idx.units[i]
                if scope is None or _in_scope(u, scope):
                    fits = reading.word and u.level in reading.levels
                    score_i = score + (0.05 if fits else 0.0) - (0.01 if u.old else 0.0)
                    best[i] = max(best.get(i, 0.0), score_i)
    return [i for i, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))][:n]


def old_units_into(area_id: str) -> pd.DataFrame:
    """The pre-2025 units that went into today's `area_id` (the preview shows them): old_id,
    old_level, old_name_vi, share."""
    ch = changes()
    rows = ch[ch["new_area_id"] == area_id]
    return rows[["old_id", "old_level", "old_name_vi", "share"]].reset_index(drop=True)


def era_of(period: str) -> str:
    """Which names a figure's period uses: `old` before July 2025 (`2024`, `2025-06`),
    `current` from then on (`2025-07`, `2026`), `auto` for the year 2025 itself."""
    period = str(period)
    if period[:4] == "2025" and len(period) == 4:
        return "auto"
    return "old" if period < "2025-07" else "current"


MAX_SUGGESTED = 20  # unknown names that get suggestions (each one compares ~15.000 names)


def to_today(
    frame: pd.DataFrame, area: str = "area", value: str = "value", period: str | None = "period"
) -> tuple[pd.DataFrame, dict[tuple[str, str], Match]]:
    """Rename the areas of `frame` to today's units and sum the rows that then coincide
    (several old communes merged into one), over all its other columns as keys.

    Each row's name is read in its period's era (`era_of`; `auto` without a period column).
    Returns (the frame with today's ids, the Match of each distinct (name, era)). Rows whose
    name is not `ok` (split, ambiguous, unknown) are left out of the frame; the caller refuses
    the file with `Match.message`. Summing is only right for additive figures (counts,
    amounts): the caller passes only those."""
    names = frame[area].astype(str)
    eras = (
        frame[period].astype(str).map(era_of) if period in frame.columns else pd.Series("auto", frame.index)
    )
    matches: dict[tuple[str, str], Match] = {}
    unknown = 0
    for pair in dict.fromkeys(zip(names, eras, strict=True)):
        m = matches[pair] = match(pair[0], era=pair[1], closest=unknown < MAX_SUGGESTED)
        unknown += m.status == "unknown"
    mapped = pd.Series([matches[p].area_id for p in zip(names, eras, strict=True)], index=frame.index)
    out = frame.assign(**{area: mapped})[mapped.notna()]
    keys = [c for c in frame.columns if c != value]
    return out.groupby(keys, as_index=False, sort=False, dropna=False)[value].sum(), matches
