from .request_context import acting_as, client_ip


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        with acting_as(user, client_ip(request)):
            return self.get_response(request)


class SecurityHeadersMiddleware:
    """The secure headers Django's own middleware does not set (OWASP Secure Headers Project).

    Django sets X-Content-Type-Options, Referrer-Policy, Cross-Origin-Opener-Policy and HSTS
    (SecurityMiddleware), Content-Security-Policy (ContentSecurityPolicyMiddleware) and X-Frame-Options
    (XFrameOptionsMiddleware). This adds Cross-Origin-Resource-Policy and Permissions-Policy to every answer,
    and keeps what a signed-in person sees (pages and API answers that may carry personal data) out of
    browser and proxy caches: Cache-Control no-store unless the view chose its own caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.SECURE_PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META
        if signed_in and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response
