from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from zhichuang.accounts.admin_site import restrict_admin_to_sysadmin
from zhichuang.api.api import api, api_not_found
from zhichuang.core.modules import modules

restrict_admin_to_sysadmin(admin.site)

urlpatterns = [
    *(path(prefix, include(urlconf)) for m in modules() for prefix, urlconf in m.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", api_not_found, name="api_not_found"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
