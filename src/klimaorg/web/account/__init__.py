"""The account: signing in and out, switching the organisation, the signed-in devices, the
password, and the administrators' user list.

The roles of every web resource: :mod:`.pages` (HTML routes), :mod:`.schemas` (the forms'
fields and limits), :mod:`.views` (what the pages show and the login's steps). There is no
:mod:`.api`: the account is only pages (API clients sign in with tokens). :data:`router`
holds the pages.
"""

from __future__ import annotations

from klimaorg.web.account.pages import router

__all__ = ["router"]
