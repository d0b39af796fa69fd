from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from zhichuang.api.api import api, api_not_found
from zhichuang.core.admin_site import restrict_admin_to_sysadmin

restrict_admin_to_sysadmin(admin.site)

urlpatterns = [
    path("", include("zhichuang.core.urls")),
    path("accounts/", include("zhichuang.accounts.urls")),
    path("orgs/", include("zhichuang.orgs.urls")),
    path("audit/", include("zhichuang.audit.urls")),
    path("imports/", include("zhichuang.imports.urls")),
    path("proposals/", include("zhichuang.proposals.urls")),
    path("statistics/", include("zhichuang.statistics.urls")),
    path("showcase/", include("zhichuang.proposals.showcase_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", api_not_found, name="api_not_found"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
