"""Validate, normalise, mask and generate Chinese identifiers.

Pure functions with no model imports, so forms, services, importers and the API
all share one definition of a valid credit code, ID number and mobile number.
Each ``validate_*`` returns the normalised value, ready to store.
"""

import datetime
import random
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# 统一社会信用代码, GB 32100-2015. The letters I, O, Z, S and V are never used,
# so a character's value is its position in this string.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# 组织机构代码, GB 11714-1997: positions 9-17 of a credit code.
_ORGANIZATION_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# 公民身份号码, GB 11643-1999.
_ID_NUMBER_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_NUMBER_CHECK_DIGITS = "10X98765432"
_ID_NUMBER_PATTERN = re.compile(r"[0-9]{17}[0-9X]")
# Birth dates before this are typing errors, not people who still work.
_EARLIEST_BIRTH_YEAR = 1900

_MOBILE_PATTERN = re.compile(r"1[3-9][0-9]{9}")
_MOBILE_SEPARATORS = re.compile(r"[\s-]")

_REGION_PATTERN = re.compile(r"[0-9]{6}")


# What a filter may hand to the database, for every list's forms and the API to check first: ids
# are 64-bit integers (a larger number fails the query on SQLite instead of matching nothing), and
# a day's bounds must survive the conversion to UTC (9999-12-31's next day does not, nor 0001-01-01's
# midnight east of UTC). The dates reach back far enough for any imported history.
ID_MAX = 2**63 - 1
# A count held in a PositiveIntegerField or IntegerField: PostgreSQL's integer column is 32-bit.
COUNT_MAX = 2**31 - 1
FILTER_DATE_MIN = datetime.date(1900, 1, 1)
FILTER_DATE_MAX = datetime.date(2100, 12, 31)


def credit_code_check_char(first17: str) -> str:
    """Return the 18th (check) character for the first 17 of a credit code."""
    if len(first17) != len(_CREDIT_CODE_WEIGHTS) or any(char not in CREDIT_CODE_CHARSET for char in first17):
        raise ValueError(f"not the first 17 characters of a credit code: {first17!r}")
    total = sum(
        CREDIT_CODE_CHARSET.index(char) * weight for char, weight in zip(first17, _CREDIT_CODE_WEIGHTS, strict=True)
    )
    # 31 - (total mod 31), where 31 wraps to 0.
    return CREDIT_CODE_CHARSET[-total % 31]


def validate_credit_code(value: str) -> str:
    """Check a 统一社会信用代码 and return it stripped and upper-cased."""
    code = value.strip().upper()
    if len(code) != 18:
        raise ValidationError(
            _("The unified social credit code must be 18 characters."),
            code="credit_code_length",
        )
    if any(char not in CREDIT_CODE_CHARSET for char in code):
        raise ValidationError(
            _(
                "The unified social credit code may contain only digits and capital "
                "letters other than I, O, Z, S and V."
            ),
            code="credit_code_character",
        )
    if code[17] != credit_code_check_char(code[:17]):
        raise ValidationError(
            _("The check character of the unified social credit code is wrong."),
            code="credit_code_check",
        )
    return code


def id_number_check_digit(first17: str) -> str:
    """Return the 18th (check) character for the first 17 digits of an ID number."""
    if len(first17) != len(_ID_NUMBER_WEIGHTS) or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"not the first 17 digits of an ID number: {first17!r}")
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_NUMBER_WEIGHTS, strict=True))
    return _ID_NUMBER_CHECK_DIGITS[total % 11]


def validate_id_number(value: str) -> str:
    """Check an 18-digit 公民身份号码 and return it stripped, with X upper-case."""
    number = value.strip().upper()
    if not _ID_NUMBER_PATTERN.fullmatch(number):
        raise ValidationError(
            _("The ID number must be 17 digits followed by a digit or X."),
            code="id_number_format",
        )
    try:
        birth_date = _embedded_birth_date(number)
    except ValueError:
        birth_date = None
    if birth_date is None or birth_date.year < _EARLIEST_BIRTH_YEAR or birth_date > timezone.localdate():
        raise ValidationError(
            _("The date of birth in the ID number is not a valid date."),
            code="id_number_birth_date",
        )
    if number[17] != id_number_check_digit(number[:17]):
        raise ValidationError(
            _("The check digit of the ID number is wrong."),
            code="id_number_check",
        )
    return number


def birth_date_from_id(id_number: str) -> datetime.date:
    """Return the date of birth held in a valid ID number."""
    return _embedded_birth_date(validate_id_number(id_number))


def gender_from_id(id_number: str) -> str:
    """Return "M" or "F": the 17th digit of an ID number is odd for men."""
    return "M" if int(validate_id_number(id_number)[16]) % 2 else "F"


def _embedded_birth_date(number: str) -> datetime.date:
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def validate_mobile(value: str) -> str:
    """Check a mainland mobile number and return its 11 digits."""
    number = _strip_mobile(value)
    if not _MOBILE_PATTERN.fullmatch(number):
        raise ValidationError(
            _("Enter a valid mainland China mobile number."),
            code="mobile",
        )
    return number


def _strip_mobile(value: str) -> str:
    number = _MOBILE_SEPARATORS.sub("", value)
    if number.startswith("+86"):
        return number[3:]
    if number.startswith("86") and len(number) == 13:
        return number[2:]
    return number


def mask_id_number(value: str) -> str:
    """Hide all but the first 4 and last 4 characters: 3201**********1234."""
    return _mask(value.strip().upper(), keep_start=4, keep_end=4)


def mask_mobile(value: str) -> str:
    """Hide the middle of a mobile number: 138****5678."""
    return _mask(_strip_mobile(value), keep_start=3, keep_end=4)


def _mask(value: str, *, keep_start: int, keep_end: int) -> str:
    hidden = len(value) - keep_start - keep_end
    if hidden <= 0:
        # Too short to show any part without showing nearly all of it.
        return "*" * len(value)
    return value[:keep_start] + "*" * hidden + value[-keep_end:]


# An ID or mobile number inside free text: a login name, an object's name, a file name, a change record.
# Not anchored to the whole string, but not inside a longer run of digits or letters either.
_ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<![0-9])(?:\+?86[\s-]?)?1[3-9][0-9](?:[\s-]?[0-9]{4}){2}(?![0-9])")


def mask_identifiers(text: str) -> str:
    """text with every ID and mobile number in it replaced by its masked form (the same mask as the stored one).

    For text that reaches people without the personal-data permission and may hold what someone typed:
    audit rows (accounts.signals: a failed login's username), login attempts, log lines.
    """
    if not text or not any(ch.isdigit() for ch in text):
        return text
    text = _ID_NUMBER_IN_TEXT.sub(lambda m: mask_id_number(m.group()), text)
    return _MOBILE_IN_TEXT.sub(lambda m: mask_mobile(m.group()), text)


def birth_month(value: datetime.date | None) -> str:
    """The birth date as shown beside a masked ID number: year and month only ("1985-06").

    The day narrows the masked ID's hidden digits to a handful of candidates (with the check digit), so no
    page, export or API answer shows it; the full date leaves only with the full ID, via worker_reveal_pii.
    """
    return f"{value:%Y-%m}" if value else ""


def generate_credit_code(rng: random.Random, region: str = "320100") -> str:
    """Return a valid credit code for an enterprise (91…) registered in region.

    The embedded organisation code also carries a valid GB 11714 check
    character, so the value passes stricter checks than ours.
    """
    _check_region(region)
    body = "".join(rng.choice(CREDIT_CODE_CHARSET) for _ in range(8))
    first17 = "91" + region + body + _organization_code_check_char(body)
    return first17 + credit_code_check_char(first17)


def _organization_code_check_char(body: str) -> str:
    total = sum(int(char, 36) * weight for char, weight in zip(body, _ORGANIZATION_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def generate_id_number(
    rng: random.Random,
    birth_date: datetime.date,
    gender: str,
    region: str = "320100",
) -> str:
    """Return a valid ID number for a person born on birth_date in region."""
    _check_region(region)
    if gender not in ("M", "F"):
        raise ValueError(f"gender must be 'M' or 'F', not {gender!r}")
    sex_digit = rng.randrange(1 if gender == "M" else 0, 10, 2)
    first17 = f"{region}{birth_date:%Y%m%d}{rng.randrange(100):02d}{sex_digit}"
    return first17 + id_number_check_digit(first17)


def _check_region(region: str) -> None:
    if not _REGION_PATTERN.fullmatch(region):
        raise ValueError(f"region must be a 6-digit administrative division code: {region!r}")
