"""Password-protected archives, the form in which case exports leave Korgoo (SECURITY.md requirement 22).

An export is a ZIP archive encrypted with AES-256 in the WinZip AE-2 format: 7-Zip, WinRAR and PeaZip
(Windows), `7z` (Linux) and Keka (macOS) open it with the password; Python's `zipfile` and the archive
tools built into Windows and macOS cannot. AE-2 stores no CRC of the plain file, so nothing about the
content can be learnt without the key; an HMAC-SHA1 over the ciphertext catches any change.

The password comes from the operating system's CSPRNG: 20 characters of an alphabet without
look-alikes (no 0/o, 1/l/i), about 99 bits, shown in five groups of four joined by dashes, which are
part of it, so it can be typed exactly as it reads. The format derives its key with PBKDF2 at a fixed,
low number of rounds; that is weak only against a guessable password, which is why a person never
chooses this one. Korgoo shows it once and keeps no copy of it.
"""

from __future__ import annotations

import io
import math
import secrets

PASSWORD_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
PASSWORD_GROUPS = 5
PASSWORD_GROUP_LENGTH = 4
PASSWORD_ENTROPY_BITS = PASSWORD_GROUPS * PASSWORD_GROUP_LENGTH * math.log2(len(PASSWORD_ALPHABET))


def archive_password() -> str:
    """A new one-time archive password, e.g. `k7m2-q9xr-t4ab-3cde-f5gh`."""
    return "-".join(
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_GROUP_LENGTH))
        for _ in range(PASSWORD_GROUPS)
    )


def encrypted_zip(*, name: str, data: bytes, password: str) -> bytes:
    """A ZIP archive holding one file, `name`, compressed and encrypted with AES-256 (AE-2).

    The file's name and size are visible in the archive's directory, as in every ZIP: names carry
    nothing but the kind of export and the date."""
    import pyzipper  # noqa: PLC0415 - a heavy library, loaded only when this runs
    from pyzipper.zipfile_aes import WZ_AES_V2  # noqa: PLC0415 - a heavy library, loaded only when this runs

    if not password:
        raise ValueError("an encrypted archive needs a password")
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer,
        "w",
        compression=pyzipper.ZIP_DEFLATED,
        encryption=pyzipper.WZ_AES,
        encryption_kwargs={"nbits": 256, "force_wz_aes_version": WZ_AES_V2},
    ) as archive:
        archive.setpassword(password.encode("utf-8"))
        archive.writestr(name, data)
    return buffer.getvalue()
