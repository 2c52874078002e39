from django.urls import path

from ropdesk.marks import views

urlpatterns = [
    path("", views.mark_sections, name="marks_sections"),
    path("sections/<int:pk>/", views.mark_entry, name="marks_entry"),
    path("grading-periods/", views.grading_periods, name="marks_grading_periods"),
    path("grading-periods/<int:pk>/lock/", views.grading_period_lock, name="marks_period_lock"),
    path("corrections/<int:pk>/", views.mark_correct, name="marks_correct"),
    path("students/<int:pk>/", views.student_marks, name="marks_student"),
    path("students/<int:pk>/transcript.pdf", views.transcript, name="marks_transcript"),
]
