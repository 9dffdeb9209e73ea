"""The real GV100AD directory in the database: counts, idempotent re-import, search, Kreis."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from klimaorg import assessing
from klimaorg.context import directory_cache_path
from klimaorg.directory import Directory
from klimaorg.directory.cache import save as save_directory
from klimaorg.errors import NotFoundError, UserInputError
from klimaorg.storage import service
from klimaorg.storage.core import Role
from klimaorg.storage.db import Database
from klimaorg.storage.models import MunicipalityRow
from tests.storage.conftest import make_tenant


def test_import_counts_and_is_idempotent(directory_db: Database, real_directory: Directory) -> None:
    with directory_db.transaction() as s:
        assert service.directory_counts(s) == {"municipalities": 10_981, "kreise": 400}
        before = s.execute(sa.select(MunicipalityRow.ags, MunicipalityRow.population)).all()
    with directory_db.transaction() as s:
        result = service.import_directory(s, real_directory)
    assert (result.municipalities, result.kreise) == (10_981, 400)
    assert result.seconds < 15, f"import took {result.seconds:.1f} s"
    with directory_db.transaction() as s:
        assert service.directory_counts(s) == {"municipalities": 10_981, "kreise": 400}
        after = s.execute(sa.select(MunicipalityRow.ags, MunicipalityRow.population)).all()
    assert sorted(before) == sorted(after)


@pytest.mark.parametrize("query", ["denzl", "Dénzlingen", "DENZLINGEN", "Denzlingen"])
def test_search_is_case_and_accent_insensitive(directory_db: Database, query: str) -> None:
    with directory_db.transaction() as s:
        found = service.search_municipalities(s, query)
    assert found[0].ags == "08316009"
    assert found[0].kreis_name is not None and "Emmendingen" in found[0].kreis_name


def test_search_ranks_prefix_then_population(directory_db: Database) -> None:
    with directory_db.transaction() as s:
        muenchen = service.search_municipalities(s, "Muenchen", limit=5)
        assert muenchen[0].ags == "09162000"
        frei = service.search_municipalities(s, "frei", limit=50)
        prefixed = [m.name.lower().startswith("frei") for m in frei]
        assert prefixed == sorted(prefixed, reverse=True)
        assert service.search_municipalities(s, "0831600")[0].ags.startswith("0831600")
        assert service.search_municipalities(s, "%") == []
        assert service.search_municipalities(s, "zzzzqx") == []
        in_kreis = service.search_municipalities(s, "ingen", kreis_key="08316", limit=100)
        assert in_kreis and all(m.kreis_key == "08316" for m in in_kreis)


def test_municipalities_of_a_kreis(directory_db: Database, real_directory: Directory) -> None:
    with directory_db.transaction() as s:
        listed = service.municipalities_in_kreis(s, "08316")
        assert {m.ags for m in listed} == {
            m.ags for m in real_directory.municipalities_in(kreis="08316")
        }
        assert service.get_municipality(s, "08316009").name == "Denzlingen"
        with pytest.raises(NotFoundError):
            service.municipalities_in_kreis(s, "99999")
        with pytest.raises(NotFoundError):
            service.get_municipality(s, "99999999")


def test_a_kreis_key_alone_is_found_in_the_directory_folder(
    directory_db: Database,
    real_directory: Directory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Landkreis is not a row of the municipality table: its name and size come from the
    directory the pages read, and without one the message names the command to run."""
    monkeypatch.setenv("KLIMAORG_DATA_DIR", str(tmp_path))
    with directory_db.transaction() as s:
        tenant = make_tenant(s, "Kreisprüfung")
        owner = tenant.as_role(Role.OWNER)
        with pytest.raises(UserInputError, match="klimaorg directory import"):
            assessing.create_assessment(s, owner, title="Kreis", profile={}, ags="08316")
    save_directory(real_directory, directory_cache_path())
    with directory_db.transaction() as s:
        detail = assessing.create_assessment(s, owner, title="Kreis", profile={}, ags="08316")
    assert detail.municipality_name == "Landkreis Emmendingen"
    assert detail.result["level"]["kind"] == "landkreis"
    assert detail.result["level"]["population"] == 170_996
