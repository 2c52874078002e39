"""The outcomes task of the queue: sending a wave's invitations, which for a county's
completers is tens of thousands of rows and messages, so the office does not wait for it."""

from __future__ import annotations

from django_tasks import task

from ropdesk.core.models import User
from ropdesk.outcomes import services
from ropdesk.outcomes.models import FollowUpWave


@task()
def wave_open_task(*, wave_id: int, actor_id: int | None, base_url: str) -> str:
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    wave = FollowUpWave.objects.get(pk=wave_id)
    return f"{services.wave_open(actor=actor, wave=wave, base_url=base_url)} invited"
