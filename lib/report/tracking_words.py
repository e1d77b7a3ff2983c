"""The tracker's words for the pages: a card per indicator, the explorer's ranking, the backtest.

Owns how a `lib.models.tracking.Track` and a `lib.models.backtest.Result` read on screen: the status word with
its icon (never a colour alone) and its rule for a hover, the chance labelled as a simulation,
the pace needed against the pace so far, the expected year end with its 80% interval; what
applies when there is no status (`reason`); translated tables whose numbers stay numbers.
Takes values, returns values; never imports Streamlit, never reads the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from lib import fmt, units
from lib.i18n import t
from lib.models import backtest, tracking
from lib.report import sim_words

# One icon per status (Material Symbols, as `scorecard.STATUS_ICON`); no status: a dash.
STATUS_ICON = {
    "achieved": ":material/check_circle:",
    "on_track": ":material/trending_up:",
    "needs_acceleration": ":material/speed:",
    "off_track": ":material/trending_down:",
    None: ":material/remove:",
}


@dataclass(frozen=True)
class Card:
    """One indicator's progress as the overview shows it."""

    indicator_id: str
    status: str | None
    status_text: str  # the word ("Đúng tiến độ"), or what applies when there is no status
    icon: str
    rule: str  # the status rule, for a hover
    lines: list[str] = field(default_factory=list)  # target, to date, pace, expected year end
    chance_text: str | None = None  # "Khả năng đạt chỉ tiêu (mô phỏng): 85,5%"
    chance_help: str | None = None  # how the chance is computed, with the uncertainty's source


def _figure(x: float | None, unit: str, lang: str, bound: str | None = None) -> str:
    return fmt.figure(x, unit, lang, bound)


def card(track: tracking.Track, lang: str) -> Card:
    """The overview's card: `status` None reads by `reason` (`no_monthly`: chance only,
    `not_additive`: "—"); `final` reads as the year's result."""
    u, tr = track.unit, track
    lines = [t("track_page.target", lang, target=_figure(tr.target, u, lang, tr.target_bound))]
    rule = tracking.status_rule(tr.direction, lang)
    chance = help_text = None
    if tr.chance_pct is not None and not tr.final:
        chance = t("track_page.chance", lang, chance=sim_words.prob_text(tr.chance_pct, lang))
        unc = tracking.uncertainty_text(tr.uncertainty, lang) if tr.uncertainty else ""
        help_text = t("track_page.chance_help", lang, uncertainty=unc)
    if tr.final:
        met = tr.status == "achieved"
        text = t("track_page.final_met" if met else "track_page.final_not_met", lang)
        lines.append(text)
        if tr.basis != "year":
            lines.append(
                t(
                    "track_page.actual",
                    lang,
                    months=len(tr.actual_months),
                    value=_figure(tr.actual_to_date, u, lang),
                )
            )
        return Card(
            tr.indicator_id,
            tr.status,
            tracking.status_label(tr.status, lang),
            STATUS_ICON[tr.status],
            rule,
            lines,
        )
    if tr.status is None:
        reason = tr.reason or "no_baseline"
        word = status_word(tr, lang)
        lines.append(t(f"track_page.{reason}", lang, year=tr.year))
        if tr.expected is not None:
            lines.append(_expected(tr, lang))
        return Card(tr.indicator_id, None, word, STATUS_ICON[None], rule, lines, chance, help_text)
    lines.append(
        t("track_page.actual", lang, months=len(tr.actual_months), value=_figure(tr.actual_to_date, u, lang))
    )
    so_far = _figure(tr.pace_so_far, u, lang)
    if tr.pace_needed is not None and tr.pace_needed <= 0 and tr.direction == "down":
        lines.append(t("track_page.pace_none", lang, so_far=so_far))
    elif tr.pace_needed is not None and tr.status != "achieved":
        key = "track_page.pace_down" if tr.direction == "down" else "track_page.pace_up"
        needed, expected = _figure(tr.pace_needed, u, lang), _figure(tr.pace_expected, u, lang)
        lines.append(t(key, lang, needed=needed, expected=expected, so_far=so_far))
    lines.append(_expected(tr, lang))
    word = tracking.status_label(tr.status, lang)
    return Card(tr.indicator_id, tr.status, word, STATUS_ICON[tr.status], rule, lines, chance, help_text)


def status_word(tr: tracking.Track, lang: str) -> str:
    """The status as the card and the explorer's ranking write it: a word, never a bare dash
    (beside the card's dash icon, or the ranking's empty chance, it read "— —", review 16):
    "Chưa đánh giá" where no pace can be judged (a rate, or no data to go on)."""
    if tr.status is not None:
        return tracking.status_label(tr.status, lang)
    if (tr.reason or "no_baseline") in ("not_additive", "no_baseline"):
        return t("track_page.status_not_assessed", lang)
    return tracking.status_label(None, lang)


def _expected(tr: tracking.Track, lang: str) -> str:
    u = tr.unit
    return t(
        "track_page.expected",
        lang,
        expected=_figure(tr.expected, u, lang),
        low=_figure(tr.low, u, lang),
        high=_figure(tr.high, u, lang),
    )


RANK_COLUMNS = (
    "rank", "indicator", "status", "chance", "target", "actual", "months", "expected", "low", "high",
    "pace_needed", "pace_so_far",
)  # fmt: skip


def ranking(tracks: list[tracking.Track], names: dict[str, str], lang: str) -> pd.DataFrame:
    """The explorer's table: worst first (`tracking.rank`), the status as its word, the target
    as the cards write it (its bound and unit: "trên 3 điểm %"; the row's other figures are in
    that unit), other numbers as numbers. A year that is over has a result, not a chance (None,
    as on its card and the Simulate page), and a whole-year figure counts no months (None, not 0)."""
    rows = []

    def r(x: float | None, unit: str) -> float | None:  # the precision the cards show
        return None if units.is_missing(x) else round(x, units.decimals(x, unit))

    for i, tr in enumerate(tracking.rank(tracks), start=1):
        word = status_word(tr, lang)
        rows.append(
            {
                "rank": i,
                "indicator": names.get(tr.indicator_id, tr.indicator_id),
                "status": word,
                "chance": None if tr.chance_pct is None or tr.final else round(tr.chance_pct, 1),
                "target": _figure(tr.target, tr.unit, lang, tr.target_bound),
                "actual": r(tr.actual_to_date, tr.unit) if tr.actual_months or tr.final else None,
                "months": None if tr.basis == "year" else len(tr.actual_months),
                "expected": r(tr.expected, tr.unit),
                "low": r(tr.low, tr.unit),
                "high": r(tr.high, tr.unit),
                "pace_needed": r(tr.pace_needed, tr.unit),
                "pace_so_far": r(tr.pace_so_far, tr.unit),
            }
        )
    frame = pd.DataFrame(rows, columns=list(RANK_COLUMNS))
    return frame.rename(columns={c: t(f"track_page.col_{c}", lang) for c in RANK_COLUMNS})


# ---------------------------------------------------------------- the backtest


def calibration_table(result, column: str, lang: str) -> pd.DataFrame:
    """Predicted chance in bins against the share reached, headers in the language."""
    table = result.calibration(column)
    bins = [f"{lo}–{hi}%" for lo, hi in zip(table["low_pct"], table["high_pct"], strict=True)]
    return pd.DataFrame(
        {
            t("backtest.col_bin", lang): bins,
            t("backtest.col_n", lang): table["n"].astype(int),
            t("backtest.col_predicted", lang): table["predicted_pct"].round(1),
            t("backtest.col_reached", lang): table["reached_pct"].round(1),
        }
    )  # fmt: skip


def scores_table(result, lang: str) -> pd.DataFrame:
    """Brier score and calibration error of the tracker and the naive baseline, one row each."""
    rows = []
    for column, key in (("model_pct", "track_page.bt_model"), ("baseline_pct", "track_page.bt_baseline")):
        rows.append(
            {
                "": t(key, lang),
                t("track_page.bt_brier", lang): round(result.brier(column), 3),
                t("track_page.bt_error", lang): round(
                    backtest.calibration_error(result.calibration(column)), 1
                ),
            }
        )
    return pd.DataFrame(rows)


def by_cut_table(result, lang: str) -> pd.DataFrame:
    frame = result.by_cut()
    return pd.DataFrame(
        {
            t("track_page.bt_cut", lang): frame["cut"],
            t("backtest.col_n", lang): frame["n"],
            t("track_page.bt_model", lang): frame["model"].round(3),
            t("track_page.bt_baseline", lang): frame["baseline"].round(3),
        }
    )


def styled(table: pd.DataFrame, lang: str, decimals: int = 3):
    """A table with its numbers in the UI's style (up to `decimals` places); cells stay numbers."""
    numeric = [c for c in table.columns if pd.api.types.is_float_dtype(table[c])]
    return table.style.format({c: (lambda x: fmt.number(x, lang, decimals)) for c in numeric}, na_rep="—")
