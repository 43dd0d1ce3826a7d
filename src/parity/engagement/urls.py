"""Community engagement pages, under /engagement/; the public page under /engagement/public/."""

from django.urls import URLPattern, path

from parity.engagement import views

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
