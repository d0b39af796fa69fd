import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from zhichuang.core.validators import (
    CREDIT_CODE_CHARSET,
    birth_date_from_id,
    credit_code_check_char,
    gender_from_id,
    generate_credit_code,
    generate_id_number,
    id_number_check_digit,
    mask_id_number,
    mask_mobile,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
)

# Examples published outside this project, so they check our arithmetic
# rather than agree with it.
KNOWN_CREDIT_CODE = "91350100M000100Y43"
KNOWN_ID_NUMBER = "11010519491231002X"  # GB 11643-1999 worked example


def seeded(seed: int) -> random.Random:
    # Reproducible test data, not secrets: a seeded PRNG is what we want.
    return random.Random(seed)


def assert_rejected(validator, value, *, code, message):
    with pytest.raises(ValidationError) as excinfo:
        validator(value)
    assert excinfo.value.code == code
    with translation.override("en"):
        assert excinfo.value.messages == [message]


def id_number_with(birth: str, sequence: str = "123") -> str:
    first17 = "320102" + birth + sequence
    return first17 + id_number_check_digit(first17)


# 统一社会信用代码


def test_credit_code_check_char_known_example():
    assert credit_code_check_char(KNOWN_CREDIT_CODE[:17]) == "3"


def test_credit_code_check_char_wraps_31_to_zero():
    # Find a body whose weighted sum is a multiple of 31: its check is "0".
    rng = seeded(0)
    while True:
        first17 = "".join(rng.choice(CREDIT_CODE_CHARSET) for _ in range(17))
        if credit_code_check_char(first17) == "0":
            break
    assert validate_credit_code(first17 + "0") == first17 + "0"


@pytest.mark.parametrize("first17", ["9135010", "91350100M000100Y4X", "91350100I000100Y4"])
def test_credit_code_check_char_bad_input_raises(first17):
    with pytest.raises(ValueError, match="first 17 characters of a credit code"):
        credit_code_check_char(first17)


def test_validate_credit_code_known_example_accepted():
    assert validate_credit_code(KNOWN_CREDIT_CODE) == KNOWN_CREDIT_CODE


def test_validate_credit_code_lowercase_and_spaces_normalised():
    assert validate_credit_code("  91350100m000100y43 \n") == KNOWN_CREDIT_CODE


@pytest.mark.parametrize("value", ["", "91350100M000100Y4", "91350100M000100Y433"])
def test_validate_credit_code_wrong_length_rejected(value):
    assert_rejected(
        validate_credit_code,
        value,
        code="credit_code_length",
        message="The unified social credit code must be 18 characters.",
    )


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V", "-", "中"])
def test_validate_credit_code_forbidden_character_rejected(letter):
    assert_rejected(
        validate_credit_code,
        KNOWN_CREDIT_CODE[:8] + letter + KNOWN_CREDIT_CODE[9:],
        code="credit_code_character",
        message=(
            "The unified social credit code may contain only digits and capital letters other than I, O, Z, S and V."
        ),
    )


@pytest.mark.parametrize("check", sorted(set(CREDIT_CODE_CHARSET) - {"3"}))
def test_validate_credit_code_wrong_check_char_rejected(check):
    assert_rejected(
        validate_credit_code,
        KNOWN_CREDIT_CODE[:17] + check,
        code="credit_code_check",
        message="The check character of the unified social credit code is wrong.",
    )


def test_validate_credit_code_transposed_characters_rejected():
    swapped = KNOWN_CREDIT_CODE[:2] + KNOWN_CREDIT_CODE[3] + KNOWN_CREDIT_CODE[2] + KNOWN_CREDIT_CODE[4:]
    assert_rejected(
        validate_credit_code,
        swapped,
        code="credit_code_check",
        message="The check character of the unified social credit code is wrong.",
    )


# 公民身份号码


def test_id_number_check_digit_standard_example():
    assert id_number_check_digit(KNOWN_ID_NUMBER[:17]) == "X"


@pytest.mark.parametrize("first17", ["1101051949123100", "110105194912310021", "1101051949123100A"])
def test_id_number_check_digit_bad_input_raises(first17):
    with pytest.raises(ValueError, match="first 17 digits of an ID number"):
        id_number_check_digit(first17)


def test_validate_id_number_standard_example_accepted():
    assert validate_id_number(KNOWN_ID_NUMBER) == KNOWN_ID_NUMBER


def test_validate_id_number_lowercase_x_accepted():
    assert validate_id_number(" 11010519491231002x ") == KNOWN_ID_NUMBER


def test_validate_id_number_numeric_check_digit_accepted():
    number = id_number_with("19900101", "001")
    assert number == "320102199001010010"  # sum 133, 133 mod 11 = 1 -> "0"
    assert validate_id_number(number) == number


@pytest.mark.parametrize(
    "value",
    [
        "",
        "11010519491231002",  # 17 characters
        "11010519491231002XX",  # 19 characters
        "1101051949123100X2",  # X not last
        "11010519491231002Y",
        "".join(chr(ord(digit) + 0xFEE0) for digit in KNOWN_ID_NUMBER[:17]) + "X",  # full-width
        "110105194912310",  # old 15-digit form
    ],
)
def test_validate_id_number_bad_format_rejected(value):
    assert_rejected(
        validate_id_number,
        value,
        code="id_number_format",
        message="The ID number must be 17 digits followed by a digit or X.",
    )


@pytest.mark.parametrize("birth", ["19900230", "19901301", "19900100", "20230229", "18991231"])
def test_validate_id_number_impossible_birth_date_rejected(birth):
    assert_rejected(
        validate_id_number,
        id_number_with(birth),
        code="id_number_birth_date",
        message="The date of birth in the ID number is not a valid date.",
    )


def test_validate_id_number_future_birth_date_rejected():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert_rejected(
        validate_id_number,
        id_number_with(f"{tomorrow:%Y%m%d}"),
        code="id_number_birth_date",
        message="The date of birth in the ID number is not a valid date.",
    )


def test_validate_id_number_born_today_accepted():
    number = id_number_with(f"{timezone.localdate():%Y%m%d}")
    assert validate_id_number(number) == number


def test_validate_id_number_leap_day_accepted():
    number = id_number_with("20000229")
    assert validate_id_number(number) == number


@pytest.mark.parametrize("check", sorted(set("0123456789X") - {"X"}))
def test_validate_id_number_wrong_check_digit_rejected(check):
    assert_rejected(
        validate_id_number,
        KNOWN_ID_NUMBER[:17] + check,
        code="id_number_check",
        message="The check digit of the ID number is wrong.",
    )


def test_birth_date_from_id_standard_example():
    assert birth_date_from_id(KNOWN_ID_NUMBER) == datetime.date(1949, 12, 31)


def test_birth_date_from_id_invalid_number_rejected():
    with pytest.raises(ValidationError):
        birth_date_from_id(KNOWN_ID_NUMBER[:17] + "1")


def test_gender_from_id_even_digit_female():
    assert gender_from_id(KNOWN_ID_NUMBER) == "F"


def test_gender_from_id_odd_digit_male():
    assert gender_from_id(id_number_with("19900101", "001")) == "M"


# 手机号码


@pytest.mark.parametrize(
    "value",
    [
        "13812345678",
        " 13812345678 ",
        "138 1234 5678",
        "138-1234-5678",
        "+8613812345678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "8613812345678",
    ],
)
def test_validate_mobile_accepted_forms_normalised(value):
    assert validate_mobile(value) == "13812345678"


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_validate_mobile_every_mobile_prefix_accepted(prefix):
    assert validate_mobile(prefix + "912345678") == prefix + "912345678"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "12812345678",  # second digit 2
        "10812345678",
        "23812345678",
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "1381234567a",
        "02584123456",  # landline
        "+85213812345678",
        "861381234567",  # 86 prefix on a 10-digit number
    ],
)
def test_validate_mobile_invalid_rejected(value):
    assert_rejected(
        validate_mobile,
        value,
        code="mobile",
        message="Enter a valid mainland China mobile number.",
    )


# Masks


def test_mask_id_number_keeps_first_and_last_four():
    assert mask_id_number("320102199001011234") == "3201**********1234"


def test_mask_id_number_lowercase_x_upper_cased():
    assert mask_id_number("11010519491231002x") == "1101**********002X"


@pytest.mark.parametrize("value", ["", "1234", "12345678"])
def test_mask_id_number_short_value_fully_hidden(value):
    assert mask_id_number(value) == "*" * len(value)


def test_mask_mobile_hides_middle_four():
    assert mask_mobile("13812345678") == "138****5678"


def test_mask_mobile_prefix_and_separators_removed():
    assert mask_mobile("+86 138-1234-5678") == "138****5678"


@pytest.mark.parametrize("value", ["", "123", "1234567"])
def test_mask_mobile_short_value_fully_hidden(value):
    assert mask_mobile(value) == "*" * len(value)


# Generators


@pytest.mark.parametrize("seed", range(200))
def test_generate_credit_code_output_validates(seed):
    code = generate_credit_code(seeded(seed))
    assert validate_credit_code(code) == code
    assert code.startswith("91320100")


def test_generate_credit_code_region_used():
    assert generate_credit_code(seeded(1), region="110105").startswith("91110105")


def test_generate_credit_code_same_seed_same_value():
    assert generate_credit_code(seeded(7)) == generate_credit_code(seeded(7))


@pytest.mark.parametrize("seed", range(200))
def test_generate_id_number_output_validates(seed):
    rng = seeded(seed)
    birth_date = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(25_000))
    gender = rng.choice("MF")
    number = generate_id_number(rng, birth_date, gender)
    assert validate_id_number(number) == number
    assert number.startswith("320100")
    assert birth_date_from_id(number) == birth_date
    assert gender_from_id(number) == gender


def test_generate_id_number_region_used():
    number = generate_id_number(seeded(1), datetime.date(1990, 1, 1), "F", region="110105")
    assert number.startswith("11010519900101")


def test_generate_id_number_bad_gender_raises():
    with pytest.raises(ValueError, match="gender must be 'M' or 'F'"):
        generate_id_number(seeded(1), datetime.date(1990, 1, 1), "X")


@pytest.mark.parametrize("region", ["", "32010", "3201000", "32010A"])
def test_generators_bad_region_raise(region):
    with pytest.raises(ValueError, match="region must be a 6-digit"):
        generate_credit_code(seeded(1), region=region)
    with pytest.raises(ValueError, match="region must be a 6-digit"):
        generate_id_number(seeded(1), datetime.date(1990, 1, 1), "M", region=region)
