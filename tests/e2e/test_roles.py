"""Roles in a real browser: a planner's draft stays theirs until an approver publishes it.

Sign in as a planner, upload a file, see the draft; a viewer (another browser context) still
sees the published figures; sign in as an approver, publish; the viewer reloads and sees the new
figures; the approver's audit log (its CSV download) shows the sign-ins, the upload and the
publish. Accounts are made in the server's state database before it starts, as
`python -m lib users add` would. Moving between pages uses the sidebar (a reload starts a new
Streamlit session, which is signed out: the browser keeps no sign-in).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import go, idle, serve_with_users, sign_in
from lib.i18n import t

UPLOAD = b"indicator_id,area,period,measure,value\njobs_created,province,2023,actual,26111\n"


@pytest.fixture
def roles_app(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    with serve_with_users(state, {"lan": "planner", "truong-phong": "approver"}) as url:
        yield url


def new_tab(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    context.set_default_timeout(45_000)
    return context.new_page()


def no_exception(tab) -> None:
    expect(tab.get_by_test_id("stException")).to_have_count(0)


def test_a_draft_is_the_planners_until_an_approver_publishes_it(chromium, roles_app, artifacts):
    viewer, planner, approver = new_tab(chromium), new_tab(chromium), new_tab(chromium)
    try:
        viewer.goto(f"{roles_app}/?lang=vi")
        expect(viewer.get_by_text("25.953").first).to_be_visible()
        expect(viewer.get_by_test_id("stSidebar").get_by_text(t("account.sign_in", "vi"))).to_be_visible()

        # the planner uploads a file and saves it as a draft, which only their session shows
        sign_in(planner, roles_app, "lan")
        go(planner, "data")
        planner.locator("input[type=file]").set_input_files(
            files=[{"name": "ke-hoach.csv", "mimeType": "text/csv", "buffer": UPLOAD}]
        )
        planner.get_by_role("button", name=t("drafts.confirm", "vi")).click()
        expect(planner.get_by_text("Bản nháp: phiên bản").first).to_be_visible()
        go(planner, "overview")
        expect(planner.get_by_text("26.111").first).to_be_visible()
        expect(planner.get_by_text("Bản nháp: phiên bản").first).to_be_visible()
        no_exception(planner)
        planner.screenshot(path=artifacts / "roles-planner-draft.png", full_page=True)

        # the viewer, reloading, still sees the published figures, and no way to upload
        viewer.reload()
        expect(viewer.get_by_text("25.953").first).to_be_visible()
        expect(viewer.get_by_text("26.111")).to_have_count(0)
        go(viewer, "data")
        expect(viewer.get_by_text(t("drafts.viewer_note", "vi"))).to_be_visible()
        expect(viewer.locator("input[type=file]")).to_have_count(0)

        # the approver views the draft and publishes it
        sign_in(approver, roles_app, "truong-phong")
        go(approver, "data")
        approver.get_by_test_id("stSelectbox").filter(has_text=t("drafts.view_choose", "vi")).click()
        approver.get_by_role("option").filter(has_text="ke-hoach.csv").first.click()
        approver.get_by_role("button", name=t("drafts.view_button", "vi"), exact=True).click()
        idle(approver)
        # Two steps: the approver ticks that they checked the version, then publishes it.
        approver.get_by_test_id("stCheckbox").filter(has_text="ke-hoach.csv").click()
        idle(approver)
        publish = t("drafts.publish_button", "vi", version="")  # not "Về số liệu đã công bố"
        approver.get_by_role("button", name=re.compile("^" + re.escape(publish) + "v0001")).click()
        published = t("drafts.published_ok", "vi", version="v0001 · ke-hoach.csv")
        expect(approver.get_by_text(published).first).to_be_visible()
        no_exception(approver)

        # the viewer reloads and sees the new figures
        viewer.goto(f"{roles_app}/?lang=vi")
        expect(viewer.get_by_text("26.111").first).to_be_visible()
        expect(viewer.get_by_text("Bản nháp: phiên bản")).to_have_count(0)

        # the approver's audit log has the three steps, by whom
        idle(approver)
        with approver.expect_download() as download:
            approver.get_by_role("button", name=t("drafts.audit_download", "vi")).click()
        rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
        user, action = t("drafts.col_user", "vi"), t("drafts.col_action", "vi")
        steps = [(r[user], r[action]) for r in rows if r[user] in ("lan", "truong-phong")]
        assert steps[::-1] == [  # the log lists the newest first
            ("lan", t("drafts.action_sign_in", "vi")),
            ("lan", t("drafts.action_upload", "vi")),
            ("truong-phong", t("drafts.action_sign_in", "vi")),
            ("truong-phong", t("drafts.action_publish", "vi")),
        ], steps
        approver.screenshot(path=artifacts / "roles-approver-published.png", full_page=True)
    finally:
        for tab in (viewer, planner, approver):
            tab.context.close()
