"""Azerbaijani legal vocabulary for the synthetic corpus (benchmarks/corpus.py).

Real words of Azerbaijani statutes, in the inflected forms they take in running text. Sentences made
from them are not grammatical, but they look like legal text: the same letters (ə ı ş ç ğ ö ü), the same
word lengths and the same mix of case endings, which is what search, folding and rendering care about.
"""
from __future__ import annotations

# Lower-case words for the middle of sentences (pure letters: no hyphens, no punctuation).
WORDS: tuple[str, ...] = tuple("""
vergi vergilər vergilərin vergiyə ödəyicisi ödəyicisinin ödəyiciləri ödəyicilərinin ödəyicisinə orqan orqanı
orqanının orqanları orqanlarına icra hakimiyyəti hakimiyyətinin müvafiq dövlət dövlətin qurum qurumu qurumunun
qurumları qurumlarına sahibkarlıq subyekti subyektinin subyektləri subyektlərinə fəaliyyət fəaliyyəti
fəaliyyətinin fəaliyyətə hesabat hesabatı hesabatın hesabatlar müddət müddəti müddətində müddətdə qayda qaydası
qaydada qaydaları qaydalarına məbləğ məbləği məbləğinin məbləğdə ödəniş ödənişi ödənişin ödənişlər rüsum rüsumu
rüsumun rüsumları əmlak əmlakı əmlakın əmlaka torpaq torpağın torpaqları gəlir gəliri gəlirin gəlirləri mənfəət
mənfəəti mənfəətin əmək haqqı haqqının müqavilə müqaviləsi müqaviləsinin müqavilələr şərt şərtləri şərtlərinə
tələb tələbləri tələblərinə öhdəlik öhdəliyi öhdəliklərin öhdəliklərini hüquq hüququ hüquqları hüquqlarının
məsuliyyət məsuliyyəti nəzarət nəzarəti nəzarətin yoxlama yoxlaması yoxlamanın yoxlamalar sənəd sənədi sənədlər
sənədlərin sənədləri elektron məlumat məlumatı məlumatların məlumatları reyestr reyestri reyestrinə uçot uçotu
uçotunun ərizə ərizəsi ərizəsinə qərar qərarı qərarının icazə icazəsi icazənin lisenziya lisenziyası xidmət
xidməti xidmətlərin xidmətləri istehsal istehsalı idxal idxalı ixrac ixracı gömrük bank bankı hesabı hesabına
büdcə büdcəsinə büdcədən maliyyə ili ilin ayın günü günündən tarixindən əsasında əsasən məqsədilə üçün üzrə
ilə və habelə həmçinin barədə haqqında tərəfindən zamanı hallarda halında olduqda şəxs şəxsin şəxslər
şəxslərin fiziki hüquqi rezident işçi işçinin işəgötürən işəgötürənin sığorta sığortası pensiya sosial
mülkiyyət mülkiyyətində icarə icarəyə əqd əqdin bağlanması ləğvi dəyişdirilməsi təqdim edilməsi verilməsi
ödənilməsi hesablanması müəyyən edilmiş olunmuş göstərilən nəzərdə tutulmuş qanunvericiliyə qanunvericiliyi
uyğun olaraq ərazisində daxilində xaricində beynəlxalq müqavilələrinə aidiyyəti qeydiyyat qeydiyyatı
qeydiyyata alınması tərtib tərtibatı forması formasında bəyannamə bəyannaməsi bəyannaməni dəyəri dəyərinin
qiymət qiyməti qiymətləndirilməsi əsaslandırılmış yazılı şəkildə qaydasında dərhal gecikdirilmədən təxirə
salınmadan ərzində sonra əvvəl hər rüblük illik aylıq hesabat dövrü dövründə ödəmə mənbəyində tutulan
azad güzəşt güzəştlər güzəştin maliyyə sanksiyası faiz faizi faizlər cərimə cəriməsi borcu borcunun borclar
əvəzləşdirilməsi qaytarılması qaytarılır kapital aktivlər aktivlərin amortizasiya xərclər xərcləri xərclərin
gəlirlərdən çıxılır əlavə dəyər aksiz aksizli mallar malların malları işlər işlərin görülməsi
xidmətlərin göstərilməsi təchizat təchizatı təchizatçı təchizatçının alıcı alıcının satıcı satıcının
""".split())

# Capitalised words a sentence may start with.
STARTERS: tuple[str, ...] = tuple("""
Vergi Müvafiq Dövlət Hüquqi Fiziki Sahibkarlıq Ödəniş Əmlak Gömrük Nəzarət İcra Şəxslər Ərizə Öhdəliklərin
Ümumi Xüsusi Lisenziya Məlumatlar Sənədlər Qeydiyyat Hesabat Müqavilə Bəyannamə Güzəştlər Aksiz Torpaq
Çıxışlar Üzvlük İşəgötürən Sığorta Rüsum Büdcə
""".split())

# Sentence endings: verbs (or verbal phrases) a provision ends with.
VERBS: tuple[str, ...] = (
    "həyata keçirilir", "təmin edilir", "müəyyən edilir", "tətbiq olunur", "təqdim edir", "hesablanır",
    "ödənilir", "aparılır", "tənzimlənir", "qadağandır", "yol verilmir", "nəzərə alınır", "rəsmiləşdirilir",
    "verilir", "həyata keçirir", "təsdiq edilir", "ləğv edilir", "dayandırılır", "bərpa olunur",
    "qeydə alınır", "yoxlanılır", "saxlanılır", "dərc olunur", "açıqlanır", "qaytarılır",
)

# Words that end the text of a provision introducing its sub-provisions.
INTRO_ENDINGS: tuple[str, ...] = (
    "aşağıdakı hüquqlara malikdir:", "aşağıdakı vəzifələri yerinə yetirir:", "aşağıdakılar aiddir:",
    "aşağıdakı hallarda həyata keçirilir:", "aşağıdakı sənədlər təqdim edilir:",
)

# Subjects of acts: titles are made from them.
TOPICS: tuple[str, ...] = (
    "Dövlət rüsumu", "Turizm", "Reklam", "Lisenziyalar və icazələr", "Sosial sığorta", "Gömrük tarifi",
    "Torpaq icarəsi", "Energetika", "Mənzil tikintisi", "Bələdiyyə torpaqlarının idarə edilməsi",
    "Əmək pensiyaları", "Kənd təsərrüfatı kooperasiyası", "Əczaçılıq fəaliyyəti", "Sahibkarlıq fəaliyyəti",
    "Elektron imza və elektron sənəd", "Rəsmi statistika", "Standartlaşdırma", "Şəhərsalma və tikinti",
    "Su təchizatı", "Avtomobil yolları", "Dövlət satınalmaları", "Poçt rabitəsi", "Sığorta fəaliyyəti",
    "Qiymətli kağızlar bazarı", "Banklar", "İnvestisiya fəaliyyəti", "Mühasibat uçotu", "Auditor xidməti",
    "Ətraf mühitin mühafizəsi", "Yol hərəkəti", "Dövlət qulluğu", "Təhsil", "Əhalinin sağlamlığının qorunması",
    "Məşğulluq", "Ərzaq təhlükəsizliyi", "Fitosanitar nəzarət", "Baytarlıq", "Mədəniyyət", "İdman",
    "Gənclər siyasəti", "Ünvanlı dövlət sosial yardımı", "Kommunal xidmətlər", "Daşınmaz əmlakın dövlət reyestri",
    "Notariat", "Vəkillər və vəkillik fəaliyyəti", "İnformasiya əldə etmək", "Şəxsi məlumatlar",
    "Ödəniş sistemləri", "Valyuta tənzimi", "Lotereyalar", "Mikro, kiçik və orta sahibkarlıq",
)

# Invented signatories (the corpus is synthetic: no act is attributed to a real official).
SIGNATORIES: tuple[str, ...] = (
    "Elçin Məmmədov", "Rəşad Quliyev", "Səbinə Əliyeva", "Tural Hüseynov", "Günay İsmayılova", "Orxan Bağırov",
    "Nigar Şükürova", "Fərid Cəfərov", "Aytən Qasımova", "Ülvi Rzayev",
)
