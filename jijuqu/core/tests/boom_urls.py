"""The real URLs plus one view that fails, for the logging tests."""

from django.urls import path

from jijuqu.urls import urlpatterns as real


def boom(request):
    raise RuntimeError("the ledger exploded")


urlpatterns = [path("boom/", boom), *real]
