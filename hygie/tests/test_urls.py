"""The URL walk: every URL of Hygie, opened by every persona, answers as declared.

A new URL fails this test until its line is added to EXPECTED: say what each
persona gets, and how to build the URL's arguments. Pages are opened with GET;
a POST-only view answers 405 to GET, and 404 to a POST by an outsider.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from hygie.accounts import actions as account_actions
from hygie.accounts import throttle
from hygie.backups import actions as backup_actions
from hygie.deadlines.actions import set_deadline
from hygie.diagnostic import actions as diagnostic_actions
from hygie.diagnostic.tests.base import COMPLETE_PROFILE
from hygie.front.tests.test_templates_csp import violations
from hygie.identity.models import AuditReport
from hygie.incidents import actions as incident_actions
from hygie.newsletter.tests.base import web_token as newsletter_web_token
from hygie.orgs.models import Invitation
from hygie.orgs.roles import Role
from hygie.passwords.views import no_connect_policy
from hygie.phishing import actions as phishing_actions
from hygie.phishing import summary as phishing_summary
from hygie.phishing.tests.base import written_analysis
from hygie.quiz import engine as quiz_engine
from hygie.quiz.models import Quiz
from hygie.quiz.views import bank as quiz_bank
from hygie.register import actions as register_actions
from hygie.rights import actions as rights_actions
from hygie.surveys import actions as survey_actions
from hygie.surveys.models import Survey
from hygie.territory.models import JoinLink, Participation
from hygie.tests.base import BaseTestCase, make_user

PERSONAS = ("titulaire", "praticien", "secretaire", "referent", "outsider", "anonymous")
SIGNED_IN = PERSONAS[:-1]
# Expected answers: a status code, LOGIN (redirect to the login page with
# ?next= this URL), or the name of the view a redirect leads to.
LOGIN = "login"
Expected = int | str


@dataclass(frozen=True)
class Url:
    expected: dict[str, Expected]
    kwargs: Callable[[URLWalk], dict] = lambda t: {}
    # For POST-only views: what an outsider's POST gets.
    outsider_post: int | None = None


def everyone(answer: Expected, **overrides: Expected) -> dict[str, Expected]:
    return {**dict.fromkeys(PERSONAS, answer), **overrides}


def signed_in(answer: Expected) -> dict[str, Expected]:
    """A page of one's own account."""
    return everyone(answer, anonymous=LOGIN)


def org_page(*allowed: str) -> dict[str, Expected]:
    """A page of the cabinet: 200 for the roles allowed, 403 for the other members."""
    allowed = allowed or SIGNED_IN
    members = {p: 200 if p in allowed else 403 for p in SIGNED_IN if p != "outsider"}
    return {**members, "outsider": 404, "anonymous": LOGIN}


def org_post(*allowed: str) -> dict[str, Expected]:
    """A POST-only action of the cabinet: 405 to GET for the roles allowed."""
    return {p: 405 if a == 200 else a for p, a in org_page(*allowed).items()}


def code(t: URLWalk) -> dict:
    return {"code": t.org.code}


def region_code(t: URLWalk) -> dict:
    return {"code": t.region.code}


def survey_pk(t: URLWalk) -> dict:
    return {"code": t.region.code, "pk": t.published_survey.pk}


def survey(t: URLWalk) -> dict:
    return {**region_code(t), "pk": t.survey.pk}


def survey_question(t: URLWalk) -> dict:
    return {**survey(t), "qpk": t.survey.questions.first().pk}


def survey_section(t: URLWalk) -> dict:
    return {**survey(t), "spk": t.survey.sections.first().pk}


def regional_page() -> dict[str, Expected]:
    """A page of the regional body, opened by the cabinet's personas: outsiders all."""
    return everyone(404, anonymous=LOGIN)


def admin(name: str | None) -> dict[str, Expected]:
    """The admin is for verified support staff: everyone else is sent to its login."""
    if name == "admin:login":
        # HygieAdminSite.login: Hygie's own login (password, then code) for an
        # anonymous visitor; a refusal for a signed-in person who is not staff.
        return everyone(403, anonymous="accounts:login")
    if name == "admin:logout":
        return everyone("admin:index")
    return everyone("admin:login")


# Admin URLs are declared as one group, by namespace.
GROUPS: dict[str, Callable[[str | None], dict[str, Expected]]] = {"admin": admin}
# The values given to the admin's URL arguments.
ADMIN_KWARGS = {"app_label": "auth", "url": "inconnu/"}

T, P, S, R = "titulaire", "praticien", "secretaire", "referent"

EXPECTED: dict[str, Url] = {
    # Front pages
    "front:landing": Url(everyone("front:start", anonymous=200)),
    "front:start": Url(signed_in("orgs:home")),
    "front:health": Url(everyone(200)),
    "front:emergency": Url(everyone(200)),
    # Accounts
    "accounts:login": Url(everyone("front:start", anonymous=200)),
    "accounts:login_code": Url(everyone("accounts:login")),
    "accounts:logout": Url(everyone(405)),
    "accounts:lock": Url(signed_in(405)),
    "accounts:locked": Url(signed_in("front:start")),
    "accounts:signup": Url(everyone("front:start", anonymous=200)),
    "accounts:signup_sent": Url(everyone(200)),
    "accounts:confirm": Url(
        everyone("accounts:login"),
        lambda t: {"token": account_actions.confirmation_token(t.newcomer)},
    ),
    "accounts:resend_confirmation": Url(everyone(405)),
    "accounts:unlock": Url(
        everyone(200),
        lambda t: {"token": throttle.unlock_token(t.newcomer.email)},
    ),
    "accounts:password_reset": Url(everyone(200)),
    "accounts:password_reset_done": Url(everyone(200)),
    "accounts:password_reset_confirm": Url(
        everyone("accounts:password_reset_confirm"),
        lambda t: {
            "uidb64": urlsafe_base64_encode(force_bytes(t.newcomer.pk)),
            "token": default_token_generator.make_token(t.newcomer),
        },
    ),
    "accounts:password_reset_complete": Url(everyone(200)),
    "accounts:profile": Url(signed_in(200)),
    "accounts:renew_calendar": Url(signed_in(405)),
    "accounts:password_change": Url(signed_in(200)),
    "accounts:security": Url(signed_in(200)),
    "accounts:mfa_setup": Url(signed_in(200)),
    "accounts:recovery_regenerate": Url(signed_in(405)),
    "accounts:mfa_disable": Url(signed_in(405)),
    "accounts:sessions": Url(signed_in(200)),
    "accounts:sessions_end_others": Url(signed_in(405)),
    "accounts:session_end": Url(
        signed_in(405),
        lambda t: {"key": t.clients["titulaire"].session.session_key},
        outsider_post=404,
    ),
    # Organisations
    "orgs:list": Url(signed_in(200)),
    "orgs:create": Url(signed_in(200)),
    "orgs:invitation": Url(everyone(200), lambda t: {"token": t.invitation.token}),
    "orgs:home": Url(org_page(), code),
    "orgs:members": Url(org_page(), code),
    "orgs:member_role": Url(
        org_post(T), lambda t: {**code(t), "pk": t.membership(t.praticien).pk}, outsider_post=404
    ),
    "orgs:member_remove": Url(
        org_post(T), lambda t: {**code(t), "pk": t.membership(t.praticien).pk}, outsider_post=404
    ),
    "orgs:invitation_revoke": Url(
        org_post(T), lambda t: {**code(t), "pk": t.invitation.pk}, outsider_post=404
    ),
    "orgs:leave": Url(org_page(), code),
    "orgs:settings": Url(org_page(T), code),
    # Deadlines
    "deadlines:list": Url(org_page(), code),
    "deadlines:create": Url(org_page(T, P, R), code),
    "deadlines:done": Url(org_post(T, P, R), code, outsider_post=404),
    "deadlines:reopen": Url(org_post(T, P, R), code, outsider_post=404),
    "deadlines:export": Url(org_page(), lambda t: {**code(t), "fmt": "csv"}),
    "deadlines:calendar": Url(everyone(200), lambda t: {"token": t.titulaire.calendar_token}),
    # Journal
    "journal:list": Url(org_page(T, R), code),
    "journal:export": Url(org_page(T, R), lambda t: {**code(t), "fmt": "csv"}),
    "journal:verify": Url(org_post(T, R), code, outsider_post=404),
    "journal:seal": Url(org_post(T, R), code, outsider_post=404),
    # Diagnostic
    "diagnostic:discovery": Url(everyone(200)),
    "diagnostic:discovery_pdf": Url(everyone(405)),
    "diagnostic:home": Url({**org_page(T, P, R), S: "diagnostic:plan"}, code),
    "diagnostic:start": Url(org_post(T, P, R), code, outsider_post=404),
    "diagnostic:profile": Url(org_page(T, P, R), lambda t: {**code(t), "pk": t.draft.pk}),
    "diagnostic:theme": Url(
        org_page(T, P, R), lambda t: {**code(t), "pk": t.draft.pk, "number": 1}
    ),
    "diagnostic:answer": Url(
        org_post(T, P, R), lambda t: {**code(t), "pk": t.draft.pk}, outsider_post=404
    ),
    "diagnostic:review": Url(org_page(T, P, R), lambda t: {**code(t), "pk": t.draft.pk}),
    "diagnostic:finish": Url(
        org_post(T, P, R), lambda t: {**code(t), "pk": t.draft.pk}, outsider_post=404
    ),
    "diagnostic:discard": Url(
        org_post(T, P, R), lambda t: {**code(t), "pk": t.draft.pk}, outsider_post=404
    ),
    "diagnostic:result": Url(org_page(T, P, R), lambda t: {**code(t), "pk": t.completed.pk}),
    "diagnostic:report": Url(org_page(T, P, R), lambda t: {**code(t), "pk": t.completed.pk}),
    "diagnostic:export_answers": Url(
        org_page(T, P, R), lambda t: {**code(t), "pk": t.completed.pk, "fmt": "csv"}
    ),
    "diagnostic:plan": Url(org_page(T, P, S, R), code),
    # A plan item assigned to nobody: the secretary sees only hers.
    "diagnostic:plan_item": Url(
        {**org_page(T, P, R), S: 404}, lambda t: {**code(t), "pk": t.plan_item.pk}
    ),
    "diagnostic:export_plan": Url(org_page(T, P, S, R), lambda t: {**code(t), "fmt": "csv"}),
    "diagnostic:reflex_sheet": Url(org_page(), code),
    "diagnostic:contacts": Url(org_page(T, P, R), code),
    # Incidents: declared by the titulaire, so the secretary does not see it.
    "incidents:list": Url(org_page(), code),
    "incidents:declare": Url(org_page(), code),
    "incidents:register": Url(org_page(T, P, R), code),
    "incidents:register_export": Url(org_page(T, P, R), lambda t: {**code(t), "fmt": "csv"}),
    "incidents:detail": Url(
        {**org_page(T, P, R), S: 404}, lambda t: {**code(t), "pk": t.incident.pk}
    ),
    "incidents:tick": Url(
        org_post(T, P, S, R), lambda t: {**code(t), "pk": t.incident.pk}, outsider_post=404
    ),
    "incidents:entry": Url(
        org_post(T, P, S, R), lambda t: {**code(t), "pk": t.incident.pk}, outsider_post=404
    ),
    "incidents:qualify": Url(org_page(T, P, R), lambda t: {**code(t), "pk": t.incident.pk}),
    "incidents:cnil_draft": Url(org_page(T, P, R), lambda t: {**code(t), "pk": t.incident.pk}),
    "incidents:cnil_draft_autosave": Url(
        org_post(T, P, R), lambda t: {**code(t), "pk": t.incident.pk}, outsider_post=404
    ),
    # No version of the walk's notification has been downloaded yet.
    "incidents:cnil_notice_pdf": Url(
        {**org_page(T, P, R), T: 404, P: 404, R: 404},
        lambda t: {**code(t), "pk": t.incident.pk, "number": 1},
    ),
    "incidents:fulfil": Url(
        org_page(T, P, R), lambda t: {**code(t), "pk": t.incident.pk, "key": "cnil"}
    ),
    "incidents:close": Url(org_page(T, P, R), lambda t: {**code(t), "pk": t.incident.pk}),
    # The walk's incident is open: its closing report does not exist yet.
    "incidents:closing_report": Url(
        {**org_page(T, P, R), T: 404, P: 404, R: 404}, lambda t: {**code(t), "pk": t.incident.pk}
    ),
    "incidents:patient_letter": Url(org_page(T, P, R), lambda t: {**code(t), "pk": t.incident.pk}),
    "incidents:complaint_memo": Url(org_page(T, P, R), lambda t: {**code(t), "pk": t.incident.pk}),
    # RGPD register
    "register:home": Url(org_page(), code),
    "register:start": Url(org_page(T, R), code),
    "register:controller": Url(org_page(T, R), code),
    "register:dpo": Url(org_page(T, P, R), code),
    "register:history": Url(org_page(T, P, R), code),
    "register:website": Url(org_page(), code),
    "register:processing_new": Url(org_page(T, R), code),
    "register:processing_edit": Url(org_page(T, R), lambda t: {**code(t), "pk": t.processing.pk}),
    "register:processing_delete": Url(
        org_post(T, R), lambda t: {**code(t), "pk": t.processing.pk}, outsider_post=404
    ),
    "register:processor_new": Url(org_page(T, R), code),
    "register:processor_edit": Url(org_page(T, R), lambda t: {**code(t), "pk": t.processor.pk}),
    "register:processor_delete": Url(
        org_post(T, R), lambda t: {**code(t), "pk": t.processor.pk}, outsider_post=404
    ),
    "register:notice": Url(org_page(), lambda t: {**code(t), "fmt": "affiche-a4"}),
    # The supplier questionnaires, offered by the diagnostic to those who answer it.
    "register:questionnaires": Url(org_page(T, P, R), code),
    "register:questionnaire_returned": Url(org_post(T, P, R), code, outsider_post=404),
    "register:questionnaire_pdf": Url(org_page(T, P, R), lambda t: {**code(t), "number": 1}),
    "register:export": Url(
        org_page(T, P, R), lambda t: {**code(t), "what": "registre", "fmt": "xlsx"}
    ),
    # Cyberquiz
    "quiz:home": Url(org_page(), code),
    "quiz:compose": Url(org_page(), code),
    "quiz:edit": Url(org_page(), lambda t: {**code(t), "pk": t.quiz.pk}),
    "quiz:launch": Url(org_post(), code, outsider_post=404),
    "quiz:duplicate": Url(org_post(), lambda t: {**code(t), "pk": t.quiz.pk}, outsider_post=404),
    "quiz:preview": Url(org_page(), lambda t: {**code(t), "key": t.quiz.questions[0]}),
    "quiz:question_new": Url(org_page(), code),
    "quiz:host": Url(org_page(), lambda t: {**code(t), "pk": t.game.pk}),
    "quiz:projection": Url(org_page(), lambda t: {**code(t), "pk": t.game.pk}),
    "quiz:results": Url(org_page(), lambda t: {**code(t), "pk": t.game.pk}),
    "quiz:export": Url(org_page(), lambda t: {**code(t), "pk": t.game.pk, "fmt": "csv"}),
    "play:join": Url(everyone(200)),
    "play:pseudonym": Url(everyone(200), lambda t: {"pin": t.game.pin}),
    # Without the player's cookie: back to the PIN.
    "play:game": Url(everyone("play:join"), lambda t: {"pin": t.game.pin}),
    # Suspicious messages: every member analyses, keeps a report, answers
    # « J'ai cliqué » and makes a quiz question; deleting another member's
    # report is for the titulaire and the referent (403 to the others' POST).
    "phishing:public": Url(everyone(200)),
    "phishing:public_steps": Url(everyone(200), lambda t: {"answer": "clic"}),
    "phishing:analyse": Url(org_page(), code),
    "phishing:keep": Url(org_post(), code, outsider_post=404),
    "phishing:incident": Url(org_post(), code, outsider_post=404),
    "phishing:quiz": Url(org_post(), code, outsider_post=404),
    "phishing:reports": Url(org_page(), code),
    "phishing:report": Url(org_page(), lambda t: {**code(t), "pk": t.message_report.pk}),
    "phishing:delete": Url(
        org_post(), lambda t: {**code(t), "pk": t.message_report.pk}, outsider_post=404
    ),
    # Passwords: public tool and cards; every member has it in her organisation.
    "passwords:tool": Url(everyone(200)),
    "passwords:card": Url(everyone(200), lambda t: {"slug": "gestionnaire"}),
    "passwords:org": Url(org_page(), code),
    # Backups: the animateur has no part in them. The secretary logs backups,
    # restore tests and destructions; the plan is set by the others.
    "backups:home": Url(org_page(T, P, S, R), code),
    "backups:log": Url(org_page(T, P, S, R), code),
    "backups:plan_new": Url(org_page(T, P, R), code),
    "backups:plan_edit": Url(org_page(T, P, R), lambda t: {**code(t), "pk": t.planned.pk}),
    "backups:plan_retire": Url(
        org_post(T, P, R), lambda t: {**code(t), "pk": t.planned.pk}, outsider_post=404
    ),
    "backups:run": Url(
        org_post(T, P, S, R), lambda t: {**code(t), "pk": t.planned.pk}, outsider_post=404
    ),
    "backups:run_new": Url(org_page(T, P, S, R), code),
    "backups:run_delete": Url(
        org_post(T, P, S, R), lambda t: {**code(t), "pk": t.backup_run.pk}, outsider_post=404
    ),
    "backups:restore_new": Url(org_page(T, P, S, R), code),
    "backups:destruction_new": Url(org_page(T, P, S, R), code),
    "backups:export": Url(
        org_page(T, P, S, R), lambda t: {**code(t), "what": "journal", "fmt": "csv"}
    ),
    # Identitovigilance
    "identity:nir_public": Url(everyone(200)),
    "identity:home": Url(org_page(), code),
    # Auditing the identity file: every role but the animateur; without a
    # file waiting, the columns' page sends back to the upload.
    "identity:audit_upload": Url(org_page(), code),
    "identity:audit_mapping": Url(
        {**org_page(), **dict.fromkeys((T, P, S, R), "identity:audit_upload")}, code
    ),
    # Without an audit run (or after the hour), its pages send back to the upload.
    "identity:audit_progress": Url(
        {**org_page(), **dict.fromkeys((T, P, S, R), "identity:audit_upload")}, code
    ),
    "identity:audit_results": Url(
        {**org_page(), **dict.fromkeys((T, P, S, R), "identity:audit_upload")}, code
    ),
    "identity:audit_pair": Url(
        {**org_page(), **dict.fromkeys((T, P, S, R), "identity:audit_upload")},
        lambda t: {**code(t), "index": 0},
    ),
    "identity:audit_download": Url(
        {**org_page(), **dict.fromkeys((T, P, S, R), "identity:audit_upload")},
        lambda t: {**code(t), "fmt": "pdf"},
    ),
    # A kept audit report: the members who audit keep, list, read and download
    # it; deleting another member's is for the titulaire and the referent.
    "identity:audit_keep": Url(org_post(), code, outsider_post=404),
    "identity:reports": Url(org_page(), code),
    "identity:report": Url(org_page(), lambda t: {**code(t), "pk": t.audit_report.pk}),
    "identity:report_pdf": Url(org_page(), lambda t: {**code(t), "pk": t.audit_report.pk}),
    "identity:report_delete": Url(
        org_post(), lambda t: {**code(t), "pk": t.audit_report.pk}, outsider_post=404
    ),
    "identity:nir": Url(org_page(), code),
    "identity:status": Url(org_page(), code),
    "identity:mssante": Url(org_page(), code),
    # Sensibilisation et territoire. The pages of a regional body are walked
    # with its code: the cabinet's members are outsiders there; each app's
    # own tests check its roles inside the regional body.
    "awareness:index": Url(everyone(200)),
    "awareness:set_pdf": Url(everyone(200)),
    "awareness:page": Url(everyone(200), lambda t: {"slug": "mssante"}),
    "awareness:page_pdf": Url(everyone(200), lambda t: {"slug": "cles-usb"}),
    "territory:home": Url(org_page(), code),
    "territory:leave": Url(org_page(T), lambda t: {**code(t), "pk": t.participation.pk}),
    "territory:dashboard": Url(regional_page(), region_code),
    "territory:export": Url(regional_page(), lambda t: {**region_code(t), "fmt": "pdf"}),
    "territory:invite": Url(regional_page(), region_code),
    "territory:link_revoke": Url(
        regional_page(), lambda t: {**region_code(t), "pk": t.join_link.pk}, outsider_post=404
    ),
    "territory:link_send": Url(
        regional_page(), lambda t: {**region_code(t), "pk": t.join_link.pk}, outsider_post=404
    ),
    "territory:join": Url(signed_in(200), lambda t: {"token": t.join_link.token}),
    "surveys:list": Url(regional_page(), region_code),
    "surveys:create": Url(regional_page(), region_code),
    "surveys:detail": Url(regional_page(), survey),
    "surveys:poster": Url(regional_page(), survey),
    "surveys:status": Url(regional_page(), survey, outsider_post=404),
    "surveys:invitations": Url(regional_page(), survey, outsider_post=404),
    "surveys:question_new": Url(regional_page(), survey),
    "surveys:question_edit": Url(regional_page(), survey_question),
    "surveys:question_delete": Url(regional_page(), survey_question, outsider_post=404),
    "surveys:question_move": Url(regional_page(), survey_question, outsider_post=404),
    "surveys:section_new": Url(regional_page(), survey),
    "surveys:section_edit": Url(regional_page(), survey_section),
    "surveys:section_delete": Url(regional_page(), survey_section, outsider_post=404),
    # A survey's public pages: no account.
    "surveys:answer": Url(everyone(200), lambda t: {"token": t.survey.public_token}),
    "surveys:answer_invited": Url(
        everyone(200),
        lambda t: {"token": t.survey.public_token, "invitation": t.survey_invitation},
    ),
    "surveys:thanks": Url(everyone(200), lambda t: {"token": t.survey.public_token}),
    "surveys:notice": Url(everyone(200), lambda t: {"token": t.survey.public_token}),
    "newsletter:home": Url(regional_page(), region_code),
    "newsletter:issue_new": Url(regional_page(), region_code),
    "newsletter:subscribers": Url(regional_page(), region_code),
    "newsletter:subscriber_remove": Url(regional_page(), lambda t: {**region_code(t), "pk": 1}),
    **{
        f"newsletter:{name}": Url(regional_page(), lambda t: {**region_code(t), "pk": 1})
        for name in (
            "issue",
            "issue_edit",
            "preview",
            "preview_html",
            "send_test",
            "send",
            "progress",
            "resend",
        )
    },
    "newsletter:block_new": Url(
        regional_page(), lambda t: {**region_code(t), "pk": 1, "kind": "actualite"}
    ),
    **{
        f"newsletter:{name}": Url(
            regional_page(), lambda t: {**region_code(t), "pk": 1, "block": 1}
        )
        for name in ("block_edit", "block_move", "block_delete")
    },
    # The newsletter's public pages: no account.
    "newsletter:subscribe": Url(everyone(200), region_code),
    "newsletter:confirm": Url(everyone(200), lambda t: {"token": "inconnu"}),
    "newsletter:unsubscribe": Url(everyone(200), lambda t: {"token": "inconnu"}),
    "newsletter:web": Url(everyone(200), lambda t: {"token": newsletter_web_token(t.region)}),
    **{
        f"surveys:{name}": Url(regional_page(), survey_pk, outsider_post=404 if post else None)
        for name, post in [
            ("results", False),
            ("results_count", False),
            ("results_body", False),
            ("publish", True),
            ("timeline", False),
            ("exclude_window", True),
            ("export_csv", False),
            ("export_xlsx", False),
            ("report_pdf", False),
            ("report_state", False),
            ("compare", False),
        ]
    },
    "surveys:published": Url(everyone(200), lambda t: {"token": t.published_survey.results_token}),
    # Published, but with fewer than five responses: no document.
    "surveys:published_pdf": Url(
        everyone(404), lambda t: {"token": t.published_survey.results_token}
    ),
    "surveys:published_report_state": Url(
        everyone(404), lambda t: {"token": t.published_survey.results_token}
    ),
    # Patients' requests
    "rights:calculator": Url(everyone(200)),
    "rights:dashboard": Url(org_page(), code),
    "rights:new": Url(org_page(), code),
    "rights:retention": Url(org_page(), code),
    "rights:export": Url(org_page(), lambda t: {**code(t), "year": "2026"}),
    "rights:detail": Url(org_page(), lambda t: {**code(t), "pk": t.patient_request.pk}),
    "rights:identity": Url(
        org_post(), lambda t: {**code(t), "pk": t.patient_request.pk}, outsider_post=404
    ),
    "rights:take_on": Url(
        org_post(), lambda t: {**code(t), "pk": t.patient_request.pk}, outsider_post=404
    ),
    "rights:note": Url(
        org_post(), lambda t: {**code(t), "pk": t.patient_request.pk}, outsider_post=404
    ),
    "rights:answer": Url(org_page(T, P, R), lambda t: {**code(t), "pk": t.patient_request.pk}),
    "rights:refuse": Url(org_page(T, P, R), lambda t: {**code(t), "pk": t.patient_request.pk}),
    "rights:extend": Url(org_page(T, P, R), lambda t: {**code(t), "pk": t.patient_request.pk}),
    "rights:letter": Url(
        org_post(),
        lambda t: {**code(t), "pk": t.patient_request.pk, "kind": "accuse"},
        outsider_post=404,
    ),
}


@dataclass
class Route:
    """One URL pattern of the site, with the patterns that lead to it."""

    chain: list[URLPattern | URLResolver]
    namespace: str = ""
    name: str | None = None
    params: set[str] = field(default_factory=set)

    @property
    def key(self) -> str | None:
        if self.name is None:
            return None
        return f"{self.namespace}:{self.name}" if self.namespace else self.name

    def describe(self) -> str:
        return "".join(str(p.pattern) for p in self.chain)


def routes(patterns=None, chain=(), namespace="") -> list[Route]:
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            found += routes(pattern.url_patterns, (*chain, pattern), inner)
        else:
            route = Route([*chain, pattern], namespace, pattern.name)
            for p in route.chain:
                route.params |= set(p.pattern.regex.groupindex)
            found.append(route)
    return found


def fill(route: Route, kwargs: dict) -> str:
    """The path of an unnamed pattern (admin redirects, catch-all), built by hand."""
    path = ""
    for p in route.chain:
        text = str(p.pattern).lstrip("^").rstrip("$")
        text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), text)
        text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), text)
        path += text
    return "/" + path


def in_group(route: Route) -> bool:
    return route.namespace.split(":")[0] in GROUPS


class URLWalk(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.newcomer = make_user("Léa Blanc", "lea@exemple.fr")
        # The referent, in two organisations, last opened the cabinet.
        cls.referent.last_org = cls.org
        cls.referent.save(update_fields=["last_org"])
        cls.invitation = Invitation.objects.create(
            org=cls.org, email="nina@cabinet-martin.example", role=Role.PRATICIEN
        )
        cls.deadline = set_deadline(
            org=cls.org, title="Tester la sauvegarde", due_at=timezone.now()
        )
        cls.completed = diagnostic_actions.start(cls.org, actor=cls.titulaire)
        diagnostic_actions.save_profile(cls.completed, COMPLETE_PROFILE, actor=cls.titulaire)
        diagnostic_actions.complete(cls.completed, actor=cls.titulaire)
        cls.plan_item = cls.org.plan_items.first()
        cls.draft = diagnostic_actions.start(cls.org, actor=cls.titulaire)
        cls.incident = incident_actions.declare(
            cls.org, kind="rancongiciel", discovered_at=timezone.now(), actor=cls.titulaire
        )
        (cls.processing,) = register_actions.start(
            cls.org, ["dossier-patient"], actor=cls.titulaire
        )
        cls.processor = register_actions.save_processor(
            cls.org,
            None,
            {"name": "Éditeur", "service": "Logiciel de cabinet", "clauses": {}},
            actor=cls.titulaire,
        )
        cls.quiz = Quiz.objects.create(
            org=cls.org, title="Accueil", questions=["bank:" + quiz_bank()[0]["id"]]
        )
        cls.game = quiz_engine.create_game(
            cls.org, title="Accueil", keys=cls.quiz.questions, host=cls.titulaire
        )
        cls.message_report = phishing_actions.keep_report(
            cls.org,
            phishing_summary.summary(written_analysis(), "2026-03-03T09:20:00+01:00"),
            with_body=False,
            actor=cls.titulaire,
        )
        cls.audit_report = AuditReport.objects.create(
            org=cls.org, created_by=cls.titulaire, file_name="patients.csv", pdf=b"%PDF-1.7"
        )
        cls.published_survey = Survey.objects.create(
            org=cls.region, title="Pratiques RGPD", results_published=True
        )
        cls.survey = survey_actions.create_from_template(
            cls.region, survey_actions.READY_MADE, cls.animateur
        )
        survey_actions.set_status(cls.survey, "open", cls.animateur)
        survey_actions.add_invitations(cls.survey, ["ines@exemple.fr"], cls.animateur)
        cls.survey_invitation = survey_actions.invitation_token(cls.survey.invitations.get())
        cls.patient_request = rights_actions.log(
            cls.org,
            {
                "received_at": timezone.now(),
                "channel": "courrier",
                "right": "effacement",
                "requester_kind": "patient",
                "requester_name": "Jeanne Durand",
            },
            actor=cls.secretaire,
        )
        cls.planned = backup_actions.add_planned(
            cls.org,
            {
                "data": ["logiciel"],
                "medium": "disque",
                "place": "cabinet",
                "every": 7,
                "encrypted": "oui",
                "offline": "oui",
                "locked": "oui",
            },
            actor=cls.titulaire,
        )
        cls.backup_run = backup_actions.log_backup(
            cls.planned, done_on=timezone.localdate(), actor=cls.secretaire
        )
        cls.join_link = JoinLink.objects.create(region=cls.region)
        cls.participation = Participation.objects.create(
            region=cls.region, practice=cls.org, consent_version="2026-12"
        )

    def setUp(self):
        self.clients = {"anonymous": Client()}
        for persona in SIGNED_IN:
            client = Client()
            client.force_login(getattr(self, persona))
            self.clients[persona] = client

    def expectations(self, route: Route) -> tuple[dict[str, Expected], dict, int | None]:
        if in_group(route):
            params = {name: ADMIN_KWARGS.get(name, "1") for name in route.params}
            return GROUPS[route.namespace.split(":")[0]](route.key), params, None
        declared = EXPECTED[route.key]
        return declared.expected, declared.kwargs(self), declared.outsider_post

    def check(self, persona: str, url: str, expected: Expected, response) -> None:
        where = f"{persona} GET {url}"
        if isinstance(expected, int):
            self.assertEqual(response.status_code, expected, where)
        else:
            self.assertEqual(response.status_code, 302, where)
            target = urlsplit(response["Location"])
            if expected == LOGIN:
                self.assertEqual(resolve(target.path).view_name, "accounts:login", where)
                self.assertEqual(parse_qs(target.query).get("next"), [url], where)
            else:
                self.assertEqual(resolve(target.path).view_name, expected, where)
        # Every answer, page or redirect or error, carries the security headers:
        # the site's policy, or where what is typed must stay in the browser
        # (the password tool), the same without any connection.
        self.assertIn(
            response["Content-Security-Policy"],
            {settings.CONTENT_SECURITY_POLICY, no_connect_policy()},
            where,
        )
        self.assertEqual(response["X-Frame-Options"], "DENY", where)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff", where)
        self.assertEqual(response["Referrer-Policy"], "same-origin", where)
        if persona != "anonymous":
            # Meant for one person: no browser or proxy keeps it.
            self.assertIn("no-store", response.get("Cache-Control", ""), where)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            self.assertContains(response, '<html lang="fr">', msg_prefix=where)
            # What the policy would block, as rendered (form widgets included).
            self.assertEqual(violations(response.content.decode()), [], where)

    def walk(self, selected: list[Route]) -> None:
        self.assertTrue(selected)
        for route in selected:
            expected, kwargs, outsider_post = self.expectations(route)
            self.assertEqual(set(expected), set(PERSONAS), f"{route.key}: one answer per persona")
            url = reverse(route.key, kwargs=kwargs) if route.key else fill(route, kwargs)
            for persona in PERSONAS:
                with self.subTest(url=route.key or url, persona=persona):
                    response = self.clients[persona].get(url)
                    self.check(persona, url, expected[persona], response)
            if outsider_post is not None:
                with self.subTest(url=route.key, persona="outsider", method="POST"):
                    response = self.clients["outsider"].post(url)
                    self.assertEqual(response.status_code, outsider_post, f"outsider POST {url}")


class SiteURLWalkTestCase(URLWalk):
    def test_every_url_is_declared(self):
        site = [route for route in routes() if not in_group(route)]
        undeclared = [
            f"{route.describe()!r} ({route.key or 'unnamed'})"
            for route in site
            if route.key not in EXPECTED
        ]
        self.assertFalse(
            undeclared,
            "Declare these URLs in EXPECTED in hygie/tests/test_urls.py (name them first if "
            "they have no name), with what each persona gets and how to build their "
            f"arguments: {', '.join(undeclared)}",
        )
        stale = set(EXPECTED) - {route.key for route in site}
        self.assertFalse(stale, f"EXPECTED declares URLs that no longer exist: {sorted(stale)}")

    def test_every_url_answers_every_persona_as_declared(self):
        self.walk([route for route in routes() if route.key in EXPECTED])

    def test_every_post_only_action_of_an_organisation_is_posted_by_the_outsider(self):
        for key, url in EXPECTED.items():
            if url.expected.get("outsider") == 404 and 405 in url.expected.values():
                with self.subTest(url=key):
                    self.assertEqual(url.outsider_post, 404)


class AdminURLWalkTestCase(URLWalk):
    def test_every_admin_url_answers_every_persona_as_declared(self):
        self.walk([route for route in routes() if in_group(route)])


class AdminForSupportStaffTestCase(URLWalk):
    def test_no_admin_page_fails_for_verified_support_staff(self):
        staff = make_user("Support Hygie", "support@hygie.example")
        staff.is_staff = staff.is_superuser = True
        staff.save()
        self.login_verified(staff)
        self.assertEqual(self.client.get(reverse("admin:index")).status_code, 200)
        for route in routes():
            if not in_group(route) or route.key == "admin:logout":
                continue
            _, kwargs, _ = self.expectations(route)
            url = reverse(route.key, kwargs=kwargs) if route.key else fill(route, kwargs)
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, (200, 302, 403, 404), url)
