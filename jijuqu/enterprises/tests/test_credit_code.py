import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from jijuqu.enterprises.credit_code import ALPHABET, check_character, make_credit_code, validate_credit_code

# Published codes of real companies (from their public registrations).
KNOWN_VALID = ["91350100M000100Y43", "914403001922038216", "91110000100017643K"]


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_published_codes_are_valid(code):
    validate_credit_code(code)


def test_lower_case_and_spaces_are_accepted():
    validate_credit_code(" 91350100m000100y43 ")


@pytest.mark.parametrize(
    "code, fragment",
    [
        ("91350100M000100Y4", "应为18位"),
        ("91350100M000100Y44", "校验位错误：最后一位应为3"),
        ("91350100M0001O0Y43", "不允许的字符：O"),
        ("913501A0M000100Y43", "第3至8位"),
    ],
)
def test_invalid_codes_get_a_chinese_message(code, fragment):
    with pytest.raises(ValidationError) as err:
        validate_credit_code(code)
    assert fragment in err.value.messages[0]


codes = st.builds(
    make_credit_code,
    st.sampled_from("159ANY"),
    st.sampled_from("123"),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=ALPHABET, min_size=8, max_size=8),
)


@given(codes)
def test_built_codes_validate(code):
    validate_credit_code(code)


@given(codes, st.integers(min_value=0, max_value=16), st.sampled_from(ALPHABET))
def test_any_single_substitution_is_detected(code, position, char):
    # 31 is prime and every weight is non-zero mod 31, so one changed character always changes the sum.
    if code[position] == char:
        return
    changed = code[:position] + char + code[position + 1 :]
    assert check_character(changed[:17]) != changed[17]


def test_an_authority_letter_allowed_by_gb_32100_is_accepted():
    # python-stdnum's uscc.validate refuses any letter in the first eight characters; GB 32100 allows
    # N (农业) and Y (其他) as the registration authority, so only its check character is used.
    code = make_credit_code("N", "2", "410882", "MA0000AB")
    validate_credit_code(code)


def test_the_check_character_is_python_stdnums():
    from stdnum.cn import uscc

    for code in KNOWN_VALID:
        assert check_character(code[:17]) == code[17]
        assert uscc.is_valid(code)
