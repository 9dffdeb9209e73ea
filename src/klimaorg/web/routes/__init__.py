"""Routers of the web app, one per area (pages, JSON API, ...)."""
