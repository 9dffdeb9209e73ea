"""A workshop's validity is shown in German local time, like every other time on the pages
(it was shown in UTC with "Uhr", an hour early in winter and two in summer)."""

from __future__ import annotations

from datetime import UTC, datetime

from klimaorg.web.workshops.views import when


def test_validity_in_german_local_time() -> None:
    winter = datetime(2026, 12, 18, 6, 40, tzinfo=UTC)
    summer = datetime(2026, 7, 1, 6, 40, tzinfo=UTC)
    assert when(winter, "de") == "18.12.2026, 07:40 Uhr"
    assert when(summer, "de") == "01.07.2026, 08:40 Uhr"
    assert when(winter, "en") == "2026-12-18 07:40"
    assert when(winter.replace(tzinfo=None), "de") == "18.12.2026, 07:40 Uhr"  # naive is UTC
