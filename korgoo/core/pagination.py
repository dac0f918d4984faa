"""Pagination without COUNT(*): an inbox of a hundred thousand cases pages in constant time.

A page fetches one row more than it shows, which is enough to know whether a next page exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response

from .api_input import QueryInput

MAX_PAGE = 10_000


class PageQuery(QueryInput):
    """The query string of a paginated list: `page`, and whatever filters the list adds."""

    page = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE, help_text="Page number, from 1; 50 items a page."
    )


class Page:
    def __init__(self, queryset: QuerySet[Any], number: Any, size: int) -> None:
        try:
            self.number = max(1, min(int(number), MAX_PAGE))
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * size
        rows = list(queryset[start : start + size + 1])
        self.has_next = len(rows) > size
        self.object_list = rows[:size]
        self.has_previous = self.number > 1

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


class NoCountPagination(BasePagination):
    """DRF pagination answering `{"next", "previous", "results"}` with no total count."""

    page_size = 50

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        self.request = request
        self.page = Page(queryset, request.query_params.get("page", 1), self.page_size)
        return self.page.object_list

    def _link(self, number: int) -> str:
        params = self.request.query_params.copy()
        params["page"] = str(number)
        return self.request.build_absolute_uri(self.request.path) + "?" + urlencode(params)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "next": self._link(self.page.next_page_number()) if self.page.has_next else None,
                "previous": self._link(self.page.previous_page_number()) if self.page.has_previous else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page; null on the last.",
                },
                "previous": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The page before; null on the first.",
                },
                "results": schema,
            },
        }
