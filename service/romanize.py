"""Loose romanization: one consonant skeleton for a name in Arabic or Latin letters.

"روحاني" and "Rouhani", "خامنئي" and "Khamenei", "المقداد" and "Mekdad"
must compare equal, though no two transliteration schemes agree on vowels,
on gh/q/k or on sh/ch. So both scripts are reduced to the consonants they
agree on, in a small alphabet of sound classes (`skeleton`):

* vowels are dropped in both scripts: Latin a e i o u and a y or w inside a
  word; Arabic ا, ى, the hamza seats and ع (written as a vowel, an
  apostrophe or nothing at all in Latin), and a و or ي inside a word (a long
  vowel far more often than a consonant: روحاني = Rouhani);
* a word-initial و or ي is a consonant (ولايتي = Velayati, يوسف = Youssef);
* letters that schemes render alike fall into one class: ق ك غ گ and Latin
  k q g c (Qalibaf, Ghalibaf); ت ط ث and t th; س ص and s; ز ظ and z; د ض ذ
  and d dh; ح ه ة and h; ش and sh ch (French: Chahed = الشاهد); ب پ and b p;
  ف ڤ and f ph; و and v w at the start of a word;
* the article ال at the start of a word and al-/el- in Latin are dropped,
  and doubled consonants count once (Hassan = حسن, shadda or not).

Input is a name as stored: `skeleton` applies service.arabic.normalize first.
The result is only ever compared, never shown or stored as text.
"""
from __future__ import annotations

import functools
import re

from . import arabic

# Arabic letters (after arabic.normalize: أإآ→ا, ى→ي, ة→ه, ؤئ→ء) to classes,
# with the alternatives schemes disagree on (ض is d in Arabic names, z in
# Persian ones: Ramadan, Reza); "" drops the letter. و and ي are apart.
_ARABIC = {
    "ب": "b", "پ": "b", "ت": "t", "ط": "t", "ث": ("t", "s"), "ج": ("j", "k"), "چ": "j", "ح": "h",
    "ه": "h", "خ": "x", "د": "d", "ض": ("d", "z"), "ذ": ("d", "z"), "ر": "r", "ز": "z", "ظ": ("z", "d"),
    "ژ": "z", "س": "s", "ص": "s", "ش": "š", "ع": "", "غ": "k", "ف": "f", "ڤ": "f", "ق": "k", "ك": "k",
    "گ": "k", "ل": "l", "م": "m", "ن": "n", "ا": "", "ء": "",
}

# Latin digraphs first (longest match), then single letters. "ch" is ش in
# French (Chahed = الشاهد) and چ/ج in English (Araghchi = عراقجي).
_LATIN_DIGRAPHS = {"kh": "x", "gh": "k", "sh": "š", "ch": ("š", "j"), "th": "t", "dh": "d",
                   "ph": "f", "zh": "z", "dj": "j"}
_LATIN = {
    "b": "b", "p": "b", "t": "t", "j": "j", "h": "h", "x": "ks", "d": "d", "r": "r", "z": "z",
    "s": "s", "f": "f", "k": "k", "q": "k", "g": ("k", "j"), "c": "k", "l": "l", "m": "m", "n": "n",
}
_LATIN_VOWELS = set("aeiou")
_SEMIVOWELS = {"w": "w", "v": "w", "y": "y", "و": "w", "ي": "y"}
# A word's alternatives are a product; past this many, the first ones are kept.
MAX_VARIANTS = 8

# Latin al-, el-, ul- at the start of a word (Arabic ال: see _arabic_letters).
_LATIN_ARTICLE = re.compile(r"^(?:al|el|ul)-")
_LATIN_LETTERS = re.compile(r"[a-z]")
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011_.,'\u2019\u02bc`\u02bb]+")
_ARTICLES = {"al", "el", "ال"}


def is_latin(word: str) -> bool:
    return bool(_LATIN_LETTERS.search(word))


def _arabic_letters(word: str) -> list:
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]  # the article; "الب" is too short to be article + name
    classes = []
    for position, letter in enumerate(word):
        if letter in ("و", "ي"):
            classes.append(_SEMIVOWELS[letter] if position == 0 else "")
        else:
            classes.append(_ARABIC.get(letter, ""))
    return classes


def _latin_letters(word: str) -> list:
    word = _LATIN_ARTICLE.sub("", word)
    classes, position = [], 0
    while position < len(word):
        pair = word[position:position + 2]
        if pair in _LATIN_DIGRAPHS:
            classes.append(_LATIN_DIGRAPHS[pair])
            position += 2
            continue
        letter = word[position]
        if letter in _SEMIVOWELS:
            classes.append(_SEMIVOWELS[letter] if position == 0 else "")
        elif letter not in _LATIN_VOWELS:
            classes.append(_LATIN.get(letter, ""))
        position += 1
    return classes


def _collapse(classes: str) -> str:
    """Doubled consonants once (Hassan, مقداد = m-k-d-d); no final h, which is
    the ة of a name as often as a letter (Fatimah = Fatma = فاطمة)."""
    return re.sub(r"(.)\1+", r"\1", classes).removesuffix("h")


@functools.lru_cache(maxsize=1 << 16)
def word_skeleton(word: str) -> tuple[str, ...]:
    """The skeletons one normalized word may have, most likely first (() for a
    word of vowels only, or the article alone)."""
    if word in _ARTICLES:
        return ()
    variants = [""]
    for choice in (_latin_letters(word) if is_latin(word) else _arabic_letters(word)):
        options = (choice,) if isinstance(choice, str) else choice
        variants = [start + option for start in variants for option in options][:MAX_VARIANTS]
    return tuple(key for key in dict.fromkeys(map(_collapse, variants)) if key)


def words(name: str) -> list[str]:
    """The words of a name, normalized, Latin hyphens and apostrophes as separators."""
    return [word for word in _SEPARATORS.split(arabic.normalize(name)) if word]


def word_skeletons(name: str) -> list[tuple[str, ...]]:
    """The skeletons of each word of `name` that has one, in order."""
    return [keys for keys in map(word_skeleton, words(name)) if keys]


def skeletons(name: str) -> set[str]:
    """The whole name's skeletons, its words joined: "Amir-Abdollahian" = "أمير عبد اللهيان"."""
    joined = [""]
    for keys in word_skeletons(name):
        joined = [start + key for start in joined for key in keys][:MAX_VARIANTS]
    return {_collapse(key) for key in joined if key}


def sound_alike(a: str, b: str) -> bool:
    """Whether two names, in either script, share a skeleton."""
    return not skeletons(a).isdisjoint(skeletons(b))
