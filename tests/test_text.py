from hypothesis import given
from hypothesis import strategies as st

from kbo_cli.core.text import arabic_digits, clean_text, is_blank, label_key, thai_sort_key


def test_clean_text_removes_the_hazards_of_hand_typed_thai():
    assert clean_text("น\u0e49\u0e4d\u0e32พริก") == "น้ำพริก"  # nikhahit + sara aa, tone between
    assert clean_text("น\u0e4d\u0e32") == "นำ"
    assert clean_text("กลุ่\u0e48\u0e48ม") == "กลุ่ม"  # doubled tone mark
    assert clean_text("กลุ่ม\u200bแม่บ้าน") == "กลุ่มแม่บ้าน"  # zero-width space
    assert clean_text("\u00a0กลุ่ม\u00a0 แม่บ้าน \n") == "กลุ่ม แม่บ้าน"
    assert clean_text("ประเภทผู้ผลิต/\nผู้ประกอบการ") == "ประเภทผู้ผลิต/ ผู้ประกอบการ"


def test_empty_cells_have_no_text():
    assert clean_text(None) == "" and clean_text(float("nan")) == "" and label_key(None) == ""


def test_label_key_ignores_spaces_digits_and_case():
    assert label_key("กลุ่มผู้ผลิต ชุมชน") == label_key("กลุ่มผู้ผลิตชุมชน")
    assert label_key("Quadrant  D") == "quadrantd"
    assert label_key("ปี ๒๕๖๐") == "ปี2560"


def test_is_blank():
    assert is_blank(None) and is_blank("") and is_blank(" \u200b\u00a0") and is_blank(float("nan"))
    assert not is_blank(0) and not is_blank("-")


def test_thai_sort_key_files_leading_vowels_under_their_consonant():
    names = ["เกษตร", "กลุ่ม", "ขนม", "แก้ว", "ไก่"]
    assert sorted(names, key=thai_sort_key) == ["กลุ่ม", "เกษตร", "แก้ว", "ไก่", "ขนม"]


@given(st.text())
def test_clean_text_is_idempotent_and_never_raises(text):
    once = clean_text(text)
    assert clean_text(once) == once


@given(st.integers(min_value=0, max_value=10**9))
def test_thai_and_arabic_digits_agree(number):
    thai = str(number).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert arabic_digits(thai) == str(number)
    assert label_key(thai) == label_key(str(number))


@given(st.text(alphabet=st.sampled_from("กขำ\u0e4d\u0e32\u0e48\u0e49 \u00a0\u200b\t\nabc\x0b")))
def test_the_quick_path_agrees_with_every_substitution(text):
    import unicodedata

    from kbo_cli.core import text as t

    slow = unicodedata.normalize("NFC", text).translate(t._INVISIBLE)
    slow = t._SARA_AM.sub("\\1\u0e33", slow)
    slow = t._DOUBLED_MARK.sub("\\1", slow)
    slow = t._SPACES.sub(" ", t._CONTROL.sub("", slow)).strip()
    assert clean_text(text) == slow
