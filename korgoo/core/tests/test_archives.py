"""Password-protected archives for exports (SECURITY.md requirement 22): the password is random,
long enough and easy to type; the archive opens with it alone."""

from __future__ import annotations

import io
import math
import zipfile
from collections import Counter

import pytest
import pyzipper
from hypothesis import given
from hypothesis import strategies as st

from korgoo.core.archives import (
    PASSWORD_ALPHABET,
    PASSWORD_ENTROPY_BITS,
    archive_password,
    encrypted_zip,
)


def test_password_has_at_least_80_bits_and_no_look_alikes() -> None:
    assert PASSWORD_ENTROPY_BITS >= 80
    assert len(set(PASSWORD_ALPHABET)) == len(PASSWORD_ALPHABET)
    assert not set(PASSWORD_ALPHABET) & set("0o1liIO")
    password = archive_password()
    groups = password.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4, 4]
    random_symbols = "".join(groups)
    assert set(random_symbols) <= set(PASSWORD_ALPHABET)
    assert len(random_symbols) * math.log2(len(PASSWORD_ALPHABET)) == pytest.approx(PASSWORD_ENTROPY_BITS)


def test_passwords_are_unique_and_use_the_whole_alphabet_evenly() -> None:
    passwords = [archive_password() for _ in range(5000)]
    assert len(set(passwords)) == len(passwords)
    counts = Counter("".join(passwords).replace("-", ""))
    assert set(counts) == set(PASSWORD_ALPHABET)
    expected = 5000 * 20 / len(PASSWORD_ALPHABET)
    chi2 = sum((n - expected) ** 2 / expected for n in counts.values())
    assert chi2 < 80  # 30 degrees of freedom: p < 1e-5 beyond this


@given(data=st.binary(max_size=2000))
def test_archive_opens_with_its_password_only(data: bytes) -> None:
    password = archive_password()
    archive = encrypted_zip(name="korgoo-cases-2030-01-01.csv", data=data, password=password)
    with pyzipper.AESZipFile(io.BytesIO(archive)) as zipped:
        (info,) = zipped.infolist()
        assert info.filename == "korgoo-cases-2030-01-01.csv"
        assert info.wz_aes_strength == 3 and info.wz_aes_version == 2  # AES-256, AE-2 (no CRC)
        assert info.CRC == 0
        with pytest.raises(RuntimeError):
            zipped.read(info)
        zipped.setpassword(archive_password().encode())
        with pytest.raises(RuntimeError):
            zipped.read(info)
        zipped.setpassword(password.encode())
        assert zipped.read(info) == data


def test_plain_zip_readers_cannot_open_it() -> None:
    archive = encrypted_zip(name="a.csv", data=b"Case,City\nCANARY,Bishkek\n" * 50, password="x")
    assert b"CANARY" not in archive and b"Bishkek" not in archive
    with zipfile.ZipFile(io.BytesIO(archive)) as plain:
        with pytest.raises(RuntimeError):
            plain.read("a.csv")  # encrypted: a password is needed
        with pytest.raises(NotImplementedError):
            plain.read("a.csv", pwd=b"x")  # and the old ZIP cipher is not what protects it


def test_an_archive_needs_a_password() -> None:
    with pytest.raises(ValueError):
        encrypted_zip(name="a.csv", data=b"x", password="")
