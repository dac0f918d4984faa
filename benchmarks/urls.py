"""The project's URLs plus the two reference views the intake is measured against.

`/api/bench/ping` does nothing: the framework's ceiling on this server. `/api/bench/insert` inserts one row
and commits: the database's floor for any accepted report.
"""

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from korgoo.config.urls import urlpatterns as project_urlpatterns


def ping(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"ok": True})


@csrf_exempt
def insert_one(request: HttpRequest) -> HttpResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_row (payload) VALUES (%s)", [request.body[:2000].decode(errors="ignore")]
        )
    return JsonResponse({"ok": True}, status=201)


# Under /api/ so that the language middleware does not redirect them.
urlpatterns = [path("api/bench/ping", ping), path("api/bench/insert", insert_one), *project_urlpatterns]
