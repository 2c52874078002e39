"""The worksite task of the queue: the start-page compliance summary of a user with more
trainees than a request should check (worksite.queries.compliance_summary)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from ropdesk.core.models import User
from ropdesk.worksite import queries


@task()
def summary_build_task(*, user_id: int, day: str) -> str:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return "no such user"
    summary = queries.compliance_summary_build(user, date.fromisoformat(day))
    return f"{summary.trainees} trainees"
