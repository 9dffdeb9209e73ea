"""The web app: server-rendered pages (German first, English beside) and the JSON API.

One folder per resource (``wizard``, ``catalogue``, ``assessments``, ``workshops``,
``account``, ``site``), each with the same roles: ``pages`` (HTML routes), ``api`` (JSON
routes), ``schemas`` (the API's shapes), ``views`` (what the routes show and the steps behind
it), and a ``router`` holding its routes. The modules at this level are shared by all: the app
(:mod:`.app`), sign-in and the one session dependency (:mod:`.auth`), the one mapping of
errors to answers (:mod:`.errors`, :mod:`.auth_errors`), middleware, quotas, limits on heavy
work, rendering and language.
"""
