"""Committee members sign in with an account of their own (a partner contact tied to it by
the office's invitation) and see only their committees' packets; the agenda and minutes can
be PDF or Word files, which the public downloads only once published."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ropdesk.core.models import MailMessage, Role
from ropdesk.core.tests import factories as f
from ropdesk.partners import services
from ropdesk.partners.models import Meeting
from ropdesk.partners.tests.conftest import committee, contact, meeting, member

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20 10:00")]

NEW_ACCOUNT = {
    "username": "grace",
    "password": "a long pass phrase 42",
    "password_again": "a long pass phrase 42",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def two_committees(office):
    health = committee("Health Science Advisory Committee")
    autos = committee("Transportation Advisory Committee")
    grace = contact("Grace Harper", email="grace@example.org")
    member(health, who=grace, starts=date(2025, 1, 1), ends=date(2027, 12, 31))
    ours = meeting(health, "2026-11-12 16:00")
    theirs = meeting(autos, "2026-11-13 16:00")
    services.agenda_post(actor=None, meeting=ours, agenda="1. Call to order")
    services.agenda_post(actor=None, meeting=theirs, agenda="1. EV safety")
    return {"health": health, "autos": autos, "grace": grace, "ours": ours, "theirs": theirs}


def _join(client, office, world):
    client.force_login(office)
    response = client.post(
        reverse("partners_committee", args=[world["health"].pk]),
        {"action": "invite", "contact": world["grace"].pk, "email": ""},
    )
    assert response.status_code == 200
    link = response.context["invite_link"]
    assert link.startswith("http://testserver/committees/join/")
    assert MailMessage.objects.filter(to="grace@example.org").exists()
    visitor = Client()
    accepted = visitor.post(
        link.removeprefix("http://testserver"),
        NEW_ACCOUNT,
    )
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("partners_member")
    return visitor


def test_an_invited_member_signs_in_and_sees_only_their_committee(client, office, two_committees):
    w = two_committees
    member_client = _join(client, office, w)
    w["grace"].refresh_from_db()
    assert w["grace"].user.username == "grace"
    assert not w["grace"].user.roles.exists()  # no staff role: the contact is the reach

    home = member_client.get(reverse("partners_member"))
    page = home.content.decode()
    assert "Health Science Advisory Committee" in page
    assert "Transportation Advisory Committee" not in page
    assert 'href="/committees/mine/"' in page  # the menu's "My committees"
    assert (
        member_client.get(reverse("partners_member") + f"?meeting={w['ours'].pk}").status_code
        == 200
    )
    assert (
        member_client.get(reverse("partners_member") + f"?meeting={w['theirs'].pk}").status_code
        == 404
    )
    # Nothing of the staff pages.
    for name, args in (
        ("partners_committees", []),
        ("partners_committee", [w["health"].pk]),
        ("partners_meeting", [w["ours"].pk]),
        ("partners_list", []),
    ):
        assert member_client.get(reverse(name, args=args)).status_code in (403, 404), name


def test_a_member_whose_term_ended_sees_nothing(client, office, two_committees):
    w = two_committees
    member_client = _join(client, office, w)
    w["health"].memberships.update(term_ends_on=date(2026, 11, 1))
    page = member_client.get(reverse("partners_member")).content.decode()
    assert "You sit on no committee today." in page
    assert (
        member_client.get(reverse("partners_member") + f"?meeting={w['ours'].pk}").status_code
        == 404
    )


def test_an_invitation_works_once_and_not_for_another_account(client, office, two_committees):
    w = two_committees
    sent = services.member_invite(
        actor=office, contact=w["grace"], email="", base_url="http://testserver/"
    )
    path = sent.url.removeprefix("http://testserver")
    stranger = f.user("stranger")
    stranger.email = "someone@example.org"
    stranger.save()
    other = Client()
    other.force_login(stranger)
    assert other.post(path).status_code == 403
    teacher = f.user("teacher", role=Role.INSTRUCTOR)
    teacher.email = "grace@example.org"
    teacher.save()
    staff = Client()
    staff.force_login(teacher)
    assert staff.post(path).status_code == 403  # a staff account is linked by the office
    with pytest.raises(Exception, match="Only the office"):
        services.member_invite(actor=teacher, contact=w["grace"], email="", base_url="/")
    teacher.email = "teacher@example.org"  # else: "an account with this e-mail exists"
    teacher.save()
    accepted = Client().post(path, NEW_ACCOUNT)
    assert accepted.status_code == 302
    assert Client().get(path).status_code == 404  # used


def _upload(client, meeting_obj, action, name, content, **fields):
    field = f"{action}_file"
    return client.post(
        reverse("partners_meeting", args=[meeting_obj.pk]),
        {"action": action, action: "", field: SimpleUploadedFile(name, content), **fields},
    )


def test_agenda_and_minutes_files_are_public_only_once_published(client, office, two_committees):
    w = two_committees
    health = w["health"]
    draft = meeting(health, "2026-12-10 16:00")
    client.force_login(office)
    # The agenda of a meeting not yet posted: the file is stored when the agenda is posted.
    assert _upload(client, draft, "agenda", "agenda.pdf", PDF).status_code == 302
    draft.refresh_from_db()
    assert draft.agenda_file_name == "agenda.pdf" and draft.agenda_posted_at is not None
    url = reverse("partners_meeting_file", args=[draft.pk, "agenda"])
    public = Client().get(url)
    assert public.status_code == 200
    assert b"".join(public.streaming_content) == PDF  # type: ignore[attr-defined]
    assert public["Content-Type"] == "application/pdf"
    assert 'attachment; filename="agenda.pdf"' in public["Content-Disposition"]
    assert (
        "agenda.pdf"
        in Client().get(reverse("partners_public_meeting", args=[draft.pk])).content.decode()
    )

    # Minutes of the first meeting as a Word file: members and staff yes, public not yet.
    ours = w["ours"]
    assert _upload(client, ours, "minutes", "minutes.docx", docx()).status_code == 302
    minutes_url = reverse("partners_meeting_file", args=[ours.pk, "minutes"])
    assert Client().get(minutes_url).status_code == 404
    assert client.get(minutes_url).status_code == 200
    member_client = _join(Client(), office, w)
    assert member_client.get(minutes_url).status_code == 200
    packet = member_client.get(reverse("partners_member") + f"?meeting={ours.pk}").content.decode()
    assert "minutes.docx" in packet
    # Approved at the next meeting (which has begun): public.
    nxt = Meeting.objects.create(
        committee=health, starts_at=ours.starts_at.replace(day=19), place="Room 12"
    )
    ours.refresh_from_db()
    services.minutes_approve(actor=office, meeting=ours, at_meeting=nxt)
    assert Client().get(minutes_url).status_code == 200


def test_a_committee_outside_the_brown_act_never_serves_files_to_the_public(client, office):
    private = committee("Internal Steering Group", brown_act=False)
    m = meeting(private, "2026-11-12 16:00")
    client.force_login(office)
    assert _upload(client, m, "agenda", "agenda.pdf", PDF).status_code == 302
    url = reverse("partners_meeting_file", args=[m.pk, "agenda"])
    assert Client().get(url).status_code == 404
    assert client.get(url).status_code == 200


def test_a_file_that_is_not_a_pdf_or_docx_is_refused_naming_it(
    client, office, two_committees, settings
):
    m = two_committees["ours"]
    client.force_login(office)
    for name, content in (
        ("agenda.exe", b"MZ\x90\x00"),
        ("agenda.pdf", b"MZ not a pdf"),
        ("agenda.docx", b"PK\x03\x04 broken"),
    ):
        response = _upload(client, m, "agenda", name, content)
        assert response.status_code == 200, name
        assert f"“{name}” is not a PDF or Word (.docx) file." in response.content.decode()
    settings.ROPDESK = {
        **settings.ROPDESK,
        "UPLOAD_MAX_MB": {**settings.ROPDESK["UPLOAD_MAX_MB"], "evidence": 1},
    }
    big = _upload(client, m, "agenda", "big.pdf", PDF + b"0" * (1024 * 1024))
    assert "“big.pdf” is larger than 1 MB" in big.content.decode()
    m.refresh_from_db()
    assert not m.agenda_file


def test_the_public_sees_only_posted_agendas_and_approved_minutes(two_committees):
    w = two_committees
    unposted = meeting(w["health"], "2026-12-10 16:00")
    public = Client()
    assert public.get(reverse("partners_public_meeting", args=[unposted.pk])).status_code == 404
    services.minutes_record(
        actor=None, meeting=w["ours"], minutes="Draft minutes.", items_reviewed=[]
    )
    page = public.get(reverse("partners_public_meeting", args=[w["ours"].pk])).content.decode()
    assert "1. Call to order" in page
    assert "Draft minutes." not in page
