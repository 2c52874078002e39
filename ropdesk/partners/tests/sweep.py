"""The partners objects of the authorization sweep's county (core/tests/county.py): a committee
of the instructor's course on which the district coordinator sits, a held meeting with a
posted agenda and a packet link, a recommendation, a partner, a snapshot and a needs
assessment, each put in `world.extra` under the URL name and parameter it fills."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ropdesk.core.tests.clock import suite_now
from ropdesk.partners import services
from ropdesk.partners.models import Committee


def add_to(world: Any) -> None:
    committee = services.committee_create(
        actor=None,
        name="Sweep Advisory Committee",
        scope=Committee.Scope.COURSE,
        courses=[world.section.course],
    )
    coordinator = services.contact_add(
        actor=None, name="Coordinator", user=world.users["district_coordinator"]
    )
    services.member_appoint(
        actor=None,
        committee=committee,
        contact=coordinator,
        role="district_coordinator",
        term_starts_on=date(2026, 1, 1),
    )
    meeting = services.meeting_schedule(
        actor=None,
        committee=committee,
        starts_at=suite_now() - timedelta(days=1),
        place="Room 12",
    )
    services.agenda_post(actor=None, meeting=meeting, agenda="1. Call to order")
    token = services.packet_link_new(actor=None, meeting=meeting)
    recommendation = services.recommendation_record(
        actor=None, meeting=meeting, text="Sweep recommendation.", category="equipment"
    )
    partner = services.partner_add(actor=None, kind="business", name="Sweep Partner")
    snapshot = services.snapshot_take(actor=None, title="Sweep snapshot", soc_codes=["29-1141"])
    assessment = services.assessment_start(actor=None, title="CLNA", starts_on=date(2026, 7, 1))
    member_contact = services.contact_add(actor=None, name="Rosa Delgado", email="member@example.org")
    services.member_appoint(
        actor=None,
        committee=committee,
        contact=member_contact,
        role="business",
        term_starts_on=date(2026, 1, 1),
    )
    invited = services.member_invite(
        actor=world.users["administrator"],
        contact=member_contact,
        email="",
        base_url="http://testserver/",
    )
    world.extra.update(
        {
            "partners_committee.pk": committee.pk,
            "partners_meeting.pk": meeting.pk,
            "partners_public_meeting.pk": meeting.pk,
            "partners_packet.token": token,
            "partners_meeting_file.pk": meeting.pk,
            "partners_meeting_file.kind": "agenda",
            "partners_member_accept.token": invited.url.rstrip("/").rsplit("/", 1)[1],
            "partners_recommendation.pk": recommendation.pk,
            "partners_partner.pk": partner.pk,
            "partners_snapshot.pk": snapshot.pk,
            "partners_assessment.pk": assessment.pk,
            "partners_assessment_pdf.pk": assessment.pk,
        }
    )
