from django.urls import URLPattern, URLResolver, path

from konstruktor.practices import views, views_catalog, views_import, views_passport

app_name = "practices"

# Staff and NGO pages (views.py) and the public federal catalog (views_catalog.py).
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.practice_list, name="list"),
    path("export.xlsx", views.practice_export, name="export"),
    path("new/", views_passport.practice_new, name="new"),
    path("import/", views_import.practice_import, name="import"),
    path("<int:pk>/", views.practice_detail, name="detail"),
    path("<int:pk>/edit/", views_passport.practice_edit, name="edit"),
    path("<int:pk>/submit/", views.practice_submit, name="submit"),
    path("<int:pk>/return/", views.practice_return, name="return"),
    path("<int:pk>/screen/", views.practice_screen, name="screen"),
    path("<int:pk>/publish/", views.practice_publish, name="publish"),
    path("<int:pk>/withdraw/", views.practice_withdraw, name="withdraw"),
    path("<int:pk>/rerate/", views.practice_rerate, name="rerate"),
    path("<int:pk>/versions/diff/", views.version_diff, name="version_diff"),
    # The public federal catalog (views_catalog.py).
    path("catalog/", views_catalog.catalog, name="catalog"),
    path("catalog/<int:pk>/", views_catalog.public_detail, name="public_detail"),
    path("catalog/open-data/", views_catalog.open_data, name="open_data"),
    path("catalog/open-data/datapackage.json", views_catalog.datapackage_json, name="datapackage"),
    path("catalog/open-data/<str:name>", views_catalog.open_data_file, name="open_data_file"),
]
