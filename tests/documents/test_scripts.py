"""Every script prints right: order, joining and a glyph for every character.

The PDF holds right-to-left text in visual order with Arabic in presentation forms (see
``expertteam.documents.scripts``); pypdf extracts a right-to-left run in logical order again, so
an extract folded with NFKC holds the name as typed.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from io import BytesIO

from pypdf import PdfReader

from expertteam.documents.action_list import render_participant_actions
from expertteam.documents.scripts import visual
from expertteam.documents.text import markup
from tests.documents import factories
from tests.documents.pdf_checks import glyph_map, missing_glyphs

NAMES = {
    "latin": "Noël Çelik-Doğan",
    "turkish": "İlayda Yılmaz-Şahin Ağaoğlu",
    "polish": "Łukasz Żółć-Ściborski",
    "arabic": "محمد العلي",
    "hebrew": "אברהם כהן",
    "emoji": "Mila 😀👍🏽❤️🎉🏠",
}


def _document(names: dict[str, str]) -> bytes:
    data = factories.participant_list(count=len(names))
    actions = tuple(
        dataclasses.replace(action, child=f"{name} · ET-2026-000{index}",
                            description=f"Bel de ouders van {name} over de school.")
        for index, (action, name) in enumerate(zip(data.actions, names.values(), strict=True),
                                               start=1))
    data = dataclasses.replace(data, actions=actions, contacts=tuple(names.values()))
    return render_participant_actions(data, factories.letterhead())


def _text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    raw = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw))


def test_right_to_left_runs_are_reversed_and_arabic_joined() -> None:
    assert visual("Noël de Vries") == "Noël de Vries"
    # Hebrew: letters right to left, the name one unbreakable run, Latin around it in place.
    assert visual("Casus אברהם כהן ET-1") == "Casus ןהכ\u00a0םהרבא ET-1"
    # Arabic: joining forms (initial, medial, final), then reversed.
    shaped = visual("محمد")
    assert shaped == "\ufeaa\ufee4\ufea4\ufee3"
    assert unicodedata.normalize("NFKC", shaped[::-1]) == "محمد"


def test_brackets_inside_a_reversed_run_are_mirrored() -> None:
    # "(1)" belongs to the Hebrew run and is drawn to its left, still reading "(1)".
    assert visual("א (1)") == "(1) א"


def test_long_right_to_left_text_may_still_break() -> None:
    sentence = " ".join(["שלום"] * 8)
    assert "\u00a0" not in visual(sentence)


def test_markup_sets_missing_characters_in_a_fallback_face() -> None:
    assert markup("Noël <b>") == "Noël &lt;b&gt;"
    assert markup("ok 👍") == 'ok <font name="NotoEmoji">👍</font>'
    # DejaVu's oblique face has no Arabic: an italic paragraph draws it upright.
    assert 'name="DejaVuSans"' in markup("محمد", "DejaVuSans-Oblique")
    assert "<font" not in markup("محمد", "DejaVuSans")
    # A bold paragraph keeps its weight for an emoji DejaVu Bold lacks but regular has not:
    assert markup("👍🏽") == '<font name="NotoEmoji">👍</font>'  # the skin tone is left out


def test_names_in_every_script_print_in_order_with_a_glyph_for_every_character() -> None:
    pdf = _document(NAMES)
    text = _text(pdf)
    for key in ("latin", "turkish", "polish", "arabic", "hebrew"):
        assert NAMES[key] in text, key
    assert "Mila 😀👍❤️🎉🏠" in text  # emoji in order; the skin tone is not printed
    assert missing_glyphs(pdf) == set()
    printed = set(glyph_map(pdf))
    for name in NAMES.values():
        wanted = {ch for ch in visual(name) if not ch.isspace()} - {"\U0001f3fd"}
        assert wanted <= printed, name


def test_a_character_no_font_has_is_detected() -> None:
    # The check above would see a box: a CJK character is in none of the bundled fonts.
    assert missing_glyphs(_document({"cjk": "漢字"})) == {"\x00"}
