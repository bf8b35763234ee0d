"""The web server's accounts: one « login:hash » line each in a plain UTF-8 text file, like
htpasswd, the password hashed with scrypt from the standard library; and the count of failed
logins that locks a login for a while, so that passwords cannot be guessed fast.

No web framework here: the page (web/app.py) and the command line (cli.py) both use it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import hashlib
import hmac
import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CeresDocsError
from .output import cannot_write

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, KEY_BYTES = 16, 64
MIN_PASSWORD = 10
LOGIN = re.compile(r"[A-Za-z0-9._-]{1,64}")
SAVE_AS = "écrivez les comptes avec « ceres-docs compte FICHIER IDENTIFIANT »"


class AccountsError(CeresDocsError):
    "The accounts file cannot be read, is malformed, or cannot be written."


class InvalidAccount(CeresDocsError):
    "A login or a password that the accounts file does not accept."


def check_login(login: str) -> str:
    """The login, if it is letters, digits, « . », « - » or « _ » (1 to 64 of them)."""
    if not LOGIN.fullmatch(login):
        raise InvalidAccount(
            f"« {login} » ne convient pas comme identifiant : lettres sans accent, chiffres, "
            "points, tirets et soulignés seulement, 64 caractères au plus (par exemple cfpae "
            "ou marie.hoarau).")
    return login


def check_password(password: str) -> str:
    """The password, if it is long enough."""
    if len(password) < MIN_PASSWORD:
        raise InvalidAccount(f"Le mot de passe doit faire au moins {MIN_PASSWORD} caractères.")
    return password


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=256 * n * r + 2**20)


def hash_password(password: str) -> str:
    """« scrypt$16384$8$1$<salt>$<key> », salt and key in base64, a new salt each time."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P),
                     base64.b64encode(salt).decode("ascii"),
                     base64.b64encode(key).decode("ascii")])


@dataclass(frozen=True)
class _Hash:
    n: int
    r: int
    p: int
    salt: bytes
    key: bytes


def _parse_hash(text: str) -> _Hash | None:
    """The parts of a stored hash, or None if it is not one this module writes."""
    parts = text.split("$")
    if len(parts) != 6 or parts[0] != "scrypt" or not all(x.isdigit() for x in parts[1:4]):
        return None
    n, r, p = (int(x) for x in parts[1:4])
    if n < 2 or n > 2**20 or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16:
        return None
    try:
        salt, key = (base64.b64decode(x, validate=True) for x in parts[4:])
    except (binascii.Error, ValueError):
        return None
    if len(salt) < 8 or len(key) < 16:
        return None
    return _Hash(n, r, p, salt, key)


def verify_password(password: str, stored: str) -> bool:
    """Whether password is the one stored hashes (compared in constant time)."""
    found = _parse_hash(stored)
    if found is None:
        return False
    key = _scrypt(password, found.salt, found.n, found.r, found.p, len(found.key))
    return hmac.compare_digest(key, found.key)


@functools.cache
def _unknown() -> str:
    """A hash to check an unknown login against: it costs the same time as a known one."""
    return hash_password(secrets.token_urlsafe(18))


@dataclass(frozen=True)
class Accounts:
    """The accounts read from a file: login → stored hash."""

    hashes: dict[str, str]

    def __len__(self) -> int:
        return len(self.hashes)

    def check(self, login: str, password: str) -> bool:
        """Whether login exists and password is its own; as slow for an unknown login."""
        stored = self.hashes.get(login)
        matches = verify_password(password, stored or _unknown())
        return stored is not None and matches


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise AccountsError(f"Le fichier de comptes « {path} » est introuvable.") from None
    except UnicodeDecodeError:
        raise AccountsError(f"Le fichier de comptes « {path} » n'est pas un texte UTF-8 : "
                            f"{SAVE_AS}.") from None
    except OSError as error:
        raise AccountsError(f"Impossible de lire le fichier de comptes « {path} » : "
                            f"{error.strerror or error}.") from None


def _account(line: str) -> tuple[str, str] | None:
    """The login and hash of one line; None for a comment or a blank line."""
    text = line.strip()
    if not text or text.startswith("#"):
        return None
    login, colon, stored = text.partition(":")
    return login, stored if colon else ""


def read_accounts(path: Path) -> Accounts:
    """The accounts of the file; a malformed line is an error naming the file and the line."""
    hashes: dict[str, str] = {}
    for number, line in enumerate(_read_lines(path), start=1):
        account = _account(line)
        if account is None:
            continue
        login, stored = account
        where = f"Fichier de comptes « {path} », ligne {number}"
        if not LOGIN.fullmatch(login) or _parse_hash(stored) is None:
            raise AccountsError(f"{where} : ce n'est pas une ligne « identifiant:empreinte » "
                                f"(ou un commentaire commençant par #) ; {SAVE_AS}.")
        if login in hashes:
            raise AccountsError(f"{where} : le compte « {login} » figure déjà plus haut ; "
                                "gardez une seule ligne par identifiant.")
        hashes[login] = stored
    return Accounts(hashes)


def set_account(path: Path, login: str, password: str) -> bool:
    """Add login with password to the file (created if need be), or replace its line; True
    if it was replaced. The other lines, comments included, are kept as they are."""
    check_login(login)
    check_password(password)
    lines: list[str] = []
    if path.exists():
        read_accounts(path)  # never rewrite a file that is not read right
        lines = _read_lines(path)
    line = f"{login}:{hash_password(password)}"
    found = [i for i, text in enumerate(lines) if (_account(text) or ("",))[0] == login]
    for i in found:
        lines[i] = line
    if not found:
        lines.append(line)
    _write(path, lines)
    return bool(found)


def remove_account(path: Path, login: str) -> None:
    """Remove login's line from the file."""
    read_accounts(path)
    lines = _read_lines(path)
    kept = [text for text in lines if (_account(text) or ("",))[0] != login]
    if len(kept) == len(lines):
        raise AccountsError(f"Aucun compte « {login} » dans « {path} ».")
    _write(path, kept)


def _write(path: Path, lines: list[str]) -> None:
    """The file written whole beside, then moved into place; readable by its owner only, and
    owned as before (an account added by root stays readable by the server's user)."""
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=".ceres-docs-", dir=folder)
    except OSError as error:
        raise AccountsError(str(cannot_write(folder, error))) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write("".join(f"{text}\n" for text in lines))
        if os.name == "posix":
            os.chmod(temporary, 0o600)
            with contextlib.suppress(OSError):
                before = path.stat()
                os.chown(temporary, before.st_uid, before.st_gid)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise AccountsError(f"Impossible d'écrire « {path} » : "
                            f"{error.strerror or error}.") from None


@dataclass
class Attempts:
    """Failed logins, per login: after `limit` of them within `window` seconds, that login
    is refused for `lock` seconds, whatever the password."""

    limit: int = 5
    window: float = 300.0
    lock: float = 300.0
    failures: dict[str, list[float]] = field(default_factory=dict)
    locked_until: dict[str, float] = field(default_factory=dict)

    def locked(self, login: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        return self.locked_until.get(self._key(login), 0.0) > now

    def failed(self, login: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        for key in [k for k, times in self.failures.items() if times[-1] <= now - self.window]:
            del self.failures[key]
        for key in [k for k, until in self.locked_until.items() if until <= now]:
            del self.locked_until[key]
        key = self._key(login)
        times = [t for t in self.failures.get(key, []) if t > now - self.window] + [now]
        self.failures[key] = times
        if len(times) >= self.limit:
            self.locked_until[key] = now + self.lock
            del self.failures[key]

    def succeeded(self, login: str) -> None:
        self.failures.pop(self._key(login), None)

    @staticmethod
    def _key(login: str) -> str:
        return login if LOGIN.fullmatch(login) else "?"
