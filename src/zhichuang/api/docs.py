"""Interactive API docs that work on a closed intranet.

ninja falls back to templates that load Swagger UI from a CDN when "ninja" is
not in INSTALLED_APPS. This page never does: it loads the Swagger UI files that
ship inside the ninja package (ninja/static/ninja/), which Django's static files
serve once "ninja" is an installed app.
"""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.templatetags.static import static
from django.utils.html import json_script
from ninja.openapi.docs import Swagger

PAGE = Template(
    """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<link rel="stylesheet" href="{{ css }}">
</head>
<body data-csrf-token="{{ csrf_token }}" data-api-csrf="true">
{{ settings }}
<div id="swagger-ui"></div>
<script src="{{ bundle }}"></script>
<script src="{{ init }}"></script>
</body>
</html>"""
)


class OfflineSwagger(Swagger):
    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "title": api.title,
            "settings": json_script(self.settings, "swagger-settings"),
            "csrf_token": get_token(request),
            "css": static("ninja/swagger-ui.css"),
            "bundle": static("ninja/swagger-ui-bundle.js"),
            "init": static("ninja/swagger-ui-init.js"),
        }
        return HttpResponse(PAGE.render(Context(context)))
