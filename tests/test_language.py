"""Tests for generator.language: expectations written by hand from DOMAIN.md and the seeds."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from num2words import num2words

from generator.language import (
    Case,
    Form,
    ablative,
    ascii_fold,
    az_casefold,
    az_lower,
    az_upper,
    format_date,
    format_date_short,
    inflect,
    ordinal,
    ordinal_word,
    quoted,
    quoted_case,
    sort_key,
    split_sentences,
    unit_word,
    words_label,
)

# Titles as they appear in the seeds (without outer quotes).
KOB_TITLE = "“KOB klaster şirkəti”nin meyarları"
SIYAHI_TITLE = (
    "Kiçik və orta biznes evlərində mikro, kiçik və orta sahibkarlıq subyektlərinə göstərilən "
    "xidmətlərin siyahısı"
)
ESASNAME_TITLE = (
    "Azərbaycan Respublikasının Kiçik və Orta Biznesin İnkişafı Agentliyi yanında daimi fəaliyyət "
    "göstərən Koordinasiya Qrupunun tərkibi, səlahiyyətləri və fəaliyyəti ilə bağlı məsələlər "
    "haqqında Əsasnamə"
)


# --- ordinals ------------------------------------------------------------------------------

HAND_ORDINALS = [
    ("2019", "2019-cu"),
    (2020, "2020-ci"),
    ("2.6", "2.6-cı"),
    ("2.4.2", "2.4.2-ci"),
    (119, "119-cu"),
    (40, "40-cı"),
    (100, "100-cü"),
    (2000, "2000-ci"),
    ("2023", "2023-cü"),
    ("10", "10-cu"),
    (0, "0-cı"),
    (1, "1-ci"),
    (2, "2-ci"),
    (3, "3-cü"),
    (4, "4-cü"),
    (5, "5-ci"),
    (6, "6-cı"),
    (7, "7-ci"),
    (8, "8-ci"),
    (9, "9-cu"),
    (20, "20-ci"),
    (30, "30-cu"),
    (50, "50-ci"),
    (60, "60-cı"),
    (70, "70-ci"),
    (80, "80-ci"),
    (90, "90-cı"),
    (1000000, "1000000-cu"),
    (1000000000, "1000000000-cı"),
    ("2.1.3", "2.1.3-cü"),
    ("8.1.1", "8.1.1-ci"),
    ("2.2.5", "2.2.5-ci"),
    ("2.10", "2.10-cu"),
    (2024, "2024-cü"),
    (2018, "2018-ci"),
    (1001, "1001-ci"),
]


@pytest.mark.parametrize(("number", "expected"), HAND_ORDINALS)
def test_ordinal_hand_written(number: str | int, expected: str) -> None:
    assert ordinal(number) == expected


def test_ordinal_agrees_with_num2words_1_to_3000() -> None:
    disagreements = [
        n for n in range(1, 3001) if ordinal(n) != num2words(n, lang="az", to="ordinal_num")
    ]
    assert disagreements == []


def test_ordinal_str_and_int_agree() -> None:
    assert ordinal("119") == ordinal(119)


@pytest.mark.parametrize("bad", ["ç", "g", "2.4.a", "", "2.", ".2", "-1", "2,5", "1 000"])
def test_ordinal_rejects_letters_and_malformed(bad: str) -> None:
    with pytest.raises(ValueError):
        ordinal(bad)


def test_ordinal_rejects_negative_and_bool() -> None:
    with pytest.raises(ValueError):
        ordinal(-5)
    with pytest.raises(TypeError):
        ordinal(True)


ORDINAL_WORDS = [
    "birinci",
    "ikinci",
    "üçüncü",
    "dördüncü",
    "beşinci",
    "altıncı",
    "yeddinci",
    "səkkizinci",
    "doqquzuncu",
    "onuncu",
    "on birinci",
    "on ikinci",
    "on üçüncü",
]


def test_ordinal_word_hand_written() -> None:
    assert [ordinal_word(n) for n in range(1, 14)] == ORDINAL_WORDS


def test_ordinal_word_rejects_zero() -> None:
    with pytest.raises(ValueError):
        ordinal_word(0)


# Each number read aloud; the last word's last vowel picks -dan (a ı o u) or -dən (e ə i ö ü).
ABLATIVES = [
    (0, "0-dan"),  # sıfır
    (1, "1-dən"),  # bir
    (2, "2-dən"),  # iki
    (3, "3-dən"),  # üç
    (4, "4-dən"),  # dörd
    (5, "5-dən"),  # beş
    (6, "6-dan"),  # altı
    (7, "7-dən"),  # yeddi
    (8, "8-dən"),  # səkkiz
    (9, "9-dan"),  # doqquz
    (10, "10-dan"),  # on
    (11, "11-dən"),  # on bir
    (13, "13-dən"),  # on üç
    (16, "16-dan"),  # on altı
    (19, "19-dan"),  # on doqquz
    (20, "20-dən"),  # iyirmi
    (21, "21-dən"),  # iyirmi bir
    (30, "30-dan"),  # otuz
    (36, "36-dan"),  # otuz altı
    (40, "40-dan"),  # qırx
    (50, "50-dən"),  # əlli
    (60, "60-dan"),  # altmış
    (70, "70-dən"),  # yetmiş
    (80, "80-dən"),  # səksən
    (90, "90-dan"),  # doxsan
    (99, "99-dan"),  # doxsan doqquz
    (100, "100-dən"),  # yüz
    (101, "101-dən"),  # yüz bir
    (110, "110-dan"),  # yüz on
    (1000, "1000-dən"),  # min
    (2026, "2026-dan"),  # iki min iyirmi altı
    (3000, "3000-dən"),  # üç min
    (1000000, "1000000-dan"),  # milyon
    (1000000000, "1000000000-dan"),  # milyard
]


@pytest.mark.parametrize(("number", "expected"), ABLATIVES)
def test_ablative_hand_written(number: int, expected: str) -> None:
    assert ablative(number) == expected


def test_ablative_rejects_negative_bool_and_text() -> None:
    with pytest.raises(ValueError):
        ablative(-6)
    with pytest.raises(TypeError):
        ablative(True)
    with pytest.raises(TypeError):
        ablative("6")  # type: ignore[arg-type]


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "long", "short"),
    [
        (datetime.date(2020, 8, 3), "3 avqust 2020-ci il", "03.08.2020"),
        (datetime.date(2024, 1, 13), "13 yanvar 2024-cü il", "13.01.2024"),
        (datetime.date(2019, 5, 8), "8 may 2019-cu il", "08.05.2019"),
        (datetime.date(2018, 9, 21), "21 sentyabr 2018-ci il", "21.09.2018"),
        (datetime.date(2020, 7, 20), "20 iyul 2020-ci il", "20.07.2020"),
        (datetime.date(2018, 6, 26), "26 iyun 2018-ci il", "26.06.2018"),
        (datetime.date(2001, 3, 29), "29 mart 2001-ci il", "29.03.2001"),
        (datetime.date(2009, 12, 31), "31 dekabr 2009-cu il", "31.12.2009"),
        (datetime.date(2010, 2, 1), "1 fevral 2010-cu il", "01.02.2010"),
        (datetime.date(2030, 4, 4), "4 aprel 2030-cu il", "04.04.2030"),
        (datetime.date(2016, 10, 5), "5 oktyabr 2016-cı il", "05.10.2016"),
        (datetime.date(2040, 11, 9), "9 noyabr 2040-cı il", "09.11.2040"),
    ],
)
def test_dates(day: datetime.date, long: str, short: str) -> None:
    assert format_date(day) == long
    assert format_date_short(day) == short


# --- inflect -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "case", "possessive", "expected"),
    [
        ("Qərarı", Case.GEN, True, "Qərarının"),
        ("Qanun", Case.GEN, False, "Qanunun"),
        ("Əsasnamə", Case.DAT, False, "Əsasnaməyə"),
        ("siyahısı", Case.DAT, True, "siyahısına"),
        ("Qanun", Case.NOM, False, "Qanun"),
        ("Qanun", Case.ACC, False, "Qanunu"),
        ("Qanun", Case.DAT, False, "Qanuna"),
        ("Qanun", Case.LOC, False, "Qanunda"),
        ("Qanun", Case.ABL, False, "Qanundan"),
        ("Əsasnamə", Case.GEN, False, "Əsasnamənin"),
        ("Əsasnamə", Case.ACC, False, "Əsasnaməni"),
        ("Əsasnamə", Case.LOC, False, "Əsasnamədə"),
        ("Əsasnamə", Case.ABL, False, "Əsasnamədən"),
        ("Qərar", Case.DAT, False, "Qərara"),
        ("Məcəllə", Case.DAT, False, "Məcəlləyə"),
        ("Fərman", Case.GEN, False, "Fərmanın"),
        ("göndəriş", Case.GEN, False, "göndərişin"),
        ("şəhadətnamə", Case.ACC, False, "şəhadətnaməni"),
        ("büdcə", Case.GEN, False, "büdcənin"),
        ("söz", Case.GEN, False, "sözün"),
        ("üzv", Case.ACC, False, "üzvü"),
        ("qurum", Case.ACC, False, "qurumu"),
        ("orqan", Case.DAT, False, "orqana"),
        ("xalq", Case.DAT, False, "xalqa"),
        ("Agentlik", Case.LOC, False, "Agentlikdə"),
        ("Agentlik", Case.ABL, False, "Agentlikdən"),
        ("Qaydası", Case.LOC, True, "Qaydasında"),
        ("Qaydası", Case.ABL, True, "Qaydasından"),
        ("Qaydası", Case.ACC, True, "Qaydasını"),
        ("Nazirliyi", Case.DAT, True, "Nazirliyinə"),
        ("Vergilər Nazirliyi", Case.GEN, True, "Vergilər Nazirliyinin"),
        ("meyarları", Case.GEN, True, "meyarlarının"),
        ("Fərmanı", Case.GEN, True, "Fərmanının"),
        ("Qanunu", Case.LOC, True, "Qanununda"),
        ("QƏRAR", Case.DAT, False, "QƏRARA"),
        ("QANUN", Case.DAT, False, "QANUNA"),
        ("MƏCƏLLƏ", Case.DAT, False, "MƏCƏLLƏYƏ"),
    ],
)
def test_inflect(phrase: str, case: Case, possessive: bool, expected: str) -> None:
    assert inflect(phrase, case, possessive=possessive) == expected


def test_inflect_possessive_needs_final_vowel() -> None:
    with pytest.raises(ValueError):
        inflect("Qanun", Case.DAT, possessive=True)


@pytest.mark.parametrize("case", [Case.GEN, Case.ACC, Case.DAT])
def test_inflect_refuses_k_q_alternation(case: Case) -> None:
    # "Agentlik" -> "Agentliyə", "sahibkarlıq" -> "sahibkarlığa": not derived, so refused.
    with pytest.raises(ValueError):
        inflect("Agentlik", case)
    with pytest.raises(ValueError):
        inflect("sahibkarlıq", case)


def test_inflect_needs_a_vowel() -> None:
    for phrase in ("SMS", "2020", ""):
        with pytest.raises(ValueError):
            inflect(phrase, Case.GEN)


# --- quoted titles -------------------------------------------------------------------------


def test_quoted_plain_title() -> None:
    title = "Mikro, kiçik və orta sahibkarlıq subyektləri haqqında Əsasnamə"
    assert quoted(title) == "“Mikro, kiçik və orta sahibkarlıq subyektləri haqqında Əsasnamə”"


def test_quoted_title_opening_with_quote_is_not_doubled() -> None:
    assert quoted(KOB_TITLE) == "“KOB klaster şirkəti”nin meyarları”"


def test_quoted_rejects_empty() -> None:
    with pytest.raises(ValueError):
        quoted("")


def test_quoted_case_seed_003_genitive() -> None:
    # Seed 003, every note: "“KOB klaster şirkəti”nin meyarları”nın 2.4.2-ci yarımbəndindən".
    assert (
        quoted_case(KOB_TITLE, Case.GEN, possessive=True)
        == "“KOB klaster şirkəti”nin meyarları”nın"
    )


def test_quoted_case_seed_000_siyahisi_dative() -> None:
    # Seed 000, point 3: "… xidmətlərin siyahısı”na uyğun olaraq".
    assert quoted_case(SIYAHI_TITLE, Case.DAT, possessive=True) == (
        "“Kiçik və orta biznes evlərində mikro, kiçik və orta sahibkarlıq subyektlərinə "
        "göstərilən xidmətlərin siyahısı”na"
    )


def test_quoted_case_seed_000_esasname_genitive() -> None:
    # Seed 000, title of the decision: "… haqqında Əsasnamə”nin təsdiq edilməsi".
    result = quoted_case(ESASNAME_TITLE, Case.GEN)
    assert result.startswith("“Azərbaycan Respublikasının Kiçik")
    assert result.endswith("məsələlər haqqında Əsasnamə”nin")


@pytest.mark.parametrize(
    ("title", "case", "possessive", "ending"),
    [
        ("Dövlət rüsumu haqqında Qanun", Case.GEN, False, "Qanun”un"),
        ("Dövlət rüsumu haqqında Qanun", Case.DAT, False, "Qanun”a"),
        ("Mikro sahibkarlıq haqqında Əsasnamə", Case.DAT, False, "Əsasnamə”yə"),
        ("Mikro sahibkarlıq haqqında Əsasnamə", Case.LOC, False, "Əsasnamə”də"),
        ("Mikro sahibkarlıq haqqında Əsasnamə", Case.ABL, False, "Əsasnamə”dən"),
        ("Mikro sahibkarlıq haqqında Əsasnamə", Case.NOM, False, "Əsasnamə”"),
        ("Reyestrin aparılması Qaydası", Case.LOC, True, "Qaydası”nda"),
        ("Reyestrin aparılması Qaydası", Case.ABL, True, "Qaydası”ndan"),
        ("Reyestrin aparılması Qaydası", Case.GEN, True, "Qaydası”nın"),
        ("Reyestrin aparılması Qaydası", Case.ACC, True, "Qaydası”nı"),
        ("xidmətlərin siyahısı", Case.DAT, True, "siyahısı”na"),
        (KOB_TITLE, Case.DAT, True, "meyarları”na"),
        (KOB_TITLE, Case.LOC, True, "meyarları”nda"),
    ],
)
def test_quoted_case_endings(title: str, case: Case, possessive: bool, ending: str) -> None:
    result = quoted_case(title, case, possessive=possessive)
    assert result.startswith("“")
    assert result.endswith(ending)
    assert result.count("”") == title.count("”") + 1


# --- unit words ----------------------------------------------------------------------------

FORMS = [
    Form.BARE,
    Form.POSS,
    Form.GEN,
    Form.POSS_GEN,
    Form.POSS_DAT,
    Form.POSS_LOC,
    Form.POSS_ABL,
    Form.PLURAL,
]

UNIT_FORMS = {
    "bənd": ["bənd", "bəndi", "bəndin", "bəndinin", "bəndinə", "bəndində", "bəndindən", "bəndlər"],
    "maddə": [
        "maddə", "maddəsi", "maddənin", "maddəsinin", "maddəsinə", "maddəsində", "maddəsindən",
        "maddələr",
    ],
    "fəsil": ["fəsil", "fəsli", "fəslin", "fəslinin", "fəslinə", "fəslində", "fəslindən", "fəsillər"],
    "abzas": [
        "abzas", "abzası", "abzasın", "abzasının", "abzasına", "abzasında", "abzasından", "abzaslar",
    ],
    "yarımbənd": [
        "yarımbənd", "yarımbəndi", "yarımbəndin", "yarımbəndinin", "yarımbəndinə", "yarımbəndində",
        "yarımbəndindən", "yarımbəndlər",
    ],
    "hissə": [
        "hissə", "hissəsi", "hissənin", "hissəsinin", "hissəsinə", "hissəsində", "hissəsindən",
        "hissələr",
    ],
    "bölmə": [
        "bölmə", "bölməsi", "bölmənin", "bölməsinin", "bölməsinə", "bölməsində", "bölməsindən",
        "bölmələr",
    ],
    "cümlə": [
        "cümlə", "cümləsi", "cümlənin", "cümləsinin", "cümləsinə", "cümləsində", "cümləsindən",
        "cümlələr",
    ],
}


@pytest.mark.parametrize("unit", sorted(UNIT_FORMS))
def test_unit_word_table(unit: str) -> None:
    assert [unit_word(unit, form) for form in FORMS] == UNIT_FORMS[unit]


@pytest.mark.parametrize("unit", sorted(set(UNIT_FORMS) - {"fəsil"}))
def test_unit_word_agrees_with_inflect_for_regular_units(unit: str) -> None:
    # fəsil is irregular (vowel drop); the others follow the suffix rules exactly.
    poss = unit_word(unit, Form.POSS)
    assert unit_word(unit, Form.GEN) == inflect(unit, Case.GEN)
    assert unit_word(unit, Form.POSS_GEN) == inflect(poss, Case.GEN, possessive=True)
    assert unit_word(unit, Form.POSS_DAT) == inflect(poss, Case.DAT, possessive=True)
    assert unit_word(unit, Form.POSS_LOC) == inflect(poss, Case.LOC, possessive=True)
    assert unit_word(unit, Form.POSS_ABL) == inflect(poss, Case.ABL, possessive=True)


def test_unit_word_seed_003_phrases() -> None:
    assert f"{ordinal('2.4.2')} {unit_word('yarımbənd', Form.POSS_ABL)}" == "2.4.2-ci yarımbəndindən"
    assert f"{ordinal('2.5')} {unit_word('bənd', Form.POSS_LOC)}" == "2.5-ci bəndində"
    assert (
        f"{ordinal('2.6')} {unit_word('bənd', Form.GEN)} {ordinal(2)} "
        f"{unit_word('cümlə', Form.POSS_ABL)}"
    ) == "2.6-cı bəndin 2-ci cümləsindən"


def test_unit_word_unknown_names_known_units() -> None:
    with pytest.raises(ValueError) as info:
        unit_word("paraqraf", Form.BARE)
    message = str(info.value)
    for unit in UNIT_FORMS:
        assert unit in message


# --- words_label ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "nom", "abl"),
    [
        ("elektron vergi hesab-fakturası,", "sözləri", "sözlərindən"),
        ("Agentlik", "sözü", "sözündən"),
        ("Vergilər Nazirliyinə", "sözləri", "sözlərindən"),
        ("və ya elektron vergi hesab-fakturası", "sözləri", "sözlərindən"),
        ("(bundan sonra - Agentlik)", "sözləri", "sözlərindən"),
        ("2,5", "rəqəmi", "rəqəmindən"),
        ("3", "rəqəmi", "rəqəmindən"),
        ("2,5 3", "rəqəmləri", "rəqəmlərindən"),
        ("2,5 milyon", "sözləri", "sözlərindən"),
        ("“Agentlik”,", "sözü", "sözündən"),
    ],
)
def test_words_label(words: str, nom: str, abl: str) -> None:
    assert words_label(words, Case.NOM) == nom
    assert words_label(words, Case.ABL) == abl


@pytest.mark.parametrize("case", [Case.GEN, Case.DAT, Case.LOC, Case.ACC])
def test_words_label_other_cases_rejected(case: Case) -> None:
    with pytest.raises(ValueError):
        words_label("Agentlik", case)


def test_words_label_needs_words() -> None:
    with pytest.raises(ValueError):
        words_label(" , - ", Case.NOM)


# --- casing and folding --------------------------------------------------------------------


def test_az_lower_upper() -> None:
    assert az_lower("İNKİŞAFI") == "inkişafı"
    assert az_upper("inkişaf") == "İNKİŞAF"
    assert az_lower("QIZ") == "qız"
    assert az_upper("qız") == "QIZ"
    assert az_upper("Əsasnamə") == "ƏSASNAMƏ"
    assert az_lower("QƏRARA EDİLMİŞ DƏYİŞİKLİK") == "qərara edilmiş dəyişiklik"
    assert az_upper("qərara edilmiş dəyişiklik") == "QƏRARA EDİLMİŞ DƏYİŞİKLİK"


def test_az_casefold_compares_case_insensitively() -> None:
    assert az_casefold("İQTİSADİYYAT NAZİRLİYİ") == az_casefold("İqtisadiyyat Nazirliyi")
    assert az_casefold("KOLLEGIYASININ") == "kollegıyasının"  # the seed's Latin I stays dotless
    assert az_casefold("İ".lower()) == "i"  # Python's "i̇" loses its stray dot
    assert az_casefold("s\u0327ura") == "şura"  # decomposed ş from PDF extraction


def test_ascii_fold() -> None:
    assert ascii_fold("Əsasnamə") == "esasname"
    assert ascii_fold("sahibkarlıq") == "sahibkarliq"
    assert ascii_fold("İNKİŞAFI") == "inkisafi"
    assert ascii_fold("Çoxluğu Ölkə Üzvü") == "coxlugu olke uzvu"


AZ_LETTERS = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
AZ_LETTERS_BOTH_CASES = AZ_LETTERS + "ABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ"


@given(st.text())
def test_ascii_fold_idempotent(text: str) -> None:
    once = ascii_fold(text)
    assert ascii_fold(once) == once


@given(st.text(alphabet=AZ_LETTERS_BOTH_CASES, min_size=1))
def test_ascii_fold_of_azerbaijani_letters_is_ascii_letters(text: str) -> None:
    folded = ascii_fold(text)
    assert len(folded) == len(text)
    assert all("a" <= char <= "z" for char in folded)


@given(st.text(alphabet=AZ_LETTERS_BOTH_CASES))
def test_az_lower_upper_round_trip(text: str) -> None:
    assert az_lower(az_upper(text)) == az_lower(text)
    assert az_upper(az_lower(text)) == az_upper(text)
    assert len(az_lower(text)) == len(text)


# --- sorting -------------------------------------------------------------------------------


def test_sort_order_hand_written() -> None:
    expected = [
        "ağac",
        "cəza",
        "çay",
        "dağ",
        "dam",
        "dövlət",
        "ev",
        "ədliyyə",
        "fərman",
        "hüquq",
        "xalq",
        "ılıq",
        "iqtisadiyyat",
        "İnkişaf",
        "kənd",
        "qanun",
        "qız",
        "qiymət",
        "məcəllə",
        "oğul",
        "ox",
        "orqan",
        "öz",
        "sahə",
        "Şura",
        "uşaq",
        "üzv",
        "zəmanət",
    ]
    shuffled = sorted(expected, key=lambda word: word[::-1])
    assert shuffled != expected
    assert sorted(shuffled, key=sort_key) == expected


def test_sort_digits_first_other_characters_last() -> None:
    assert sorted(["az", "a-b", "2019", "Ab"], key=sort_key) == ["2019", "Ab", "az", "a-b"]


def test_sort_case_insensitive() -> None:
    assert sort_key("QANUN")[0] == sort_key("qanun")[0]
    assert sorted(["Ilıq", "İlkin"], key=sort_key) == ["Ilıq", "İlkin"]


# --- sentences -----------------------------------------------------------------------------

# Seed 003, point 2.6 as currently in force.
POINT_2_6 = (
    "2.6. Bu Meyarların 2.2-ci bəndi üzrə nəzərdə tutulan investisiyanın obyektini kimi əvvəllər "
    "sahibkarlıq fəaliyyətində istifadə edilmiş aktivlər, o cümlədən əsas vəsaitlər çıxış etmir və "
    "həmin aktivlərin dəyəri “KOB klaster şirkəti”nin həyata keçirəcəyi layihə üzrə investisiyanın "
    "həcminə daxil edilmir. “KOB klaster şirkəti”nin aktivi kimi yalnız “KOB klaster şirkəti”nin "
    "tərəfindən bu Meyarlarla müəyyən olunmuş investisiya qoyuluşu çərçivəsində gömrük "
    "qanunvericiliyinə uyğun olaraq idxal gömrük sənədləri əsasında əldə edilmiş aktivlər və ya "
    "Vergi Məcəlləsinə uyğun olaraq elektron qaimə-faktura əsasında əldə edilmiş aktivlər çıxış "
    "edə bilər."
)

# Seed 000, point 5.9.2 as extracted from the PDF (line ends and trailing spaces kept).
POINT_5_9_2 = (
    "5.9.2. Koordinasiya Qrupunun iclasları 6 (altı) ayda bir dəfədən \n"
    "az olmayaraq keçirilir. Növbədənkənar qaydada iclas Agentliyin \n"
    " təşəbbüsü əsasında və ya Koordinasiya Qrupunun istənilən üzvünün \n"
    "Koordinasiya Qrupunun Katibliyinə göndərdiyi müraciətə əsasən \n"
    "keçirilir; \n"
)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def test_split_sentences_point_2_6() -> None:
    sentences = split_sentences(POINT_2_6)
    assert len(sentences) == 2
    assert sentences[0].endswith("həcminə daxil edilmir.")
    assert sentences[1].startswith("“KOB klaster şirkəti”nin aktivi kimi yalnız")
    assert " ".join(sentences) == POINT_2_6


def test_split_sentences_point_2_6_without_number() -> None:
    body = POINT_2_6.removeprefix("2.6. ")
    sentences = split_sentences(body)
    assert len(sentences) == 2
    assert sentences[0].startswith("Bu Meyarların")


def test_split_sentences_point_2_6_with_consolidation_markup() -> None:
    marked = POINT_2_6.replace(
        "qaimə-faktura əsasında", "qaimə-faktura ~~və ya elektron vergi hesab-fakturası~~ əsasında"
    ) + " <sup>[3]</sup>"
    assert len(split_sentences(marked)) == 2


def test_split_sentences_point_5_9_2() -> None:
    sentences = split_sentences(POINT_5_9_2)
    assert sentences == [
        "5.9.2. Koordinasiya Qrupunun iclasları 6 (altı) ayda bir dəfədən az olmayaraq keçirilir.",
        "Növbədənkənar qaydada iclas Agentliyin təşəbbüsü əsasında və ya Koordinasiya Qrupunun "
        "istənilən üzvünün Koordinasiya Qrupunun Katibliyinə göndərdiyi müraciətə əsasən keçirilir;",
    ]
    assert " ".join(sentences) == _collapse(POINT_5_9_2)


def test_split_sentences_abbreviation_before_lower_case() -> None:
    text = (
        "2.1.4.3. qonaqlama və yerləşdirmə xidmətlərinin (mehmanxana, motel, kempinq və s.) "
        "göstərilməsi."
    )
    assert split_sentences(text) == [text]


def test_split_sentences_boundaries() -> None:
    text = "Birinci cümlə. İkinci cümlə! “Üçüncü” cümlə? 4 gün keçdi (qeyd.) Əlavə. Bu “söz.” Son."
    assert split_sentences(text) == [
        "Birinci cümlə.",
        "İkinci cümlə!",
        "“Üçüncü” cümlə?",
        "4 gün keçdi (qeyd.)",
        "Əlavə.",
        "Bu “söz.”",
        "Son.",
    ]


def test_split_sentences_no_boundary_without_space_or_capital() -> None:
    assert split_sentences("2.2-ci bəndi. bu davam edir.") == ["2.2-ci bəndi. bu davam edir."]
    assert split_sentences("məbləğ 2.5 milyon.") == ["məbləğ 2.5 milyon."]


def test_split_sentences_empty() -> None:
    assert split_sentences("  \n ") == []
