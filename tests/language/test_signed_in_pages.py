"""The pages behind the login speak to people too: an assessment with two versions, notes, a
decision and a workshop with an answer, then every page a consultant opens around it (list,
assessment, versions, version comparison, audit log, the Kreis overview, workshops, projector
view, account) in German and English. Each page's words pass Hunspell against the reviewed
word lists; no field path, action id, rule id or "None" shows; times are local (no "UTC").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from klimaorg import assessing
from klimaorg.i18n import Lang
from klimaorg.knowledge import configured_knowledge
from klimaorg.storage import service
from klimaorg.storage.service import Role
from tests.language.test_internal_words import FIELD_PATH
from tests.language.test_spelling import (
    DICTIONARIES,
    HERE,
    NOT_WORDS,
    hunspell,
    hunspell_unknown,
    page_text,
)
from tests.web.assessment_world import PROFILE, World, build_world

ACTION_ID = re.compile(r"\b(assessment|workshop|organisation|user|member)\.[a-z_]+\b")
LEAKS = ("None", "UTC", "Traceback", "lock_version")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, list[str]]]:
    """A world with one assessment in use, and the addresses a consultant opens around it."""
    world, _schema = build_world("sqlite", tmp_path_factory.mktemp("signed-in-language"))
    editor = world.a.members[Role.EDITOR]
    aid = world.assessment(world.a)
    with world.db.transaction() as s:
        lock = service.get_assessment(s, editor, aid).lock_version
        noted = service.set_notes(s, editor, aid, lock_version=lock, notes="Rat im Mai")
        changed = {**PROFILE, "backing": {"council": 4}, "resources": {"staff_fte": 2}}
        assessing.update_assessment(
            s, editor, aid, lock_version=noted.lock_version, profile=changed, note="Mehr Stellen"
        )
        info, token = service.create_workshop(s, editor, aid, title="Runde der Ämter")
        service.submit_priorities(
            s,
            token,
            participant="Anna",
            priorities=dict.fromkeys(configured_knowledge().criterion_ids, 2),
        )
    base = f"/bewertungen/{aid}"
    addresses = [
        "/bewertungen",
        base,
        f"{base}/versionen",
        f"{base}/vergleich?alt=1&neu=2",
        f"{base}/protokoll",
        f"{base}/workshop",
        f"{base}/workshop/{info.id}",
        f"{base}/workshop/{info.id}/projektor",
        "/kommunen",
        "/konto",
    ]
    yield world, addresses
    for client in world.clients:
        client.close()
    world.db.dispose()


def rendered(world: World, addresses: list[str], lang: Lang) -> Iterator[tuple[str, str]]:
    """(address, visible text) of each page, as the owner of the organisation sees it."""
    owner = world.client(world.a.members[Role.OWNER])
    names = [f"{role.value} {org.name}" for org in (world.a, world.b) for role in Role]
    for address in addresses:
        joiner = "&" if "?" in address else "?"
        page = owner.get(f"{address}{joiner}lang={lang}")
        assert page.status_code == 200, (address, page.status_code)
        text = page_text(page.text, lang)
        for name in names:  # the test's own user names ("editor Musterstadt 1a2b3c")
            text = text.replace(name, " ")
        yield address, text


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["de", "en"])
def test_signed_in_pages_are_spelt_right_and_speak_no_code(
    pages: tuple[World, list[str]], lang: Lang
) -> None:
    world, addresses = pages
    program = hunspell()
    problems: list[str] = []
    for address, text in rendered(world, addresses, lang):
        codes = FIELD_PATH.findall(text) + ACTION_ID.findall(text)
        codes += [leak for leak in LEAKS if re.search(rf"\b{leak}\b", text)]
        problems += [f"{address}: code {code!r}" for code in codes]
        words = text
        for pattern in NOT_WORDS:
            words = pattern.sub(" ", words)
        found = hunspell_unknown(program, DICTIONARIES[lang], HERE / f"words.{lang}.txt", words)
        if lang == "en" and found:  # German names and domain terms stay German
            found = hunspell_unknown(
                program, DICTIONARIES["de"], HERE / "words.de.txt", "\n".join(found)
            )
        problems += [
            f"{address}: unknown word {w!r}"
            for w in found
            if len(w) > 1 and any(c.isalpha() for c in w)
        ]
    assert not problems, "\n".join(problems)
