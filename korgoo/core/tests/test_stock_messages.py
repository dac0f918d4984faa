"""Django's stock form errors read in Korgoo's own words in Kyrgyz and Russian (korgoo/core/stock_messages.py)."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation


def _error(field: forms.Field, value: object) -> str:
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(value)
    return str(raised.value.messages[0])


@pytest.mark.parametrize(
    ("language", "required", "too_long"),
    [
        (
            "ky",
            "Бул суроого жооп бериңиз.",
            "Бул өтө узун: эң көп 5 белги болушу керек, Сиз 6 белги жаздыңыз.",
        ),
        ("ru", "Ответьте на этот вопрос.", "Слишком длинно: не больше 5 знаков, у вас 6."),
    ],
)
def test_stock_messages_are_ours(language: str, required: str, too_long: str) -> None:
    with translation.override(language):
        assert _error(forms.CharField(), "") == required
        assert _error(forms.CharField(max_length=5), "ЖЖЖЖЖЖ") == too_long
        assert "символ" not in _error(forms.CharField(max_length=300), "ж" * 301)
        date = _error(forms.DateField(), "31.02.2026")
        assert date[0].isupper() and date.endswith(".")  # not Django's «туура күн киргиз.»
