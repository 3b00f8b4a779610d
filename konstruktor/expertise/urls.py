from django.urls import URLPattern, URLResolver

app_name = "expertise"

urlpatterns: list[URLPattern | URLResolver] = []
