"""Settings, declared once as (name, default, help) so they document themselves.

Owns reading the environment. Must never write anything or import Streamlit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DATA_DIR = ROOT / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.name, self.default)


DATA_DIR = Setting(
    "CHITIEU_DATA_DIR",
    str(BUNDLED_DATA_DIR),
    "Folder of indicator data: indicators.csv plus observations.csv, or observations as Parquet "
    "(observations/*.parquet or observations.parquet). Read only.",
)
STATE_DIR = Setting(
    "CHITIEU_STATE_DIR",
    str(Path.home() / ".chitieu"),
    "Folder for state that must last: uploaded dataset versions and saved scenarios. "
    "Never inside the data folder.",
)
DEMO = Setting(
    "CHITIEU_DEMO",
    "0",
    "Public demo mode when 1: uploads and scenarios stay in the browser session, nothing is written to disk.",
)

# The sender of the Word report (Decree 30/2020/NĐ-CP). Empty means a dotted line left to fill:
# the app never invents an agency, a place or a signer.
PARENT_AGENCY = Setting(
    "CHITIEU_PARENT_AGENCY",
    "",
    "Governing body printed above the agency in the report's header, e.g. UBND TỈNH …. Empty: left out.",
)
AGENCY = Setting(
    "CHITIEU_AGENCY",
    "",
    "The department's name: the agency that issues the report (header, top left), also shown on "
    "the briefing page. Empty: a line left to fill in Word, nothing on the page.",
)
PLACE = Setting(
    "CHITIEU_PLACE", "", "Place in the report's date line (…, ngày … tháng … năm …). Empty: left to fill."
)
SIGNER_TITLE = Setting(
    "CHITIEU_SIGNER_TITLE", "", "Signer's position above the signature, e.g. GIÁM ĐỐC. Empty: left to fill."
)
SIGNER = Setting("CHITIEU_SIGNER", "", "Signer's full name under the signature. Empty: left to fill.")

# Who is signed in (lib/state/signin.py reads these; README "Roles and sign-in" explains the options).
AUTH = Setting(
    "CHITIEU_AUTH",
    "local",
    "How people sign in: local (accounts of this app, `python -m lib users add`), oidc (st.login "
    "with the identity provider under [auth] in .streamlit/secrets.toml) or proxy (a reverse proxy "
    "that signs people in and passes their name in headers: server.trustedUserHeaders).",
)
ANONYMOUS_VIEW = Setting(
    "CHITIEU_ANONYMOUS_VIEW",
    "1",
    "1: visitors who have not signed in see the published figures (as viewers). 0: nothing but "
    "the sign-in page until they sign in.",
)
ROLE_CLAIM = Setting(
    "CHITIEU_ROLE_CLAIM",
    "chitieu_role",
    "With CHITIEU_AUTH=oidc: the identity-token claim that carries the role (viewer, planner or "
    "approver; a list takes the highest). Without it the users table decides, else viewer.",
)
OIDC_PROVIDER = Setting(
    "CHITIEU_OIDC_PROVIDER",
    "",
    "With CHITIEU_AUTH=oidc: the provider's name under [auth.NAME] in secrets.toml. Empty: the "
    "provider configured directly under [auth].",
)

ALL = [DATA_DIR, STATE_DIR, DEMO, PARENT_AGENCY, AGENCY, PLACE, SIGNER_TITLE, SIGNER]
ALL += [AUTH, ANONYMOUS_VIEW, ROLE_CLAIM, OIDC_PROVIDER]


def data_dir() -> Path:
    return Path(DATA_DIR.get())


def state_dir() -> Path:
    return Path(STATE_DIR.get())


def demo_mode() -> bool:
    return DEMO.get().strip().lower() in {"1", "true", "yes", "on"}


DATABASE_URL = Setting(
    "CHITIEU_DATABASE_URL",
    "",
    "Where users, version records, the published version, scenarios and the audit log live. Empty: "
    "SQLite, the file chitieu.sqlite3 in the state folder (nothing to install). "
    "postgresql://user:pass@host/db for several app replicas sharing one state.",
)
ALL.append(DATABASE_URL)
