"""The pages: filing on the public form, the receipt and the private status link, the case
page and its forms, the report PDF, the read log, statistics without names, the notices."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from ropdesk.complaints import services
from ropdesk.complaints.models import (
    CaseAccessLog,
    Complaint,
    CoordinatorRole,
    InvestigationItem,
    Notice,
)
from ropdesk.complaints.tests.conftest import file_complaint

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def form_data(**overrides):
    data = {
        "kind": "ucp_discrimination",
        "bases": ["national_origin"],
        "description": "The lab aide mocks my accent.",
        "incident_date": (TODAY() - timedelta(days=3)).isoformat(),
        "location": "Auto lab",
        "anonymous": "on",
        "language": "en",
    }
    data.update(overrides)
    return data


def test_anyone_files_anonymously_and_gets_a_receipt_with_a_private_link(client):
    evidence = SimpleUploadedFile("note.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = client.post("/complaints/file/", {**form_data(), "files": [evidence]})
    assert response.status_code == 302 and response["Location"] == "/complaints/file/received/"
    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.items.count() == 1
    receipt = client.get("/complaints/file/received/").content.decode()
    token = client.session["complaint_receipt"]["token"]
    assert complaint.reference in receipt
    assert f"/complaints/status/{complaint.reference}/{token}/" in receipt
    assert "only way to follow your complaint" in receipt


def test_the_form_shows_the_error_next_to_the_field_and_keeps_what_was_typed(client):
    response = client.post(
        "/complaints/file/", form_data(incident_date="", anonymous="", filer_name="")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The lab aide mocks my accent." in page
    assert 'id="id_incident_date_error"' in page
    assert "Give your name, or choose to file without giving your name." in page
    assert Complaint.objects.count() == 0


def test_a_file_too_big_is_explained_by_name(client, monkeypatch):
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 5)
    big = SimpleUploadedFile("video.mp4", b"0123456789", content_type="video/mp4")
    response = client.post("/complaints/file/", {**form_data(), "files": [big]})
    assert response.status_code == 400
    assert "“video.mp4” is larger than" in response.content.decode()
    assert 'id="id_files_error"' in response.content.decode()


def test_a_late_filing_is_received_and_explained_to_the_filer(client):
    old = (TODAY() - timedelta(days=400)).isoformat()
    client.post("/complaints/file/", form_data(incident_date=old))
    receipt = client.get("/complaints/file/received/").content.decode()
    assert "About the filing deadline" in receipt
    assert Complaint.objects.count() == 1


def test_the_status_link_shows_the_case_logs_the_read_and_takes_more_information(client):
    filed = file_complaint(received_on=TODAY(), incident_date=TODAY())
    url = filed.status_path
    page = client.get(url).content.decode()
    assert "Received" in page and "days left" in page
    log = CaseAccessLog.objects.get()
    assert (log.actor, log.action, log.complaint) == (
        None,
        CaseAccessLog.Action.FILER_READ,
        filed.complaint,
    )
    response = client.post(url, {"text": "Another student saw it."})
    assert response.status_code == 302
    item = filed.complaint.items.get(kind=InvestigationItem.Kind.FROM_FILER)
    assert item.body == "Another student saw it."


def test_a_case_page_read_is_logged(client, support):
    complaint = file_complaint().complaint
    client.force_login(support)
    assert client.get(f"/complaints/cases/{complaint.reference}/").status_code == 200
    log = CaseAccessLog.objects.get(complaint=complaint)
    assert (log.actor, log.action) == (support, CaseAccessLog.Action.READ)
    assert CaseAccessLog.objects.filter(complaint=complaint).count() == 1


def test_support_services_work_a_case_through_its_forms(client, support, colleague):
    complaint = file_complaint(
        received_on=TODAY() - timedelta(days=5), incident_date=TODAY() - timedelta(days=9)
    ).complaint
    client.force_login(support)
    base = f"/complaints/cases/{complaint.reference}/do"
    assert client.post(f"{base}/assign/", {"assign-investigator": colleague.pk}).status_code == 302
    interview = SimpleUploadedFile(
        "interview.pdf", b"%PDF-1.4 notes", content_type="application/pdf"
    )
    response = client.post(
        f"{base}/item/",
        {"item-kind": "interview", "item-title": "Interview with the aide", "item-file": interview},
    )
    assert response.status_code == 302
    item = complaint.items.get(kind="interview")
    download = client.get(f"/complaints/cases/{complaint.reference}/files/{item.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 notes"
    assert 'filename="interview.pdf"' in download["Content-Disposition"]

    refused = client.post(
        f"{base}/extension/",
        {
            "extension-days": 10,
            "extension-reason": "Records",
            "extension-agreed_on": TODAY().isoformat(),
        },
    )
    assert refused.status_code == 400
    assert "only with the complainant&#x27;s written agreement" in refused.content.decode()

    response = client.post(
        f"{base}/report/",
        {
            "report-findings": "The aide made the remarks on three days.",
            "report-conclusions": "Substantiated.",
            "report-outcome": "substantiated",
            "report-issued_on": TODAY().isoformat(),
            "report-language": "en",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/complaints/cases/{complaint.reference}/").content.decode()
    assert "Report issued" in page and "Appeal window (30 days from the report)" in page
    assert "30 days left" in page


def test_the_report_pdf_holds_the_findings_and_the_appeal_deadline(client, support):
    complaint = file_complaint().complaint
    services.complaint_assign(actor=support, complaint=complaint, investigator=support)
    services.report_issue(
        actor=support,
        complaint=complaint,
        findings="The aide mocked the complainant's accent on 3 days in August.",
        conclusions="Harassment based on national origin: substantiated.",
        remedies="Training and a new lab assignment.",
        outcome="substantiated",
        issued_on=date(2026, 10, 2),
    )
    client.force_login(support)
    response = client.get(f"/complaints/cases/{complaint.reference}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "The aide mocked the complainant's accent on 3 days in August." in text
    assert complaint.reference in text
    # The last day to appeal: 2 October + 30 = Sunday 1 November, moved to Monday (CCP 12a).
    assert "Mon, Nov 2, 2026" in text


def test_statistics_count_without_a_single_name(client, support, colleague):
    for bases in (["race"], ["race", "sex"], ["disability"]):
        file_complaint(bases=bases, received_on=TODAY(), incident_date=TODAY())
    first = Complaint.objects.first()
    assert first is not None
    services.complaint_assign(actor=support, complaint=first, investigator=colleague)
    client.force_login(support)
    page = client.get("/complaints/statistics/?year=all").content.decode()
    csv_text = client.get("/complaints/statistics/?year=all&format=csv").content.decode()
    for text in (page, csv_text):
        for private in (
            "Rosa",
            "Quintero",
            "rosa@example.org",
            "accent",
            "James",
            "Lee",
            first.reference,
        ):
            assert private not in text, private
    rows = {(r[0], r[1]): r[2] for r in csv.reader(io.StringIO(csv_text))}
    assert rows[("total", "complaints")] == "3"
    assert rows[("basis", "Race")] == "2"
    assert rows[("basis", "Sex")] == "1"
    assert rows[("outcome", "No report yet")] == "3"


def test_the_case_list_shows_days_left_in_words_with_few_queries(
    client, support, django_assert_max_num_queries
):
    for _ in range(6):
        file_complaint(
            received_on=TODAY() - timedelta(days=50), incident_date=TODAY() - timedelta(days=55)
        )
    client.force_login(support)
    with django_assert_max_num_queries(12):
        page = client.get("/complaints/cases/").content.decode()
    assert page.count("10 days left") == 6


def test_the_public_notice_names_the_coordinators_in_the_visitors_language(client, support):
    services.coordinator_set(
        actor=support,
        role=CoordinatorRole.TITLE_IX,
        user=support,
        job_title="Assistant Director of Support Services",
        phone="(562) 555-0199",
    )
    english = client.get("/notices/nondiscrimination/").content.decode()
    assert "Non-discrimination notice" in english
    assert "Denise Okafor, Assistant Director of Support Services, (562) 555-0199" in english
    assert "{title_ix_coordinator}" not in english
    spanish = client.get("/notices/nondiscrimination/?lang=es").content.decode()
    assert "Aviso de no discriminación" in spanish and 'lang="es"' in spanish
    assert "Denise Okafor" in spanish
    procedures = client.get("/notices/complaint-procedures/").content.decode()
    assert "within 30 days of the date of the report" in procedures


def test_the_office_edits_a_notice_and_adds_a_language(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/complaints/notices/").status_code == 200
    response = client.post(
        "/complaints/notices/nondiscrimination/vi/",
        {
            "title": "Thông báo không phân biệt đối xử",
            "body": "Điều phối viên: {title_ix_coordinator}",
        },
    )
    assert response.status_code == 302
    notice = Notice.objects.get(language="vi")
    assert notice.updated_by == admin_user
    page = client.get("/notices/nondiscrimination/?lang=vi").content.decode()
    assert "Thông báo không phân biệt đối xử" in page and "not yet named" in page
    others = client.get("/notices/nondiscrimination/").content.decode()
    assert others.count('hreflang="vi"') == 1  # listed among the other languages
