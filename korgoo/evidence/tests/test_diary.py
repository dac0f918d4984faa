"""The work diary: sealed at rest, witnessed by the server, chained by hash, never duplicated by a
retry, and any change made in the database afterwards is detected; the worker's view of it names no
employer, workplace or supervisor (SECURITY.md 12, 25, 27)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from PIL import Image

from korgoo.cases.files import clean_upload
from korgoo.conftest import TwoOrgs
from korgoo.core.errors import ApplicationError, NotFound, PermissionDenied
from korgoo.evidence import selectors
from korgoo.evidence.models import Diary, DiaryEntry, DiaryPhoto
from korgoo.evidence.services import diary

from .conftest import add_entries, draft, jpeg_with_gps, png_bytes

pytestmark = pytest.mark.django_db


def test_an_entry_is_witnessed_sealed_and_chained(two_orgs: TwoOrgs) -> None:
    case = two_orgs.a.case
    before = timezone.now()
    first, second = add_entries(case, 2)
    assert first.seq == 1 and second.seq == 2
    assert first.prev_hash == "0" * 64 and second.prev_hash == first.hash
    assert before <= first.received_at <= timezone.now()
    assert b"CANARY" not in bytes(first.sealed_content)
    content = diary.open_content(case, first)
    assert content["employer"] == "ООО CANARY-EMPLOYER"
    assert content["hours"] == "11.00"  # 08:00-20:00 less a 60-minute break
    assert content["pay_agreed"] == "3000.00" and len(content["salt"]) == 32
    head = Diary.objects.get(case=case)
    assert (head.seq, head.head_hash) == (2, second.hash)
    check, hashes = diary.diary_verify(case)
    assert check.ok and check.entries == 2 and check.head == second.hash and check.anchors == 2
    assert hashes == {1: first.hash, 2: second.hash}


def test_hours_of_a_night_shift_cross_midnight() -> None:
    assert diary.hours_worked(dt.time(20, 0), dt.time(6, 30), 30) == Decimal("10.00")
    assert diary.hours_worked(None, None, 0) is None


def test_the_same_form_sent_again_makes_one_entry(two_orgs: TwoOrgs) -> None:
    case = two_orgs.a.case
    key = diary.entry_key_issue()
    first = diary.diary_entry_add_by_worker(case=case, draft=draft(), entry_key=key)
    again = diary.diary_entry_add_by_worker(case=case, draft=draft(), entry_key=key)
    assert not first.replayed and again.replayed and again.entry.pk == first.entry.pk
    assert DiaryEntry.objects.filter(case=case).count() == 1
    with pytest.raises(ApplicationError) as error:
        diary.diary_entry_add_by_worker(case=case, draft=draft(place="elsewhere"), entry_key=key)
    assert error.value.code == "entry_key_reused"
    with pytest.raises(ApplicationError) as expired:
        diary.diary_entry_add_by_worker(case=case, draft=draft(), entry_key="forged:key")
    assert expired.value.code == "form_expired"
    assert DiaryEntry.objects.filter(case=case).count() == 1


def test_a_wrong_entry_is_refused_field_by_field(two_orgs: TwoOrgs) -> None:
    case = two_orgs.a.case
    with pytest.raises(ApplicationError) as error:
        diary.diary_entry_add_by_worker(
            case=case,
            draft=draft(
                day_offset=-2,
                start=dt.time(8),
                end=None,
                pay_agreed=Decimal("-5"),
                place="x" * 201,
                corrects=3,
            ),
            entry_key=diary.entry_key_issue(),
        )
    assert set(error.value.fields) == {"work_date", "end", "pay_agreed", "place", "corrects"}
    assert not DiaryEntry.objects.exists() and not Diary.objects.filter(case=case, seq__gt=0).exists()


def test_photos_lose_their_metadata_and_originals_are_kept_only_on_request(two_orgs: TwoOrgs) -> None:
    case = two_orgs.a.case
    original = jpeg_with_gps()
    assert b"CANARY-CAMERA" in original
    kept = diary.diary_entry_add_by_worker(
        case=case,
        draft=draft(),
        entry_key=diary.entry_key_issue(),
        photos=[clean_upload("site.jpg", original)],
        keep_originals=True,
    ).entry
    plain = diary.diary_entry_add_by_worker(
        case=case,
        draft=draft(day_offset=2),
        entry_key=diary.entry_key_issue(),
        photos=[clean_upload("p.png", png_bytes())],
    ).entry
    photo = DiaryPhoto.objects.get(entry=kept)
    assert photo.original_storage_name and not DiaryPhoto.objects.get(entry=plain).original_storage_name
    a = two_orgs.a
    view_actor = a.actor("admin")  # holds file.view_original
    _photo, cleaned, name = selectors.diary_photo_get_for(
        actor=view_actor, case_id=case.pk, photo_id=photo.pk
    )
    assert name == "site.jpg" and b"CANARY-CAMERA" not in cleaned
    assert not Image.open(io.BytesIO(cleaned)).getexif()
    _photo, back, _name = selectors.diary_photo_get_for(
        actor=view_actor, case_id=case.pk, photo_id=photo.pk, original=True
    )
    assert back == original
    with pytest.raises(NotFound):  # a caseworker has no grant for originals
        selectors.diary_photo_get_for(actor=a.actor(), case_id=case.pk, photo_id=photo.pk, original=True)
    with pytest.raises(NotFound):  # another organisation sees nothing
        selectors.diary_photo_get_for(actor=two_orgs.b.actor(), case_id=case.pk, photo_id=photo.pk)
    with pytest.raises(NotFound):  # a viewer sees that the diary exists, not its photos
        selectors.diary_photo_get_for(actor=a.actor("viewer"), case_id=case.pk, photo_id=photo.pk)
    assert diary.diary_verify(case)[0].ok


def test_staff_add_entries_for_their_own_cases_only(two_orgs: TwoOrgs) -> None:
    a, b = two_orgs.a, two_orgs.b
    added = diary.diary_entry_add_by_staff(actor=a.actor(), case=a.case, draft=draft(), idempotency_key="k1")
    assert added.entry.author == "organisation" and added.entry.organisation_id == a.org.pk
    again = diary.diary_entry_add_by_staff(actor=a.actor(), case=a.case, draft=draft(), idempotency_key="k1")
    assert again.replayed
    with pytest.raises(NotFound):
        diary.diary_entry_add_by_staff(actor=a.actor(), case=b.case, draft=draft())
    with pytest.raises(PermissionDenied):
        diary.diary_entry_add_by_staff(actor=a.actor("viewer"), case=a.case, draft=draft())
    assert diary.diary_verify(a.case)[0].ok


@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        ("received_at", "content_changed"),
        ("swap_content", "content_unreadable"),
        ("delete_middle", "missing_entry"),
        ("rewrite_tail", "audit_mismatch"),
        ("photo", "photo_changed"),
    ],
)
def test_a_change_in_the_database_afterwards_is_detected(
    two_orgs: TwoOrgs, tamper: str, problem: str
) -> None:
    case = two_orgs.a.case
    entries = add_entries(case, 3)
    diary.diary_entry_add_by_worker(
        case=case,
        draft=draft(day_offset=4),
        entry_key=diary.entry_key_issue(),
        photos=[clean_upload("p.png", png_bytes())],
    )
    assert diary.diary_verify(case)[0].ok
    if tamper == "received_at":
        # Back-dating an entry so that it looks written on the day it describes.
        DiaryEntry.objects.filter(pk=entries[1].pk).update(
            received_at=entries[1].received_at - dt.timedelta(days=5)
        )
    elif tamper == "swap_content":
        DiaryEntry.objects.filter(pk=entries[1].pk).update(sealed_content=bytes(entries[0].sealed_content))
    elif tamper == "delete_middle":
        DiaryEntry.objects.filter(pk=entries[1].pk).delete()
    elif tamper == "rewrite_tail":
        # Someone with the keys drops the last entry and rewinds the head: the chain itself is then
        # consistent, but the audit log remembers the head at position 4.
        DiaryEntry.objects.filter(case=case, seq=4).delete()
        Diary.objects.filter(case=case).update(seq=3, head_hash=entries[2].hash)
    else:
        from korgoo.cases import vault
        from korgoo.core.storage import sealed_storage

        photo = DiaryPhoto.objects.get(case=case)
        other = clean_upload("q.png", png_bytes((0, 0, 0))).content
        storage = sealed_storage()
        storage.delete(photo.storage_name)
        storage.save(photo.storage_name, io.BytesIO(vault.seal_bytes(case, "diary_photo", photo.pk, other)))
    check, _hashes = diary.diary_verify(case)
    assert not check.ok and check.problem == problem
    with pytest.raises(CommandError):
        call_command("verify_diary", "--case", str(case.pk), stdout=io.StringIO())


def test_verify_diary_command_reports_every_chain(two_orgs: TwoOrgs) -> None:
    add_entries(two_orgs.a.case, 2)
    add_entries(two_orgs.b.case, 1)
    out = io.StringIO()
    call_command("verify_diary", stdout=out)
    assert "2 diary chain(s) verified" in out.getvalue() and "BROKEN" not in out.getvalue()


def test_an_erased_case_has_no_diary_left_to_read(two_orgs: TwoOrgs) -> None:
    from korgoo.cases.services import cases_withdrawn_erase

    case = two_orgs.a.case
    add_entries(case, 1)
    cases_withdrawn_erase(case_ids=[case.pk])  # the end of the grace period after a withdrawal
    case.refresh_from_db()
    assert case.content_erased
    assert selectors.diary_lines(case) == []
    with pytest.raises(NotFound):
        diary.diary_entry_add_by_worker(case=case, draft=draft(), entry_key=diary.entry_key_issue())
