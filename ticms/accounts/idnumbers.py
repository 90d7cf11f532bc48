"""Resident identity numbers (GB 11643-1999): validated, hashed with a key, shown masked.

The clear number is never stored; the keyed hash lets the system recognise the same person
across applications (第十二条第4项: the same leader or team is not supported twice).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECKS = "10X98765432"
RESIDENT_RE = re.compile(r"^\d{17}[\dX]$")
OTHER_RE = re.compile(r"^[A-Z0-9]{6,20}$")  # passports and other travel documents


def normalize(number: str) -> str:
    return (number or "").strip().upper().replace(" ", "")


def resident_check(first17: str) -> str:
    return CHECKS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def problem(number: str) -> str | None:
    number = normalize(number)
    if len(number) == 18 and number[:17].isdigit():
        if not RESIDENT_RE.match(number):
            return _("身份证号码第18位应为数字或X")
        try:
            dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            return _("身份证号码中的出生日期无效")
        if number[17] != resident_check(number[:17]):
            return _("身份证号码校验位错误，请核对")
        return None
    if OTHER_RE.match(number):
        return None
    return _("证件号码格式不正确：居民身份证为18位，其他证件为6至20位字母或数字")


def id_hash(number: str) -> str:
    key = settings.ID_HASH_KEY.encode()
    return hmac.new(key, normalize(number).encode(), hashlib.sha256).hexdigest()


def mask(number: str) -> str:
    """Show at most about a third: 320***********123X for a resident ID, *******78 for a
    passport; too little to recover the number, enough for a person to recognise theirs."""
    number = normalize(number)
    head, tail = (3, 4) if len(number) >= 15 else (0, 2) if len(number) >= 8 else (0, 0)
    return number[:head] + "*" * (len(number) - head - tail) + number[len(number) - tail :]


@dataclass(frozen=True)
class KnownId:
    """An ID number the system holds only as its digest and masked form (a stored person)."""

    digest: str
    masked: str


def digest_of(number: str | KnownId) -> str:
    return number.digest if isinstance(number, KnownId) else id_hash(number)


def masked_of(number: str | KnownId) -> str:
    return number.masked if isinstance(number, KnownId) else mask(number)


def make_resident(first17: str) -> str:
    return first17 + resident_check(first17)
