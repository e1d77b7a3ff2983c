"""The one module that imports Streamlit: the cached store, the language switch, shared widgets.

Everything else in `lib` takes values and returns values; this module adapts them to
Streamlit's caching and session state. Pages call it, never DuckDB or the file system.

Over ~500 lines on purpose: it is the one Streamlit-aware module (CONVENTIONS), so everything
Streamlit's job touches lives here, in sections read top to bottom: which data is shown
(data_state, drafts, the notice above every page), cached access to the store and the models
(`shared`, `query`, sim_*/tracks/backtest; `drawn_once` for the elements of a view), the
language, URL state (`url_widget`), the front door (navigation, enter_page), text from people
and the error boundary (`literal`, `guarded`),
and who is signed in (current_user, can, require, sign-in). Each section calls plain `lib`
modules for the work; splitting it would put Streamlit imports in several modules.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import re
import runpy
import secrets
import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import streamlit as st

from lib import filters, fmt, i18n, settings
from lib.data import queries, store
from lib.filters import UrlParam
from lib.models import tracking
from lib.state import access

MISSING = fmt.MISSING  # what every table shows in a missing cell (`placeholder=` of st.dataframe)

# ---------------------------------------------------------------- once per script run
#
# A page asks "what data, which user" dozens of times per run (every `ui.query`, every `ui.can`);
# each answer costs state-database reads. `begin_run()` (app.py's first line) starts a fresh memo
# for this run, kept in a thread-local: a session's script runs in its own thread, so a memo never
# reaches another session, and the next run (where a publish, a sign-in or a role change made
# meanwhile shows) starts from nothing. Writes made through `ui` during a run call `_forget()`.
_run = threading.local()


def begin_run() -> None:
    """app.py's first call: what this run learns about its data and user is asked once."""
    _run.memo = {}


def _forget() -> None:
    """Something this run resolved has changed (a sign-in, a chosen version): ask again."""
    _run.memo = {}


def _once(name: str, compute):
    memo = getattr(_run, "memo", None)
    if memo is None:
        memo = _run.memo = {}
    if name not in memo:
        memo[name] = compute()
    return memo[name]


@st.cache_resource(show_spinner=False)
def _open_state_db(url: str, state_dir: str):
    """One state database per setting per process (`lib.state.statedb`: a pool shared by sessions).
    A failure raises, so it is not cached: the next page load tries again."""
    from lib.state import statedb

    return statedb.connect(url, legacy_dir=Path(state_dir))


def state_db_checked():
    """The state database and, when it cannot be opened, (None, its `statedb.StateError`)."""
    from lib.state import statedb

    args = (settings.DATABASE_URL.get(), str(settings.state_dir()))
    try:
        return _open_state_db(*args), None
    except statedb.StateError as exc:
        logging.getLogger("chitieu.state").warning("state database unusable: %s (%s)", exc, exc.detail)
        return None, exc


def state_db_failed() -> None:
    """A call on the shared state database failed: open it afresh on the next use (a database
    file replaced or restored, a server restarted), as a repaired data folder is reloaded."""
    _open_state_db.clear()


def datasets_repo():
    """Uploaded dataset versions: the state folder and database, or this browser session in demo mode."""
    from lib.state import datasets

    if settings.demo_mode():
        if "_datasets_repo" not in st.session_state:
            st.session_state["_datasets_repo"] = datasets.MemoryRepo()
        return st.session_state["_datasets_repo"]
    db, error = state_db_checked()
    return datasets.DiskRepo(settings.state_dir() / "datasets", db, error)


@dataclass(frozen=True)
class _Failed:
    """A load that failed, remembered with the files' state then: tried again once they change."""

    problems: list
    fingerprint: tuple


@st.cache_resource(show_spinner=False)
def _store_for(path: str) -> store.Store | _Failed:
    """One store per data folder per process (loaded once; every session shares it)."""
    from lib.state import datasets

    before = datasets.fingerprint(store.folder_files(Path(path)))
    try:
        return store.open_dir(Path(path))
    except store.LoadError as exc:
        return _Failed(exc.problems, before)


@st.cache_resource(show_spinner=False, max_entries=4)
def _store_for_version(root: str, version_id: str, data_dir: str) -> store.Store | _Failed:
    """One store per saved dataset version (versions never change once written)."""
    from lib.state import datasets

    before = datasets.fingerprint(datasets.version_files(Path(root), version_id, Path(data_dir)))
    try:
        return datasets.load_version(datasets.DiskRepo(Path(root)), version_id, Path(data_dir))
    except store.LoadError as exc:
        return _Failed(exc.problems, before)


def _open_folder(path: Path) -> store.Store | _Failed:
    from lib.state import datasets

    got = _store_for(str(path))
    if isinstance(got, _Failed) and got.fingerprint != datasets.fingerprint(store.folder_files(path)):
        _store_for.clear(str(path))  # the files changed since it failed: try them again
        got = _store_for(str(path))
    return got


def _open_version(repo, version_id: str) -> store.Store | _Failed:
    """The store of a saved version, or why it cannot be loaded (cached both ways)."""
    from lib.state import datasets

    if isinstance(repo, datasets.MemoryRepo):  # demo: this session's own store, never shared
        cached = st.session_state.get("_datasets_store")
        if cached is None or cached[0] != version_id:
            try:
                got = datasets.load_version(repo, version_id, settings.data_dir())
            except store.LoadError as exc:
                got = _Failed(exc.problems, ())
            cached = (version_id, got)
            st.session_state["_datasets_store"] = cached
        return cached[1]
    args = (str(repo.root), version_id, str(settings.data_dir()))
    got = _store_for_version(*args)
    if isinstance(got, _Failed):  # the files changed since it failed: try them again
        stale = got.fingerprint != datasets.fingerprint(
            datasets.version_files(repo.root, version_id, settings.data_dir())
        )
    else:  # loaded: its files changed since (damage, a hand edit): check them again
        stale = datasets.changed_since_loaded(repo.root, version_id, settings.data_dir())
    if stale:
        _store_for_version.clear(*args)
        got = _store_for_version(*args)
    return got


@dataclass(frozen=True)
class DataState:
    """What this session shows and why: the store, the version in use (None: the data folder or
    the bundled data), what that is called, each thing that could not be loaded as
    (kind, subject, problems) with kind "folder", "statedb" or "version", the publication
    viewers see (`published`, None: nothing published), the shown version's latest publication
    (`shown_publication`), whether it is a draft, and how it was chosen: "published", "session"
    (this session's choice on the Data page) or "link" (`?version=` in the URL)."""

    store: store.Store
    version: str | None
    label: str
    troubles: tuple[tuple[str, str, list], ...] = ()
    published: object = None  # datasets.Publication | None
    shown_publication: object = None
    draft: bool = False
    chosen_by: str = "published"

    @property
    def current(self) -> bool:
        """Whether the figures shown are the ones viewers see now."""
        published = self.published.version if self.published is not None else None
        return self.version == published


VIEW_KEY = "_view_version"  # this session's choice of version (Data page); never shown to others


def _requested(repo) -> tuple[str | None, str] | None:
    """The version this session asks for instead of the published one, and how ("link" or
    "session"), when it may: any version for those who may view drafts, else only a version
    published at some time (a link a viewer was sent). None: the published one."""
    from lib.state import datasets

    pinned = st.query_params.get_all("version")
    asked = [(pinned[0], "link")] if len(pinned) == 1 else []
    if VIEW_KEY in st.session_state:
        asked.append((st.session_state[VIEW_KEY], "session"))
    for wanted, how in asked:
        if not isinstance(wanted, str):
            continue
        version = None if wanted == datasets.BUNDLED else wanted
        if version is not None and not datasets.VERSION_RE.match(version):
            continue
        if can("view_draft") or version in repo.ever_published():
            return version, how
    return None


def data_state() -> DataState:
    """What this session shows (`_data_state`), resolved once per run for the same language,
    `?version=` and choice of version (the state database is read once per visit, not once per
    query)."""
    asked = (lang(), tuple(st.query_params.get_all("version")), repr(st.session_state.get(VIEW_KEY)))
    return _once(("data_state", asked), _data_state)


def _data_state() -> DataState:
    """Resolve what this session shows, falling back step by step, never raising.

    The published version (from the state database) unless this session chose another (a draft
    on the Data page, or a link's `?version=`); a chosen version that cannot be loaded falls
    back to the published one, a published one that cannot be loaded to the data folder, a state
    database that cannot be read to the data folder, a data folder that cannot be loaded to the
    bundled data (with a warning on every page, see `data_notice`); when even the bundled data
    cannot be loaded the page says which file and stops.
    """
    troubles: list[tuple[str, str, list]] = []
    data_dir = settings.data_dir()
    base, label = _open_folder(data_dir), base_data_label()
    if isinstance(base, _Failed):
        troubles.append(("folder", str(data_dir), base.problems))
        bundled = settings.BUNDLED_DATA_DIR
        base = _open_folder(bundled) if data_dir.resolve() != bundled.resolve() else base
        label = t("data.bundled")
        if isinstance(base, _Failed):
            if data_dir.resolve() != bundled.resolve():
                troubles.append(("folder", str(bundled), base.problems))
            for _, folder, problems in troubles:
                st.error(t_md("state.nothing_to_show", folder=folder, problem=problems[0].text(lang())))
            st.stop()
    repo = datasets_repo()
    published, db_problem = repo.published_state()
    if db_problem is not None:
        state_db_failed()
        troubles.append(
            ("statedb", getattr(getattr(repo, "db", None), "where", "") or _db_where(), [db_problem])
        )
    history = _history(repo) if db_problem is None else []
    requested = _requested(repo) if db_problem is None else None
    published_id = published.version if published else None
    candidates = []
    if requested is not None and requested[0] != published_id:
        candidates.append(requested)
    candidates.append((published_id, "published"))
    for version_id, how in candidates:
        if version_id is None:
            shown_pub = next((p for p in history if p.version is None), None)
            return DataState(base, None, label, tuple(troubles), published, shown_pub, False, how)
        got = _open_version(repo, version_id)
        if isinstance(got, store.Store):
            shown_pub = next((p for p in history if p.version == version_id), None)
            draft = shown_pub is None and not settings.demo_mode()
            return DataState(got, version_id, version_id, tuple(troubles), published, shown_pub, draft, how)
        troubles.append(("version", version_id, got.problems))
        if how == "session":
            st.session_state.pop(VIEW_KEY, None)  # said once; the session goes back to the published
    return DataState(base, None, label, tuple(troubles), published, None, False, "published")


def _db_where() -> str:
    url = settings.DATABASE_URL.get().strip()
    return (
        str(settings.state_dir() / "chitieu.sqlite3")
        if not url
        else re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)
    )


def _history(repo) -> list:
    from lib.state import datasets

    try:
        return repo.publications()
    except datasets.StateUnavailable:
        return []


def current_store() -> store.Store:
    """The store every page reads: this session's version's, else the published one's, else the
    data folder's, else the bundled data's (`data_state` says which and why; `data_notice` tells
    the user)."""
    return data_state().store


def version_problems(version_id: str) -> list:
    """Why a saved version cannot be loaded (empty when it loads): checked before switching to it."""
    got = _open_version(datasets_repo(), version_id)
    return got.problems if isinstance(got, _Failed) else []


def version_line(state: DataState | None = None) -> str:
    """What the figures shown are, in one line (for pages and every export): the approved version
    and when it was published, an earlier approved one, a draft, or the base data by its name."""
    from lib.state import datasets

    state = state or data_state()
    return datasets.version_line(
        state.version, state.draft, state.shown_publication, state.current, state.label, lang()
    )


def _problem_words(problem, subject: str) -> str:
    return problem.message(lang()) if problem.file == subject and not problem.line else problem.text(lang())


def _way_back(repo, broken: str | None) -> str | None:
    """The newest saved version that loads, preferring those older than the broken one."""
    ids = sorted((v.id for v in repo.versions() if v.id != broken), reverse=True)
    older = [v for v in ids if broken is None or v < broken]
    published_before = repo.ever_published()
    ranked = [v for v in older + [v for v in ids if v not in older] if v in published_before]
    for version_id in ranked[:3]:
        if not version_problems(version_id):
            return version_id
    return None


def view_version(version_id: str | None) -> None:
    """This session shows `version_id` (None: the data folder) from now on; nobody else is affected.
    Only a choice: `data_state` checks on every run that the user may see it."""
    from lib.state import datasets

    st.session_state[VIEW_KEY] = version_id or datasets.BUNDLED
    _forget()


def view_published() -> None:
    """This session shows the published figures again (the draft banner's button)."""
    st.session_state.pop(VIEW_KEY, None)
    _forget()


def publish_message(exc: BaseException, version: str, lang_: str) -> str:
    """Why a publish or rollback did not happen, in the user's words (nothing changed)."""
    from lib.state import publishing

    return publishing.refusal(exc, version, lang_)


def _switch_to(version_id: str | None, label: str) -> None:
    """The way-back buttons' action (approvers): publish again what was published before (a
    rollback) or, when it never was, publish it; checked on the server by `Repo.publish`."""
    from lib.state import access, datasets

    repo = datasets_repo()
    action = "rollback" if version_id in repo.ever_published() else "publish"
    try:
        repo.publish(current_user(), version_id, action)
    except (access.Forbidden, datasets.StateUnavailable, KeyError) as exc:
        _flash_state("error", literal(publish_message(exc, label, lang())))
    else:
        view_published()
        _flash_state("success", t_md("drafts.rolled_back", version=label))


def data_notice() -> None:
    """On every page (the front door calls it once per run): what could not be loaded, what is
    shown instead, the draft banner, what a pinned link shows, the line naming the figures, and
    for approvers buttons for the way back (the newest version that loads, the base data)."""
    from lib.state import datasets

    flash = st.session_state.pop("_state_flash", None)
    if flash:
        (st.error if flash[0] == "error" else st.success)(flash[1])
    if not settings.demo_mode() and st.query_params.get_all("version"):  # a link pins a version
        repo = datasets_repo()
        allowed = (
            [v.id for v in repo.versions()]
            if can("view_draft")
            else sorted(v for v in repo.ever_published() if v)
        )
        url_guard({"version": UrlParam.choice([*allowed, datasets.BUNDLED])})
    state = data_state()
    stuck = False
    for kind, subject, problems in state.troubles:
        words = _problem_words(problems[0], subject)
        more = t("state.more", count=len(problems) - 1) if len(problems) > 1 else ""
        if kind == "folder":
            st.warning(
                t_md("state.folder_unusable", folder=subject, problem=words, fallback=t("data.bundled"))
                + more,
                icon=":material/warning:",
            )
        elif kind == "statedb":
            st.warning(
                t_md(
                    "drafts.db_unusable",
                    where=subject,
                    reason=_db_reason(problems[0]),
                    fallback=state.label,
                ),
                icon=":material/database:",
            )
        else:
            published = state.published.version if state.published else None
            key = datasets.unusable_key(subject, published)
            text = t_md(key, version=subject, fallback=state.label, problem=words)
            st.warning(text + more, icon=":material/warning:")
            stuck = stuck or subject == published
    _view_notice(state)
    st.caption(literal(version_line(state)))
    if not stuck:
        return
    if not can("rollback"):
        return  # the warning says who can go back, and where
    repo = datasets_repo()
    broken = next((s for k, s, _ in state.troubles if k == "version"), None)
    back = _way_back(repo, broken)
    base_label = (
        base_data_label() if not any(k == "folder" for k, _, _ in state.troubles) else t("data.bundled")
    )
    ways = [("state_use_version", back, back, t_md("state.use_version", version=back))] if back else []
    ways.append(("state_use_base", None, base_label, t_md("state.use_base", fallback=base_label)))
    damaged = t("state.damaged_name", version=state.published.version)  # the one viewers lost
    for col, (key, version_id, label, button) in zip(st.columns(len(ways)), ways, strict=True):
        two_steps(  # what every viewer sees changes: the same second step as Publish and Roll back
            key,
            t_md("drafts.rollback_check", version=label, published=damaged),
            button,
            lambda version_id=version_id, label=label: _switch_to(version_id, label),
            lambda label=label: _flash_state("error", literal(t("drafts.unchecked", version=label))),
            container=col,
            icon=":material/history:" if version_id else ":material/restore:",
        )


def _flash_state(kind: str, text: str) -> None:
    st.session_state["_state_flash"] = (kind, text)


def two_steps(
    key: str, check: str, label: str, act, refused, container=None, button_in=None, **button
) -> None:
    """An act that changes what every viewer sees (publish, roll back, a way back), in two steps:
    a tick whose words name both versions (`check`, key `<key>_sure`), then the button (`key`),
    disabled until ticked. On the click `act()` runs only when the tick is still there (checked
    again in the callback: a stale or crafted click does nothing but `refused()`), and the tick
    is cleared either way, so the next act asks again. Callbacks guarded (`guarded_callback`).
    The one implementation: the Data page and the damaged-version notice both draw it."""
    sure_key = f"{key}_sure"
    sure = (container or st).checkbox(check, key=sure_key)
    (button_in or container or st).button(
        label,
        key=key,
        disabled=not sure,
        on_click=guarded_callback(_if_ticked),
        args=(sure_key, act, refused),
        **button,
    )


def _if_ticked(sure_key: str, act, refused) -> None:
    if st.session_state.pop(sure_key, False):
        act()
    else:
        refused()


def _db_reason(problem) -> str:
    """The state database's own reason in the UI's language (without "cannot be used: ")."""
    reason = dict(problem.params).get("reason")
    return getattr(reason, lang(), None) or problem.message(lang())


def _published_words(state: DataState) -> str:
    published = state.published.version if state.published else None
    if published is None:
        return base_data_label()
    return t("drafts.published_version", version=published)


def _view_notice(state: DataState) -> None:
    """The draft banner (every page, while this session shows a draft), or what else it shows."""
    if settings.demo_mode() or state.current or state.chosen_by == "published":
        return
    if state.draft:
        repo = datasets_repo()
        version = repo.get(state.version)
        by = (repo.creators().get(state.version) or (version.created_by if version else "")) or t(
            "drafts.nobody"
        )
        st.warning(
            t_md(
                "drafts.banner",
                version=state.version,
                file=version.file_name if version else "",
                by=by,
                time=datasets_when(version.created_utc) if version else "",
                published=_published_words(state),
            ),
            icon=":material/edit_note:",
        )
    elif state.chosen_by == "link" and state.version is not None:
        date = state.shown_publication.at_utc if state.shown_publication else ""
        from lib.state import datasets

        st.info(
            t_md(
                "drafts.pinned",
                version=state.version,
                date=datasets.published_date(date, lang()),
                published=_published_words(state),
            ),
            icon=":material/push_pin:",
        )
        return
    else:
        st.info(
            t_md("drafts.viewing_other", shown=state.label, published=_published_words(state)),
            icon=":material/visibility:",
        )
    if state.chosen_by == "session":
        st.button(
            t("drafts.back"),
            key="draft_back",
            on_click=guarded_callback(view_published),
            icon=":material/verified:",
        )


def datasets_when(iso_utc: str) -> str:
    from lib.state import datasets

    return datasets.when(iso_utc, lang())


@functools.lru_cache(maxsize=8)
def _is_bundled(data_dir: str) -> bool:
    """Whether a data folder is the bundled one (resolving paths costs file-system calls: once)."""
    return Path(data_dir).resolve() == settings.BUNDLED_DATA_DIR.resolve()


def base_data_label() -> str:
    """What the app shows when no upload is published: the bundled report, or the data folder's name."""
    if _is_bundled(str(settings.data_dir())):
        return t("data.bundled")
    return t("data.folder", folder=settings.data_dir().name)


def session_cached(name: str, token: object, compute):
    """`compute()` once per `token` in this browser session (e.g. a big upload's preview across
    reruns); kept in session state, so one visitor's result never reaches another."""
    hit = st.session_state.get(name)
    if hit is not None and hit[0] == token:
        return hit[1]
    value = compute()
    st.session_state[name] = (token, value)
    return value


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor for this rerun: sessions run in threads and must not share one connection."""
    return current_store().cursor()


def lang() -> str:
    """The UI language: the switch's value, else the last choice this session made (the switch's
    own state is dropped when `st.navigation` leaves the old `pages/` mode in the same run)."""
    return i18n.norm_lang(st.session_state.get("lang") or st.session_state.get("_lang_chosen"))


def t(key: str, **params: object) -> str:
    return i18n.t(key, lang(), **params)


def language_switch() -> str:
    """Vietnamese by default, English one click away; the URL holds `lang=vi|en` (`url_widget`)."""
    # The choice is also kept under a plain session key: a widget's own state is dropped when
    # Streamlit discards the widget (its first run on a fresh server is in the old `pages/`
    # mode, see `enter_page`, so the next page would fall back to Vietnamese).
    if st.session_state.get("lang") not in i18n.LANGS:  # a discarded widget leaves None behind
        st.session_state.pop("lang", None)
    if "lang" not in st.session_state and "_lang_chosen" in st.session_state and not _url_is_new("lang"):
        st.session_state["lang"] = i18n.norm_lang(st.session_state["_lang_chosen"])
    url_widget(
        st.sidebar.segmented_control,
        "Ngôn ngữ / Language",
        list(i18n.LANGS),
        key="lang",
        default=i18n.DEFAULT_LANG,
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
        required=True,
        persist_state="session",
    )
    st.session_state["_lang_chosen"] = lang()
    return lang()


# ---------------------------------------------------------------- the view in the URL
#
# One mechanism for every widget that defines a view, on every page: `url_widget` (owid's
# Wizard calls it `url_persist`). The URL holds option ids (ASCII), never labels, and every
# value a link brings is checked (`lib.filters.UrlParam`) before a widget sees it; an unusable
# value falls back to the default and is named in one notice at the top of the page.
#
# Why not Streamlit's `bind="query-params"`: for widgets with options it stores the *formatted
# label* in the URL (`?area=Toàn+tỉnh`, `?lang=English`: the link then depends on the language
# and our ids do not open it; tests/test_links.py checks this and fails when Streamlit changes),
# and it seeds the widget from the URL before the page can check the value, so a value the page
# refuses needed a second run (and its link notice was reported missing now and then in a
# browser). Here the script seeds session state from the checked URL and writes the ids back:
# one run, no rerun.


def _url_is_new(url_key: str) -> bool:
    """Whether the URL's value for `url_key` came from a link (or the address bar) rather than
    from this session's own last write: only then does it open a view."""
    # `get_all`, not `in`: a missing key makes `in` raise and catch a KeyError inside Streamlit,
    # a cost seen under a crowd (py-spy). A key given without a value is still [""].
    values = st.query_params.get_all(url_key)
    if not values:
        return False
    written = st.session_state.get("_url_written", {})
    return values != written.get(url_key)


def _url_note(url_key: str) -> None:
    notes = st.session_state.setdefault("_url_fixed", [])
    if url_key not in notes:
        notes.append(url_key)


def _offered(value: object, options: list | None, default: object) -> bool:
    """Whether a session value is one the widget offers now (the data, or a scope, may have
    changed since: another dataset, another province)."""
    if options is None:  # a number (an int where a float is expected is a number) or text
        kind = (int, float) if isinstance(default, float) else type(default)
        return isinstance(value, kind) and not isinstance(value, bool)
    if isinstance(default, list):
        return isinstance(value, list) and all(v in options for v in value)
    if isinstance(default, tuple):
        return isinstance(value, tuple) and len(value) == len(default) and all(v in options for v in value)
    return value in options


def _from_url(url_key: str, param: UrlParam, options: list | None, default: object) -> object:
    """The value a link opens the widget with: the URL's usable values, else `default`."""
    if not _url_is_new(url_key):
        return default
    raw = st.query_params.get_all(url_key)
    kept = param.keep(raw)
    if kept != raw:
        _url_note(url_key)
    if not kept:
        return default
    if options is None:  # a number or text: the default's type
        return type(default)(float(kept[0])) if isinstance(default, int | float) else kept[0]
    by_text = {str(o): o for o in options}
    chosen = [by_text[v] for v in kept]
    if isinstance(default, list):
        return chosen
    if isinstance(default, tuple):  # a range: in the options' order
        return tuple(sorted(chosen, key=options.index))
    return chosen[0]


def url_write(url_key: str, value: object, default: object = None) -> None:
    """Put a view's value in the URL as ids; the default (or nothing) leaves the URL clean."""
    values, clean = filters.as_values(value), filters.as_values(default)
    if values == clean or not values:
        if st.query_params.get_all(url_key):
            del st.query_params[url_key]
        values = []
    elif st.query_params.get_all(url_key) != values:
        st.query_params[url_key] = values if len(values) > 1 or isinstance(value, list | tuple) else values[0]
    st.session_state.setdefault("_url_written", {})[url_key] = values


_KEEP = object()  # the session's value stands


def url_widget(draw, label: str, options: list | None = None, *, key: str, default: object,
               url_key: str | None = None, param: UrlParam | None = None, shown: bool = True,
               **kwargs):  # fmt: skip
    """Draw a widget that defines the view, its value kept in the URL as ids; returns its value.

    `draw` is the Streamlit widget (`st.selectbox`, `column.multiselect`, `st.slider` ...),
    `options` its options (ids; labels through `format_func`), `default` the view's value when
    the URL says nothing (a list: any number of options; a tuple: a range of two), `url_key`
    the URL's name for it (default `key`). `param` says what the URL may hold; by default one
    of `options` (any number for a list default, two for a range). Numbers and text pass
    `param` and no options (`min_value=`... as keywords). The widget gets no default argument
    of its own: its value is seeded in session state when a view opens (from the link when
    usable) or when the value is no longer offered (back to `default`). With `shown` False
    (e.g. a single option: nothing to choose) no widget is drawn, but the link is still
    checked the same way and `default` is the value.
    """
    url_key = url_key or key
    if param is None:
        count = None if isinstance(default, list) else len(default) if isinstance(default, tuple) else 1
        param = UrlParam.choice(options, count=count)
    if not shown:
        _from_url(url_key, param, options, default)  # a link's unusable value is still named
        url_write(url_key, default, default)
        return default
    if key not in st.session_state:
        seed = _from_url(url_key, param, options, default)
    elif not _offered(st.session_state[key], options, default):
        seed = default
    else:
        seed = _KEEP
    if isinstance(default, tuple):  # a range: Streamlit's sliders take their mode from `value`
        opened = f"_url_opened_{key}"
        if seed is not _KEEP:
            st.session_state.pop(key, None)
            st.session_state[opened] = seed
        kwargs["value"] = st.session_state.get(opened, default)
    elif seed is not _KEEP:
        st.session_state[key] = seed
    value = draw(label, key=key, **kwargs) if options is None else draw(label, options, key=key, **kwargs)
    url_write(url_key, value, default)
    return value


def demo_banner() -> None:
    if settings.demo_mode():
        st.info(t("app.demo_banner"), icon=":material/public:")


def synthetic_banner() -> None:
    """Synthetic figures are marked on every page: the front door calls this before any page."""
    # The page draws the store's own messages (e.g. "this version did not load"); drawn here
    # too they would show twice, so the front door's copy goes into a placeholder it clears.
    quiet = st.empty()
    try:
        with quiet:
            counts = current_store().provenances
    except store.LoadError:
        return  # the page itself reports why the data did not load
    finally:
        quiet.empty()
    synthetic = counts.get("synthetic", 0)
    if synthetic:
        st.warning(
            t(
                "synth.banner",
                rows=fmt.number(synthetic, lang()),
                total=fmt.number(sum(counts.values()), lang()),
            ),
            icon=":material/science:",
        )


def scenario_book():
    """The simulator's scenarios as this session's user sees them: the state database (own ones
    saved and deleted, everyone's read), or this browser session in demo mode (nothing written)."""
    from lib.state import scenarios

    if settings.demo_mode():
        return scenarios.MemoryScenarios(st.session_state.setdefault("_sim_scenarios", {}))
    db, error = state_db_checked()
    return scenarios.DbScenarios(db, current_user(), error)


@st.cache_data(show_spinner=False, max_entries=2048)
def _shared(token: str, name: str, args: tuple, _compute):
    return _compute()


class _SharedResults:
    """The process's shared results by (data token, name, typed args), newest last: at most
    `SHARED_MAX` kept. A lock per key makes a crowd asking at once wait for one computation."""

    def __init__(self) -> None:
        self.values: OrderedDict = OrderedDict()
        self.computing: dict = {}
        self.lock = threading.Lock()


SHARED_MAX = 2048


@st.cache_resource(show_spinner=False)
def _shared_results() -> _SharedResults:
    # A resource, so `st.cache_resource.clear()` (tests, an operator) empties it too.
    return _SharedResults()


def _typed(value: object) -> object:
    """A key for plain arguments that tells 1, 1.0 and True apart (equal in a dict otherwise)."""
    if isinstance(value, tuple | list):
        return (type(value).__name__, tuple(_typed(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(k), _typed(v)) for k, v in value.items())))
    if value is None or isinstance(value, bool | int | float | str):
        return (type(value).__name__, value)
    hash(value)  # anything else must be hashable (frozen dataclasses of inputs), else TypeError
    return (type(value).__qualname__, value)


_IMMUTABLE = (str, bytes, int, float, bool, complex, type(None))
_PLAIN, _FLAT = set(_IMMUTABLE), (list, tuple, dict)


def _immutable(value: object, depth: int = 0) -> bool:
    """Whether nobody can change `value` in place: plain scalars, and tuples and frozen
    dataclasses made only of those (a card, a track): handed out as they are, not copied."""
    if isinstance(value, _IMMUTABLE):
        return True
    if depth > 4:
        return False
    if type(value) is tuple:
        return all(_immutable(v, depth + 1) for v in value)
    params = getattr(type(value), "__dataclass_params__", None)
    if params is None or not params.frozen:
        return False
    return all(_immutable(getattr(value, name), depth + 1) for name in type(value).__dataclass_fields__)


def _fresh(value: object) -> object:
    """A caller's own copy of a shared result: containers rebuilt, DataFrames and Series as
    pandas' copy-on-write copies (no data copied until one side is written), immutable values
    (and frozen dataclasses of them) as they are, a chart spec from `arrow_spec` parsed from its
    JSON text, anything else through `copy.deepcopy`."""
    import pandas as pd

    if value is None or isinstance(value, str | bytes | int | float | bool):
        return value
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)  # pandas 3: copy-on-write, a write never reaches the original
    if type(value) is _ChartSpec and value.text is not None:
        return value.fresh()
    # A flat list, tuple or dict of plain values (a list of areas, their labels: thousands on
    # national data) in one step: copying it item by item was a tenth of the server's time
    # under a crowd on 10 million rows (py-spy).
    if type(value) in _FLAT and set(map(type, value.values() if type(value) is dict else value)) <= _PLAIN:
        return value if type(value) is tuple else value.copy()
    if type(value) is tuple:
        return tuple(_fresh(v) for v in value)
    if type(value) is list:
        return [_fresh(v) for v in value]
    if type(value) is dict:
        return {k: _fresh(v) for k, v in value.items()}
    if _immutable(value):
        return value
    return copy.deepcopy(value)


def shared(data: store.Store | None, name: str, args: tuple, compute):
    """`compute()` once per process for `data`'s content (`Store.token`), `name` and plain
    `args`: every visitor of the same view gets the same result without computing it.

    For results that depend only on the data and the view (summaries, sentences, chart specs,
    tables); `data` None for results that depend on `args` alone (a simulation of given
    inputs). `name` says what is computed (one name per computation); `args` holds every input
    besides the data (year, area, language, filters). Each caller gets its own copy, and a crowd
    asking at once waits for one computation.

    Kept in a plain per-process dict (`_SharedResults`), and each caller gets a copy (`_fresh`):
    st.cache_data's own hashing of the arguments and unpickling of every result on every read
    were a sixth of the server's time under a crowd (py-spy). Arguments that cannot be keyed
    that way (unhashable objects) still go through st.cache_data.
    """
    token = "" if data is None else data.token
    try:
        key = (token, name, _typed(tuple(args)))
        hash(key)
    except TypeError:
        return _shared(token, name, tuple(args), compute)
    results = _shared_results()
    with results.lock:
        if key in results.values:
            results.values.move_to_end(key)
            return _fresh(results.values[key])
        gate = results.computing.setdefault(key, threading.RLock())
    with gate:
        with results.lock:
            if key in results.values:
                return _fresh(results.values[key])
        try:
            value = compute()
            with results.lock:
                results.values[key] = value
                while len(results.values) > SHARED_MAX:
                    results.values.popitem(last=False)
        finally:
            with results.lock:
                results.computing.pop(key, None)
    return _fresh(value)


class _ChartSpec(dict):
    """A chart spec as `arrow_spec` leaves it (a dict), with the JSON text of everything but its
    datasets made once: a shared spec's copy for each visitor (`_fresh`) is parsed from that
    text, a fraction of rebuilding its nested dicts in Python (a tenth of the Explore page's
    time under a crowd, py-spy). Streamlit writes into the dict it is given (autosize, legend
    titles), so each visitor needs a copy of their own."""

    __slots__ = ("text",)

    def fresh(self) -> dict:
        out = json.loads(self.text)
        if "datasets" in self:
            out["datasets"] = {name: _fresh(rows) for name, rows in self["datasets"].items()}
        return out


def _spec_text(spec: dict) -> str | None:
    """The spec's JSON text without its datasets; None when it is not plain JSON (then copied
    the slow way) or would not read back the same."""
    body = {k: v for k, v in spec.items() if k != "datasets"}
    try:
        text = json.dumps(body, allow_nan=True)
    except (TypeError, ValueError):
        return None
    return text if json.loads(text) == body else None


def arrow_spec(spec: dict) -> dict:
    """A Vega-Lite dict ready for `st.vega_lite_chart`, its named datasets already in Arrow IPC
    bytes: call it inside the `shared` computation that builds the spec, so the conversion is
    done once per process, not once per visitor.

    Streamlit moves each named dataset of a spec into the chart's message as Arrow bytes
    (`_marshall_chart_data`), converting lists of rows through pandas on every call (a tenth of
    the server's time under a crowd, py-spy); a dataset that is bytes already is passed as it
    is (how `st.altair_chart` hands over its data). tests/test_crowd_caches.py checks the chart
    message carries the same table either way, and fails if Streamlit stops taking bytes. A
    dataset that pyarrow cannot convert stays as it was, for Streamlit to convert. The result
    also keeps its JSON text, so a visitor's copy of a shared spec is cheap (`_ChartSpec`)."""
    import pandas as pd
    import pyarrow as pa

    datasets = spec.get("datasets")
    if not isinstance(datasets, dict):
        ready = _ChartSpec(spec)
        ready.text = _spec_text(spec)
        return ready
    ready = {}
    for name, rows in datasets.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            ready[name] = rows
            continue
        try:
            table = pa.Table.from_pandas(pd.DataFrame(rows))
        except (pa.ArrowException, TypeError, ValueError):
            ready[name] = rows
            continue
        sink = pa.BufferOutputStream()
        with pa.RecordBatchStreamWriter(sink, table.schema) as writer:
            writer.write_table(table)
        ready[name] = sink.getvalue().to_pybytes()
    out = _ChartSpec({**spec, "datasets": ready})
    out.text = _spec_text(spec)
    return out


# A resource, not `st.cache_data`: its every hit unpickled the recorded elements (the overview's
# hundred cards: a twentieth of the server's time under a crowd, py-spy). Streamlit replays the
# elements a cached resource drew just the same (documented), copying each message it sends.
@st.cache_resource(show_spinner=False, max_entries=512)  # a view's elements: tens of kB each
def _replayed(token: str, name: str, args: tuple, _draw) -> None:
    _draw()


def drawn_once(data: store.Store | None, name: str, args: tuple, draw) -> None:
    """`draw()` once per process for `data`'s content, `name` and plain `args`; every later run
    with the same ones shows the elements it drew, replayed by Streamlit, without drawing them
    anew (Streamlit's caches record the elements a cached function draws and replay them on a
    hit: their documented behaviour, no internals).

    For parts of a page that depend only on the data and the view (a chart with its table, the
    cards of a year): a crowd's visitors each cost Streamlit's marshalling of every element
    otherwise (a table's Styler alone was half the Explore page's time, py-spy). `draw` may
    draw elements and containers, never widgets (Streamlit refuses them in a cached function),
    and must read nothing but the data and `args` (they are the key: the language, the view).
    Replayed where it is called, inside the current container."""
    _replayed("" if data is None else data.token, name, _typed(tuple(args)), draw)


def query(fn, *args, **kwargs):
    """A named query of the store (`queries.year_summary`, `queries.explore_table` ...) on the data
    the page shows: `fn(cursor, *args, **kwargs)` once per process for the data's content and
    the arguments (through `shared`). The one way a page reads the store: pass the function,
    never call it with a cursor of your own."""
    return _query_on(current_store(), fn, *args, **kwargs)


def _query_on(data: store.Store, fn, *args, **kwargs):
    name = f"{fn.__module__}.{fn.__qualname__}"
    return shared(
        data, name, (args, tuple(sorted(kwargs.items()))), lambda: fn(data.cursor(), *args, **kwargs)
    )


def _number_text(x: float, lang: str, decimals: int) -> str:
    return _number_text_of(x, str(x), lang, decimals)  # str(x) tells 0.0 and -0.0 apart


@functools.lru_cache(maxsize=65536)
def _number_text_of(x: float, _text: str, lang: str, decimals: int) -> str:
    return fmt.number(x, lang, decimals)


def styled(table, lang: str, decimals: int = 2):
    """`charts.styled` (numbers in the UI's style while the cells stay numbers, "—" where
    missing) with each number's text made once per process: Babel's formatting of every cell
    on every visit was a visible share of the Explore page's time under a crowd (py-spy)."""
    import pandas as pd

    from lib.report import charts  # "khoảng 22.200" where a figure is known only within a range

    table, texts = charts.shown_texts(table)
    # From the dtypes at once: `table[c]` builds a Series per column (a visible cost, py-spy).
    numeric = [c for c, dtype in table.dtypes.items() if pd.api.types.is_float_dtype(dtype)]
    out = table.style.format(
        {c: (lambda x: _number_text(float(x), lang, decimals)) for c in numeric}, na_rep="—"
    )
    return charts.with_texts(out, texts)


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and x != x)


def table_text(table, lang: str, decimals: int = 2):
    """A static table's cells as the text it shows (numbers in the UI's style, "—" where
    missing), for `st.table`: the same words `charts.styled` gives, without a Styler. Streamlit
    turns a Styler's display values into a table cell by cell on every call (13–20 ms for a
    table of ten rows, the top cost of the Explore page under a crowd, py-spy); this text is
    built once in a `shared` computation. Only for tables nobody sorts (st.table)."""
    import pandas as pd

    out = table.copy()
    for column in table.columns:
        if pd.api.types.is_float_dtype(table[column]):
            out[column] = [
                "—" if _missing(x) else fmt.number(x, lang, decimals) for x in table[column].tolist()
            ]
        else:
            out[column] = ["—" if _missing(x) else str(x) for x in table[column].tolist()]
    return out.astype(object)


TABLE_ROWS_SHOWN = 20  # a longer table scrolls inside a frame of this many rows and a half
_ROW_PX = 35  # Streamlit's table row (and header row) height, in pixels


def table_height(rows: int) -> str | int:
    """`st.dataframe`'s `height` for a table of `rows` rows: "content" (every row, no inner
    scroll) up to `TABLE_ROWS_SHOWN`; a longer one in a frame of that many rows and a half, so the
    row cut in two shows there is more to scroll. Streamlit's default ("auto") shows ten rows and
    scrolls the rest out of sight with nothing to say so (the overview's 11th row was hidden)."""
    if rows <= TABLE_ROWS_SHOWN:
        return "content"
    return int((TABLE_ROWS_SHOWN + 1.5) * _ROW_PX) + 2  # the header, the rows, the frame's border


def table(frame, container=None, **kwargs) -> None:
    """A table as the pages show one: no index, `MISSING` in an empty cell, the page's width, and
    every row in sight (`table_height`). `frame` may be a Styler (its rows are its data's).
    `kwargs` go to `st.dataframe` (e.g. `column_config`)."""
    from pandas.io.formats.style import Styler

    options = {"hide_index": True, "placeholder": MISSING, "width": "stretch"} | kwargs
    rows = len(frame.data if isinstance(frame, Styler) else frame)
    (container or st).dataframe(frame, height=table_height(rows), **options)


def table_downloads(table, name: str, key: str, container=None) -> None:
    """A table's CSV and XLSX downloads side by side, built when clicked (`lib/report/export.py`:
    formulas neutralised, figures kept as numbers). The tables' own toolbar download is off
    (.streamlit/config.toml): every page offers its tables through this."""
    from lib.report import export

    buttons = (container or st).container(horizontal=True)
    language = lang()  # a cell cut to Excel's limit says so in the reader's language
    for kind, build, mime in (
        ("csv", export.to_csv, export.CSV_MIME),
        ("xlsx", functools.partial(export.to_xlsx, lang=language), export.XLSX_MIME),
    ):
        buttons.download_button(
            t(f"export.{kind}"),
            lambda build=build: build(table),
            file_name=export.file_name(name, kind),
            mime=mime,
            key=f"{key}_{kind}",
            on_click="ignore",
            icon=":material/download:",
        )


def sim_indicators() -> list[str]:
    """The indicators the simulator's additive model offers in the current data (shared)."""
    from lib.models import sim_setup

    data = current_store()
    return shared(data, "sim_indicators", (), lambda: sim_setup.additive_indicators(data.cursor()))


def sim_indicator_names(lang: str) -> dict[str, str]:
    """Every indicator's name in a language, by id (shared per data and language)."""
    data = current_store()
    return shared(
        data,
        "sim_indicator_names",
        (lang,),
        lambda: {r.indicator_id: i18n.name(r, lang) for r in queries.indicators(data.cursor()).itertuples()},
    )


def sim_indicator_areas(indicator_id: str) -> list[str]:
    """The areas with a yearly target of an indicator in the current data (shared)."""
    from lib.models import sim_setup

    data = current_store()
    return shared(
        data, "sim_indicator_areas", (indicator_id,), lambda: sim_setup.areas(data.cursor(), indicator_id)
    )


def sim_indicator_setup(area: str, indicator_id: str):
    """The simulator's targets, baselines and tracker's view for an indicator in an area of the
    current data (`sim_setup.load_setup`; shared per data, area and indicator)."""
    from lib.models import sim_setup

    data = current_store()
    return shared(
        data,
        "sim_indicator_setup",
        (area, indicator_id),
        lambda: sim_setup.load_setup(data.cursor(), area, indicator_id),
    )


def sim_jobs(inp, lang: str) -> tuple:
    """The additive model run once for these inputs (result, monthly path, sensitivity) and its
    three chart specs built from that run: shared per inputs (and language for the specs), so
    a rerun, and a crowd on the same link, simulates once and charts what it simulated."""
    from lib.models import simulate
    from lib.report import simulate_charts

    run = shared(
        None,
        "simulate.jobs",
        (inp,),
        lambda: (simulate.simulate_jobs(inp), simulate.jobs_path(inp), simulate.sensitivity(inp)),
    )
    specs = shared(
        None,
        "simulate.jobs_specs",
        (inp, lang),
        lambda: tuple(arrow_spec(s) for s in simulate_charts.jobs_specs(*run, lang)),
    )
    return (*run, specs)


def sim_poverty(inp, lang: str) -> tuple:
    """The poverty model run once for these inputs (result, sensitivity) and its two chart specs."""
    from lib.models import simulate
    from lib.report import simulate_charts

    run = shared(
        None, "simulate.poverty", (inp,), lambda: (simulate.simulate_poverty(inp), simulate.sensitivity(inp))
    )
    specs = shared(
        None,
        "simulate.poverty_specs",
        (inp, lang),
        lambda: tuple(arrow_spec(s) for s in simulate_charts.poverty_specs(*run, lang)),
    )
    return (*run, specs)


def sim_compare(keys: tuple[str, ...], labels: dict[str, str], area: str, default_indicator: str) -> list:
    """Saved scenarios (the book's keys; shown by `labels`) run side by side, each on its own
    indicator's data in `area`."""
    from lib.models import sim_setup

    book = scenario_book()
    scenarios = {labels.get(k, k): a for k in keys if (a := book.load(k)) is not None}
    wanted = {a.indicator or default_indicator for a in scenarios.values()}
    offered = set(sim_indicators())
    setups = {i: sim_indicator_setup(area, i) if i in offered else None for i in wanted}
    return sim_setup.run_scenarios(scenarios, setups, default_indicator)


def tracks(year: int, area: str):
    """Every indicator with a target for a year in an area, tracked (shared)."""
    data = current_store()
    return shared(data, "tracks", (year, area), lambda: tracking.track_year(data.cursor(), year, area))


def tracking_year(area: str) -> int | None:
    """The year the tracker follows in an area: the latest with a target (shared)."""
    data = current_store()
    return shared(data, "tracking_year", (area,), lambda: tracking.current_year(data.cursor(), area))


def backtest(areas: tuple[str, ...]):
    """The backtest of the named areas (their own months, or the sums inside them) in the current
    data (shared: a few areas, so 10 million rows stay a few hundred cases)."""
    from lib.models import backtest as backtest_run

    data = current_store()
    return shared(
        data, "backtest", (tuple(areas),), lambda: backtest_run.run(data.cursor(), areas=list(areas))
    )


def explore_options(data: store.Store) -> dict[str, list]:
    """The explorer's filter choices for a store (shared: a store never changes after load, and
    the distinct values of millions of rows cost a scan each; not `st.cache_data`, whose
    unpickling of thousands of areas on every visit showed under a crowd, py-spy)."""
    return _query_on(data, queries.explore_options)


# ---- the front door: every page is opened through app.py
#
# Streamlit treats a `pages/` folder beside the main script as old-style pages until
# `st.navigation` has run once in the process (and AppTest restores that mode before each of
# its runs): a fresh server's first request for `/explore?...` then runs pages/explore.py
# alone, without app.py (no language switch, no banners, a raw sidebar). app.py marks each page
# run it opens (`navigation()`, a thread-local flag: a session's script runs in one thread); a
# page's first call (`enter_page()`) finds that mark or, opened without the front door, runs
# app.py right there: its public `st.navigation` leaves the old mode for the process and opens
# the requested page (same URL path, same query string, nothing rerun), then the outer run
# stops. Nothing runs at import; only public Streamlit calls.
_front_door = threading.local()


def pages() -> list:
    """The app's pages (`lib.nav.PAGES`) as `st.Page`s, titled in the UI language."""
    from lib import nav

    home = nav.PAGES[0]
    out = [st.Page(p.path, title=t(p.title_key), url_path=p.url_path, icon=p.icon) for p in nav.PAGES[1:]]
    front = st.Page(
        home.path, title=t(home.title_key), url_path=nav.HOME_URL_PATH, icon=home.icon, default=True
    )
    twin = st.Page(home.path, title=t(home.title_key), url_path=home.url_path, visibility="hidden")
    return [front, *out, twin]


def navigation():
    """app.py's navigation; the page it then runs knows it came through the front door."""
    chosen = st.navigation(pages() if can("view") else _closed_pages())
    _front_door.opened = True
    _front_door.url_path = chosen.url_path  # where a sign-in asked for by this page returns
    return chosen


def enter_page() -> None:
    """Every page's first call: a page opened without app.py is drawn through it (see above)."""
    if getattr(_front_door, "opened", False):
        _front_door.opened = False
        return
    runpy.run_path(str(settings.ROOT / "app.py"), run_name="__main__")
    st.stop()  # the page has been drawn, inside app.py's run


# ---------------------------------------------------------------- text from people, links, errors


def literal(text: object) -> str:
    """Text from data or a person (names, sources, notes, file names) for any place Streamlit
    renders Markdown: shown character for character (see `lib/literal.py`)."""
    if isinstance(text, str):
        return _literal_str(text)
    from lib import literal as _literal

    return _literal.md(text)


@functools.lru_cache(maxsize=8192)
def _literal_str(text: str) -> str:
    """`literal.md` of a string, once per process for each text: a page shows the same names,
    sources and sentences to every visitor (tens of calls per run, py-spy)."""
    from lib import literal as _literal

    return _literal.md(text)


def t_md(key: str, **params: object) -> str:
    """`t()` for Markdown places: the template's own Markdown stays, every text parameter is
    shown literally (a scenario's name, a source, an area)."""
    return t(key, **{k: literal(v) if isinstance(v, str) else v for k, v in params.items()})


def url_guard(params: dict[str, UrlParam]) -> None:
    """Check URL keys whose widget a page may not draw on this run (the custom month weights
    when another profile is chosen): drop the unusable values now, with the same notice as
    `url_widget`. Keys not declared are left alone."""
    for key, param in params.items():
        values = st.query_params.get_all(key)
        if not values:
            continue
        kept = param.keep(values)
        if kept == values:
            continue
        if kept:
            st.query_params[key] = kept
        else:
            del st.query_params[key]
        _url_note(key)


def _url_notice(container) -> None:
    keys = st.session_state.pop("_url_fixed", None)
    if keys:
        container.info(t_md("url.ignored", keys=", ".join(keys)), icon=":material/link_off:")


_errors = logging.getLogger("chitieu.errors")


@contextmanager
def guarded(home: object = None, notices: bool = True):
    """The last line of defence around a page (or a fragment): an unexpected exception becomes a
    plain message in the UI's language with a short reference, and a link to the front page;
    the traceback goes to the server's log under that reference. Streamlit's own stop and rerun
    are not `Exception`s (they derive from BaseException) and pass through. With `notices`, the
    link notices of `url_widget` are shown at the top of what this wraps. With `home` (a page or
    a fragment), a button's action that failed before this run (`guarded_callback`) is said first."""
    slot = st.empty()
    if home is not None:
        _callback_failure(home)
    try:
        yield
    except access.Forbidden as exc:  # a lib function refused this user: say who may, not "error"
        with slot.container():
            forbidden(exc.action)
            if notices:
                _url_notice(st)
    except Exception:
        ref = secrets.token_hex(4)
        _errors.exception("Unexpected error shown to a visitor as reference %s", ref)
        with slot.container():
            st.error(t("error.unexpected", ref=ref), icon=":material/error:")
            if home is not None:
                st.page_link(home, label=t("error.home"), icon=":material/home:")
            if notices:
                _url_notice(st)
    except BaseException:
        if notices:
            _url_notice(slot)
        raise
    else:
        if notices:
            _url_notice(slot)


_CALLBACK_FAILED = "_callback_failed"  # ("forbidden", action) | ("error", reference), said once


def guarded_callback(fn):
    """`fn` as a widget's `on_click` / `on_change`: Streamlit runs it before the script, outside
    `guarded`, where an exception would replace the whole page with a traceback. Here it becomes
    the same plain message with a reference (the traceback to the server's log), said once at the
    top of the page or fragment that runs next (`guarded(home=...)`, with its way back), and the
    page is drawn as usual. A refusal (`access.Forbidden`) says who may."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except access.Forbidden as exc:
            st.session_state[_CALLBACK_FAILED] = ("forbidden", exc.action)
        except Exception:
            ref = secrets.token_hex(4)
            _errors.exception("Unexpected error in a button's action, shown as reference %s", ref)
            st.session_state[_CALLBACK_FAILED] = ("error", ref)

    return run


def _callback_failure(home: object) -> None:
    failed = st.session_state.pop(_CALLBACK_FAILED, None)
    if failed is None:
        return
    kind, detail = failed
    if kind == "forbidden":
        forbidden(detail)
        return
    st.error(t("error.action", ref=detail), icon=":material/error:")
    if can("view"):  # else the sign-in page is the only page: no link to the overview
        st.page_link(home, label=t("error.home"), icon=":material/home:")


# ---------------------------------------------------------------- who is signed in
#
# The browser session keeps one thing: an opaque token under SESSION_TOKEN (local accounts),
# given by `accounts.new_session` after the form's password was checked. `current_user()`
# resolves the user afresh on every call: the token against the state database (local), or
# `st.user` (oidc: Streamlit's signed cookie; proxy: server.trustedUserHeaders). No session-state
# value names a user or a role (a browser can only send values of widgets the page drew, and the
# form's widgets hold no authority), so crafted widget state or a URL grants nothing. Pure rules
# in lib/state/signin.py; lib functions that write check `access.require` themselves.

SESSION_TOKEN = "_signin_token"
ACCOUNT_PAGE = "pages/account.py"
_NOTICE = "_signin_notice"  # (key, params) said once on the next run: signed out, session expired
_NEXT = "_signin_next"  # the url_path of the page that asked for a sign-in
_AUDITED = "_signin_audited"  # oidc/proxy: the identity whose sign-in this session has recorded


def state_db():
    """The state database (users, sessions, versions, scenarios, audit): the one `state_db_checked`
    opens per process. Raises `statedb.StateError` when it cannot be opened (tried again later)."""
    db, error = state_db_checked()
    if db is None:
        raise error
    return db


def _identity() -> dict:
    """What Streamlit knows of the visitor (`st.user`): OIDC claims, or the trusted headers."""
    try:
        return st.user.to_dict()
    except Exception:  # no script context (a tool), or a malformed cookie: nobody
        return {}


def _table_role(name: str) -> str | None:
    row = state_db().get_user(name)
    return row.role if row is not None else None


def _resolve():
    """The signed-in user of this session, or None (raises `statedb.StateError`)."""
    from lib.state import accounts, signin

    how = signin.mode()
    if how == "local":
        token = st.session_state.get(SESSION_TOKEN)
        if not token:
            return None
        user = accounts.resume(state_db(), token if isinstance(token, str) else None)
        if user is None:  # expired, ended elsewhere, or the account was removed
            st.session_state.pop(SESSION_TOKEN, None)
            st.session_state[_NOTICE] = ("account.expired", {})
        return user
    info = _identity()
    user = signin.from_oidc(info, _table_role) if how == "oidc" else signin.from_proxy(info, _table_role)
    if user is not None and st.session_state.get(_AUDITED) != (user.name, user.source):
        state_db().audit(user.name, "sign_in", detail=user.source)
        st.session_state[_AUDITED] = (user.name, user.source)
    return user


def current_user():
    """The user of this session (`_current_user`), resolved once per run for the same sign-in
    token: `ui.can` is asked many times a run, the state database once."""
    token = st.session_state.get(SESSION_TOKEN)
    return _once(("current_user", token if isinstance(token, str) else None), _current_user)


def _current_user():
    """The user of this session (`lib.state.access.User`): the demo visitor in demo mode; else whoever
    signed in (see above); else an anonymous visitor (`signin.anonymous()`: a viewer, or nobody
    when anonymous viewing is off). A state database that cannot be reached signs nobody in."""
    from lib.state import access, signin, statedb

    if settings.demo_mode():
        return access.DEMO_VISITOR
    try:
        user = _resolve()
    except statedb.StateError as exc:
        _errors.warning("Sign-in not resolved, the state database failed: %s (%s)", exc, exc.detail)
        st.session_state[_NOTICE] = ("account.db_down", {})
        user = None
    return user if user is not None else signin.anonymous()


def can(action: str) -> bool:
    """Whether this session's user may perform `action` (see `lib.state.access.ACTIONS`)."""
    from lib.state import access

    return access.can(current_user(), action)


def require(action: str) -> None:
    """Raise `access.Forbidden` unless this session's user may perform `action` (`guarded` turns
    it into the sign-in message)."""
    from lib.state import access

    access.require(current_user(), action)


def role_name(role: str) -> str:
    """A role in the UI language (Người xem / Cán bộ kế hoạch / Người phê duyệt)."""
    return t(f"account.role_{role}") if role else "—"


def forbidden_text(action: str) -> str:
    """Why this session may not `action` (Markdown): who may, and sign in if nobody is signed in."""
    from lib.state import access

    user = current_user()
    allowed = [r for r in access.ROLES if r in access.ACTIONS.get(action, frozenset())]
    roles = f" {t('account.or')} ".join(role_name(r) for r in allowed)
    what = t(f"account.action_{action}")
    if user.signed_in:
        return t_md(
            "account.need_other_role", name=user.name, role=role_name(user.role), action=what, roles=roles
        )
    return t_md("account.need_role", roles=roles, action=what)


def forbidden(action: str, container=None) -> None:
    """Draw the refusal of `action` with a way to the sign-in (never a traceback)."""
    from streamlit.errors import StreamlitPageNotFoundError

    from lib.state import signin

    where = st if container is None else container
    where.warning(forbidden_text(action), icon=":material/lock:")
    if not current_user().signed_in and signin.mode() != "proxy" and not settings.demo_mode():
        here = getattr(_front_door, "url_path", None)
        if here and here != "account":
            st.session_state[_NEXT] = here
        try:
            where.page_link(ACCOUNT_PAGE, label=t("account.go_sign_in"), icon=":material/login:")
        except StreamlitPageNotFoundError:  # drawn outside app.py's navigation (a tool, a test)
            pass


def guard(action: str) -> None:
    """A page's (or a section's) gate: unless this session may `action`, say who may, offer the
    sign-in, and stop drawing the page."""
    if not can(action):
        forbidden(action)
        st.stop()


def sign_in(name: str, password: str) -> str | None:
    """Check a local account's password (`accounts.authenticate`: rate limited, audited) and keep
    the new session's token in this browser session. None when signed in, else the message."""
    _forget()
    from lib.state import accounts, statedb

    if not str(name or "").strip() or not password:
        return t("account.missing")
    try:
        db = state_db()
        got = accounts.authenticate(db, name, password)
        if not got:
            return got.message(lang())
        old = st.session_state.get(SESSION_TOKEN)
        if isinstance(old, str):
            accounts.end(db, old)  # one session per browser session
        st.session_state[SESSION_TOKEN] = accounts.new_session(db, got.name)
    except statedb.StateError:
        return t("account.db_down")
    st.session_state[_NOTICE] = ("account.welcome", {"name": got.name, "role": got.role})
    return None


def after_sign_in() -> None:
    """Back to the page that asked for the sign-in, else this page again (signed in)."""
    from lib import nav

    here = st.session_state.pop(_NEXT, None)
    spec = next((p for p in nav.PAGES if p.url_path == here), None)
    if here == nav.HOME_URL_PATH:
        spec = nav.PAGES[0]
    if spec is not None and spec.path != ACCOUNT_PAGE:
        st.switch_page(spec.path)
    st.rerun()


def sign_out() -> None:
    """End this session's sign-in (audited as sign_out). oidc: `st.logout()` (a new session)."""
    _forget()
    from lib.state import accounts, signin, statedb

    how = signin.mode()
    user = current_user()
    try:
        if how == "local":
            accounts.end(state_db(), st.session_state.get(SESSION_TOKEN))
        elif user.signed_in:
            state_db().audit(user.name, "sign_out", detail=how)
    except statedb.StateError as exc:  # still signed out here; the record is in the server log
        _errors.warning("Sign-out of %s not recorded: %s", user.name, exc)
    st.session_state.pop(SESSION_TOKEN, None)
    st.session_state.pop(_AUDITED, None)
    st.session_state[_NOTICE] = ("account.signed_out", {})
    if how == "oidc":
        st.logout()


def oidc_configured() -> bool:
    """Whether .streamlit/secrets.toml has the [auth] section `st.login` needs."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def oidc_sign_in() -> None:
    """Start `st.login` with the provider named by CHITIEU_OIDC_PROVIDER (else [auth]'s own)."""
    provider = settings.OIDC_PROVIDER.get().strip()
    if provider:
        st.login(provider)
    else:
        st.login()


def _closed_pages() -> list:
    """Anonymous viewing off and nobody signed in: the sign-in page alone, at every URL."""
    return [
        st.Page(
            ACCOUNT_PAGE, title=t("account.title"), url_path="account", icon=":material/login:", default=True
        )
    ]


def account_entry() -> None:
    """The sidebar's compact sign-in entry (or who is signed in, and sign out), and the one-time
    notices (welcome, signed out, session expired, database down). app.py calls it after the
    navigation, so the link to the account page resolves."""
    from lib.state import signin

    if settings.demo_mode():
        return
    user = current_user()
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        key, params = notice
        if "role" in params:
            params = {**params, "role": role_name(params["role"])}
        icon = (
            ":material/check_circle:"
            if key in ("account.welcome", "account.signed_out")
            else ":material/info:"
        )
        st.info(t_md(key, **params), icon=icon)
    how = signin.mode()
    if user.signed_in:
        st.sidebar.caption(
            t_md("account.sidebar_user", name=user.name, role=role_name(user.role)),
        )
        if how != "proxy" and st.sidebar.button(
            t("account.sign_out"), key="signin_sidebar_out", icon=":material/logout:"
        ):
            sign_out()
            st.rerun()
    elif how != "proxy" and getattr(_front_door, "url_path", None) != "account":
        # a button, not a page link: the page's own links (e.g. the error boundary's) stay alone
        if st.sidebar.button(t("account.sign_in"), key="signin_sidebar_in", icon=":material/login:"):
            st.switch_page(ACCOUNT_PAGE)


# ---------------------------------------------------------------- before the first visitor


def warm_up() -> None:
    """What every process pays once, paid before it serves (app.py's lifespan; no session yet):
    the front page's imports, the data folder's store opened into the process cache (the same
    `_store_for` entry the first page asks for) and the queries of the front page's default view
    (the same `shared` entries), the state database, both catalogues and number styles. A folder
    that fails to load is remembered as a page would remember it (the first page then says why
    and falls back); nothing is drawn, and a view the first visitor asks for that was not warmed
    is computed then, as before."""
    import ast
    import contextlib
    import importlib

    from lib import nav

    front = settings.ROOT / nav.PAGES[0].path  # its own import lines, so the list never drifts
    tree = ast.parse(front.read_text(encoding="utf-8"))
    lines = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    exec(compile(ast.Module(lines, type_ignores=[]), str(front), "exec"), {})  # noqa: S102
    base = _open_folder(settings.data_dir())
    if isinstance(base, store.Store):  # what every page asks first, and the front page's view
        years, areas = _query_on(base, queries.years_with_actuals), _query_on(base, queries.areas)
        if years and areas:  # the overview's defaults: the latest year, the first area
            _query_on(base, queries.year_summary, years[0], areas[0])
    if not settings.demo_mode():
        state_db_checked()
    for code in i18n.LANGS:
        i18n.catalogue(code)
        fmt.number(1234.5, code)  # Babel's locale data, read on first use
    # Streamlit imports `streamlit.emojis` (compiling a pattern of every emoji) the first time a
    # segmented control's option is not ASCII: "Tiếng Việt" in the language switch, a third of a
    # warmed first page (py-spy). Importing it here moves that cost; nothing of it is changed.
    with contextlib.suppress(ImportError):
        importlib.import_module("streamlit.emojis")
