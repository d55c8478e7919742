from interviews.api.api import urlpatterns as api_urlpatterns

urlpatterns = api_urlpatterns()
