"""Text shown literally in Streamlit's Markdown: what `lib.literal.md` writes for each kind of
syntax (checked against Streamlit's own frontend in Chromium while writing it), and that every
text reads back as itself."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib import literal

WJ = literal.WORD_JOINER


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("25.953 người", "25.953 người"),  # ordinary text stays as it is
        ("Nguồn: Báo tỉnh (2023), 117% +4,0% -5%", "Nguồn: Báo tỉnh (2023), 117% +4,0% -5%"),
        ("actual / (pct_of_target / 100)", "actual / (pct_of_target / 100)"),
        ("![x](https://e.x/a.png)", f"!\\[x\\](https:{WJ}//e.x/a.png)"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        (":red[boom] :material/home: :smile:", f":{WJ}red\\[boom\\] :{WJ}material/home: :{WJ}smile:"),
        (
            "$x$ ~~s~~ *e* _u_ `c` a|b &lt;",
            f"\\$x\\$ \\~{WJ}\\~s\\~{WJ}\\~ \\*e\\* \\_u\\_ \\`c\\` a\\|b \\&lt;",
        ),
        ("www.e.x and a@e.x", f"www{WJ}.e.x and a{WJ}\\@e.x"),
        ("a -> b", f"a -{WJ}\\> b"),
        ("- item", "\\- item"),
        ("12. item", "12\\. item"),
        ("# title", "\\# title"),
        ("one\n\n    two\r\n---", f"one  \ntwo  \n\\-{WJ}-{WJ}-"),
        (None, ""),
    ],
)
def test_what_each_kind_of_syntax_becomes(text, source):
    assert literal.md(text) == source


@given(st.text())
def test_any_text_reads_back_as_itself_line_by_line(text):
    lines = [line.strip() for line in literal._BREAKS.split(text) if line.strip()]
    assert literal.plain(literal.md(text)) == "\n".join(lines).replace(WJ, "")
