"""Writes to the knowledge base: importing the content files, and the editors' work.

Editors (CONTENT_EDIT) create articles and save drafts; only those allowed to publish
(CONTENT_PUBLISH) make a draft what readers see. Every change is audited and tells the search index
what changed, inside its transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from korgoo.audit.services import audit_record
from korgoo.core.actor import Actor
from korgoo.core.errors import ApplicationError
from korgoo.core.indexing import ContentKind, content_changed
from korgoo.organisations.permissions import Perm, ensure_permission

from . import markdown
from .choices import ArticleCountry, Origin, Topic, TranslationStatus
from .loaders import LANGUAGES, ArticleEntry
from .models import Article, ArticleSource, ArticleTranslation


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # "slug/lang": an editor's change, left alone

    def lines(self) -> list[str]:
        out = [
            f"articles: {len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        ]
        out += [f"  created: {slug}" for slug in self.created]
        out += [f"  updated: {slug}" for slug in self.updated]
        out += [
            f"  kept the editor's version of {item} (the file changed too; use --force to take the file)"
            for item in self.kept
        ]
        return out


@transaction.atomic
def articles_import(*, entries: Iterable[ArticleEntry], force: bool = False) -> ImportReport:
    """Load articles read from the content files, publishing every language.

    Idempotent: the same files change nothing. An article is matched by its slug; a part of it is
    taken from the files only when its file changed since the last import. When an editor has
    changed a translation since then (a draft or a publication in the editor), a changed file does
    not overwrite it unless `force`, and the report says so.
    """
    report = ImportReport()
    changed_slugs: list[str] = []
    now = timezone.now()
    for entry in entries:
        article = Article.objects.filter(slug=entry.slug).prefetch_related("sources", "translations").first()
        created = article is None
        meta = {
            "country": entry.country,
            "topic": entry.topic,
            "order": entry.order,
            "checked_on": entry.checked_on,
            "tools": entry.tools,
        }
        changed = False
        if article is None:
            article = Article.objects.create(
                slug=entry.slug, origin=Origin.FILE, imported_hash=entry.digest, **meta
            )
            _set_sources(article, [(s.title, s.url, s.confirmed) for s in entry.sources])
            changed = True
        elif article.imported_hash != entry.digest or force:
            for k, v in meta.items():
                setattr(article, k, v)
            article.imported_hash = entry.digest
            article.save(update_fields=[*meta, "imported_hash", "updated_at"])
            _set_sources(article, [(s.title, s.url, s.confirmed) for s in entry.sources])
            changed = True
        existing = {t.language: t for t in article.translations.all()}
        for language, text in entry.texts.items():
            translation = existing.get(language)
            if translation is None:
                ArticleTranslation.objects.create(
                    article=article,
                    language=language,
                    status=TranslationStatus.PUBLISHED,
                    title=text.title,
                    summary=text.summary,
                    body=text.body,
                    published_at=now,
                    imported_hash=text.digest,
                )
                changed = True
                continue
            if translation.imported_hash == text.digest and not force:
                continue  # the file did not change since it was imported
            edited = bool(translation.edited_by) or translation.has_draft
            if edited and not force:
                report.kept.append(f"{entry.slug}/{language}")
                continue
            translation.status = TranslationStatus.PUBLISHED
            translation.title, translation.summary, translation.body = text.title, text.summary, text.body
            translation.draft_title = translation.draft_summary = translation.draft_body = ""
            translation.has_draft = False
            translation.needs_update = False
            translation.published_at = now
            translation.imported_hash = text.digest
            translation.edited_by = ""
            translation.save()
            changed = True
        if created:
            report.created.append(entry.slug)
        elif changed:
            report.updated.append(entry.slug)
        else:
            report.unchanged.append(entry.slug)
        if changed:
            changed_slugs.append(entry.slug)
    content_changed(kind=ContentKind.ARTICLE, keys=changed_slugs)
    if changed_slugs:
        audit_record(
            actor=None,
            action="knowledge.imported",
            details={"created": report.created, "updated": report.updated},
        )
    return report


# --- Editors ------------------------------------------------------------------------------------


def _who(actor: Actor) -> str:
    user = actor.user
    name = getattr(user, "get_full_name", lambda: "")() or getattr(user, "username", "")
    org = getattr(actor.organisation, "name", "")
    return f"{name} · {org}"[:200]


@dataclass
class ArticleMeta:
    country: str
    topic: str
    order: int
    checked_on: dt.date
    sources: list[tuple[str, str, bool]] = field(default_factory=list)  # (title, url, confirmed)


def _check_meta(meta: ArticleMeta) -> None:
    errors: dict[str, list[str]] = {}
    if meta.country not in ArticleCountry.values:
        errors["country"] = [str(_("Choose a country."))]
    if meta.topic not in Topic.values:
        errors["topic"] = [str(_("Choose a topic."))]
    if meta.checked_on > timezone.localdate():
        errors["checked_on"] = [str(_("The date cannot be in the future."))]
    if errors:
        raise ApplicationError("invalid", _("Please correct the marked fields."), errors)


def _set_sources(article: Article, sources: list[tuple[str, str, bool]]) -> None:
    article.sources.all().delete()
    ArticleSource.objects.bulk_create(
        [
            ArticleSource(article=article, position=n, title=t[:500], url=u[:500], confirmed=c)
            for n, (t, u, c) in enumerate(sources, start=1)
            if t.strip()
        ]
    )


@transaction.atomic
def article_create(*, actor: Actor, slug: str, meta: ArticleMeta) -> Article:
    """A new, empty article; its texts are written as drafts afterwards."""
    ensure_permission(actor, Perm.CONTENT_EDIT)
    slug = slug.strip().lower()
    if not slug or slugify(slug) != slug or slug == "new":
        raise ApplicationError(
            "invalid_slug",
            _("The address may contain only Latin lower-case letters, digits and hyphens."),
            {"slug": [str(_("The address may contain only Latin lower-case letters, digits and hyphens."))]},
        )
    if Article.objects.filter(slug=slug).exists():
        raise ApplicationError(
            "slug_taken",
            _("An article with this address exists."),
            {"slug": [str(_("An article with this address exists."))]},
        )
    _check_meta(meta)
    article = Article.objects.create(
        slug=slug, country=meta.country, topic=meta.topic, order=meta.order, checked_on=meta.checked_on
    )
    _set_sources(article, meta.sources)
    audit_record(actor=actor, action="knowledge.article_created", object_type="article", object_id=article.pk)
    return article


@transaction.atomic
def article_update(*, actor: Actor, article: Article, meta: ArticleMeta) -> Article:
    """Change an article's country, topic, order, checked-on date and sources (seen at once)."""
    ensure_permission(actor, Perm.CONTENT_EDIT)
    _check_meta(meta)
    article.country, article.topic, article.order, article.checked_on = (
        meta.country,
        meta.topic,
        meta.order,
        meta.checked_on,
    )
    article.save(update_fields=["country", "topic", "order", "checked_on", "updated_at"])
    _set_sources(article, meta.sources)
    audit_record(actor=actor, action="knowledge.article_changed", object_type="article", object_id=article.pk)
    content_changed(kind=ContentKind.ARTICLE, keys=[article.slug])
    return article


def _check_text(language: str, title: str, summary: str, body: str) -> None:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [str(_("Required."))]
    if not summary.strip():
        errors["summary"] = [str(_("Required."))]
    found = markdown.problems(body, language)
    if found:
        errors["body"] = [
            str(_("Line %(line)d: %(problem)s") % {"line": line, "problem": problem})
            for line, problem in found
        ]
    if errors:
        raise ApplicationError("invalid", _("Please correct the marked fields."), errors)


@transaction.atomic
def translation_save_draft(
    *,
    actor: Actor,
    article: Article,
    language: str,
    title: str,
    summary: str,
    body: str,
    others_need_update: bool = False,
) -> ArticleTranslation:
    """Save an editor's draft of one language. Readers keep seeing the published text until the
    draft is published. `others_need_update` marks the other languages as needing to follow."""
    ensure_permission(actor, Perm.CONTENT_EDIT)
    if language not in LANGUAGES:
        raise ApplicationError("invalid_language", _("Unknown language."))
    _check_text(language, title, summary, body)
    translation, _created = ArticleTranslation.objects.select_for_update().get_or_create(
        article=article, language=language
    )
    translation.draft_title, translation.draft_summary, translation.draft_body = (
        title.strip(),
        summary.strip(),
        body.strip(),
    )
    translation.has_draft = (translation.title, translation.summary, translation.body) != (
        translation.draft_title,
        translation.draft_summary,
        translation.draft_body,
    ) or not translation.is_published
    translation.needs_update = False
    translation.edited_by = _who(actor)
    translation.save()
    if others_need_update:
        ArticleTranslation.objects.filter(article=article).exclude(language=language).update(
            needs_update=True
        )
    audit_record(
        actor=actor,
        action="knowledge.draft_saved",
        object_type="article",
        object_id=article.pk,
        details={"language": language},
    )
    return translation


@transaction.atomic
def translation_publish(*, actor: Actor, article: Article, language: str) -> ArticleTranslation:
    """Make the draft of one language what readers see (CONTENT_PUBLISH)."""
    ensure_permission(actor, Perm.CONTENT_PUBLISH)
    translation = (
        ArticleTranslation.objects.select_for_update().filter(article=article, language=language).first()
    )
    if translation is None or not translation.has_draft:
        raise ApplicationError("nothing_to_publish", _("There is no draft to publish in this language."))
    _check_text(language, translation.draft_title, translation.draft_summary, translation.draft_body)
    translation.title, translation.summary, translation.body = (
        translation.draft_title,
        translation.draft_summary,
        translation.draft_body,
    )
    translation.draft_title = translation.draft_summary = translation.draft_body = ""
    translation.has_draft = False
    translation.status = TranslationStatus.PUBLISHED
    translation.published_at = timezone.now()
    translation.edited_by = _who(actor)
    translation.save()
    audit_record(
        actor=actor,
        action="knowledge.published",
        object_type="article",
        object_id=article.pk,
        details={"language": language},
    )
    content_changed(kind=ContentKind.ARTICLE, keys=[article.slug])
    return translation


@transaction.atomic
def translation_unpublish(*, actor: Actor, article: Article, language: str) -> ArticleTranslation:
    """Take one language away from readers (they get the fallback); its text stays as a draft."""
    ensure_permission(actor, Perm.CONTENT_PUBLISH)
    translation = (
        ArticleTranslation.objects.select_for_update().filter(article=article, language=language).first()
    )
    if translation is None or not translation.is_published:
        raise ApplicationError("not_published", _("This language is not published."))
    if not translation.has_draft:
        translation.draft_title, translation.draft_summary, translation.draft_body = (
            translation.title,
            translation.summary,
            translation.body,
        )
    translation.has_draft = True
    translation.status = TranslationStatus.DRAFT
    translation.edited_by = _who(actor)
    translation.save()
    audit_record(
        actor=actor,
        action="knowledge.unpublished",
        object_type="article",
        object_id=article.pk,
        details={"language": language},
    )
    content_changed(kind=ContentKind.ARTICLE, keys=[article.slug])
    return translation
