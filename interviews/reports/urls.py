from django.urls import path

from interviews.reports import candidate_views, feedback_views, views

app_name = "reports"
urlpatterns = [
    path("reports/", views.index, name="index"),
    path("candidates/", candidate_views.candidate_list, name="candidates"),
    path("candidates/<id:pk>/", candidate_views.candidate, name="candidate"),
    path("loops/<id:pk>/decision", candidate_views.loop_decision, name="loop_decision"),
    path("loops/<id:pk>/feedback-links", candidate_views.loop_link_create, name="loop_link_create"),
    path("interviews/<id:pk>/report", views.report, name="report"),
    path("interviews/<id:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("interviews/<id:pk>/report/rebuild", views.report_rebuild, name="rebuild"),
    path("interviews/<id:pk>/report/links", views.link_create, name="link_create"),
    path("feedback-links/<id:pk>/revoke", views.link_revoke, name="link_revoke"),
    path("feedback-links/<id:pk>/expiry", views.link_expiry, name="link_expiry"),
    path(
        "candidates/<id:pk>/scorecards.json",
        views.scorecards_export,
        {"fmt": "json"},
        name="scorecards_json",
    ),
    path(
        "candidates/<id:pk>/scorecards.csv",
        views.scorecards_export,
        {"fmt": "csv"},
        name="scorecards_csv",
    ),
    # Public: the token is the capability (tests/config/test_login_required.py lists these names).
    path("feedback/<str:token>/", feedback_views.feedback, name="feedback"),
    path("feedback/<str:token>/pdf", feedback_views.feedback_pdf, name="feedback_pdf"),
]
