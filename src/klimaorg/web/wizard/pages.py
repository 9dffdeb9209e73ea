"""The advice wizard (German paths): five short steps, the result page, profile files, the rules.

No sessions and no JavaScript needed: every step is a POST form that carries all earlier answers
as hidden fields (one per profile field), and every post is validated on the server again.

The address always names the step shown. A step's form posts to the next step's address; when an
answer of an earlier step is wrong, the answer is a 307 redirect to that step's address, which
makes the browser post the same answers there (with or without JavaScript) and the step shows
its errors. ``?pruefen=N`` on that address says that steps 1 to N are checked, not only the ones
before it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from klimaorg.advisor import ProfileError, advise, load_advisor_data, read_profile_text
from klimaorg.advisor.profile import MAX_PROFILE_BYTES
from klimaorg.context import current_directory
from klimaorg.i18n import Lang, gettext_for
from klimaorg.reports.render import MEDIA_TYPES
from klimaorg.web.bounded import report_file
from klimaorg.web.errors import error_response
from klimaorg.web.language import query_lang, request_lang
from klimaorg.web.ratelimit import rate_limited
from klimaorg.web.rendering import render
from klimaorg.web.wizard import views
from klimaorg.web.wizard.form import (
    METHOD_FIELD,
    STEPS,
    WizardForm,
    form_to_profile,
    profile_to_form,
    read_form,
)

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

ALL_STEPS = set(range(1, STEPS + 1))
CHECK_PARAM = "pruefen"
UPLOAD_OVERHEAD = 16 * 1024  # multipart boundaries and headers around the file


def _render_step(
    request: Request,
    step: int,
    form: WizardForm,
    errors: list[views.FieldError] | None = None,
    *,
    matches: list[dict[str, Any]] | None = None,
    notice: str | None = None,
) -> HTMLResponse:
    lang = request_lang(request)
    data = views.step_data(step, form, lang, current_directory(), errors, matches)
    data["notice"] = notice
    status = 422 if errors else 200
    return render(request, f"wizard/step{step}.html", data, status_code=status)


def _first_error_step(
    request: Request, form: WizardForm, errors: list[views.FieldError]
) -> HTMLResponse:
    """The step of the first error, shown here (for an uploaded file, whose answers cannot be
    posted again: the upload's address names no step)."""
    step = errors[0].step
    matches = views.ambiguous(form, errors) if step == 1 else None
    return _render_step(request, step, form, [e for e in errors if e.step == step], matches=matches)


def _to_error_step(request: Request, errors: list[views.FieldError], checked: int) -> Response:
    """A 307 redirect to the step of the first error: the browser posts the same answers to
    that step's address, which then shows the errors (steps 1 to ``checked`` are checked)."""
    target = request.app.url_path_for("wizard_step_post", step=str(errors[0].step))
    query: dict[str, str | int] = {CHECK_PARAM: checked}
    lang = query_lang(request.scope)
    if lang is not None:
        query["lang"] = lang
    return RedirectResponse(f"{target}?{urlencode(query)}#error-summary", status_code=307)


def _checked_steps(request: Request, step: int) -> int:
    """The last step to check on a post to ``step``: the steps before it, or more when a
    redirect says so (``?pruefen=N``, a number from 1 to 5; anything else is ignored)."""
    asked = request.query_params.get(CHECK_PARAM, "")
    if asked.isdigit() and 1 <= int(asked) <= STEPS:
        return max(step - 1, int(asked))
    return step - 1


async def _form(request: Request) -> tuple[WizardForm, FormData]:
    raw = await request.form()
    return read_form(raw.multi_items()), raw


@router.get("/beratung", name="wizard")
def intro(request: Request) -> HTMLResponse:
    return render(request, "wizard/intro.html", {"error": None})


@router.get("/beratung/schritt/{step}", name="wizard_step")
def step_get(request: Request, step: int) -> Response:
    if not 1 <= step <= STEPS:
        return error_response(request, 404, [{"field": "", "message": _not_found(request)}])
    return _render_step(request, step, WizardForm())


def _not_found(request: Request) -> str:
    return gettext_for(request_lang(request))("There is no page at this address.")


@router.post("/beratung/schritt/{step}", name="wizard_step_post")
async def step_post(request: Request, step: int) -> Response:
    if not 1 <= step <= STEPS:
        return error_response(request, 404, [{"field": "", "message": _not_found(request)}])
    form, raw = await _form(request)
    action = raw.get("aktion")
    if step == 1 and action == "suchen":
        return _search(request, form)
    if step == 1 and action == "uebernehmen":
        return _pick(request, form, str(raw.get("treffer", "")))
    if step == 5 and action == "ahp":  # show the comparisons for the ticked criteria
        return _render_step(request, 5, form.replace(**{METHOD_FIELD: "ahp"}))
    if raw.get("navigation") not in ("back", "language"):  # validate only when moving on
        checked = _checked_steps(request, step)
        errors = views.validate(
            form, request_lang(request), current_directory(), set(range(1, checked + 1))
        )
        if errors and errors[0].step != step:
            return _to_error_step(request, errors, checked)
        if errors:
            return _first_error_step(request, form, errors)
    return _render_step(request, step, form)


def _search(request: Request, form: WizardForm) -> HTMLResponse:
    matches, notice = views.search(form, request_lang(request))
    return _render_step(request, 1, form, matches=matches, notice=notice)


def _pick(request: Request, form: WizardForm, key: str) -> HTMLResponse:
    picked, notice = views.pick(form, key, request_lang(request))
    return _render_step(request, 1, picked, notice=notice)


@router.get("/beratung/ergebnis", include_in_schema=False)
def result_get(request: Request) -> RedirectResponse:
    return RedirectResponse(request.app.url_path_for("wizard"), status_code=303)


def _result(
    request: Request, form: WizardForm, previous: str | None, *, posted: bool = True
) -> Response:
    """The result page; with wrong answers the step of the first one (``posted``: the answers
    came as form fields, so the browser can post them to that step's address)."""
    lang = request_lang(request)
    directory = current_directory()
    errors = views.validate(form, lang, directory, ALL_STEPS)
    if not errors:
        try:
            result = advise(form_to_profile(form), lang=lang, directory=directory)
        except ProfileError as exc:
            errors = [views.field_error(exc, lang)]
    if errors:
        if posted:
            return _to_error_step(request, errors, STEPS)
        return _first_error_step(request, form, errors)
    data = views.result_data(result, form, lang, previous, directory)
    return render(request, "wizard/result.html", data, extras=views.result_extras(data, lang))


@router.post(
    "/beratung/ergebnis", name="wizard_result", dependencies=[Depends(rate_limited("wizard"))]
)
async def result_post(request: Request) -> Response:
    form, raw = await _form(request)
    previous = raw.get("vorher") if raw.get("navigation") != "language" else None
    return _result(request, form, previous if isinstance(previous, str) else None)


@router.post(
    "/beratung/hochladen", name="wizard_upload", dependencies=[Depends(rate_limited("wizard"))]
)
async def upload(request: Request) -> Response:
    lang = request_lang(request)
    _ = gettext_for(lang)
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_PROFILE_BYTES + UPLOAD_OVERHEAD:
        return _upload_error(request, _too_large(lang), 413)
    raw = await request.form(max_files=1, max_fields=10)
    file = raw.get("profil")
    if not isinstance(file, UploadFile):
        return _upload_error(request, _("Please choose a profile file."), 422)
    content = await file.read(MAX_PROFILE_BYTES + 1)
    await file.close()
    if len(content) > MAX_PROFILE_BYTES:
        return _upload_error(request, _too_large(lang), 413)
    try:  # parsed in a worker thread: the event loop keeps serving while a file is read
        data = await run_in_threadpool(read_profile_text, content, lang)
    except ProfileError as exc:
        return _upload_error(request, exc.message, 422)
    if not isinstance(data, dict):
        return _upload_error(
            request, _("The file does not contain a profile (a mapping of keys)."), 422
        )
    return _result(request, profile_to_form(data, lang), None, posted=False)


def _too_large(lang: Lang) -> str:
    _ = gettext_for(lang)
    return _("The file is too large (at most 256 KB).")


def _upload_error(request: Request, message: str, status: int) -> HTMLResponse:
    return render(request, "wizard/intro.html", {"error": message}, status_code=status)


def _download(request: Request, form: WizardForm, kind: str) -> Response:
    lang = request_lang(request)
    errors = views.validate(form, lang, current_directory(), ALL_STEPS)
    if errors:
        return _to_error_step(request, errors, STEPS)
    return views.profile_file(form, kind)


@router.post("/beratung/profil.yaml", name="wizard_profile_yaml")
async def profile_yaml(request: Request) -> Response:
    form, _raw = await _form(request)
    return _download(request, form, "yaml")


@router.post("/beratung/profil.json", name="wizard_profile_json")
async def profile_json(request: Request) -> Response:
    form, _raw = await _form(request)
    return _download(request, form, "json")


REPORT_FORMATS = ("pdf", "docx", "html", "md")
REPORT_BLOCKS = ("beschlussvorlage", "foerderantrag")


@router.post(
    "/beratung/bericht/{fmt}",
    name="wizard_report",
    dependencies=[Depends(rate_limited("report"))],
)
async def report(request: Request, fmt: str, only: str | None = None) -> Response:
    """The council report (or one text block) of the wizard's answers, as a download."""
    if fmt not in REPORT_FORMATS or (only is not None and only not in REPORT_BLOCKS):
        raise StarletteHTTPException(status_code=404)
    form, _raw = await _form(request)
    lang = request_lang(request)
    errors = views.validate(form, lang, current_directory(), ALL_STEPS)
    if errors:
        return _to_error_step(request, errors, STEPS)
    # Rendering takes seconds: in the bounded worker pool (klimaorg.web.heavy).
    content, name = await report_file(request, form_to_profile(form), lang, fmt, only)
    return views.download(content, MEDIA_TYPES[fmt], name)


@router.get("/regeln", name="rules")
def rules(request: Request) -> HTMLResponse:
    lang = request_lang(request)
    return render(request, "rules.html", views.rules_data(load_advisor_data(), lang))
