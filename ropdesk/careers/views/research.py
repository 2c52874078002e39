"""Career research: every O*NET occupation, searchable, open to everyone (like the catalog)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ropdesk.careers import queries
from ropdesk.careers.models import RIASEC, InterestArea, Occupation, OccupationPreparation
from ropdesk.careers.scoring import fit_words, in_riasec_order, profile_similarity
from ropdesk.careers.views import with_credits
from ropdesk.core import access
from ropdesk.core.models import Student
from ropdesk.enrollment.queries import Bar

ZONES = range(1, 6)


def occupation_list(request: HttpRequest) -> HttpResponse:
    """Search by title or keyword (reported job titles count), interest code and job zone."""
    text = request.GET.get("q", "").strip()
    code = "".join(k for k in request.GET.get("code", "").upper() if k in RIASEC)[:3]
    zone = request.GET.get("max_zone", "")
    max_zone = int(zone) if zone.isdigit() and int(zone) in ZONES else None
    found = queries.occupations_search(text=text, code=code, max_zone=max_zone)
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "careers/occupation_list.html",
        with_credits(
            page=page,
            q=text,
            code=code,
            max_zone=max_zone,
            zones=ZONES,
            areas=InterestArea.objects.all(),
        ),
    )


def occupation_detail(request: HttpRequest, code: str) -> HttpResponse:
    occupation = get_object_or_404(Occupation.objects.select_related("job_zone"), code=code)
    preparation = queries.preparation_of(occupation)
    areas = {a.letter: a for a in InterestArea.objects.all()}
    profile = occupation.profile()
    bars = [
        Bar(areas[k].name if k in areas else k, v, round(100 * v / 7)) for k, v in profile.items()
    ]
    route = queries.routes_for([occupation])[occupation.pk]
    student = _own_student_or_none(request)
    return render(
        request,
        "careers/occupation_detail.html",
        with_credits(
            occupation=occupation,
            code_areas=[areas[k] for k in occupation.holland_code if k in areas],
            bars=bars,
            education=preparation.get(OccupationPreparation.Scale.EDUCATION, []),
            training=[
                (label, preparation[scale][0])
                for scale, label in OccupationPreparation.Scale.choices
                if scale != OccupationPreparation.Scale.EDUCATION and scale in preparation
            ],
            titles=occupation.reported_titles.all(),
            clusters=occupation.clusters.all(),
            route=route,
            fit=_fit_for(student, occupation),
            student=student,
        ),
    )


def _own_student_or_none(request: HttpRequest) -> Student | None:
    if not request.user.is_authenticated:
        return None
    return access.career_plans_visible_to(request.user).filter(user=request.user).first()


def _fit_for(student: Student | None, occupation: Occupation) -> dict[str, object] | None:
    """How close the signed-in student's latest results are to this occupation, if any."""
    result = queries.latest_result(student) if student else None
    if result is None or not occupation.has_profile:
        return None
    similarity = profile_similarity(
        in_riasec_order(result.scores()), in_riasec_order(occupation.profile())
    )
    if similarity is None:
        return None
    return {"similarity": similarity, "words": fit_words(similarity), "code": result.code}
