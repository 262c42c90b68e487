"""Azerbaijani language helpers for generated legal text and notes.

Everything here is pure string work (no I/O), following DOMAIN.md sections 3 and 4:

- numbers: ``ordinal`` ("2019-cu", "2.6-cı") by the vowel of the last number word read aloud,
  ``ordinal_word`` ("birinci") for sentences and abzas counted in words, ``ablative`` ("6-dan");
- dates: ``format_date`` ("3 avqust 2020-ci il") and ``format_date_short`` ("03.08.2020");
- case suffixes by vowel harmony: ``inflect`` for plain words, ``quoted`` / ``quoted_case`` for
  titles in “…” with the suffix after the closing quote ("…Əsasnamə”nin", "…siyahısı”na");
- fixed word forms of note wording: ``unit_word`` (bənd, maddə, fəsil …) and ``words_label``
  (sözü / sözləri / rəqəmi / rəqəmləri);
- Azerbaijani casing, folding and ordering: ``az_lower``, ``az_upper``, ``az_casefold``,
  ``ascii_fold``, ``sort_key``;
- ``split_sentences`` for counting sentences of a provision ("2-ci cümləsindən").
"""

from __future__ import annotations

import datetime
import enum
import re
import unicodedata

from num2words import num2words

__all__ = [
    "Case",
    "Form",
    "ablative",
    "ascii_fold",
    "az_casefold",
    "az_lower",
    "az_upper",
    "format_date",
    "format_date_short",
    "inflect",
    "ordinal",
    "ordinal_word",
    "quoted",
    "quoted_case",
    "sort_key",
    "split_sentences",
    "unit_word",
    "words_label",
]


class Case(enum.Enum):
    """Grammatical cases used in note wording (ins./comitative is the word "ilə", not a suffix)."""

    NOM = "nominative"
    GEN = "genitive"
    DAT = "dative"
    LOC = "locative"
    ABL = "ablative"
    ACC = "accusative"


class Form(enum.Enum):
    """Forms of a structural unit word, as notes use them ("bəndin 2-ci cümləsindən")."""

    BARE = "bare"
    POSS = "possessive"
    GEN = "genitive"
    POSS_GEN = "possessive genitive"
    POSS_DAT = "possessive dative"
    POSS_LOC = "possessive locative"
    POSS_ABL = "possessive ablative"
    PLURAL = "plural"
    # Bare case forms, for notes that name a provision without the act's title (law style: “3-cü maddədə”).
    DAT = "dative"
    LOC = "locative"
    ABL = "ablative"


# --- letters and vowel harmony -------------------------------------------------------------

_BACK_VOWELS = frozenset("aıou")
_FRONT_VOWELS = frozenset("eəiöü")
_VOWELS = _BACK_VOWELS | _FRONT_VOWELS

# Four-way harmony (genitive, accusative, ordinal suffix): the last vowel picks the suffix vowel.
_FOUR_WAY = {
    "a": "ı", "ı": "ı", "o": "u", "u": "u",
    "e": "i", "ə": "i", "i": "i", "ö": "ü", "ü": "ü",
}

_ALPHABET = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
_ALPHABET_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

_ASCII_FOLD = str.maketrans({"ə": "e", "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u"})


def az_lower(s: str) -> str:
    """Lower-case with Azerbaijani dotted/dotless i (I→ı, İ→i), which str.lower() gets wrong."""
    return s.replace("I", "ı").replace("İ", "i").lower()


def az_upper(s: str) -> str:
    """Upper-case with Azerbaijani dotted/dotless i (i→İ, ı→I), which str.upper() gets wrong."""
    return s.replace("i", "İ").replace("ı", "I").upper()


def az_casefold(s: str) -> str:
    """Fold for case-insensitive comparison.

    NFC first, because PDF extraction may give decomposed letters (c + cedilla) that would
    otherwise compare unequal; a stray combining dot after i (left by str.lower() on "İ") is
    dropped for the same reason.
    """
    folded = az_lower(unicodedata.normalize("NFC", s)).casefold()
    return folded.replace("i\u0307", "i")


def ascii_fold(s: str) -> str:
    """Fold to the letters people type without an Azerbaijani keyboard ("Əsasnamə"→"esasname")."""
    return az_casefold(s).translate(_ASCII_FOLD)


def _last_vowel(text: str) -> str:
    """The last vowel of text, lower-cased; harmony of every suffix depends on it."""
    for char in reversed(az_lower(text)):
        if char in _VOWELS:
            return char
    raise ValueError(f"no vowel to harmonise a suffix with: {text!r}")


def _last_letter(text: str) -> str:
    """The last letter of text, lower-cased; trailing punctuation does not decide the buffer."""
    for char in reversed(az_lower(text)):
        if char.isalpha():
            return char
    raise ValueError(f"no letter to attach a suffix to: {text!r}")


def _is_upper_word(text: str) -> bool:
    """True when the last word is written in capitals (headings like "QƏRARA"): suffix follows."""
    words = text.split()
    letters = [c for c in (words[-1] if words else "") if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


# --- numbers -------------------------------------------------------------------------------

_UNIT_WORDS = ("", "bir", "iki", "üç", "dörd", "beş", "altı", "yeddi", "səkkiz", "doqquz")
_TEN_WORDS = ("", "on", "iyirmi", "otuz", "qırx", "əlli", "altmış", "yetmiş", "səksən", "doxsan")
# Index = number of thousand groups; the long names all end in -on/-ard, which is what counts.
_SCALE_WORDS = ("", "min", "milyon", "milyard", "trilyon", "katrilyon", "kvintilyon")

_NUMBER_RE = re.compile(r"\d+(?:\.\d+)*")


def _last_number_word(n: int) -> str:
    """The last non-zero number word read aloud for n ("sıfır" for 0).

    Trailing zeros are silent, so the word is the one for the last non-zero digit, or the scale
    word (yüz, min, milyon …) that follows it.
    """
    if n == 0:
        return "sıfır"
    zeros = len(str(n)) - len(str(n).rstrip("0"))
    digit = int(str(n).rstrip("0")[-1])
    groups, position = divmod(zeros, 3)
    if groups >= len(_SCALE_WORDS):
        raise ValueError(f"number too large to read: {n}")
    if groups:
        return _SCALE_WORDS[groups]
    return (_UNIT_WORDS[digit], _TEN_WORDS[digit], "yüz")[position]


def ordinal(number: str | int) -> str:
    """Number with its hyphenated ordinal suffix: "2019-cu", "2.6-cı", "2.4.2-ci".

    For dotted numbers the last component is read aloud, so it decides. Letters ("ç" bəndi)
    take no suffix and are rejected rather than silently suffixed.
    """
    if isinstance(number, bool) or not isinstance(number, (int, str)):
        raise TypeError(f"ordinal expects str or int, got {type(number).__name__}")
    text = str(number).strip()
    if not _NUMBER_RE.fullmatch(text):
        raise ValueError(f"not a number (letters take no ordinal suffix): {number!r}")
    last = int(text.rsplit(".", 1)[-1])
    vowel = _FOUR_WAY[_last_vowel(_last_number_word(last))]
    return f"{text}-c{vowel}"


def ordinal_word(n: int) -> str:
    """Ordinal in words ("birinci", "onuncu"), as sentences and abzas are counted in laws."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"ordinal_word expects a positive int, got {n!r}")
    return num2words(n, lang="az", to="ordinal")


def ablative(number: int) -> str:
    """Number with its hyphenated ablative suffix: "6-dan", "5-dən" ("6-dan az" = fewer than six).

    Like the ordinal, the suffix harmonises with the last number word read aloud (altı → -dan,
    beş → -dən), not with how the digits look; the ablative has no buffer letter, so a final vowel
    (iyirmi, altı) changes nothing.
    """
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError(f"ablative expects an int, got {type(number).__name__}")
    if number < 0:
        raise ValueError(f"ablative expects a number ≥ 0, got {number}")
    return f"{number}-{_suffix(_last_number_word(number), Case.ABL, possessive=False)}"


# --- dates ---------------------------------------------------------------------------------

_MONTHS = (
    "yanvar", "fevral", "mart", "aprel", "may", "iyun",
    "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr",
)


def format_date(d: datetime.date) -> str:
    """Long date as notes write it: "3 avqust 2020-ci il" (no leading zero)."""
    return f"{d.day} {_MONTHS[d.month - 1]} {ordinal(d.year)} il"


def format_date_short(d: datetime.date) -> str:
    """Short date as headers write it: "03.08.2020"."""
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


# --- case suffixes -------------------------------------------------------------------------


def _suffix(text: str, case: Case, possessive: bool) -> str:
    """The case suffix for text by harmony of its last vowel and buffer after a final vowel."""
    if case is Case.NOM:
        return ""
    vowel = _last_vowel(text)
    ends_in_vowel = _last_letter(text) in _VOWELS
    if possessive and not ends_in_vowel:
        # A third-person possessive always ends in a vowel (-ı, -sı); otherwise the data is wrong.
        raise ValueError(f"possessive form must end in a vowel: {text!r}")
    four = _FOUR_WAY[vowel]
    two = "a" if vowel in _BACK_VOWELS else "ə"
    if case is Case.GEN:
        suffix = ("n" if ends_in_vowel else "") + four + "n"
    elif case is Case.ACC:
        suffix = ("n" if ends_in_vowel else "") + four
    elif case is Case.DAT:
        suffix = ("n" if possessive else "y" if ends_in_vowel else "") + two
    elif case is Case.LOC:
        suffix = ("n" if possessive else "") + "d" + two
    else:  # Case.ABL
        suffix = ("n" if possessive else "") + "d" + two + "n"
    return az_upper(suffix) if _is_upper_word(text) else suffix


def inflect(phrase: str, case: Case, *, possessive: bool = False) -> str:
    """Attach the case suffix to an unquoted word or phrase: "Qanun"→"Qanunun".

    possessive says the head noun already carries a possessive suffix (siyahısı, Qərarı), which
    makes dative, locative and ablative take the buffer n ("siyahısına"); it is a recorded fact,
    never guessed.
    """
    suffix = _suffix(phrase, case, possessive)
    if suffix[:1].lower() in _VOWELS and _needs_alternation(phrase):
        raise ValueError(
            f"{phrase!r} may change its final k/q before {suffix!r} (Agentlik→Agentliyə); "
            "pass the inflected form instead"
        )
    return phrase + suffix


def _needs_alternation(phrase: str) -> bool:
    """True for a polysyllabic last word ending in k/q, which usually softens to y/ğ.

    Loanwords (fabrik→fabrikə) do not, so the change cannot be derived; refusing beats
    writing a wrong form into a legal note. One-syllable words (xalq→xalqa) keep k/q.
    """
    words = az_lower(phrase).split()
    word = words[-1] if words else ""
    return word[-1:] in ("k", "q") and sum(char in _VOWELS for char in word) > 1


def quoted(title: str) -> str:
    """Wrap a title in “…”; a title that opens with its own “ is not given a second one."""
    if not title:
        raise ValueError("empty title")
    return (title if title.startswith("“") else "“" + title) + "”"


def quoted_case(title: str, case: Case, *, possessive: bool = False) -> str:
    """Quoted title with the case suffix after the closing quote: "…Əsasnamə”nin"."""
    return quoted(title) + _suffix(title, case, possessive)


# --- fixed word forms ----------------------------------------------------------------------

_FORM_ORDER = (
    Form.BARE, Form.POSS, Form.GEN, Form.POSS_GEN,
    Form.POSS_DAT, Form.POSS_LOC, Form.POSS_ABL, Form.PLURAL,
    Form.DAT, Form.LOC, Form.ABL,
)

# Written out, not derived: fəsil drops its vowel (fəsli, fəslin, fəslə) but not in the plural
# or before a consonant (fəsillər, fəsildə).
_UNIT_TABLE: dict[str, tuple[str, ...]] = {
    "fəsil": ("fəsil", "fəsli", "fəslin", "fəslinin", "fəslinə", "fəslində", "fəslindən",
              "fəsillər",
              "fəslə", "fəsildə", "fəsildən"),
    "bölmə": ("bölmə", "bölməsi", "bölmənin", "bölməsinin", "bölməsinə", "bölməsində",
              "bölməsindən", "bölmələr",
              "bölməyə", "bölmədə", "bölmədən"),
    "hissə": ("hissə", "hissəsi", "hissənin", "hissəsinin", "hissəsinə", "hissəsində",
              "hissəsindən", "hissələr",
              "hissəyə", "hissədə", "hissədən"),
    "maddə": ("maddə", "maddəsi", "maddənin", "maddəsinin", "maddəsinə", "maddəsində",
              "maddəsindən", "maddələr",
              "maddəyə", "maddədə", "maddədən"),
    "bənd": ("bənd", "bəndi", "bəndin", "bəndinin", "bəndinə", "bəndində", "bəndindən", "bəndlər",
             "bəndə", "bənddə", "bənddən"),
    "yarımbənd": ("yarımbənd", "yarımbəndi", "yarımbəndin", "yarımbəndinin", "yarımbəndinə",
                  "yarımbəndində", "yarımbəndindən", "yarımbəndlər",
                  "yarımbəndə", "yarımbənddə", "yarımbənddən"),
    "abzas": ("abzas", "abzası", "abzasın", "abzasının", "abzasına", "abzasında", "abzasından",
              "abzaslar",
              "abzasa", "abzasda", "abzasdan"),
    "cümlə": ("cümlə", "cümləsi", "cümlənin", "cümləsinin", "cümləsinə", "cümləsində",
              "cümləsindən", "cümlələr",
              "cümləyə", "cümlədə", "cümlədən"),
}


def unit_word(unit: str, form: Form) -> str:
    """The form of a structural unit word ("bənd", Form.POSS_ABL → "bəndindən")."""
    forms = _UNIT_TABLE.get(az_casefold(unit.strip()))
    if forms is None:
        known = ", ".join(_UNIT_TABLE)
        raise ValueError(f"unknown unit {unit!r}; known units: {known}")
    return forms[_FORM_ORDER.index(form)]


_NUMBER_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*")

_WORDS_LABELS = {
    (Case.NOM, False, False): "sözü",
    (Case.NOM, False, True): "sözləri",
    (Case.NOM, True, False): "rəqəmi",
    (Case.NOM, True, True): "rəqəmləri",
    (Case.ABL, False, False): "sözündən",
    (Case.ABL, False, True): "sözlərindən",
    (Case.ABL, True, False): "rəqəmindən",
    (Case.ABL, True, True): "rəqəmlərindən",
}


def _tokens(words: str) -> list[str]:
    """Words without surrounding punctuation; a lone dash or comma is no word."""
    stripped = (_strip_punctuation(token) for token in words.split())
    return [token for token in stripped if token]


def _strip_punctuation(token: str) -> str:
    """Trim non-alphanumerics from both ends, keeping inner ones (hesab-fakturası, 2,5)."""
    start, end = 0, len(token)
    while start < end and not token[start].isalnum():
        start += 1
    while end > start and not token[end - 1].isalnum():
        end -= 1
    return token[start:end]


def words_label(words: str, case: Case) -> str:
    """The noun after quoted words in a note: sözü / sözləri / rəqəmi / rəqəmləri (+ ablative)."""
    tokens = _tokens(words)
    if not tokens:
        raise ValueError(f"no words in {words!r}")
    numbers = all(_NUMBER_TOKEN_RE.fullmatch(token) for token in tokens)
    label = _WORDS_LABELS.get((case, numbers, len(tokens) > 1))
    if label is None:
        raise ValueError(f"words_label supports Case.NOM and Case.ABL, not {case}")
    return label


# --- ordering ------------------------------------------------------------------------------


def _char_key(char: str) -> tuple[int, int]:
    """Digits first, then letters in Azerbaijani order, then anything else by code point."""
    if "0" <= char <= "9":
        return (0, ord(char))
    rank = _ALPHABET_RANK.get(char)
    if rank is not None:
        return (1, rank)
    return (2, ord(char))


def sort_key(s: str) -> tuple:
    """Key for Azerbaijani alphabetical order, case-insensitive.

    The original string is the tie-breaker so that sorting is deterministic when two strings
    differ only in case.
    """
    return (tuple(_char_key(char) for char in az_casefold(s)), s)


# --- sentences -----------------------------------------------------------------------------

# End punctuation, optional closers, whitespace, then what can open a sentence.
_BOUNDARY_RE = re.compile(r"(?<=[.!?])([”)]*)\s+(?=[A-ZƏÇŞĞİÖÜ“0-9])")
# A provision's own number ("2.6.", "5.9.2.") ends in a dot but is not a sentence.
_LABEL_RE = re.compile(r"\d+(?:\.\d+)*\.")


def split_sentences(text: str) -> list[str]:
    """Split legal text into sentences, keeping end punctuation.

    " ".join(result) equals text with whitespace runs collapsed, so sentence numbers can be
    mapped back onto the text. "və s.) göstərilməsi." stays whole because a lower-case word
    follows the abbreviation.
    """
    collapsed = " ".join(text.split())
    if not collapsed:
        return []
    pieces = _BOUNDARY_RE.split(collapsed)
    # split() returns [sentence, closers, sentence, closers, …]: closers belong to the left.
    sentences = [pieces[0]]
    for closers, sentence in zip(pieces[1::2], pieces[2::2]):
        sentences[-1] += closers
        if _LABEL_RE.fullmatch(sentences[-1]):
            sentences[-1] += " " + sentence
        else:
            sentences.append(sentence)
    return sentences
