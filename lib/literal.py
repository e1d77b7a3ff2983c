r"""Text from data or a person, made safe to show in Streamlit's Markdown: shown as its characters.

Streamlit renders GitHub-flavoured Markdown (plus its own directives) in `st.markdown`,
`st.caption`, `st.info`/`warning`/`error`/`success`, titles and headers, widget labels,
`help=` tooltips, metric labels and values, badges, tabs, expanders and the options of
`st.segmented_control`/`st.pills`. Indicator, area and scenario names, sources, notes, file
and sheet names reach those places; `md()` makes each character of such text mean itself, and
leaves ordinary text ("25.953 người", "117%", "Nguồn: Báo tỉnh") as it is:

- a backslash (CommonMark's escape) before every character that opens Markdown anywhere in a
  line: `\\ ` * [ ] < > # $ ~ | & @ { }` and `_` outside a word — so no image `![x](url)`,
  link `[a](url)`, raw HTML `<img ...>`, emphasis, table, entity `&lt;`, math `$x$`,
  strikethrough;
- before what opens a block at the start of a line (`- `, `+ `, `* `, `1. `, `2) `, `=`, `---`);
- GitHub's bare-URL and e-mail autolinks (found in the parsed text, so escapes do not stop
  them) are broken by a WORD JOINER (U+2060, invisible) after `https:` / `www` and before `@`;
- the same joiner after a `:` that a word follows: Streamlit's directives
  (`:red[...]`, `:small`), `:material/icon:` (replaced in the raw source), emoji shortcodes and
  the `:streamlit:` logo (matched in the parsed text, after escapes are gone) need the word
  right after the colon; the same joiner between `->`, `<=`, `--`, `~=` stops the typographic
  plugin turning them into arrows and dashes;
- line breaks become Markdown hard breaks and blank lines go, so no paragraph, indented code
  block or setext heading can start inside the text.

Where the whole string is a person's text and no Markdown is wanted, `st.text` is the other
way. Not for `st.badge` or inside a `:color[...]` label: Streamlit parses those labels again, and
escapes show (checked in Chromium); give them catalogue text only. Never imports Streamlit;
never changes text that goes to files (see `lib/report/export.py`).
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
_ANYWHERE = re.compile(r"([\\`*\[\]<>#$~|&@{}])")
# `_` opens emphasis unless it sits inside a word ("pct_of_target" stays as it is).
_UNDERSCORES = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")
# A list item, a setext underline or rule, an ordered item ("12. " keeps its digits).
_LINE_START = re.compile(r"^([-+*](?=\s|$)|[-=](?=[-=\s\u2060]*$)|\d{1,9}(?=[.)](?:\s|$)))")
# GitHub's bare-URL and e-mail autolinks are found in the parsed text (escapes are gone there):
# a joiner right after `https:` / `www` and before `@` keeps them from matching.
_AUTOLINK = re.compile(r"(?i)(https?:|ftps?:|mailto:|xmpp:|\bwww(?=\.))|(?=@)")
_SHORTCODE = re.compile(r":(?=[\w+-])")  # `:red[`, `:material/`, `:smile:`, `:streamlit:`
_SYMBOL_PAIR = re.compile(r"(?<=[<>~=-])(?=[<>~=-])")  # `->`, `<=`, `--`, `~=` ...
_BREAKS = re.compile(r"\r\n?|\n|\u2028|\u2029|\x85|\x0b|\x0c")


def _line(line: str) -> str:
    line = _SYMBOL_PAIR.sub(WORD_JOINER, _SHORTCODE.sub(":" + WORD_JOINER, line))
    line = _AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER, line)
    line = _ANYWHERE.sub(r"\\\1", line)
    line = _UNDERSCORES.sub(lambda m: "\\_" * len(m.group(0)), line)
    match = _LINE_START.match(line)
    if match:  # `1. ` keeps its digits and escapes the dot
        end = match.end()
        line = line[:end] + "\\" + line[end:] if match.group(0)[0].isdigit() else "\\" + line
    return line


def md(text: object) -> str:
    """`text` as Markdown source that Streamlit shows character for character ("" for None)."""
    if text is None:
        return ""
    lines = (line.strip() for line in _BREAKS.split(str(text)))
    return "  \n".join(_line(line) for line in lines if line)


def plain(source: str) -> str:
    """What `md()` made, read back as the characters a visitor sees (for tests and checks)."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", source.replace("  \n", "\n"))
    return text.replace(WORD_JOINER, "")
