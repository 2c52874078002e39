"""The reasons ropdesk itself gives in an enrollment's history, under codes that are stored
with each event and put into each reader's language (core/stored_text.py). Codes are never
renamed; the words may change."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ropdesk.core import stored_text

ADMITTED = stored_text.register("enrollment.admitted", _("Admitted (EC 52314(a)(1))."))
WAITLISTED = stored_text.register(
    "enrollment.waitlisted", _("The section is full; placed on the waitlist.")
)
PROMOTED = stored_text.register(
    "enrollment.promoted", _("A seat opened; promoted from the waitlist.")
)
COMPLETED = stored_text.register("enrollment.completed", _("Completed with final grade %(grade)s."))
ROSTERED = stored_text.register(
    "enrollment.rostered", _("Enrolled by the district's roster (OneRoster import).")
)
