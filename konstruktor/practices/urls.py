from django.urls import URLPattern, URLResolver

app_name = "practices"

# Staff and NGO pages (views.py) and the public federal catalog (views_catalog.py).
urlpatterns: list[URLPattern | URLResolver] = []
