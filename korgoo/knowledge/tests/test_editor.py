"""Editors write and publish: drafts stay unseen until published, the search index follows, and
every other role of both organisations is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from korgoo.audit.models import AuditEvent
from korgoo.conftest import TwoOrgs, make_member
from korgoo.core.actor import Actor
from korgoo.core.errors import PermissionDenied
from korgoo.knowledge import services
from korgoo.knowledge.models import Article, ArticleTranslation
from korgoo.organisations.models import Membership, Role
from korgoo.organisations.permissions import Perm
from korgoo.search.selectors import search
from korgoo.search.services import search_index_rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(two_orgs: TwoOrgs) -> Membership:
    return make_member(two_orgs.a.org, "a.editor", Role.EDITOR)


def test_only_editors_reach_the_editor(
    two_orgs: TwoOrgs, client_for: Any, editor: Membership, articles_loaded: Any
) -> None:
    for path in ("/ru/staff/articles/", "/ru/staff/articles/new/", "/ru/staff/articles/police-check/"):
        assert client_for(editor).get(path).status_code == 200, path
        for member in (two_orgs.a.admin, two_orgs.a.caseworker, two_orgs.b.viewer, two_orgs.coordinator):
            assert client_for(member).get(path).status_code == 403, (path, member)
        anonymous = Client().get(path)
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    overview = client_for(editor).get("/ru/staff/articles/").content.decode()
    assert overview.count('data-state="published"') == 102
    assert client_for(editor).get("/ru/staff/articles/no-such-article/").status_code == 404


def test_a_draft_is_unseen_until_published_and_the_search_follows(
    client_for: Any, editor: Membership, articles_loaded: Any
) -> None:
    search_index_rebuild()
    client = client_for(editor)
    url = "/ru/staff/articles/police-check/?lang=ky"
    text = {
        "language": "ky",
        "title": "Полиция текшерсе: жаңы аталыш",
        "summary": "Кыска маани.",
        "body": "## Эмне кылуу керек\n\n- Тынч туруңуз.\n- Паспортуңузду көрсөтүңүз. Жолборстой тынч.",
        "action": "draft",
    }
    assert client.post(url, text).status_code == 303
    translation = ArticleTranslation.objects.get(article__slug="police-check", language="ky")
    assert translation.has_draft and translation.title != text["title"]
    assert "жаңы аталыш" not in Client().get("/ky/rights/police-check/").content.decode()
    assert not [h for h in search(query="жолборстой", language="ky").hits if h.key == "police-check"]
    assert client.post(url, {"language": "ky", "action": "publish"}).status_code == 303
    page = Client().get("/ky/rights/police-check/").content.decode()
    assert "<h1>Полиция текшерсе: жаңы аталыш</h1>" in page and "Жолборстой тынч." in page
    assert search(query="жолборстой", language="ky").hits[0].key == "police-check"
    assert AuditEvent.objects.filter(action="knowledge.published").count() == 1
    # Taking Kyrgyz away gives readers the Russian text, with the note.
    assert client.post(url, {"language": "ky", "action": "unpublish"}).status_code == 303
    assert 'data-testid="fallback-note"' in Client().get("/ky/rights/police-check/").content.decode()


def test_a_text_outside_the_subset_is_refused_with_its_line(
    client_for: Any, editor: Membership, articles_loaded: Any
) -> None:
    response = client_for(editor).post(
        "/en/staff/articles/police-check/?lang=en",  # the message is asserted in English
        {
            "language": "en",
            "title": "T",
            "summary": "S",
            "body": "Fine\n<script>alert(1)</script>",
            "action": "draft",
        },
    )
    assert response.status_code == 400
    assert "Line 2" in response.content.decode()
    assert not ArticleTranslation.objects.get(article__slug="police-check", language="en").has_draft


def test_markup_typed_by_an_editor_is_escaped_for_readers(
    client_for: Any, editor: Membership, articles_loaded: Any
) -> None:
    client = client_for(editor)
    body = "Text with <img src=x onerror=alert(1)> inside"
    # The strict check refuses tags; a tag in the middle of a sentence is only shown as text.
    response = client.post(
        "/en/staff/articles/police-check/?lang=en",  # the message is asserted in English
        {
            "language": "en",
            "title": "<b>T</b>",
            "summary": "<i>S</i>",
            "body": body,
            "action": "draft_publish",
        },
    )
    assert response.status_code == 400  # refused by the check …
    services.translation_save_draft(  # … and even if saved, it is escaped when shown
        actor=Actor(
            user=editor.user,
            membership=editor,
            organisation=editor.organisation,
            role=Role.EDITOR,
            perms=frozenset({Perm.CONTENT_EDIT}),
        ),
        article=Article.objects.get(slug="police-check"),
        language="en",
        title="<b>T</b>",
        summary="<i>S</i>",
        body="Plain text.",
    )
    ArticleTranslation.objects.filter(article__slug="police-check", language="en").update(
        body=body, title="<b>T</b>"
    )
    page = Client().get("/en/rights/police-check/").content.decode()
    assert (
        "<img src=x" not in page
        and "&lt;img src=x onerror=alert(1)&gt;" in page
        and "&lt;b&gt;T&lt;/b&gt;" in page
    )


def test_an_editor_without_the_publish_permission_may_only_save_drafts(
    editor: Membership, articles_loaded: Any
) -> None:
    writer = Actor(
        user=editor.user,
        membership=editor,
        organisation=editor.organisation,
        role="writer",
        perms=frozenset({Perm.CONTENT_EDIT}),
    )
    article = Article.objects.get(slug="police-check")
    services.translation_save_draft(
        actor=writer, article=article, language="en", title="T", summary="S", body="B"
    )
    with pytest.raises(PermissionDenied):
        services.translation_publish(actor=writer, article=article, language="en")
    nobody = Actor(
        user=editor.user,
        membership=editor,
        organisation=editor.organisation,
        role="viewer",
        perms=frozenset(),
    )
    with pytest.raises(PermissionDenied):
        services.translation_save_draft(
            actor=nobody, article=article, language="en", title="T", summary="S", body="B"
        )


def test_editors_create_an_article_and_write_it_language_by_language(
    client_for: Any, editor: Membership, articles_loaded: Any
) -> None:
    client = client_for(editor)
    meta = {
        "slug": "housing-russia",
        "country": "RU",
        "topic": "help",
        "order": "300",
        "checked_on": "2026-01-01",
        "sources": "+ | Housing code of the Russian Federation | https://example.org/housing\n? | A news report",
    }
    response = client.post("/ru/staff/articles/new/", meta)
    assert response.status_code == 303 and response["Location"].endswith("/staff/articles/housing-russia/")
    article = Article.objects.get(slug="housing-russia")
    assert list(article.sources.values_list("confirmed", flat=True)) == [True, False]
    assert Client().get("/ky/rights/housing-russia/").status_code == 404  # nothing published yet
    client.post(
        "/ru/staff/articles/housing-russia/?lang=ru",
        {
            "language": "ru",
            "title": "Жильё",
            "summary": "Коротко.",
            "body": "## Что делать\n\n1. Шаг.",
            "action": "draft_publish",
        },
    )
    page = Client().get("/ky/rights/housing-russia/")
    assert page.status_code == 200 and 'data-testid="fallback-note"' in page.content.decode()
    overview = client.get("/ru/staff/articles/").content.decode()
    row = overview.split("housing-russia", 1)[1].split("</tr>", 1)[0]
    assert (
        'data-state="missing" data-language="ky"' in row
        and 'data-state="published" data-language="ru"' in row
    )
    assert client.post("/ru/staff/articles/new/", meta).status_code == 400  # the address is taken
