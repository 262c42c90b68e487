"""Every kind of change, on the Regulation (annex `esasname` of Decision No 21) and on a law.

The amending acts are test fixtures, not law: tests/fixtures/*/acts/fixture-*.yaml. Every expected
text and note below is written by hand — the provision wording from the Regulation as the seed gives it
with the change applied, the note from the formulas of DOMAIN.md §4 — never copied from the tool's
output.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.consolidate import Version, VersionedProvision, consolidate
from generator.model import BODY, Act, Change, ChangeKind, Document, Provision, Register, Target
from generator.notes import PREVIOUS_WORDING
from generator.pipeline import load_and_consolidate, render_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ACT = "nk-2024-21"
DOC = "esasname"

ADOPTED = dt.date(2024, 1, 13)
FIRST = dt.date(2025, 3, 17)  # fixture-amendment-1 in force
SECOND = dt.date(2025, 6, 9)  # fixture-amendment-2 in force

CITE1 = (
    "10 mart 2025-ci il tarixli 9999 nömrəli Azərbaycan Respublikasının Nazirlər Kabinetinin Qərarı "
    "(Hüquqi Aktların Dövlət Reyestrinin qeydiyyat nömrəsi 14202503109999, "
    "Hüquqi Aktların Dövlət Reyestrinə daxil edildiyi tarix 17 mart 2025-ci il)"
)
CITE2 = (
    "2 iyun 2025-ci il tarixli 9998 nömrəli Azərbaycan Respublikasının Nazirlər Kabinetinin Qərarı "
    "(Hüquqi Aktların Dövlət Reyestrinin qeydiyyat nömrəsi 14202506029998, "
    "Hüquqi Aktların Dövlət Reyestrinə daxil edildiyi tarix 9 iyun 2025-ci il)"
)
# The Regulation's title; it ends in the plain noun “Əsasnamə”: genitive “”nin”, dative “”yə”.
REG = (
    "“Azərbaycan Respublikasının Kiçik və Orta Biznesin İnkişafı Agentliyi yanında daimi fəaliyyət "
    "göstərən Koordinasiya Qrupunun tərkibi, səlahiyyətləri və fəaliyyəti ilə bağlı məsələlər "
    "haqqında Əsasnamə”"
)


@pytest.fixture(scope="module")
def corpus():
    return load_and_consolidate(FIXTURES / "regulation-amendments")


@pytest.fixture(scope="module")
def v0(corpus) -> Version:
    return corpus.histories[ACT].at(ADOPTED)


@pytest.fixture(scope="module")
def v1(corpus) -> Version:
    return corpus.histories[ACT].at(FIRST)


@pytest.fixture(scope="module")
def v2(corpus) -> Version:
    return corpus.histories[ACT].at(SECOND)


def provision(version: Version, pid: str, doc: str = DOC) -> VersionedProvision:
    """A provision by its stable id (its number when first adopted)."""
    found = [p for p in version.document(doc).walk() if p.id == pid]
    assert len(found) == 1, f"{pid}: {len(found)} provisions"
    return found[0]


def note_on(version: Version, pid: str, doc: str = DOC):
    found = [n for n in version.notes if (n.document, n.provision) == (doc, pid)]
    assert len(found) == 1, f"{pid}: {len(found)} notes"
    return found[0]


def note_texts(version: Version, pid: str, doc: str = DOC) -> list[str]:
    return [e.text for e in note_on(version, pid, doc).entries]


# --- the versions ----------------------------------------------------------------------------

def test_three_versions(corpus):
    history = corpus.histories[ACT]
    assert [v.start for v in history.versions] == [ADOPTED, FIRST, SECOND]
    assert history.at(FIRST - dt.timedelta(days=1)).start == ADOPTED
    assert history.at(SECOND - dt.timedelta(days=1)).start == FIRST
    assert history.versions[1].end == SECOND - dt.timedelta(days=1)


def test_adopted_version_has_no_notes_and_the_seed_wording(v0):
    assert v0.notes == ()
    assert v0.amending_acts == ()
    assert provision(v0, "5.9.1").text == (
        "Koordinasiya Qrupunun iclasları açıq keçirilir və onun üzvlərindən azı yarıdan çoxu iştirak "
        "etdikdə səlahiyyətli sayılır;"
    )
    assert all(v0.note_number(d.id, p.id) is None for d in v0.documents for p in d.walk())


# --- words -----------------------------------------------------------------------------------

def test_replace_one_word(v1):
    p = provision(v1, "5.9.1")
    assert p.text == (
        "Koordinasiya Qrupunun iclasları qapalı keçirilir və onun üzvlərindən azı yarıdan çoxu iştirak "
        "etdikdə səlahiyyətli sayılır;"
    )
    assert note_texts(v1, "5.9.1") == [
        f"{CITE1} ilə {REG}nin 5.9.1-ci yarımbəndində “açıq” sözü “qapalı” sözü ilə əvəz edilmişdir."
    ]


def test_replace_words_changes_view(v1):
    """The changes view keeps the replaced word (struck through) next to the new one (italic)."""
    segments = [(s.kind, s.text) for s in provision(v1, "5.9.1").text_changes]
    assert segments == [
        ("same", "Koordinasiya Qrupunun iclasları "),
        ("del", "açıq"),
        ("ins", "qapalı"),
        ("same", " keçirilir və onun üzvlərindən azı yarıdan çoxu iştirak etdikdə səlahiyyətli sayılır;"),
    ]


def test_replace_words_occurrence_all(v1):
    assert provision(v1, "5.6.1").text == (
        "Qrupun üzvlərini və Qrupun iclasına dəvət edilmiş digər şəxsləri iclasın yeri, tarixi, vaxtı "
        "və gündəliyi barədə məlumatlandırır;"
    )
    # sözləri for several words, sözü for one, each side on its own
    assert note_texts(v1, "5.6.1") == [
        f"{CITE1} ilə {REG}nin 5.6.1-ci yarımbəndində “Koordinasiya Qrupunun” sözləri “Qrupun” sözü ilə "
        "əvəz edilmişdir."
    ]


def test_delete_word_occurrence_n(v1):
    """Only the second “digər” of 1.3 goes; the first (“və digər qanunlarını”) stays."""
    assert provision(v1, "1.3").text == (
        "Koordinasiya Qrupu öz fəaliyyətində Azərbaycan Respublikasının Konstitusiyasını, Azərbaycan "
        "Respublikasının tərəfdar çıxdığı beynəlxalq müqavilələri, “Mikro, kiçik və orta sahibkarlığın "
        "inkişafı haqqında” Azərbaycan Respublikasının Qanununu və digər qanunlarını, Azərbaycan "
        "Respublikası Prezidentinin fərman və sərəncamlarını, bu Əsasnaməni, Azərbaycan Respublikası "
        "Nazirlər Kabinetinin qərarlarını həmçinin sərəncamlarını rəhbər tutur."
    )
    assert note_texts(v1, "1.3") == [f"{CITE1} ilə {REG}nin 1.3-cü bəndindən “digər” sözü çıxarılmışdır."]


def test_delete_words_after_opening_parenthesis(v1):
    """Punctuation inside the quotes is part of the words; no space is left after “(”."""
    assert provision(v1, "4.1.3").text == (
        "öz fəaliyyətini həyata keçirmək məqsədilə daimi və ya müvəqqəti işçi orqanlar (komissiyalar, "
        "ekspert qrupları, işçi qruplar və s.) yaratmaq;"
    )
    assert note_texts(v1, "4.1.3") == [
        f"{CITE1} ilə {REG}nin 4.1.3-cü yarımbəndindən “komitələr,” sözü çıxarılmışdır."
    ]


def test_insert_words_after(v1):
    assert provision(v1, "5.6.9").text == "Koordinasiya Qrupunun kargüzarlıq işini və arxivini təşkil edir;"
    assert note_texts(v1, "5.6.9") == [
        f"{CITE1} ilə {REG}nin 5.6.9-cu yarımbəndində “kargüzarlıq işini” sözlərindən sonra “və arxivini” "
        "sözləri əlavə edilmişdir."
    ]


def test_insert_words_before(v1):
    assert provision(v1, "5.8").text == (
        "Koordinasiya Qrupunun gündəliyinə daxil edilmiş sənədlər adi hallarda 5 (beş) gün, təcili "
        "olduqda isə (növbədənkənar iclasın keçirilməsi halında) 2 (iki) gün müddətində Koordinasiya "
        "Qrupunun üzvlərinə elektron qaydada təqdim edilir və onlara Koordinasiya Qrupunun iclasında "
        "baxılır."
    )
    assert note_texts(v1, "5.8") == [
        f"{CITE1} ilə {REG}nin 5.8-ci bəndində “təqdim edilir” sözlərindən əvvəl “elektron qaydada” "
        "sözləri əlavə edilmişdir."
    ]


def test_insert_words_after_anchor_before_closing_parenthesis(v2):
    assert provision(v2, "1.4").text == (
        "Koordinasiya Qrupu öz fəaliyyətini mərkəzi və yerli icra hakimiyyəti orqanları, yerli "
        "özünüidarəetmə orqanları, dövlətin adından yaradılan publik hüquqi şəxslər və dövlət "
        "mülkiyyətində olan və ya səhmlərinin (paylarının və ya hissələrinin) nəzarət zərfi dövlətə "
        "məxsus olan hüquqi şəxslər, habelə mikro, kiçik və orta sahibkarlıq subyektləri və "
        "qeyri-kommersiya təşkilatları ilə əlaqəli həyata keçirir."
    )
    # a single anchor word takes “sözündən”
    assert note_texts(v2, "1.4") == [
        f"{CITE2} ilə {REG}nin 1.4-cü bəndində “paylarının” sözündən sonra “və ya hissələrinin” sözləri "
        "əlavə edilmişdir."
    ]


def test_insert_words_beginning_with_comma(v2):
    """Words that begin with punctuation attach to the anchor: “(qurumuna), habelə …”, not “(qurumuna) , …”."""
    assert provision(v2, "3.1.4").text.endswith(
        "təkliflər irəli sürmək və aidiyyəti dövlət orqanına (qurumuna), habelə Agentliyə təqdim etmək;"
    )
    assert note_texts(v2, "3.1.4") == [
        f"{CITE2} ilə {REG}nin 3.1.4-cü yarımbəndində “(qurumuna)” sözündən sonra “, habelə Agentliyə” "
        "sözləri əlavə edilmişdir."
    ]


def test_insert_words_before_anchor_after_opening_parenthesis(v2):
    assert provision(v2, "5.6.3").text == (
        "Koordinasiya Qrupunun iclaslarında müzakirə olunan məsələlər barədə məlumatları (dövlət sirri "
        "və əldə edilməsi qanunla məhdudlaşdırılan məlumatlar istisna olmaqla) Agentliyin rəsmi "
        "internet səhifəsində yerləşdirilməsini təmin edir;"
    )
    assert note_texts(v2, "5.6.3") == [
        f"{CITE2} ilə {REG}nin 5.6.3-cü yarımbəndində “əldə edilməsi” sözlərindən əvvəl “dövlət sirri və” "
        "sözləri əlavə edilmişdir."
    ]


# Spacing of inserted words, on a one-point act built in memory: the inserted words are separated from
# the words around them by one space, but touch brackets, quotes and punctuation, as printed texts do.
INSERTIONS = [
    # (text, anchor, before?, words, expected text, how the note names the anchor)
    ("şəxslər, habelə digərləri.", "şəxslər,", False, "təşkilatlar,", "şəxslər, təşkilatlar, habelə digərləri.",
     "“şəxslər,” sözündən sonra"),
    ("orqanına (qurumuna) təqdim etmək;", "(qurumuna)", False, ", habelə Agentliyə",
     "orqanına (qurumuna), habelə Agentliyə təqdim etmək;", "“(qurumuna)” sözündən sonra"),
    ("məlumatları (əldə edilməsi məhdud) yerləşdirir;", "məlumatları (", False, "dövlət sirri və",
     "məlumatları (dövlət sirri və əldə edilməsi məhdud) yerləşdirir;", "“məlumatları (” sözündən sonra"),
    ("işini təşkil edir;", "təşkil edir", False, "və ona nəzarət", "işini təşkil edir və ona nəzarət;",
     "“təşkil edir” sözlərindən sonra"),
    ("işini təşkil edir", "təşkil edir", False, "və yoxlayır", "işini təşkil edir və yoxlayır",
     "“təşkil edir” sözlərindən sonra"),
    ("Agentlik təqdim edir.", "Agentlik", True, "Bu", "Bu Agentlik təqdim edir.", "“Agentlik” sözündən əvvəl"),
    ("şəxslər, habelə digərləri.", ", habelə", True, "və təşkilatlar", "şəxslər və təşkilatlar, habelə digərləri.",
     "“, habelə” sözündən əvvəl"),
    ("“KOB evləri” yaradılır.", "KOB evləri", True, "Yeni", "“Yeni KOB evləri” yaradılır.",
     "“KOB evləri” sözlərindən əvvəl"),
    ("səhmlərinin (paylarının) zərfi", "paylarının", True, "ya", "səhmlərinin (ya paylarının) zərfi",
     "“paylarının” sözündən əvvəl"),
]


@pytest.mark.parametrize("text, anchor, before, words, expected, named", INSERTIONS,
                         ids=[f"{'before' if i[2] else 'after'}:{i[1]}" for i in INSERTIONS])
def test_insert_words_spacing(text, anchor, before, words, expected, named):
    day = dt.date(2025, 3, 17)
    amended = Act(id="t", type="qərar", adopted=ADOPTED, path="t.yaml", title="Sınaq haqqında",
                  cited_as="Azərbaycan Respublikasının Nazirlər Kabinetinin Qərarı", number="1",
                  body=Document(BODY, (Provision("1", "1", "bənd", None, text),)))
    change = Change(ChangeKind.INSERT_WORDS, Target("t", provision="1"), "a", 1, day, old=anchor, new=words,
                    before=before)
    amending = Act(id="a", type="qərar", adopted=dt.date(2025, 3, 10), path="a.yaml", number="9999", in_force=day,
                   cited_as="Azərbaycan Respublikasının Nazirlər Kabinetinin Qərarı",
                   register=Register("14202503109999", day), changes=(change,))
    histories, problems = consolidate((amended, amending))
    assert problems == []
    version = histories["t"].at(day)
    assert version.document(BODY).find("1").text == expected
    label = "sözü" if len(words.replace(",", " ").split()) == 1 else "sözləri"
    assert version.notes[0].entries[0].text == (
        f"{CITE1} ilə “Sınaq haqqında” Azərbaycan Respublikasının Nazirlər Kabinetinin Qərarının 1-ci bəndində "
        f"{named} “{words}” {label} əlavə edilmişdir."
    )


# --- provisions ------------------------------------------------------------------------------

def test_restate_provision(v1):
    assert provision(v1, "5.4").text == (
        "Koordinasiya Qrupunun rəhbəri olmadıqda və ya öz vəzifələrini icra edə bilmədikdə, onun "
        "funksiyalarını Koordinasiya Qrupunun rəhbərinin müavini həyata keçirir."
    )
    (entry,) = note_on(v1, "5.4").entries
    assert entry.text == f"{CITE1} ilə {REG}nin 5.4-cü bəndi yeni redaksiyada verilmişdir."
    assert entry.previous == (
        "5.4. Koordinasiya Qrupunun rəhbəri olmadıqda, onun funksiyalarını Koordinasiya Qrupunun "
        "rəhbərinin müavini həyata keçirir."
    )


def test_restated_provision_note_is_followed_by_previous_wording(corpus):
    text = render_text(corpus, ACT, FIRST, "txt")
    number = note_on(corpus.histories[ACT].at(FIRST), "5.4").number
    expected = (
        f"[{number}] {CITE1} ilə {REG}nin 5.4-cü bəndi yeni redaksiyada verilmişdir.\n\n"
        "Əvvəlki redaksiyada deyilirdi:\n\n"
        "5.4. Koordinasiya Qrupunun rəhbəri olmadıqda, onun funksiyalarını Koordinasiya Qrupunun "
        "rəhbərinin müavini həyata keçirir."
    )
    assert PREVIOUS_WORDING == "Əvvəlki redaksiyada deyilirdi:"
    assert expected in text


def test_restate_provision_with_sub_points(v1):
    """The new wording replaces the old sub-points; the new ones may take the old numbers."""
    restated = provision(v1, "5.3")
    assert restated.text == "Koordinasiya Qrupunun rəhbəri:"
    assert [(c.num, c.text) for c in restated.children] == [
        ("5.3.1", "Koordinasiya Qrupunun fəaliyyətinə ümumi rəhbərliyi həyata keçirir;"),
        ("5.3.2", "Koordinasiya Qrupunun iclaslarına sədrlik edir;"),
        ("5.3.3", "Koordinasiya Qrupunun qərarlarını, təkliflərini və tövsiyələrini imzalayır;"),
        ("5.3.4", "bu Əsasnamə ilə müəyyən edilmiş digər səlahiyyətləri həyata keçirir."),
    ]
    assert all(v1.note_number(DOC, c.id) is None for c in restated.children)
    (entry,) = note_on(v1, "5.3").entries
    assert entry.text == f"{CITE1} ilə {REG}nin 5.3-cü bəndi yeni redaksiyada verilmişdir."
    assert entry.previous == "\n".join([
        "5.3. Koordinasiya Qrupunun rəhbəri aşağıdakı vəzifələri yerinə yetirir:",
        "5.3.1. Koordinasiya Qrupunun fəaliyyətinin istiqamətlərini müəyyənləşdirir və hər təqvim ili üçün "
        "onun fəaliyyət proqramını təsdiq edir;",
        "5.3.2. Koordinasiya Qrupunun fəaliyyəti ilə bağlı zəruri olan qərarları və məktubları, o cümlədən "
        "Koordinasiya Qrupunun iclaslarında qəbul edilmiş təklifləri və tövsiyələri imzalayır;",
        "5.3.3. Koordinasiya Qrupunun fəaliyyətinin təşkili ilə bağlı digər işləri həyata keçirir.",
    ])


def test_add_provision_at_end_of_parent(v1):
    children = [p.num for p in provision(v1, "3.1").children]
    assert children == ["3.1.1", "3.1.2", "3.1.3", "3.1.4", "3.1.5", "3.1.6"]
    added = provision(v1, "3.1.6")
    assert added.text == "Koordinasiya Qrupunun fəaliyyəti barədə ictimaiyyəti məlumatlandırmaq."
    assert added.added
    assert note_texts(v1, "3.1.6") == [
        f"{CITE1} ilə {REG}nin 3.1-ci bəndinə yeni məzmunda 3.1.6-cı yarımbənd əlavə edilmişdir."
    ]


def test_renumber_then_add_after_sibling(v1):
    nums = [p.num for p in provision(v1, "5").children]
    assert nums == ["5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9", "5.10", "5.11", "5.12"]
    # the old 5.11 keeps its identity under its new number
    old = provision(v1, "5.11")
    assert old.num == "5.12"
    assert old.text == (
        "Bu Əsasnamənin 4.1.4-cü və 4.1.5-ci yarımbəndləri ilə Koordinasiya Qrupunun iclaslarına dəvəti "
        "nəzərdə tutulmuş şəxslərin yalnız təkliflər vermək və müvafiq məsələlərə dair rəy bildirmək "
        "hüquqları vardır."
    )
    assert note_texts(v1, "5.11") == [f"{CITE1} ilə {REG}nin 5.11-ci bəndi 5.12-ci bənd hesab edilmişdir."]
    new = provision(v1, "5.11-fixture")
    assert new.num == "5.11"
    assert new.text == (
        "Koordinasiya Qrupunun iclaslarında qəbul edilmiş aktların surətləri 3 (üç) iş günü müddətində "
        "Koordinasiya Qrupunun üzvlərinə göndərilir."
    )
    assert note_texts(v1, "5.11-fixture") == [
        f"{CITE1} ilə {REG}nin 5-ci hissəsinə yeni məzmunda 5.11-ci bənd əlavə edilmişdir."
    ]
    assert v1.document(DOC).find("5.11") is new


def test_add_provision_to_the_document_itself(v1):
    chapter = provision(v1, "6")
    assert [p.num for p in v1.document(DOC).provisions] == ["1", "2", "3", "4", "5", "6"]
    assert chapter.heading == "Yekun müddəa"
    assert [(c.num, c.text) for c in chapter.children] == [(
        "6.1",
        "Bu Əsasnamənin tələblərinin pozulmasına görə təqsirkar şəxslər qanunvericiliyə uyğun olaraq "
        "məsuliyyət daşıyırlar.",
    )]
    # the Regulation itself takes the dative: plain noun “Əsasnamə” → ”yə
    assert note_texts(v1, "6") == [f"{CITE1} ilə {REG}yə yeni məzmunda 6-cı hissə əlavə edilmişdir."]
    # one note for the chapter, none for what it brings with it
    assert v1.note_number(DOC, provision(v1, "6.1").id) is None


def test_delete_provision_verb_legv(v1):
    gone = provision(v1, "2.1.2")
    assert gone.removed and gone.text is None
    assert v1.document(DOC).find("2.1.2") is None
    (entry,) = note_on(v1, "2.1.2").entries
    assert entry.text == f"{CITE1} ilə {REG}nin 2.1.2-ci yarımbəndi ləğv edilmişdir."
    assert entry.previous == (
        "2.1.2. mikro, kiçik və orta sahibkarlığın inkişafı sahəsində dövlət siyasətinin hazırlanmasında "
        "və həyata keçirilməsində iştirak etmək;"
    )


def test_delete_provision_verb_cixarilsin(v1):
    assert provision(v1, "5.6.4").removed
    (entry,) = note_on(v1, "5.6.4").entries
    assert entry.text == f"{CITE1} ilə {REG}nin 5.6.4-cü yarımbəndi çıxarılmışdır."
    assert entry.previous == (
        "5.6.4. Koordinasiya Qrupunun iclaslarına dəvət olunan şəxsləri arayış və məlumat materialları "
        "ilə təmin edir və bu kimi digər işləri təşkil edir;"
    )


# --- sentences -------------------------------------------------------------------------------

def test_add_sentence(v1):
    assert provision(v1, "5.10").text == (
        "Koordinasiya Qrupu təşkilati məsələlər üzrə qərarlar, digər məsələlər üzrə isə təkliflər və "
        "tövsiyələr qəbul edir. Koordinasiya Qrupunun qərarları onun üzvləri üçün məcburidir."
    )
    # State Register style: the sentence number in digits; the provision in the possessive dative
    assert note_texts(v1, "5.10") == [f"{CITE1} ilə {REG}nin 5.10-cu bəndinə 2-ci cümlə əlavə edilmişdir."]


def test_delete_sentence(v1):
    assert provision(v1, "5.5").text == (
        "Koordinasiya Qrupunun cari fəaliyyətinin təşkili Koordinasiya Qrupunun daimi orqanı hesab "
        "edilən Katibliyi tərəfindən həyata keçirilir."
    )
    (entry,) = note_on(v1, "5.5").entries
    assert entry.text == f"{CITE1} ilə {REG}nin 5.5-ci bəndin 2-ci cümləsi çıxarılmışdır."
    assert entry.previous == (
        "Koordinasiya Qrupunun Katibliyinin funksiyalarını Agentliyin müvafiq struktur bölməsi həyata keçirir."
    )


def test_restate_sentence(v1):
    assert provision(v1, "5.9.4").text == (
        "Koordinasiya Qrupunun aktları (qərarlar, təkliflər və tövsiyələr) iclasda iştirak edənlərin sadə "
        "səs çoxluğu ilə qəbul edilir və Koordinasiya Qrupunun rəhbəri tərəfindən imzalanır. Səslər "
        "bərabər olduqda, iclasa sədrlik edən şəxsin səsi həlledici hesab edilir;"
    )
    (entry,) = note_on(v1, "5.9.4").entries
    assert entry.text == f"{CITE1} ilə {REG}nin 5.9.4-cü yarımbəndin 2-ci cümləsi yeni redaksiyada verilmişdir."
    assert entry.previous == "Səslər bərabər olduqda, Koordinasiya Qrupunun rəhbərinin səsi həlledici hesab edilir;"


# --- headings --------------------------------------------------------------------------------

def test_replace_words_in_heading(v1):
    chapter = provision(v1, "5")
    assert chapter.heading == "Koordinasiya Qrupunun tərkibi, səlahiyyətləri və fəaliyyətinin təşkili"
    assert note_texts(v1, "5") == [
        f"{CITE1} ilə {REG}nin 5-ci hissənin adında “tərkibi” sözü “tərkibi, səlahiyyətləri” sözləri ilə "
        "əvəz edilmişdir."
    ]


def test_restate_heading(v1):
    assert provision(v1, "4").heading == "Koordinasiya Qrupunun hüquqları və öhdəlikləri"
    (entry,) = note_on(v1, "4").entries
    assert entry.text == f"{CITE1} ilə {REG}nin 4-cü hissənin adı yeni redaksiyada verilmişdir."
    assert entry.previous == "Koordinasiya Qrupunun hüquqları"


def test_heading_marker_in_text(corpus, v1):
    text = render_text(corpus, ACT, FIRST, "txt")
    n4, n5 = note_on(v1, "4").number, note_on(v1, "5").number
    assert f"\n4. Koordinasiya Qrupunun hüquqları və öhdəlikləri [{n4}]\n" in text
    assert f"\n5. Koordinasiya Qrupunun tərkibi, səlahiyyətləri və fəaliyyətinin təşkili [{n5}]\n" in text


# --- a second amending act -------------------------------------------------------------------

def test_second_act_adds_a_paragraph_to_an_existing_note(v2):
    assert provision(v2, "5.9.1").text == (
        "Koordinasiya Qrupunun iclasları açıq keçirilir və onun üzvlərindən azı yarıdan çoxu iştirak "
        "etdikdə səlahiyyətli sayılır;"
    )
    assert note_texts(v2, "5.9.1") == [
        f"{CITE1} ilə {REG}nin 5.9.1-ci yarımbəndində “açıq” sözü “qapalı” sözü ilə əvəz edilmişdir.",
        f"{CITE2} ilə {REG}nin 5.9.1-ci yarımbəndində “qapalı” sözü “açıq” sözü ilə əvəz edilmişdir.",
    ]


def test_second_act_note_in_rendered_text(corpus, v2):
    text = render_text(corpus, ACT, SECOND, "txt")
    n = note_on(v2, "5.9.1").number
    assert (
        f"[{n}] {CITE1} ilə {REG}nin 5.9.1-ci yarımbəndində “açıq” sözü “qapalı” sözü ilə əvəz edilmişdir.\n\n"
        f"{CITE2} ilə {REG}nin 5.9.1-ci yarımbəndində “qapalı” sözü “açıq” sözü ilə əvəz edilmişdir."
    ) in text


def test_replace_word_in_first_point(v2):
    assert provision(v2, "1.1").text.endswith(
        "yanında daimi fəaliyyət göstərən Koordinasiya Qrupunun (bundan sonra – Koordinasiya Qrupu) "
        "səlahiyyətlərini, tərkibini və fəaliyyətinin təşkili əsaslarını müəyyən edir."
    )
    assert note_texts(v2, "1.1") == [
        f"{CITE2} ilə {REG}nin 1.1-ci bəndində “tənzimləyir” sözü “müəyyən edir” sözləri ilə əvəz edilmişdir."
    ]


def test_changes_view_shows_only_this_versions_edits(v1, v2):
    assert provision(v2, "1.3").text_changes == ()  # changed in the previous version
    assert provision(v2, "1.3").text == provision(v1, "1.3").text
    assert [s.kind for s in provision(v2, "5.9.1").text_changes] == ["same", "del", "ins", "same"]


# --- numbering, markers, list of amending acts -----------------------------------------------

V1_ORDER = ["1.3", "2.1.2", "3.1.6", "4", "4.1.3", "5", "5.3", "5.4", "5.5", "5.6.1", "5.6.4", "5.6.9", "5.8",
            "5.9.1", "5.9.4", "5.10", "5.11-fixture", "5.11", "6"]
V2_ORDER = ["1.1", "1.3", "1.4", "2.1.2", "3.1.4", "3.1.6", "4", "4.1.3", "5", "5.3", "5.4", "5.5", "5.6.1", "5.6.3", "5.6.4",
            "5.6.9", "5.8", "5.9.1", "5.9.4", "5.10", "5.11-fixture", "5.11", "6"]


@pytest.mark.parametrize("which, order", [("v1", V1_ORDER), ("v2", V2_ORDER)])
def test_notes_numbered_by_position(request, which, order):
    version = request.getfixturevalue(which)
    assert [(n.number, n.document, n.provision) for n in version.notes] == [
        (i, DOC, pid) for i, pid in enumerate(order, 1)
    ]


@pytest.mark.parametrize("which, order", [("v1", V1_ORDER), ("v2", V2_ORDER)])
def test_markers_sit_on_changed_provisions(request, which, order):
    version = request.getfixturevalue(which)
    numbers = {p.id: version.note_number(d.id, p.id) for d in version.documents for p in d.walk()}
    marked = {pid: n for pid, n in numbers.items() if n is not None}
    assert marked == {pid: i for i, pid in enumerate(order, 1)}
    assert all(version.note_number(BODY, p.id) is None for p in version.document(BODY).walk())


def test_latest_change_earliest_in_text_gets_note_1(v1, v2):
    """fixture-amendment-2 (the later act) changes 1.1: its note is [1], and the others move down."""
    assert note_on(v2, "1.1").number == 1
    assert note_on(v1, "1.3").number == 1
    assert note_on(v2, "1.3").number == 2
    assert note_on(v2, "5.9.1").number == note_on(v1, "5.9.1").number + 4  # 1.1, 1.4, 3.1.4, 5.6.3 come before


def test_markers_in_rendered_text(corpus, v2):
    text = render_text(corpus, ACT, SECOND, "txt")
    n = note_on(v2, "5.9.1").number
    assert n == 18
    assert (
        "\n5.9.1. Koordinasiya Qrupunun iclasları açıq keçirilir və onun üzvlərindən azı yarıdan çoxu "
        "iştirak etdikdə səlahiyyətli sayılır; [18]\n"
    ) in text
    assert "\n5.12. Bu Əsasnamənin 4.1.4-cü və 4.1.5-ci yarımbəndləri ilə" in text
    assert text.count("[18]") == 2  # the marker and the note


def test_amending_acts_listed_by_date(corpus, v1, v2):
    assert v1.amending_acts == ("fixture-amendment-1",)
    assert v2.amending_acts == ("fixture-amendment-1", "fixture-amendment-2")
    text = render_text(corpus, ACT, SECOND, "txt")
    assert (
        "İSTİFADƏ OLUNMUŞ MƏNBƏ SƏNƏDLƏRİNİN SİYAHISI\n\n"
        f"1. {CITE1}\n\n"
        f"2. {CITE2}\n\n"
        "QƏRARA EDİLMİŞ DƏYİŞİKLİK VƏ ƏLAVƏLƏRİN SİYAHISI\n\n"
        f"[1] {CITE2} ilə {REG}nin 1.1-ci bəndində “tənzimləyir” sözü “müəyyən edir” sözləri ilə əvəz "
        "edilmişdir.\n\n"
        f"[2] {CITE1} ilə {REG}nin 1.3-cü bəndindən “digər” sözü çıxarılmışdır.\n\n"
    ) in text


def test_unchanged_provisions_keep_their_wording(v0, v2):
    changed = set(V2_ORDER) | {"5.3.1", "5.3.2", "5.3.3"}  # replaced by the restated 5.3
    before = {p.id: (p.num, p.heading, p.text) for p in v0.document(DOC).walk()}
    after = {p.id: (p.num, p.heading, p.text) for p in v2.document(DOC).walk()}
    for pid, wording in before.items():
        if pid not in changed:
            assert after[pid] == wording, pid
    assert [(p.id, p.text) for p in v2.document(BODY).walk()] == [(p.id, p.text) for p in v0.document(BODY).walk()]


# --- law style -------------------------------------------------------------------------------

LAW = "fixture-law"
LAW_CITE = (
    "1 aprel 2025-ci il tarixli 9998-VIIQD nömrəli Azərbaycan Respublikasının Qanunu "
    "(“Azərbaycan” qəzeti, 5 aprel 2025-ci il, № 70; "
    "Azərbaycan Respublikasının Qanunvericilik Toplusu, 2025-ci il, № 4, maddə 9999)"
)


@pytest.fixture(scope="module")
def law():
    corpus = load_and_consolidate(FIXTURES / "law-style")
    return corpus, corpus.histories[LAW].at(dt.date(2025, 4, 5))


def test_law_style_texts(law):
    _, version = law
    texts = {p.num: (p.heading, p.text) for p in version.document(BODY).walk()}
    assert texts == {
        "1": ("Qanunun məqsədi",
              "Bu Qanun proqram təminatının sınağı üçün hazırlanmışdır. Qanunun mətni yalnız test məqsədi daşıyır."),
        "2": ("Əsas anlayışlar",
              "Bu Qanunda istifadə olunan anlayışlar aşağıdakı mənaları ifadə edir. Anlayışların siyahısı tam deyil."),
        "3": ("Tətbiq dairəsi",
              "Bu Qanun yalnız sınaq mühitində tətbiq edilir. Qanunun tətbiqinə nəzarət proqram tərtibatçıları "
              "tərəfindən həyata keçirilir."),
        "4": ("Sınaq orqanı", "Sınaq orqanı müvafiq icra hakimiyyəti orqanı tərəfindən yaradılır."),
        "5": ("Hesabat", "Sınaq orqanı hər il hesabat hazırlayır. Hesabat aidiyyəti orqanlara açıqlanır."),
        "6": ("Qanunun qüvvəyə minməsi", "Bu Qanun 2025-ci il 1 fevral tarixindən qüvvəyə minir."),
        "7": ("Keçid müddəası",
              "Bu Qanunun qüvvəyə minməsinədək yaradılmış sınaq orqanları fəaliyyətini davam etdirir."),
    }


def test_law_style_notes(law):
    """Sentences counted in words; articles named plainly (bare forms), without the law's title."""
    _, version = law
    assert [(n.number, n.provision, [e.text for e in n.entries]) for n in version.notes] == [
        (1, "1", [f"{LAW_CITE} ilə 1-ci maddənin ikinci cümləsi çıxarılmışdır."]),
        (2, "2", [f"{LAW_CITE} ilə 2-ci maddənin birinci cümləsi yeni redaksiyada verilmişdir."]),
        (3, "3", [f"{LAW_CITE} ilə 3-cü maddəyə ikinci cümlə əlavə edilmişdir."]),
        (4, "4", [f"{LAW_CITE} ilə 4-cü maddədə “nazirlik” sözü “müvafiq icra hakimiyyəti orqanı” sözləri "
                  "ilə əvəz edilmişdir."]),
        (5, "5", [f"{LAW_CITE} ilə 5-ci maddənin ikinci cümləsindən “ictimaiyyətə və” sözləri çıxarılmışdır."]),
        (6, "6", [f"{LAW_CITE} ilə 6-cı maddə yeni redaksiyada verilmişdir."]),
        (7, "7", [f"{LAW_CITE} ilə yeni məzmunda 7-ci maddə əlavə edilmişdir."]),
    ]


def test_law_style_previous_wording(law):
    _, version = law
    previous = {n.provision: n.entries[0].previous for n in version.notes}
    assert previous["1"] == "Qanun hüquqi qüvvəyə malik deyil."
    assert previous["2"] == "Bu Qanunda istifadə olunan anlayışlar sınaq mənasında işlədilir."
    # a provision's heading and its text are separate lines of the old wording
    assert previous["6"] == "6. Qanunun qüvvəyə minməsi\nBu Qanun dərc edildiyi gündən qüvvəyə minir."


def test_law_change_list_heading(law):
    corpus, _ = law
    text = render_text(corpus, LAW, dt.date(2025, 4, 5), "txt")
    assert f"QANUNA EDİLMİŞ DƏYİŞİKLİK VƏ ƏLAVƏLƏRİN SİYAHISI\n\n[1] {LAW_CITE} ilə 1-ci maddənin" in text
    assert f"İSTİFADƏ OLUNMUŞ MƏNBƏ SƏNƏDLƏRİNİN SİYAHISI\n\n1. {LAW_CITE}\n\n" in text


def test_amending_acts_ordered_by_date_not_by_id():
    """The later act “a-…” sorts first by id, but is listed second; its note is first, by position."""
    def amending(aid: str, number: str, day: dt.date, provision: str) -> Act:
        change = Change(ChangeKind.REPLACE_WORDS, Target("t", provision=provision), aid, 1, day, old="x", new="y")
        return Act(id=aid, type="qərar", adopted=day, path=f"{aid}.yaml", number=number, cited_as="Qərarı",
                   register=Register(f"14{day:%Y%m%d}{number}", day), changes=(change,))

    amended = Act(id="t", type="qərar", adopted=ADOPTED, path="t.yaml", cited_as="Qərarı",
                  body=Document(BODY, (Provision("1", "1", "bənd", None, "x."), Provision("2", "2", "bənd", None, "x."))))
    later, earlier = amending("a-later", "0002", SECOND, "1"), amending("b-earlier", "0001", FIRST, "2")
    histories, problems = consolidate((amended, later, earlier))
    assert problems == []
    version = histories["t"].at(SECOND)
    assert version.amending_acts == ("b-earlier", "a-later")
    assert [(n.number, n.provision, n.entries[0].amending_act) for n in version.notes] == [
        (1, "1", "a-later"), (2, "2", "b-earlier"),
    ]
