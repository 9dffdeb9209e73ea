"""Alembic migrations of the KlimaOrg database (run with ``klimaorg db upgrade``)."""
