from django.urls import path

from ropdesk.enrollment.views import instructor, office, public

urlpatterns = [
    path("apply/", public.apply, name="apply"),
    path("apply/sections/", public.apply_sections, name="apply_sections"),
    path("apply/received/", public.application_received, name="application_received"),
    path("consent/<str:token>/", public.consent, name="parent_consent"),
    path("my/applications/", public.my_applications, name="my_applications"),
    path("certificates/verify/", public.certificate_verify, name="certificate_verify"),
    path("certificates/<str:code>/", public.certificate_detail, name="certificate_detail"),
    path("admissions/", office.queue, name="admissions_queue"),
    path("admissions/admit/", office.bulk_admit, name="admissions_bulk_admit"),
    path("admissions/new/", office.application_new, name="application_new"),
    path("admissions/<int:pk>/", office.application_detail, name="application_detail"),
    path("enrollments/", office.enrollment_list, name="enrollment_list"),
    path("enrollments/<int:pk>/", office.enrollment_detail, name="enrollment_detail"),
    path("enrollments/<int:pk>/certificate.pdf", public.certificate_pdf, name="certificate_pdf"),
    path("completion/", instructor.completion_sections, name="completion_sections"),
    path("sections/<int:pk>/completion/", instructor.completion_entry, name="completion_entry"),
]
