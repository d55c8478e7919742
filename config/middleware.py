"""Project middleware."""

from django.utils.cache import patch_cache_control


class PrivateResponsesMiddleware:
    """Every response to a signed-in user is `Cache-Control: no-store, private`: the console, the
    reports, their PDFs and calibration are for that user alone, and neither a shared cache nor
    the browser's disk should keep a copy. Directives a view already set are kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
