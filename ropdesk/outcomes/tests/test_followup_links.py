"""A wave's invitations, the personal link (token stored hashed, valid until, uses left,
opt-out), the reminders the task queue sends, and answers from the link."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from ropdesk.core.models import MailMessage
from ropdesk.core.tests.clock import suite_today
from ropdesk.core.tokens import token_hash
from ropdesk.outcomes import services
from ropdesk.outcomes.models import FollowUpInvitation, FollowUpLink, FollowUpResponse
from ropdesk.outcomes.tests import factories as of

pytestmark = pytest.mark.django_db
ANSWER = {"postsecondary": "ccc", "employment": "part_time", "hours_per_week": "20"}


def _token_in(message: MailMessage) -> str:
    found = re.search(r"/outcomes/survey/([^/\s]+)/", message.body)
    assert found is not None
    return found.group(1)


def test_opening_a_wave_invites_its_completers_and_mails_each_a_link_kept_only_hashed() -> None:
    completer = of.former_student(email="ana@example.org", home_language="Spanish")
    of.former_student(grades=("B", "D+"), email="not-completer@example.org")
    of.former_student(code="400", email="dropout-code@example.org")
    wave = of.wave()

    invited = services.wave_open(actor=None, wave=wave, base_url="http://testserver/")

    assert invited == 1
    invitation = FollowUpInvitation.objects.get()
    assert (invitation.student, invitation.language) == (completer, "es")
    message = MailMessage.objects.get()
    assert (message.to, message.language) == ("ana@example.org", "es")
    token = _token_in(message)
    assert FollowUpLink.objects.get().token_hash == token_hash(token)
    assert token not in str(list(FollowUpLink.objects.values()))


def test_opening_again_invites_only_newcomers() -> None:
    of.former_student(email="a@example.org")
    wave = of.wave()
    services.wave_open(actor=None, wave=wave, base_url="http://testserver/")
    of.former_student(email="late@example.org")
    assert services.wave_open(actor=None, wave=wave, base_url="http://testserver/") == 1
    assert MailMessage.objects.count() == 2


def test_a_former_student_answers_from_the_link_and_it_counts_for_email(client) -> None:
    invitation = of.invitation(of.former_student(), token="tok-email")
    page = client.get(reverse("outcomes_survey", args=["tok-email"]))
    assert page.status_code == 200
    response = client.post(reverse("outcomes_survey", args=["tok-email"]), ANSWER)
    assert "Thank you" in response.content.decode()
    answer = FollowUpResponse.objects.get(invitation=invitation)
    assert (answer.channel, answer.respondent, answer.postsecondary, answer.employment) == (
        "email",
        "self",
        "ccc",
        "part_time",
    )
    assert answer.psts_codes == ["CCC", "EMP"]
    assert (answer.reference_quarter_start, answer.reference_quarter_end) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    invitation.refresh_from_db()
    assert (invitation.uses_left, invitation.opened_at is not None) == (0, True)


def test_a_link_used_twice_is_refused_the_second_time_and_the_answer_stays(client) -> None:
    invitation = of.invitation(of.former_student(), token="tok-twice")
    client.post(reverse("outcomes_survey", args=["tok-twice"]), ANSWER)
    again = client.post(reverse("outcomes_survey", args=["tok-twice"]), {"military": "active"})
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert FollowUpResponse.objects.get(invitation=invitation).military == ""


def test_an_expired_link_is_refused(client) -> None:
    of.invitation(of.former_student(), token="tok-old", valid_until=suite_today() - timedelta(1))
    response = client.get(reverse("outcomes_survey", args=["tok-old"]))
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_a_guessed_link_looks_like_a_missing_page_and_saves_nothing(client) -> None:
    of.invitation(of.former_student(), token="the-real-token")
    for guess in ("the-real-toke", "the-real-tokenX", token_hash("the-real-token")):
        response = client.post(reverse("outcomes_survey", args=[guess]), ANSWER)
        assert response.status_code == 404
    assert FollowUpResponse.objects.count() == 0


def test_opting_out_stops_the_link_and_the_reminders(client) -> None:
    invitation = of.invitation(
        of.former_student(email="o@example.org"), of.wave(opened_at=None), token="tok-out"
    )
    client.post(reverse("outcomes_survey", args=["tok-out"]), {"opt_out": "1"})
    invitation.refresh_from_db()
    assert invitation.opted_out_at is not None
    assert client.get(reverse("outcomes_survey", args=["tok-out"])).status_code == 410
    assert services.reminders_send(today=date(2026, 10, 20)) == []


def test_a_proxy_answer_on_the_link_form_is_not_possible_but_satisfaction_is_kept(client) -> None:
    invitation = of.invitation(of.former_student(), token="tok-sat")
    client.post(reverse("outcomes_survey", args=["tok-sat"]), {**ANSWER, "satisfaction": "4"})
    assert FollowUpResponse.objects.get(invitation=invitation).satisfaction == 4


def test_employed_and_not_in_the_labor_force_at_once_is_refused_next_to_the_field(client) -> None:
    of.invitation(of.former_student(), token="tok-bad")
    response = client.post(
        reverse("outcomes_survey", args=["tok-bad"]),
        {"employment": "full_time", "not_in_labor_force": "on"},
    )
    assert "in the labor force; choose one" in response.content.decode()
    assert FollowUpResponse.objects.count() == 0


def test_the_survey_speaks_spanish(client) -> None:
    of.invitation(of.former_student(), token="tok-es")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("outcomes_survey", args=["tok-es"]), HTTP_ACCEPT_LANGUAGE="es")
    assert "Enviar mis respuestas" in page.content.decode()


def test_reminders_go_on_days_7_and_14_once_each_and_never_to_who_answered_or_bounced() -> None:
    wave = of.wave(opens_on=date(2026, 10, 1))
    waiting = of.invitation(of.former_student(email="w@example.org"), wave)
    answered = of.invitation(of.former_student(email="a@example.org"), wave, token="t-a")
    services.response_submit(token="t-a", answers={"military": "guard"}, today=date(2026, 10, 2))
    bounced = of.invitation(of.former_student(email="b@example.org"), wave)
    services.invitation_bounce(invitation=bounced, reason="550 no such user")
    wave.opened_at = wave.created_at
    wave.save()

    assert services.reminders_send(today=date(2026, 10, 7)) == []
    assert [i.pk for i in services.reminders_send(today=date(2026, 10, 8))] == [waiting.pk]
    assert services.reminders_send(today=date(2026, 10, 9)) == []
    assert [i.pk for i in services.reminders_send(today=date(2026, 10, 15))] == [waiting.pk]
    assert services.reminders_send(today=date(2026, 10, 30)) == []
    reminders = MailMessage.objects.filter(kind="outcomes.followup.reminder")
    assert sorted(m.to for m in reminders) == ["w@example.org", "w@example.org"]
    assert answered.response.military == "guard"


def test_each_reminder_link_works_and_so_does_the_first() -> None:
    wave = of.wave(opens_on=date(2026, 10, 1), opened_at=None)
    student = of.former_student(email="r@example.org")
    services.wave_open(actor=None, wave=wave, base_url="http://testserver/")
    services.reminders_send(today=date(2026, 10, 8))
    first, reminder = (_token_in(m) for m in MailMessage.objects.order_by("pk"))
    assert first != reminder
    for token in (first, reminder):
        assert services.link_resolve(token, today=date(2026, 10, 9)).invitation.student == student


def test_the_reminder_job_is_on_the_daily_schedule(settings) -> None:
    entry = settings.ROPDESK["SCHEDULE"]["followup-reminders"]
    assert entry["call"] == "ropdesk.outcomes.services.reminders_send"


def test_a_link_sent_in_spanish_opens_the_survey_in_spanish_without_asking(client) -> None:
    of.invitation(of.former_student(), token="tok-es2", language="es")
    page = client.get(reverse("outcomes_survey", args=["tok-es2"])).content.decode()
    assert '<html lang="es">' in page
    assert "¿Estás trabajando?" in page


def test_the_send_button_hands_the_wave_to_the_worker(client, django_capture_on_commit_callbacks):
    from ropdesk.core.models import Role
    from ropdesk.core.tests import factories as f
    from ropdesk.core.worker import tasks_run_pending

    client.force_login(f.user(role=Role.ADMINISTRATOR))
    of.former_student(email="q@example.org")
    wave = of.wave(opened_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outcomes_wave_open", args=[wave.pk]), follow=True)
    assert "The invitations are being sent." in response.content.decode()
    assert FollowUpInvitation.objects.count() == 0
    tasks_run_pending()
    assert FollowUpInvitation.objects.get().email == "q@example.org"
    assert MailMessage.objects.filter(to="q@example.org").exists()


def test_mail_refused_for_good_marks_the_invitation_bounced_and_stops_reminders() -> None:
    wave = of.wave(opens_on=date(2026, 10, 1), opened_at=None)
    of.former_student(email="gone@example.org")
    services.wave_open(actor=None, wave=wave, base_url="http://testserver/")
    MailMessage.objects.filter(to="gone@example.org").update(
        status=MailMessage.Status.FAILED, last_error="550 5.1.1 user unknown"
    )
    assert services.reminders_send(today=date(2026, 10, 8)) == []
    invitation = FollowUpInvitation.objects.get()
    assert (invitation.bounced_at is not None, invitation.bounce_reason) == (
        True,
        "550 5.1.1 user unknown",
    )
