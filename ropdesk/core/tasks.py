"""The tasks of the queue (django-tasks on the database backend), run by `ropdesk worker`.

Each task is a thin door to a function in core that does the work and records how it went
on a model people can see: ImportJob (core/jobs.py), MailMessage (core/mail.py), SmsMessage
(core/sms.py) and ScheduledRun (core/schedule.py). Arguments are ids and names, never objects:
a task is stored as JSON and may run in another process later.
"""

from __future__ import annotations

from django_tasks import task

from ropdesk.core import jobs, mail, schedule, sms


@task()
def import_job_task(*, job_id: int, runner: str) -> str:
    return jobs.import_job_execute(job_id=job_id, runner=runner)


@task()
def mail_deliver(*, message_id: int) -> str:
    return mail.mail_send(message_id=message_id)


@task()
def sms_deliver(*, message_id: int) -> str:
    return sms.sms_send(message_id=message_id)


@task()
def scheduled_task(*, name: str, attempt: int = 1) -> str:
    return schedule.scheduled_execute(name=name, attempt=attempt)
