"""The account forms' fields and their limits (the account has no JSON API: signing in is a
page; API clients use tokens made with ``klimaorg tokens create``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form

MAX_EMAIL = 320
MAX_PASSWORD = 1024
MAX_NEXT = 2000

EmailField = Annotated[str, Form(max_length=MAX_EMAIL)]
PasswordField = Annotated[str, Form(max_length=MAX_PASSWORD)]
NextField = Annotated[str, Form(max_length=MAX_NEXT)]
