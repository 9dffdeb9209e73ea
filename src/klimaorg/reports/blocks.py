"""Text building blocks: a council decision template and the funding-application section.

The wording lives in Jinja text files under ``templates/`` (``<block>.<lang>.md.j2``), so a domain
expert can review and adapt it without reading code. They write a small Markdown subset that
every format can render: ``# `` and ``## `` headings, paragraphs, ``- `` and ``1. `` list items,
and ``> `` for the draft notice. Square brackets mark what the program cannot know ([Betrag]).

The municipality's name reaches the templates escaped for Markdown (:func:`md_text`), so the
Markdown report shows it as text; :func:`split_placeholders` undoes the escapes for the formats
that show plain text (HTML, PDF, DOCX), and an escaped bracket never marks a placeholder.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2

from klimaorg.i18n import Lang, join, number, quote
from klimaorg.jsondata import Data
from klimaorg.reports.escape import md_text
from klimaorg.reports.texts import text

TEMPLATE_DIR = Path(__file__).parent / "templates"
BLOCKS = ("beschlussvorlage", "foerderantrag")
# A backslash escape, one of the three entities md_text writes, or a [placeholder] (which never
# holds a backslash, so an escaped bracket cannot open or close one).
_INLINE = re.compile(
    r"\\(?P<escaped>[!-/:-@\[-`{-~])|&(?P<entity>lt|gt|amp);|(?P<placeholder>\[[^\[\]\\]+\])"
)
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&"}


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=False,  # plain text; every renderer escapes for its own format
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def context(report: Data, result: Data, lang: Lang) -> Data:
    """What the templates may use (documented in docs/de/berichte.md)."""
    inputs = result["inputs"]["profile"]
    budget = inputs.get("resources.own_budget_eur")
    fte = inputs.get("resources.staff_fte")
    return {
        "lang": lang,
        "draft": text("draft_marker", lang),
        "municipality": {
            **report["municipality"],
            "name": md_text(report["municipality"]["name"]),
        },
        "council": report["municipality"]["council"],
        "date": report["date"],
        "model": report["recommendation"],
        "robustness": report["summary"]["robustness"],
        "reasons": [_plain_reason(r["text"]) for r in report["summary"]["reasons"]],
        "methods_agree": result["agreement"]["agree_on_leader"],
        "risks": [
            {"text": r["text"], "mitigations": [m["name"] for m in r["mitigations"]]}
            for r in report["risks"]
        ],
        "options": _options(report["risks"]),
        "complement": report["complement"],
        "orgchart": report["orgchart"],
        "runner_up": next(
            (r for r in report["ranking"] if r["model"] != report["recommendation"]["model"]), None
        ),
        "funding": inputs.get("resources.funding") or "none",
        # As the user stated them: True, False or None (left open). An assumed "no" must not
        # read as a fact in a draft (an open concept is not an adopted one, nor a missing one).
        "financially_weak": _stated(result, "resources.financially_weak"),
        "climate_concept": _stated(result, "structures.climate_concept"),
        "steering_group": _stated(result, "structures.steering_group"),
        "eea": bool(inputs.get("structures.eea")),
        "staff_fte": number(fte, lang) if fte is not None else None,
        "posts": _count("posts", fte, lang),
        "full_time_posts": _count("full_time_posts", fte, lang),
        "covers": join([quote(c, lang) for c in report["complement"].get("covers") or []], lang),
        "budget": number(budget, lang, 0) if budget else None,
        "is_landkreis": inputs.get("municipality.kind") == "landkreis",
    }


def _count(noun: str, value: float | None, lang: Lang) -> str | None:
    """``1 Stelle``, ``2 Stellen``, ``0,5 Stellen``: the number agrees with its noun (German
    and English use the singular for exactly one); None when the number is not known."""
    if value is None:
        return None
    return text(f"{noun}_{'one' if value == 1 else 'many'}", lang, count=number(value, lang))


def _options(risks: list[Data], limit: int = 4) -> list[Data]:
    """The measures against the first risks, each once, with what it costs in kind: offered
    to the council as options to choose from, not as promises."""
    seen: dict[str, Data] = {}
    for risk in risks[:2]:
        for measure in risk["mitigations"]:
            seen.setdefault(measure["name"], {"name": measure["name"], "effort": measure["effort"]})
    return list(seen.values())[:limit]


def _stated(result: Data, field: str) -> bool | None:
    """A yes/no field as stated: None when the user left it open (the advisor assumed it)."""
    if any(a["field"] == field for a in result["assumptions"]):
        return None
    value = result["inputs"]["profile"].get(field)
    return None if value is None else bool(value)


def _plain_reason(sentence: str) -> str:
    """An explanation sentence without its lead-in ("Für Stabsstelle spricht: …" → "…")."""
    head, sep, rest = sentence.partition(": ")
    return rest if sep and "„" not in head and len(head) < 60 else sentence


def render_block(block: str, ctx: Data, lang: Lang) -> str:
    """One block's text (the Markdown subset)."""
    if block not in BLOCKS:
        raise ValueError(f"unknown text block {block!r} (known: {', '.join(BLOCKS)})")
    template = _environment().get_template(f"{block}.{lang}.md.j2")
    out = template.render(**ctx)
    return re.sub(r"\n{3,}", "\n\n", out).strip() + "\n"


def parse(source: str) -> list[Data]:
    """The Markdown subset as blocks: ``{"type": h1|h2|p|ul|ol|note, "text"|"items"}``."""
    blocks: list[Data] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append({"type": "p", "text": " ".join(paragraph)})
            paragraph.clear()

    for raw in source.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        kind, content = _line_kind(line)
        if kind == "p":
            paragraph.append(content)
            continue
        flush()
        if kind in ("ul", "ol"):
            if blocks and blocks[-1]["type"] == kind:
                blocks[-1]["items"].append(content)
            else:
                blocks.append({"type": kind, "items": [content]})
        else:
            blocks.append({"type": kind, "text": content})
    flush()
    return blocks


def _line_kind(line: str) -> tuple[str, str]:
    if line.startswith("## "):
        return "h2", line[3:].strip()
    if line.startswith("# "):
        return "h1", line[2:].strip()
    if line.startswith("> "):
        return "note", line[2:].strip()
    if line.startswith("- "):
        return "ul", line[2:].strip()
    match = re.match(r"^\d+\.\s+(.*)$", line)
    if match:
        return "ol", match.group(1).strip()
    return "p", line


def render_blocks(report: Data, result: Data, lang: Lang) -> list[Data]:
    """Both blocks, filled from the report: id, title, source text and parsed blocks."""
    ctx = context(report, result, lang)
    out = []
    for block in BLOCKS:
        source = render_block(block, ctx, lang)
        out.append(
            {
                "id": block,
                "title": text(f"block_{block}", lang),
                "source": source,
                "parts": parse(source),
            }
        )
    return out


def resolution_items(blocks: list[Data], lang: Lang) -> list[str]:
    """The numbered items under the heading "Beschlussvorschlag" of the draft resolution: what
    the council is asked to decide, for the decision pages ([] if the draft has none)."""
    heading = text("resolution_heading", lang)
    for block in blocks:
        if block["id"] != "beschlussvorlage":
            continue
        parts = block["parts"]
        for index, part in enumerate(parts):
            if part["type"] == "h2" and part["text"] == heading:
                following = parts[index + 1 : index + 2]
                if following and following[0]["type"] == "ol":
                    return list(following[0]["items"])
    return []


def split_placeholders(value: str) -> list[tuple[str, bool]]:
    """``value`` (a line of the Markdown subset) as plain ``(text, is_placeholder)`` pieces:
    escapes undone, [placeholders] marked for highlighting ([Betrag])."""
    pieces: list[tuple[str, bool]] = []
    plain: list[str] = []
    last = 0
    for match in _INLINE.finditer(value):
        plain.append(value[last : match.start()])
        last = match.end()
        if match.group("escaped"):
            plain.append(match.group("escaped"))
        elif match.group("entity"):
            plain.append(_ENTITIES[match.group("entity")])
        else:
            if any(plain):
                pieces.append(("".join(plain), False))
            plain.clear()
            pieces.append((match.group("placeholder"), True))
    plain.append(value[last:])
    if any(plain):
        pieces.append(("".join(plain), False))
    return pieces
