"""The outcomes objects of the authorization sweep's county (core/tests/county.py): a wave with
the trainee invited (and a personal link), and a crosswalk row of the section's pathway, each
put in `world.extra` under the URL name and parameter it fills."""

from __future__ import annotations

from typing import Any

from ropdesk.outcomes.models import NontraditionalDesignation
from ropdesk.outcomes.tests import factories as of


def add_to(world: Any) -> None:
    wave = of.wave()
    invitation = of.invitation(world.trainee.student, wave, token="county-followup-token")
    designation = NontraditionalDesignation.objects.create(
        pathway=world.section.course.pathway, nontraditional_for="M", source="sweep"
    )
    world.extra.update(
        {
            **{
                f"{name}.pk": wave.pk
                for name in (
                    "outcomes_dashboard",
                    "outcomes_wave_open",
                    "outcomes_phone_list",
                    "outcomes_letters",
                )
            },
            "outcomes_phone_entry.pk": invitation.pk,
            "outcomes_designation_edit.pk": designation.pk,
            "outcomes_survey.token": "county-followup-token",
        }
    )
