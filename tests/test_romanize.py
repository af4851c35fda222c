"""The loose romanization the duplicate finder compares names across scripts with."""
import json
from pathlib import Path

import pytest

from service.romanize import skeletons, sound_alike, word_skeleton

SEEDS = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "participants.json").read_text("utf-8"))


@pytest.mark.parametrize("latin, arabic", [
    ("Rouhani", "روحاني"), ("Hassan Rohani", "حسن روحاني"), ("Khamenei", "خامنئي"),
    ("Mekdad", "المقداد"), ("Faisal al-Miqdad", "فيصل المقداد"), ("Ghalibaf", "قاليباف"),
    ("Qalibaf", "قاليباف"), ("Velayati", "ولايتي"), ("Hossein Amir-Abdollahian", "حسين أمير عبد اللهيان"),
    ("Youssef Chahed", "يوسف الشاهد"), ("Araghchi", "عراقجي"), ("Mohammad Reza Aref", "محمد رضا عارف"),
    ("Fatimah", "فاطمة"), ("Bashar al-Assad", "بشار الأسد"), ("Javad Zarif", "جواد ظريف"),
])
def test_a_latin_name_sounds_like_its_arabic_spelling(latin, arabic):
    assert sound_alike(latin, arabic)


@pytest.mark.parametrize("one, other", [
    ("Rouhani", "رئيسي"), ("Ali Larijani", "علي شمخاني"), ("Khamis", "خميس الجهيناوي"),
    ("Imad Khamis", "عماد الحمامي"), ("Hassan Rouhani", "حسن إداراتها"),
])
def test_different_names_do_not(one, other):
    assert not sound_alike(one, other)


def test_every_seed_person_has_a_latin_name_that_sounds_like_an_arabic_one():
    for person in (p for p in SEEDS if p["kind"] == "person"):
        latin = [person["name_en"], *(a["name"] for a in person["aliases"] if a["language"] == "en")]
        arabic = [person["name_ar"], *(a["name"] for a in person["aliases"] if a["language"] != "en")]
        assert any(sound_alike(a, b) for a in latin for b in arabic), person["name_ar"]


def test_no_two_seed_participants_sound_alike():
    names = [(p["key"], name) for p in SEEDS
             for name in [p["name_ar"], p["name_en"], *(a["name"] for a in p["aliases"])]]
    clashes = {(a, b) for a, x in names for b, y in names if a < b and sound_alike(x, y)}
    assert clashes == set()


def test_vowels_articles_and_doubled_letters_do_not_count():
    assert word_skeleton("hassan") == word_skeleton("حسن") == ("hsn",)
    assert skeletons("الشاهد") == skeletons("شاهد")
    assert word_skeleton("al") == () and word_skeleton("ال") == ()
    assert skeletons("") == set() and skeletons("---") == set()


def test_initial_waw_and_ya_are_consonants_inside_they_are_vowels():
    assert word_skeleton("وليد") == ("wld",)
    assert word_skeleton("يوسف") == ("ysf",)
    assert word_skeleton("روحاني") == ("rhn",)


def test_alternatives_are_bounded():
    assert len(skeletons("ضضضضضضضضضضضض ذذذذ ثثثث")) <= 8
    assert len(skeletons(" ".join(["ضظذث"] * 200))) <= 8
