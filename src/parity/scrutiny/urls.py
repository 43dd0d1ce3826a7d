"""Scrutiny pages, under /scrutiny/. Objects are addressed by their own id (a case, a
finding), so asking for another panel's case is refused (403, audited) rather than hidden."""

from django.urls import path

from parity.scrutiny.views import cases, findings, meetings, members, open_items, panels, public, reports, samples

app_name = "scrutiny"
urlpatterns = [
    path("", panels.home, name="home"),
    path("open/", open_items.open_items, name="open"),
    path("panels/add", panels.panel_add, name="panel-add"),
    path("panels/<int:panel_id>/", panels.panel, name="panel"),
    path("panels/<int:panel_id>/settings", panels.panel_settings, name="panel-settings"),
    path("panels/<int:panel_id>/members/", members.members, name="members"),
    path("panels/<int:panel_id>/members/add", members.member_add, name="member-add"),
    path("members/<int:member_id>/", members.member, name="member"),
    path("members/<int:member_id>/end", members.member_end, name="member-end"),
    path("members/<int:member_id>/declarations/add", members.declaration_add, name="declaration-add"),
    path("panels/<int:panel_id>/meetings/add", meetings.meeting_add, name="meeting-add"),
    path("meetings/<int:meeting_id>/", meetings.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/edit", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:meeting_id>/attendance", meetings.attendance, name="attendance"),
    path("meetings/<int:meeting_id>/sample", samples.sample_draw, name="sample-draw"),
    path("samples/<int:sample_id>/", samples.sample, name="sample"),
    path("samples/<int:sample_id>/remove", samples.sample_remove, name="sample-remove"),
    path("cases/<int:case_id>/", cases.case_pack, name="case"),
    path("cases/<int:case_id>/review", cases.review, name="review"),
    path("cases/<int:case_id>/decision", cases.decision, name="decision"),
    path("cases/<int:case_id>/video", cases.video, name="video"),
    path("cases/<int:case_id>/video/request", cases.video_request, name="video-request"),
    path("cases/<int:case_id>/video/answer", cases.video_answer, name="video-answer"),
    path("cases/<int:case_id>/video/viewed", cases.video_viewed, name="video-viewed"),
    path("panels/<int:panel_id>/findings/", findings.findings, name="findings"),
    path("findings/<int:finding_id>/", findings.finding, name="finding"),
    path("findings/<int:finding_id>/answer", findings.finding_answer, name="finding-answer"),
    path("meetings/<int:meeting_id>/report", reports.meeting_report, name="meeting-report"),
    path("meetings/<int:meeting_id>/report.pdf", reports.meeting_report_pdf, name="meeting-report-pdf"),
    path("meetings/<int:meeting_id>/report/publish", reports.meeting_publish, name="meeting-publish"),
    path("panels/<int:panel_id>/quarters/<str:quarter>/report", reports.quarter_report, name="quarter-report"),
    path(
        "panels/<int:panel_id>/quarters/<str:quarter>/report.pdf", reports.quarter_report_pdf, name="quarter-report-pdf"
    ),
    path(
        "panels/<int:panel_id>/quarters/<str:quarter>/report/publish", reports.quarter_publish, name="quarter-publish"
    ),
    path("reports/", public.reports, name="reports"),
    path("reports/<int:report_id>/", public.report, name="report"),
    path("reports/<int:report_id>.pdf", public.report_pdf, name="report-pdf"),
]
