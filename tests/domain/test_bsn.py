import pytest
from hypothesis import given
from hypothesis import strategies as st

from expertteam.domain.bsn import normalise_bsn, passes_elfproef
from expertteam.domain.errors import ValidationError


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990"])
def test_valid_bsns_pass(bsn: str) -> None:
    assert passes_elfproef(bsn)
    assert normalise_bsn(bsn) == bsn


def test_formatting_is_ignored_and_leading_zero_restored() -> None:
    assert normalise_bsn(" 1112.22-333 ") == "111222333"
    assert normalise_bsn("10000008") == "010000008"  # 8 digits get the lost leading zero
    assert normalise_bsn("") is None
    assert normalise_bsn(None) is None


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [("123456789", "elfproef"), ("12345", "9 cijfers"), ("12345678a", "alleen cijfers"),
     ("000000000", "elfproef")],
)
def test_invalid_bsns_raise_a_dutch_message(raw: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_bsn(raw)
    assert fragment in caught.value.message
    assert caught.value.field == "bsn"


@given(st.text(max_size=20))
def test_any_text_is_either_accepted_or_refused_with_our_error(raw: str) -> None:
    try:
        result = normalise_bsn(raw)
    except ValidationError:
        return
    assert result is None or (len(result) == 9 and passes_elfproef(result))


def test_digits_of_any_script_are_normalised_to_ascii() -> None:
    assert normalise_bsn("١٢٣٤٥٦٧٨٢") == "123456782"
    assert normalise_bsn("１２３\u00a0４５６\u2013７８２") == "123456782"


@pytest.mark.parametrize("raw", ["12345678²", "①23456782", "1234567８²"])
def test_a_digit_the_elfproef_cannot_use_gets_the_fields_message(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_bsn(raw, "bsn")
    assert caught.value.field == "bsn"
    assert "cijfers" in caught.value.message
