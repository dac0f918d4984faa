"""Form fields every app's forms share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, cleaned one by one; `max_files` caps how many come at once (the
    number an upload may hold is checked again by the service that stores them)."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, max_files: int | None = None, **kwargs: Any) -> None:
        self.max_files = max_files
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        if not items:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if self.max_files is not None and len(items) > self.max_files:
            raise forms.ValidationError(
                _("Choose at most %(count)s files at once.") % {"count": self.max_files}, code="too_many"
            )
        return [super(MultipleFileField, self).clean(item, initial) for item in items]
