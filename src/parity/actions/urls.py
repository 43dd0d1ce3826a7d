"""Action plan pages, under /actions/. The public pages come first, under /actions/public/."""

from django.urls import URLPattern, path

from parity.actions.views import action, cycle, plan, public

app_name = "actions"
urlpatterns: list[URLPattern] = [
    path("public/", public.index, name="public"),
    path("public/<slug:force>/", public.plan, name="public-plan"),
    path("public/<slug:force>/actions/<int:pk>/", public.action, name="public-action"),
    path(
        "public/<slug:force>/actions/<int:pk>/evidence/<int:evidence_pk>",
        public.evidence_file,
        name="public-evidence",
    ),
    path("public/<slug:force>/reports/<int:pk>/", public.report, name="public-report"),
    path("public/<slug:force>/reports/<int:pk>.pdf", public.report_pdf, name="public-report-pdf"),
    path("", plan.home, name="home"),
    path("<slug:force>/", plan.plan, name="plan"),
    path("<slug:force>/sources/add", plan.add_source, name="source-add"),
    path(
        "<slug:force>/sources/<int:source_pk>/recommendations/add", plan.add_recommendation, name="recommendation-add"
    ),
    path("<slug:force>/recommendations/<int:pk>/", plan.recommendation, name="recommendation"),
    path("<slug:force>/recommendations/<int:pk>/actions/add", plan.add_action, name="action-add"),
    path("<slug:force>/import", plan.import_register, name="import"),
    path("<slug:force>/export.csv", plan.export_register, name="export"),
    path("<slug:force>/actions/<int:pk>/", action.detail, name="action"),
    path("<slug:force>/actions/<int:pk>/edit", plan.edit_action, name="action-edit"),
    path("<slug:force>/actions/<int:pk>/update", action.update, name="update"),
    path("<slug:force>/actions/<int:pk>/evidence/link", action.add_link, name="evidence-link"),
    path("<slug:force>/actions/<int:pk>/evidence/file", action.add_file, name="evidence-file-add"),
    path("<slug:force>/actions/<int:pk>/evidence/<int:evidence_pk>", action.evidence_file, name="evidence-file"),
    path("<slug:force>/actions/<int:pk>/milestones/add", action.add_milestone, name="milestone-add"),
    path(
        "<slug:force>/actions/<int:pk>/milestones/<int:milestone_pk>/done", action.milestone_done, name="milestone-done"
    ),
    path("<slug:force>/actions/<int:pk>/measures/add", action.add_measure, name="measure-add"),
    path("<slug:force>/actions/<int:pk>/sign-off", action.sign_off, name="sign-off"),
    path("<slug:force>/actions/<int:pk>/decide", action.decide, name="decide"),
    path("<slug:force>/actions/<int:pk>/history", action.history, name="history"),
    path("<slug:force>/snapshots/", cycle.snapshot_list, name="snapshots"),
    path("<slug:force>/snapshots/take", cycle.take_snapshot, name="snapshot-take"),
    path("<slug:force>/snapshots/<str:month>/", cycle.snapshot, name="snapshot"),
    path("<slug:force>/reports/", cycle.report_list, name="reports"),
    path("<slug:force>/reports/make", cycle.make_report, name="report-make"),
    path("<slug:force>/reports/<int:pk>/", cycle.report, name="report"),
    path("<slug:force>/reports/<int:pk>.pdf", cycle.report_pdf, name="report-pdf"),
    path("<slug:force>/reports/<int:pk>/publish", cycle.publish_report, name="report-publish"),
]
