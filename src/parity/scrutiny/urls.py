from django.urls import URLPattern

app_name = "scrutiny"
urlpatterns: list[URLPattern] = []
