from django.http import HttpResponse
from django.urls import path

from zhichuang.accounts.access import permission_required

from .module import VIEW


@permission_required(VIEW)
def page(request):
    return HttpResponse("样例模块页面")


app_name = "sample_module"
urlpatterns = [path("", page, name="page")]
