from django.urls import URLPattern, URLResolver

app_name = "replication"

urlpatterns: list[URLPattern | URLResolver] = []
