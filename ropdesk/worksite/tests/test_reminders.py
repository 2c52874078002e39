from datetime import time

import pytest
from django.core import mail
from django.core.management import call_command

from ropdesk.core.tests.clock import suite_today
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.worksite import services


@pytest.mark.clock("2026-11-02 19:00")  # after the day's shifts
def test_reminders_go_out_once_a_day(world):
    world.instructor.email = "t@example.org"
    world.instructor.save()
    world.supervisor.email = "b@example.org"
    world.supervisor.save()
    services.timesheet_log(
        actor=world.cc_student_user,
        enrollment=world.cc,
        day=suite_today(),
        started_at=time(15, 0),
        ended_at=time(17, 0),
    )
    with committed_then_worked():
        call_command("worksite_reminders")
    assert sorted(m.to[0] for m in mail.outbox) == ["b@example.org", "t@example.org"]
    with committed_then_worked():
        call_command("worksite_reminders")
    assert len(mail.outbox) == 2
