"""Community engagement pages, under /engagement/; the public page under /engagement/public/."""

from django.urls import URLPattern, path

from parity.engagement import group_views, views

app_name = "engagement"
urlpatterns: list[URLPattern] = [
    path("public/<slug:force>/", views.public, name="public"),
    path("public/<slug:force>/events/<int:pk>/feedback", views.public_feedback, name="public-feedback"),
    path("network/confirm/<str:token>", views.network_confirm, name="network-confirm"),
    path("network/unsubscribe/<str:token>", views.network_unsubscribe, name="network-unsubscribe"),
    path("join/<slug:force>/", views.network_join, name="network-join"),
    path("join/<slug:force>/sent", views.network_sent, name="network-sent"),
    path("", views.home, name="home"),
    path("<slug:force>/", views.force_page, name="force"),
    path("<slug:force>/events/add", views.event_add, name="event-add"),
    path("<slug:force>/events/<int:pk>/", views.event, name="event"),
    path("<slug:force>/events/<int:pk>/edit", views.event_edit, name="event-edit"),
    path("<slug:force>/events/<int:pk>/feedback/add", views.feedback_add, name="feedback-add"),
    path("<slug:force>/feedback/<int:pk>/theme", views.feedback_theme, name="feedback-theme"),
    path("<slug:force>/feedback/<int:pk>/remove", views.feedback_remove, name="feedback-remove"),
    path("<slug:force>/network/", views.network_list, name="network"),
    path("<slug:force>/network/<int:pk>/erase", views.network_erase, name="network-erase"),
    path("<slug:force>/network/updates/", views.network_updates, name="network-updates"),
    path("<slug:force>/network/updates/add", views.network_update_add, name="network-update-add"),
    path("<slug:force>/network/updates/<int:pk>/", views.network_update, name="network-update"),
    path("<slug:force>/themes/add", views.theme_add, name="theme-add"),
    path("<slug:force>/themes/<int:pk>/", views.theme, name="theme"),
    path("<slug:force>/themes/<int:pk>/respond", views.respond, name="respond"),
    path("<slug:force>/responses/<int:pk>/edit", views.response_edit, name="response-edit"),
]

# --- conversations: registration, the facilitator's notes, feedback, the public pages ---------
from parity.engagement import conversation_views  # noqa: E402

urlpatterns += [
    path("public/<slug:force>/take-part", conversation_views.take_part, name="take-part"),
    path(
        "public/<slug:force>/conversations/<int:pk>/",
        conversation_views.public_conversation,
        name="conversation-public",
    ),
    path(
        "public/<slug:force>/conversations/<int:pk>/register", conversation_views.register, name="conversation-register"
    ),
    path(
        "public/<slug:force>/conversations/<int:pk>/registered",
        conversation_views.registered,
        name="conversation-registered",
    ),
    path("conversations/place/<str:token>", conversation_views.place, name="conversation-place"),
    path("conversations/feedback/<str:token>", conversation_views.feedback, name="conversation-feedback"),
    path("facilitate/<str:token>", conversation_views.facilitate, name="facilitate"),
    path("facilitate/<str:token>/points/<int:pk>/remove", conversation_views.remove_point, name="facilitate-remove"),
    path("<slug:force>/events/<int:pk>/conversation", conversation_views.setup, name="conversation-setup"),
    path(
        "<slug:force>/events/<int:pk>/registrations",
        conversation_views.registrations,
        name="conversation-registrations",
    ),
    path(
        "<slug:force>/events/<int:pk>/invite-feedback",
        conversation_views.invite_feedback,
        name="conversation-invite-feedback",
    ),
    path(
        "<slug:force>/events/<int:pk>/facilitator-link",
        conversation_views.new_facilitator_link,
        name="conversation-facilitator-link",
    ),
]

# --- advisory groups (parity.engagement.group_views) -------------------------------------------
urlpatterns += [
    path("join/<slug:force>/groups/", group_views.public_groups, name="public-groups"),
    path("join/<slug:force>/groups/<int:pk>/apply", group_views.apply, name="group-apply"),
    path("join/<slug:force>/groups/<int:pk>/sent", group_views.apply_sent, name="group-apply-sent"),
    path("groups/confirm/<str:token>", group_views.apply_confirm, name="group-apply-confirm"),
    path("groups/chair/", group_views.chair_home, name="group-chair"),
    path("<slug:force>/groups/", group_views.group_list, name="groups"),
    path("<slug:force>/groups/add", group_views.group_add, name="group-add"),
    path("<slug:force>/groups/<int:pk>/", group_views.group, name="group"),
    path("<slug:force>/groups/<int:pk>/meetings/add", group_views.meeting_add, name="group-meeting-add"),
    path("<slug:force>/groups/applications/<int:pk>/", group_views.application, name="group-application"),
    path(
        "<slug:force>/groups/applications/<int:pk>/consent",
        group_views.application_consent,
        name="group-application-consent",
    ),
    path("<slug:force>/groups/members/<int:pk>/", group_views.membership, name="group-membership"),
    path("<slug:force>/groups/members/<int:pk>/declare", group_views.declare, name="group-declare"),
    path("<slug:force>/groups/meetings/<int:pk>/", group_views.meeting, name="group-meeting"),
    path("<slug:force>/groups/meetings/<int:pk>/record", group_views.meeting_record, name="group-meeting-record"),
    path("<slug:force>/groups/meetings/<int:pk>/actions/add", group_views.action_add, name="group-action-add"),
    path("<slug:force>/groups/actions/<int:pk>/done", group_views.action_done, name="group-action-done"),
]

# Theme suggestions and the leaders' review (parity.engagement.theme_views).
from parity.engagement import theme_views  # noqa: E402

urlpatterns += [
    path("<slug:force>/suggestions/", theme_views.suggestions, name="suggestions"),
    path("<slug:force>/suggestions/<int:pk>/accept", theme_views.suggestion_accept, name="suggestion-accept"),
    path("<slug:force>/suggestions/<int:pk>/merge", theme_views.suggestion_merge, name="suggestion-merge"),
    path("<slug:force>/suggestions/<int:pk>/reject", theme_views.suggestion_reject, name="suggestion-reject"),
    path("<slug:force>/reviews/", theme_views.reviews, name="reviews"),
    path("<slug:force>/reviews/<int:pk>/", theme_views.review_session, name="review"),
    path("<slug:force>/reviews/<int:pk>/themes/<int:theme>", theme_views.review_decide, name="review-decide"),
    path("<slug:force>/reviews/<int:pk>/publish", theme_views.review_publish, name="review-publish"),
]

# Checking what the public wrote before staff read it (parity.engagement.moderation_views).
from parity.engagement import moderation_views  # noqa: E402

urlpatterns += [
    path("<slug:force>/checks/", moderation_views.checks, name="checks"),
    path("<slug:force>/checks/<slug:kind>/<int:pk>/", moderation_views.check, name="check"),
]
