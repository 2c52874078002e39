"""Staff enter answers while calling (the former student or a proxy), and the dashboard shows
response rate by channel beside placement, and who answered beside who did not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.outcomes import services
from ropdesk.outcomes.models import FollowUpResponse
from ropdesk.outcomes.tests import factories as of

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client):
    admin = f.user(role=Role.ADMINISTRATOR)
    client.force_login(admin)
    return admin


def test_a_proxy_answer_from_a_call_is_recorded_counted_and_shown(client, office) -> None:
    wave = of.wave()
    invitation = of.invitation(of.former_student(sex="M"), wave)
    of.invitation(of.former_student(), wave)
    response = client.post(
        reverse("outcomes_phone_entry", args=[invitation.pk]),
        {
            "a-respondent": "proxy",
            "a-proxy_name": "Rosa Diaz",
            "a-proxy_relationship": "mother",
            "a-military": "active",
            "a-employment": "",
            "save": "1",
        },
    )
    assert response.status_code == 302
    answer = FollowUpResponse.objects.get()
    assert (answer.channel, answer.respondent, answer.proxy_relationship, answer.entered_by) == (
        "phone",
        "proxy",
        "mother",
        office,
    )
    page = client.get(reverse("outcomes_dashboard", args=[wave.pk])).content.decode()
    assert '<dd id="proxies">1</dd>' in page
    assert '<dd id="response-rate">50.0 %</dd>' in page
    assert '<dd id="placed-rate">100.0 %</dd>' in page


def test_a_proxy_is_not_asked_how_well_rop_prepared_the_student(client, office) -> None:
    invitation = of.invitation(of.former_student(), of.wave())
    response = client.post(
        reverse("outcomes_phone_entry", args=[invitation.pk]),
        {
            "a-respondent": "proxy",
            "a-proxy_relationship": "father",
            "a-satisfaction": "5",
            "save": "1",
        },
    )
    assert "Only the former student answers this question." in response.content.decode()
    assert FollowUpResponse.objects.count() == 0


def test_a_proxy_must_be_named_by_relationship(client, office) -> None:
    invitation = of.invitation(of.former_student(), of.wave())
    response = client.post(
        reverse("outcomes_phone_entry", args=[invitation.pk]),
        {"a-respondent": "proxy", "a-employment": "full_time", "save": "1"},
    )
    assert "Say who answered for the former student." in response.content.decode()


def test_a_call_nobody_answered_is_noted_and_stays_on_the_list(client, office) -> None:
    wave = of.wave()
    invitation = of.invitation(of.former_student(), wave)
    client.post(
        reverse("outcomes_phone_entry", args=[invitation.pk]),
        {"n-note": "voicemail", "no_answer": "1"},
    )
    invitation.refresh_from_db()
    assert (invitation.call_attempts, invitation.last_call_note) == (1, "voicemail")
    page = client.get(reverse("outcomes_phone_list", args=[wave.pk])).content.decode()
    assert "voicemail" in page


def test_the_dashboard_compares_respondents_with_non_respondents(client, office) -> None:
    wave = of.wave()
    women = [of.invitation(of.former_student(sex="F"), wave, token=f"w{k}") for k in range(3)]
    of.invitation(of.former_student(sex="M"), wave)
    for k in range(2):
        services.response_submit(
            token=f"w{k}", answers={"employment": "full_time"}, today=wave.opens_on
        )
    figures = client.get(reverse("outcomes_dashboard", args=[wave.pk])).context["f"]
    assert dict((g, (r, n)) for g, r, n in figures.comparison["sex"]) == {
        "Female": (2, 1),
        "Male": (0, 1),
    }
    assert [(row.channel, row.responses) for row in figures.by_channel][:2] == [
        ("email", 2),
        ("sms", 0),
    ]
    assert (figures.surveyed, figures.responded, figures.placed) == (4, 2, 2)
    assert women[0].pk


def test_the_phone_list_keeps_its_query_count_as_the_wave_grows(
    client, office, django_assert_max_num_queries
) -> None:
    wave = of.wave()
    for _k in range(3):
        of.invitation(of.former_student(), wave)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("outcomes_phone_list", args=[wave.pk]))
    for _k in range(12):
        of.invitation(of.former_student(), wave)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("outcomes_phone_list", args=[wave.pk]))


def test_the_dashboard_keeps_its_query_count_as_the_wave_grows(
    client, office, django_assert_max_num_queries
) -> None:
    wave = of.wave()
    for k in range(3):
        of.invitation(of.former_student(), wave, token=f"a{k}")
        services.response_submit(
            token=f"a{k}", answers={"employment": "full_time"}, today=wave.opens_on
        )
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("outcomes_dashboard", args=[wave.pk]))
    for k in range(8):
        of.invitation(of.former_student(), wave, token=f"b{k}")
        services.response_submit(
            token=f"b{k}", answers={"employment": "full_time"}, today=wave.opens_on
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("outcomes_dashboard", args=[wave.pk]))


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.INSTRUCTOR, Role.STUDENT, Role.PARENT])
def test_other_roles_find_no_outcome_pages(client, role) -> None:
    scope = f.district() if role == Role.COUNSELOR else None
    client.force_login(f.user(role=role, organization=scope))
    wave = of.wave()
    for url in (
        reverse("outcomes_home"),
        reverse("outcomes_dashboard", args=[wave.pk]),
        reverse("outcomes_indicators"),
        reverse("outcomes_phone_list", args=[wave.pk]),
    ):
        assert client.get(url).status_code == 404


def test_a_district_coordinator_counts_only_the_district_and_cannot_call(client) -> None:
    district = f.district()
    wave = of.wave()
    of.invitation(of.former_student(district_org=district), wave)
    of.invitation(of.former_student(), wave)
    client.force_login(f.user(role=Role.DISTRICT_COORDINATOR, organization=district))
    figures = client.get(reverse("outcomes_dashboard", args=[wave.pk])).context["f"]
    assert figures.surveyed == 1
    assert client.get(reverse("outcomes_phone_list", args=[wave.pk])).status_code == 404
