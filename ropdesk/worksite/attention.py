"""Work-based learning waiting for the user (core/contributions.py): hours to approve (site
supervisors), visits and evaluations overdue (instructor-coordinators, the office), training
agreements the user still has to sign (every party)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.core import access, versions
from ropdesk.core.contributions import Attention
from ropdesk.core.models import Guardianship
from ropdesk.worksite import access as worksite_access
from ropdesk.worksite import queries
from ropdesk.worksite.services import missing_parties

OVERDUE_RULES = {
    "visits": ("cc_visit", "cve_visit"),
    "evaluations": ("evaluation",),
}


def items(user: Any) -> list[Attention]:
    if not user.is_authenticated:
        return []
    found = []
    home = reverse("worksite_home")
    if access.scope_of(user).site_ids:
        waiting = queries.hours_waiting(queries.enrolled_trainees_of_supervisor(user))
        oldest = waiting.aggregate(oldest=Min("date"))["oldest"]
        found.append(
            Attention(_("Days of hours waiting for your approval"), waiting.count(), home, oldest)
        )
    if access.can_coordinate_work_based_learning(user):
        found.extend(_overdue(user))
    found.extend(_to_sign(user))
    return found


def _overdue(user: Any) -> list[Attention]:
    today = timezone.localdate()
    summary = queries.compliance_summary(user, today)
    if summary is None:
        return []  # the worker is computing it (a county's office, the first time today)
    url = reverse("worksite_compliance")
    labels = {"visits": _("Site visits overdue"), "evaluations": _("Evaluations overdue")}
    found = []
    for kind, rules in OVERDUE_RULES.items():
        counts = [summary.rules[rule] for rule in rules if rule in summary.rules]
        due = min((c.first_due for c in counts if c.first_due), default=None)
        found.append(Attention(labels[kind], sum(c.red_checks for c in counts), url, due))
    return found


def _to_sign(user: Any) -> list[Attention]:
    """Agreements still open for a signature the user may give, nearest start first."""
    today = timezone.localdate()
    count, first, starts_on = versions.cached(
        f"ropdesk:wbl-to-sign:{user.pk}:{today.isoformat()}",
        queries.TOPIC,
        lambda: _waiting_signature(user, today),
        seconds=queries.SUMMARY_SECONDS,
    )
    if not count:
        return [Attention(_("Training agreements to sign"), 0, reverse("worksite_home"))]
    url = reverse("worksite_agreement", args=[first]) if count == 1 else reverse("worksite_home")
    return [Attention(_("Training agreements to sign"), count, url, starts_on)]


def _waiting_signature(user: Any, today: date) -> tuple[int, int | None, date | None]:
    """How many open agreements wait for the user's signature, and the first one (its id and
    start): kept in the cache with the compliance summary, at the same version."""
    open_agreements = (
        worksite_access.agreements_visible_to(user)
        .filter(fully_signed_on__isnull=True, ends_on__gte=today)
        .select_related("enrollment__section", "enrollment__student", "site")
        .prefetch_related("signatures")
        .order_by("starts_on", "pk")
    )
    children = set(Guardianship.objects.filter(user=user).values_list("student_id", flat=True))
    waiting = []
    for agreement in open_agreements:
        signed = {s.party for s in agreement.signatures.all()}
        mine = set(worksite_access.agreement_parties_of(user, agreement, children=children))
        if mine & set(missing_parties(agreement, today, signed)):
            waiting.append(agreement)
    if not waiting:
        return 0, None, None
    return len(waiting), waiting[0].pk, waiting[0].starts_on
