"""User text made harmless for each format a report is written in.

The municipality's name is the one free text of a profile: typed by a user into the wizard or the
API, or read from the imported municipality directory. The report treats it as hostile wherever
it goes:

- report data (:func:`plain_text`): one line of printable text, no control characters, no
  bidirectional overrides that could make the footer read differently from what it holds;
- HTML and PDF: Jinja's autoescaping (``reports/html.py``); never inside CSS, which the PDF's
  running footer avoids by being an element (``reports/pdf.py``);
- Markdown (:func:`md_text`, :func:`code_fence`): every metacharacter escaped, so the text renders
  as itself (no link, no HTML, no heading, no table cell break);
- SVG: escaped by the chart builders (``charts/svg.py``); DOCX: characters XML forbids removed
  (:func:`klimaorg.charts.svg.xml_safe`).
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
# C0 and C1 controls, DEL, the bidirectional marks, embeddings, overrides and isolates, lone
# surrogates and the two non-characters XML forbids.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
# Every ASCII punctuation character: CommonMark lets each be escaped with a backslash, so one
# rule covers emphasis, links, images, headings, lists, tables, footnotes and code spans.
_MD_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
# Entities instead of backslashes for these three: Markdown dialects that do not know the
# backslash escape (or pass HTML through) still show the character and never start a tag.
_MD_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


class Markdown(str):
    """Text already escaped for Markdown (by :func:`md_text`): a renderer takes it as it is."""

    __slots__ = ()


def plain_text(value: str) -> str:
    """``value`` as one line of printable text.

    Line breaks, tabs and other white space become one space; control characters, bidirectional
    controls and lone surrogates are removed (they could hide or reorder what a reader sees).
    """
    one_line = _SPACE.sub(" ", value)
    return _SPACE.sub(" ", _INVISIBLE.sub("", one_line)).strip()


def _md_escape(match: re.Match[str]) -> str:
    char = match.group(0)
    return _MD_ENTITIES.get(char) or "\\" + char


def md_text(value: str) -> Markdown:
    """``value`` as Markdown inline text that renders as exactly this text.

    ``[x](javascript:alert(1))`` stays text, ``<script>`` stays text, ``# x`` at the start of a
    line is no heading and ``a | b`` no cell break (CommonMark and GitHub Flavored Markdown).
    """
    return Markdown(_MD_PUNCTUATION.sub(_md_escape, plain_text(value)))


_BACKTICKS = re.compile(r"`+")


def code_fence(code: str) -> str:
    """The backtick fence for a code block holding ``code``: longer than any backtick run in it,
    so no line of ``code`` can close the block early."""
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    return "`" * max(3, longest + 1)
