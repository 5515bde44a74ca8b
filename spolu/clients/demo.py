"""Demo clients of the Ústecký kraj centre, and the realistic people behind them.

`seed(ctx)` registers about 400 clients in the region's real mix of citizenships (Ukraine by
far the largest group since 2022, then Vietnam, Mongolia, Russia, Moldova, Kazakhstan…, and a
few EU citizens, who are served but not eligible), with names in their own script and in the
Latin spelling of their documents, families with household links and guardians of minors,
residence status histories (permits expiring within 60 days of `ctx.today`, asylum applicants
who later got protection), consents (some missing), aliases in other spellings and a few
duplicate registrations to try merging. It leaves them in `ctx.shared["clients"]`.

`make_person` and `COUNTRY_WEIGHTS` are also used by `manage.py generate_data`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from unidecode import unidecode

# --- transliteration into the Latin spelling of documents --------------------------------------


# Ukrainian national transliteration (Cabinet of Ministers resolution 55/2010), used in passports.
def _table(pairs: str) -> dict[str, str]:
    """`"а=a б=b ь="` → {"а": "a", "б": "b", "ь": ""}."""
    return dict(pair.split("=") for pair in pairs.split())


def _words(text: str) -> list[str]:
    return text.split()


# Ukrainian national transliteration (Cabinet of Ministers resolution 55/2010), used in passports.
_UK = _table(
    "а=a б=b в=v г=h ґ=g д=d е=e є=ie ж=zh з=z и=y і=i ї=i й=i к=k л=l м=m н=n о=o п=p р=r "
    "с=s т=t у=u ф=f х=kh ц=ts ч=ch ш=sh щ=shch ь= ю=iu я=ia '= ’="
)
_UK_INITIAL = _table("є=ye ї=yi й=y ю=yu я=ya")
# Russian: ICAO Doc 9303 table, used in Russian passports since 2014.
_RU = _table(
    "а=a б=b в=v г=g д=d е=e ё=e ж=zh з=z и=i й=i к=k л=l м=m н=n о=o п=p р=r с=s т=t у=u "
    "ф=f х=kh ц=ts ч=ch ш=sh щ=shch ъ=ie ы=y ь= э=e ю=iu я=ia"
)


def _capitalise(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def ukrainian_latin(text: str) -> str:
    """`Юлія Хмельницька` → `Yuliia Khmelnytska` (official Ukrainian romanisation)."""
    words = []
    for word in text.lower().split():
        out = []
        for i, ch in enumerate(word):
            if i == 0 or word[i - 1] == "-":
                out.append(_UK_INITIAL.get(ch, _UK.get(ch, ch)))
            elif ch == "г" and word[i - 1] == "з":
                out.append("gh")
            else:
                out.append(_UK.get(ch, ch))
        words.append(_capitalise("".join(out)))
    return " ".join(words)


def russian_latin(text: str) -> str:
    """`Наталья Соловьёва` → `Natalia Soloveva` (ICAO, as in Russian passports)."""
    return " ".join(
        _capitalise("".join(_RU.get(ch, ch) for ch in word)) for word in text.lower().split()
    )


# --- who the clients are -------------------------------------------------------------------------

# Citizenships of the centre's clients, weighted like the foreigners living in Ústecký kraj
# (Ukraine about half since 2022, then Vietnam; EU citizens come too but are not eligible).
COUNTRY_WEIGHTS: dict[str, int] = {
    "UA": 50,
    "VN": 14,
    "MN": 5,
    "RU": 4,
    "SK": 4,
    "MD": 3,
    "KZ": 2,
    "BY": 2,
    "DE": 2,
    "PL": 2,
    "PH": 2,
    "IN": 2,
    "BG": 1,
    "RO": 1,
    "SY": 1,
    "AF": 1,
    "GE": 1,
    "RS": 1,
    "TR": 1,
    "US": 1,
}
EU_COUNTRIES = {"SK", "DE", "PL", "BG", "RO"}

LANGUAGES: dict[str, list[str]] = {
    "UA": ["uk", "ru"],
    "VN": ["vi"],
    "MN": ["mn"],
    "RU": ["ru"],
    "SK": ["sk", "cs"],
    "MD": ["ro", "ru"],
    "KZ": ["kk", "ru"],
    "BY": ["ru", "be"],
    "DE": ["de"],
    "PL": ["pl"],
    "PH": ["tl", "en"],
    "IN": ["hi", "en"],
    "BG": ["bg"],
    "RO": ["ro"],
    "SY": ["ar"],
    "AF": ["fa", "ps"],
    "GE": ["ka", "ru"],
    "RS": ["sr"],
    "TR": ["tr"],
    "US": ["en"],
}

_UA_MALE = _words(
    "Олександр Андрій Сергій Володимир Дмитро Микола Іван Василь Юрій Олег Тарас Богдан Максим "
    "Віктор Михайло Петро Григорій Ярослав Артем Євген Роман Денис Ігор Степан Назар Остап"
)
_UA_FEMALE = _words(
    "Олена Наталія Ірина Тетяна Оксана Світлана Юлія Марія Ольга Анна Людмила Галина Катерина "
    "Вікторія Анастасія Дарина Софія Христина Валентина Ганна Мар'яна Лариса Надія Зоряна"
)
_UA_SURNAMES = _words(
    "Шевченко Коваленко Бондаренко Ткаченко Кравченко Олійник Шевчук Коваль Поліщук Бойко Ткачук "
    "Мельник Кравчук Савченко Руденко Марченко Лисенко Мороз Петренко Клименко Павленко Савчук "
    "Гончаренко Литвиненко Козак Іваненко Романенко Ковальчук Зінченко Карпенко Гнатюк Дорошенко "
    "Пономаренко Тимошенко Захарченко Хмельницький Грищенко Яковенко Мартинюк Стасюк"
)
_RU_MALE = _words(
    "Александр Дмитрий Сергей Андрей Алексей Максим Иван Михаил Николай Владимир Евгений Артём "
    "Павел Игорь"
)
_RU_FEMALE = _words(
    "Елена Ольга Наталья Татьяна Ирина Светлана Анна Мария Екатерина Юлия Ксения Анастасия "
    "Людмила Валентина"
)
_RU_SURNAMES = _words(
    "Иванов Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Петров Волков Соловьёв "
    "Васильев Зайцев Павлов Семёнов Голубев Виноградов Богданов Воробьёв Федоров Орлов"
)
_BY_SURNAMES = _words("Ковалёв Шевчук Климович Козлович Новик Жук Мельникович Лукашевич")
_VN_SURNAMES = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
]
_VN_MIDDLE_MALE = ["Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân"]
_VN_MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim"]
_VN_MALE = _words(
    "Hùng Dũng Tuấn Minh Nam Hải Long Thắng Sơn Quang Cường Việt Hiếu Trung Phúc Hoàng Anh Khánh"
)
_VN_FEMALE = _words(
    "Hương Lan Linh Hoa Mai Thảo Trang Ngọc Hằng Phương Thu Hà Yến Nhung Dung Hạnh Huyền Vân"
)
# Mongolian: own script and the spelling of Mongolian passports (patronymic as surname).
_MN_MALE = [
    ("Бат-Эрдэнэ", "Bat-Erdene"),
    ("Ганбаатар", "Ganbaatar"),
    ("Болд", "Bold"),
    ("Мөнхбат", "Munkhbat"),
    ("Тэмүүлэн", "Temuulen"),
    ("Батбаяр", "Batbayar"),
    ("Энхбаяр", "Enkhbayar"),
    ("Ганзориг", "Ganzorig"),
    ("Төмөрбаатар", "Tumurbaatar"),
    ("Сүхбаатар", "Sukhbaatar"),
]
_MN_FEMALE = [
    ("Баярмаа", "Bayarmaa"),
    ("Болормаа", "Bolormaa"),
    ("Оюунчимэг", "Oyuunchimeg"),
    ("Сарангэрэл", "Sarangerel"),
    ("Энхтуяа", "Enkhtuya"),
    ("Номин", "Nomin"),
    ("Цэцэг", "Tsetseg"),
    ("Алтанцэцэг", "Altantsetseg"),
    ("Мөнхзул", "Munkhzul"),
    ("Ариунаа", "Ariunaa"),
]
_MN_SURNAMES = [
    ("Ганболд", "Ganbold"),
    ("Батсүх", "Batsukh"),
    ("Дорж", "Dorj"),
    ("Баатар", "Baatar"),
    ("Эрдэнэбат", "Erdenebat"),
    ("Лхагва", "Lkhagva"),
    ("Нямдорж", "Nyamdorj"),
    ("Пүрэв", "Purev"),
    ("Цэрэн", "Tseren"),
    ("Батжаргал", "Batjargal"),
    ("Отгонбаяр", "Otgonbayar"),
]
_KZ_MALE = [
    ("Нурлан", "Nurlan"),
    ("Ерлан", "Yerlan"),
    ("Данияр", "Daniyar"),
    ("Айдос", "Aidos"),
    ("Бауыржан", "Bauyrzhan"),
    ("Асхат", "Askhat"),
]
_KZ_FEMALE = [
    ("Асель", "Assel"),
    ("Айгерим", "Aigerim"),
    ("Дана", "Dana"),
    ("Жанна", "Zhanna"),
    ("Сауле", "Saule"),
    ("Динара", "Dinara"),
]
_KZ_SURNAMES = [
    ("Нурланов", "Nurlanov"),
    ("Ахметов", "Akhmetov"),
    ("Сериков", "Serikov"),
    ("Касымов", "Kassymov"),
    ("Жумабаев", "Zhumabayev"),
    ("Искаков", "Iskakov"),
    ("Омаров", "Omarov"),
]
_AR_MALE = [
    ("محمد", "Mohammad"),
    ("أحمد", "Ahmad"),
    ("علي", "Ali"),
    ("عمر", "Omar"),
    ("خالد", "Khaled"),
    ("حسن", "Hassan"),
    ("يوسف", "Yousef"),
]
_AR_FEMALE = [
    ("فاطمة", "Fatima"),
    ("مريم", "Maryam"),
    ("نور", "Nour"),
    ("ليلى", "Layla"),
    ("رهف", "Rahaf"),
    ("هبة", "Heba"),
]
_AR_SURNAMES = [
    ("الأحمد", "Al-Ahmad"),
    ("الحسن", "Al-Hassan"),
    ("خليل", "Khalil"),
    ("إبراهيم", "Ibrahim"),
    ("حداد", "Haddad"),
    ("عثمان", "Othman"),
    ("الشامي", "Al-Shami"),
]
_AF_MALE = [
    ("احمد", "Ahmad"),
    ("محمد", "Mohammad"),
    ("نجیب", "Najib"),
    ("فرید", "Farid"),
    ("جواد", "Jawad"),
    ("رحیم", "Rahim"),
]
_AF_FEMALE = [
    ("زهرا", "Zahra"),
    ("فرشته", "Fereshta"),
    ("شبانه", "Shabana"),
    ("مریم", "Maryam"),
    ("ملالی", "Malalai"),
]
_AF_SURNAMES = [
    ("احمدی", "Ahmadi"),
    ("محمدی", "Mohammadi"),
    ("حیدری", "Haidari"),
    ("رحیمی", "Rahimi"),
    ("نوری", "Noori"),
    ("صدیقی", "Sediqi"),
]
_GE_MALE = [("გიორგი", "Giorgi"), ("დავით", "Davit"), ("ლევან", "Levan"), ("ნიკა", "Nika")]
_GE_FEMALE = [("ნინო", "Nino"), ("მარიამ", "Mariam"), ("თამარ", "Tamar"), ("ეკა", "Eka")]
_GE_SURNAMES = [
    ("ბერიძე", "Beridze"),
    ("კაპანაძე", "Kapanadze"),
    ("გელაშვილი", "Gelashvili"),
    ("მაისურაძე", "Maisuradze"),
]
_RS_MALE = [("Марко", "Marko"), ("Никола", "Nikola"), ("Стефан", "Stefan"), ("Милош", "Miloš")]
_RS_FEMALE = [("Јелена", "Jelena"), ("Милица", "Milica"), ("Ана", "Ana"), ("Драгана", "Dragana")]
_RS_SURNAMES = [
    ("Петровић", "Petrović"),
    ("Јовановић", "Jovanović"),
    ("Николић", "Nikolić"),
    ("Ђорђевић", "Đorđević"),
]
# Latin-script citizenships: (male first names, female first names, surnames).
_LATIN: dict[str, tuple[list[str], list[str], list[str]]] = {
    "SK": (
        _words("Ján Peter Martin Michal Tomáš Jozef Marek Lukáš"),
        _words("Mária Jana Zuzana Katarína Lucia Monika Veronika"),
        _words("Horváth Kováč Varga Tóth Nagy Baláž Molnár Szabó Lukáč"),
    ),
    "DE": (
        _words("Thomas Michael Andreas Stefan Jürgen Lukas"),
        _words("Sabine Petra Claudia Anna Katrin Jana"),
        _words("Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker"),
    ),
    "PL": (
        _words("Piotr Krzysztof Tomasz Łukasz Paweł Marcin"),
        _words("Anna Katarzyna Małgorzata Agnieszka Joanna Ewa"),
        _words("Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski"),
    ),
    "BG": (
        _words("Georgi Ivan Dimitar Nikolay Petar"),
        _words("Maria Ivanka Elena Yordanka Desislava"),
        _words("Ivanov Georgiev Dimitrov Petrov Nikolov"),
    ),
    "RO": (
        _words("Andrei Alexandru Mihai Ionuț Florin"),
        _words("Elena Ioana Andreea Maria Cristina"),
        _words("Popescu Ionescu Popa Dumitru Stan Munteanu"),
    ),
    "MD": (
        _words("Ion Vasile Andrei Mihai Nicolae Sergiu Alexandru"),
        _words("Maria Elena Ana Natalia Cristina Tatiana Ecaterina"),
        _words("Rusu Ceban Popa Ciobanu Cebotari Țurcan Lungu Munteanu Rotari Moraru Cojocaru"),
    ),
    "PH": (
        _words("Jose Juan Mark Arnel Jerome Ramon"),
        _words("Maria Jennifer Maricel Rowena Analyn Joy"),
        _words("Santos Reyes Cruz Bautista Ocampo Garcia Mendoza Villanueva Ramos"),
    ),
    "IN": (
        _words("Rahul Amit Sunil Deepak Ravi Sanjay Arjun"),
        _words("Priya Anjali Pooja Neha Kavita Sunita"),
        _words("Sharma Patel Singh Kumar Gupta Reddy Nair Iyer"),
    ),
    "TR": (
        _words("Mehmet Mustafa Ahmet Emre Burak"),
        _words("Ayşe Fatma Zeynep Elif Emine"),
        _words("Yılmaz Kaya Demir Şahin Çelik Öztürk"),
    ),
    "US": (
        _words("John Michael David James Robert"),
        _words("Jennifer Sarah Emily Jessica Ashley"),
        _words("Smith Johnson Williams Brown Jones Miller"),
    ),
}
_FEMININE_LATIN = {"SK": ("ová", {"Horváth", "Kováč", "Tóth", "Baláž", "Lukáč"})}
# Other spellings the same first name turns up in (older documents, English, Russian forms).
OTHER_SPELLINGS = {
    "Олександр": "Alexander",
    "Сергій": "Sergey",
    "Андрій": "Andrey",
    "Юрій": "Yuri",
    "Дмитро": "Dmitry",
    "Михайло": "Mikhail",
    "Григорій": "Grigoriy",
    "Євген": "Evgeniy",
    "Наталія": "Natalia",
    "Ольга": "Olga",
    "Олена": "Elena",
    "Юлія": "Julia",
    "Тетяна": "Tatiana",
    "Ганна": "Anna",
    "Александр": "Alexander",
    "Дмитрий": "Dmitry",
    "Наталья": "Natalya",
    "Юлия": "Yulia",
}


@dataclass(frozen=True)
class Person:
    sex: str
    first_name: str
    last_name: str
    first_name_latin: str = ""
    last_name_latin: str = ""
    languages: tuple[str, ...] = ()
    aliases: tuple[str, ...] = field(default=())


def _slavic_feminine(surname: str) -> str:
    """Шевченко → Шевченко, Хмельницький → Хмельницька, Иванов → Иванова, Соловьёв → Соловьёва."""
    if surname.endswith(("ський", "цький")):
        return surname[:-2] + "а"
    if surname.endswith("ий"):
        return surname[:-2] + "ая"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname


def _pick(rng: random.Random, options: list[Any]) -> Any:
    return options[rng.randrange(len(options))]


def _vietnamese_surname(rng: random.Random) -> str:
    names = [name for name, _weight in _VN_SURNAMES]
    weights = [weight for _name, weight in _VN_SURNAMES]
    return rng.choices(names, weights)[0]


def make_person(
    rng: random.Random, country: str, sex: str | None = None, surname: str | None = None
) -> Person:
    """A realistic person of `country`: names in their script and in their documents' Latin.

    `surname` (native, masculine form) keeps a family together.
    """
    sex = sex or ("F" if rng.random() < 0.52 else "M")
    female = sex == "F"
    languages = tuple(LANGUAGES.get(country, ["en"]))
    if country in {"UA", "RU", "BY"}:
        if country == "UA":
            first = _pick(rng, _UA_FEMALE if female else _UA_MALE)
            last = surname or _pick(rng, _UA_SURNAMES)
            latin = ukrainian_latin
        else:
            first = _pick(rng, _RU_FEMALE if female else _RU_MALE)
            pool = _BY_SURNAMES + _RU_SURNAMES if country == "BY" else _RU_SURNAMES
            last = surname or _pick(rng, pool)
            latin = russian_latin
        if female:
            last = _slavic_feminine(last)
        aliases: tuple[str, ...] = ()
        if first in OTHER_SPELLINGS and rng.random() < 0.3:
            aliases = (f"{OTHER_SPELLINGS[first]} {latin(last)}",)
        return Person(sex, first, last, latin(first), latin(last), languages, aliases)
    if country == "VN":
        middle = _pick(rng, _VN_MIDDLE_FEMALE if female else _VN_MIDDLE_MALE)
        given = _pick(rng, _VN_FEMALE if female else _VN_MALE)
        last = surname or _vietnamese_surname(rng)
        first = f"{middle} {given}"
        return Person(sex, first, last, unidecode(first), unidecode(last), languages)
    explicit = {
        "MN": (_MN_MALE, _MN_FEMALE, _MN_SURNAMES),
        "KZ": (_KZ_MALE, _KZ_FEMALE, _KZ_SURNAMES),
        "SY": (_AR_MALE, _AR_FEMALE, _AR_SURNAMES),
        "AF": (_AF_MALE, _AF_FEMALE, _AF_SURNAMES),
        "GE": (_GE_MALE, _GE_FEMALE, _GE_SURNAMES),
        "RS": (_RS_MALE, _RS_FEMALE, _RS_SURNAMES),
    }
    if country in explicit:
        males, females, surnames = explicit[country]
        first, first_latin = _pick(rng, females if female else males)
        if surname:
            last, last_latin = next(s for s in surnames if s[0] == surname)
        else:
            last, last_latin = _pick(rng, surnames)
        if country == "KZ" and female:
            last, last_latin = last + "а", last_latin + "a"
        return Person(sex, first, last, first_latin, last_latin, languages)
    male_names, female_names, family_names = _LATIN.get(country, _LATIN["US"])
    first = _pick(rng, female_names if female else male_names)
    last = surname or _pick(rng, family_names)
    suffix = _FEMININE_LATIN.get(country)
    if female and suffix:
        last = last + suffix[0] if last in suffix[1] else last.removesuffix("a") + "ová"
    elif female and country == "PL" and last.endswith("ski"):
        last = last[:-1] + "a"
    return Person(sex, first, last, languages=languages)


def family_surname(person: Person, country: str) -> str:
    """The surname to give `person`'s relatives (masculine form for Slavic names)."""
    if country in {"UA", "RU", "BY"} and person.sex == "F":
        for pool in (_UA_SURNAMES, _RU_SURNAMES, _BY_SURNAMES):
            for name in pool:
                if _slavic_feminine(name) == person.last_name:
                    return name
    if country in _FEMININE_LATIN and person.sex == "F":
        for name in _LATIN[country][2]:
            if person.last_name in (name + "ová", name.removesuffix("a") + "ová"):
                return name
    if country == "KZ" and person.sex == "F":
        return person.last_name.removesuffix("а")
    return person.last_name


def phone_number(rng: random.Random, country: str) -> str:
    """A Czech mobile number for most; some keep their home number."""
    if country == "UA" and rng.random() < 0.2:
        operator = rng.choice(["50", "63", "67", "93", "97"])
        return f"+380 {operator} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    prefix = f"{rng.choice('67')}{rng.randint(10, 99)}"
    return f"+420 {prefix} {rng.randint(100, 999)} {rng.randint(100, 999)}"


# District → office that serves it (offices of spolu.core.demo).
DISTRICT_OFFICE = {
    "CZ0427": "usti",
    "CZ0423": "usti",
    "CZ0426": "teplice",
    "CZ0425": "chomutov",
    "CZ0422": "chomutov",
    "CZ0424": "chomutov",
    "CZ0421": "decin",
}
# Where the clients live, roughly like the foreigners of the region.
DISTRICT_WEIGHTS = {
    "CZ0427": 26,
    "CZ0426": 16,
    "CZ0421": 14,
    "CZ0422": 13,
    "CZ0425": 12,
    "CZ0423": 11,
    "CZ0424": 8,
}


# --- the demo ------------------------------------------------------------------------------------

DEMO_CLIENTS = 400
# Who registers walk-ins at each office.
REGISTRARS = {
    "usti": ["receptionist", "social_worker"],
    "teplice": ["receptionist_teplice", "social_worker_teplice"],
    "chomutov": ["social_worker_chomutov"],
    "decin": ["field_worker"],
}
EMAIL_DOMAINS = ["gmail.com", "seznam.cz", "email.cz", "ukr.net", "outlook.com"]


@dataclass
class Status:
    category: str
    valid_from: date
    valid_to: date | None = None
    permit_number: str = ""
    note: str = ""


def _years_ago(today: date, years: float, rng: random.Random) -> date:
    return today - timedelta(days=int(years * 365.25) + rng.randint(0, 364))


def _card(rng: random.Random) -> str:
    return f"{rng.choice(['ZR', 'ZT', 'ZP'])}{rng.randint(1000000, 9999999)}"


def _current_end(rng: random.Random, today: date, expiring: bool) -> date:
    """End of a current, renewable status: within 60 days for the clients to remind."""
    if expiring:
        return today + timedelta(days=rng.randint(4, 58))
    return today + timedelta(days=rng.randint(75, 720))


def residence_history(
    rng: random.Random, country: str, born: date, arrived: date, today: date
) -> list[Status]:
    """Residence statuses from arrival to today, oldest first (DESIGN.md §4 categories)."""
    arrived = max(arrived, born)
    expiring = rng.random() < 0.12
    roll = rng.random()
    end: date | None
    if country in EU_COUNTRIES:
        return [Status("eu_citizen", arrived)]
    if roll < 0.02:
        return []  # not known yet
    if country == "UA":
        war = date(2022, 3, 1)
        if arrived < war and roll < 0.3:
            end = _current_end(rng, today, expiring)
            return [Status("residence_long", arrived, end, _card(rng), "zaměstnanecká karta")]
        start = max(arrived, war, born)
        if start > today:
            start = today
        # Temporary protection is extended year by year; the current extension ends soon for some.
        end = _current_end(rng, today, expiring)
        return [Status("temporary_protection", start, end, f"DO{rng.randint(100000, 999999)}")]
    if country in {"SY", "AF"}:
        applied = arrived
        if roll < 0.25:
            return [Status("asylum_applicant", applied, None, "", "řízení o mezinárodní ochraně")]
        decided = min(today, applied + timedelta(days=rng.randint(120, 540)))
        granted = "asylum" if rng.random() < 0.45 else "subsidiary_protection"
        end = None if granted == "asylum" else _current_end(rng, today, expiring)
        return [
            Status("asylum_applicant", applied, decided - timedelta(days=1)),
            Status(granted, decided, end, _card(rng)),
        ]
    if country == "VN":
        plan = ["visa_long", "residence_long", "residence_permanent"]
        stop = 3 if roll < 0.6 else 2 if roll < 0.9 else 1
    elif country == "MN":
        plan = ["visa_long", "residence_long", "residence_permanent"]
        stop = 2 if roll < 0.7 else 1 if roll < 0.9 else 3
    elif country in {"RU", "BY", "KZ"}:
        if roll < 0.1:
            return [Status("eu_family_member", arrived, _current_end(rng, today, expiring))]
        plan = ["residence_long", "residence_permanent"]
        stop = 2 if roll < 0.5 else 1
    else:
        if roll < 0.05:
            return [Status("visa_short", arrived, arrived + timedelta(days=89))]
        plan = ["visa_long", "residence_long", "residence_permanent"]
        stop = 2 if roll < 0.6 else 1 if roll < 0.85 else 3
    steps = plan[:stop]
    history: list[Status] = []
    start = arrived
    span = max((today - arrived).days, 1)
    for i, category in enumerate(steps):
        last = i == len(steps) - 1
        if last:
            end = None if category == "residence_permanent" else _current_end(rng, today, expiring)
            number = _card(rng) if category != "visa_long" else ""
            history.append(Status(category, start, end, number))
        else:
            end = start + timedelta(days=max(30, span // len(steps)))
            end = min(end, today - timedelta(days=1))
            if end <= start:
                continue
            history.append(Status(category, start, end, ""))
            start = end + timedelta(days=1)
    return history


def _household(rng: random.Random, country: str) -> list[tuple[str, str | None]]:
    """Members as (role, sex): head, spouse, child."""
    roll = rng.random()
    if country in EU_COUNTRIES or country in {"US", "IN", "PH", "TR", "RS"}:
        return [("head", None)] if roll < 0.85 else [("head", "M"), ("spouse", "F")]
    kids = [("child", None)] * rng.choice([1, 1, 2, 2, 3])
    if country == "UA":
        if roll < 0.45:
            return [("head", None)]
        if roll < 0.72:
            return [("head", "F"), *kids]  # mothers with children, the typical refugee family
        if roll < 0.92:
            return [("head", "M"), ("spouse", "F"), *kids]
        return [("head", "M"), ("spouse", "F")]
    if roll < 0.5:
        return [("head", None)]
    if roll < 0.8:
        return [("head", "M"), ("spouse", "F"), *kids]
    return [("head", "M"), ("spouse", "F")]


def _email(rng: random.Random, person: Person) -> str:
    first = unidecode(person.first_name_latin or person.first_name).split()[-1].lower()
    last = unidecode(person.last_name_latin or person.last_name).lower().replace(" ", "")
    local = "".join(ch for ch in f"{first}.{last}" if ch.isalnum() or ch == ".")
    return f"{local}{rng.randint(1, 99) if rng.random() < 0.4 else ''}@{rng.choice(EMAIL_DOMAINS)}"


@dataclass
class _Draft:
    """A demo client before it is written: the record and what hangs under it."""

    client: Any
    languages: list[str]
    aliases: list[str]
    statuses: list[Status]
    consents: list[tuple[str, date, date | None]]
    guardian: int | None = None  # index of the guardian's draft
    relations: list[tuple[int, str]] = field(default_factory=list)  # (relative's index, kind)


class _Register:
    """Builds the demo clients in memory and writes them with a few bulk inserts (fast)."""

    def __init__(self, ctx: Any) -> None:
        from spolu.core.models import Country, District, ResidenceCategory

        self.ctx, self.rng, self.today = ctx, ctx.rng, ctx.today
        self.countries = {c.code: c for c in Country.objects.filter(code__in=COUNTRY_WEIGHTS)}
        self.categories = {c.code: c for c in ResidenceCategory.objects.all()}
        self.districts = {d.code: d for d in District.objects.filter(code__in=DISTRICT_WEIGHTS)}
        self.drafts: list[_Draft] = []

    def add(self, person: Person, country: str, **fields: Any) -> int:
        from spolu.clients.models import Client

        rng = self.rng
        office = fields["office"]
        registrar = self.ctx.users.get(rng.choice(REGISTRARS.get(office.code, ["coordinator"])))
        client = Client(
            first_name=person.first_name,
            last_name=person.last_name,
            first_name_latin=person.first_name_latin,
            last_name_latin=person.last_name_latin,
            sex=person.sex,
            citizenship=self.countries[country],
            created_by=registrar,
            **fields,
        )
        if client.birth_date:
            client.birth_year = client.birth_date.year
        self.drafts.append(_Draft(client, list(person.languages), list(person.aliases), [], []))
        return len(self.drafts) - 1

    def history(self, index: int, country: str, arrived: date) -> None:
        client = self.drafts[index].client
        born = client.birth_date or date(client.birth_year or 1980, 1, 1)
        self.drafts[index].statuses = residence_history(
            self.rng, country, born, arrived, self.today
        )

    def consents(self, index: int, adult: bool) -> None:
        rng, today = self.rng, self.today
        given = self.drafts[index].client.first_contact_date
        consents: list[tuple[str, date, date | None]] = []
        if rng.random() < 0.86:
            withdrawn = rng.random() < 0.03 and given < today - timedelta(days=30)
            consents.append(("case_work", given, today - timedelta(days=7) if withdrawn else None))
        if adult and rng.random() < 0.3:
            consents.append(("photos", given, None))
        if adult and rng.random() < 0.2:
            consents.append(("newsletter", given, None))
        self.drafts[index].consents = consents

    def save(self) -> list[Any]:
        from spolu.clients.models import (
            Client,
            ClientAlias,
            ClientRelation,
            Consent,
            ResidenceStatus,
        )
        from spolu.clients.search import search_text_for

        for draft in self.drafts:
            permits = [s.permit_number for s in draft.statuses]
            draft.client.search_text = search_text_for(draft.client, draft.aliases, permits)
        clients = Client.objects.bulk_create([d.client for d in self.drafts], batch_size=500)
        wards = []
        for draft in self.drafts:
            if draft.guardian is not None:
                draft.client.guardian = clients[draft.guardian]
                wards.append(draft.client)
        Client.objects.bulk_update(wards, ["guardian"], batch_size=500)
        through = Client.languages.through
        through.objects.bulk_create(
            [
                through(client_id=d.client.pk, language_id=code)
                for d in self.drafts
                for code in d.languages
            ]
        )
        ClientAlias.objects.bulk_create(
            [ClientAlias(client=d.client, name=name) for d in self.drafts for name in d.aliases]
        )
        ResidenceStatus.objects.bulk_create(
            [
                ResidenceStatus(
                    client=d.client,
                    category=self.categories[s.category],
                    valid_from=s.valid_from,
                    valid_to=s.valid_to,
                    permit_number=s.permit_number,
                    note=s.note,
                )
                for d in self.drafts
                for s in d.statuses
            ]
        )
        Consent.objects.bulk_create(
            [
                Consent(
                    client=d.client,
                    purpose=purpose,
                    given_on=given,
                    withdrawn_on=withdrawn,
                    recorded_by=d.client.created_by,
                )
                for d in self.drafts
                for purpose, given, withdrawn in d.consents
            ]
        )
        ClientRelation.objects.bulk_create(
            [
                ClientRelation(client=d.client, relative=clients[other], kind=kind)
                for d in self.drafts
                for other, kind in d.relations
            ]
        )
        return clients


def seed(ctx: Any) -> None:
    """Register the demo clients (see the module docstring); `ctx` is a core DemoContext."""
    rng, today = ctx.rng, ctx.today
    register = _Register(ctx)
    country_codes, country_weights = zip(*COUNTRY_WEIGHTS.items(), strict=True)
    district_codes, district_weights = zip(*DISTRICT_WEIGHTS.items(), strict=True)
    while len(register.drafts) < DEMO_CLIENTS:
        country = rng.choices(country_codes, country_weights)[0]
        district = rng.choices(district_codes, district_weights)[0]
        office = ctx.offices.get(DISTRICT_OFFICE[district]) or next(iter(ctx.offices.values()))
        first_contact = today - timedelta(days=int(900 * rng.random() ** 1.8))
        arrived = first_contact - timedelta(days=int(rng.random() ** 2 * 3000))
        if country == "UA" and rng.random() < 0.75:
            arrived = max(arrived, date(2022, 3, 1) + timedelta(days=rng.randint(0, 500)))
            arrived = min(arrived, first_contact)
        head: Person | None = None
        parents: list[int] = []
        children: list[int] = []
        for role, sex in _household(rng, country):
            if role == "head":
                person = make_person(rng, country, sex)
                head = person
                age = rng.choice([rng.randint(19, 35), rng.randint(25, 50), rng.randint(40, 72)])
            else:
                assert head is not None
                keeps_own_name = country in {"VN", "SY", "AF", "MN"} and role == "spouse"
                surname = None if keeps_own_name else family_surname(head, country)
                person = make_person(rng, country, sex, surname)
                age = rng.randint(22, 55) if role == "spouse" else rng.randint(0, 17)
            born = today - timedelta(days=int(age * 365.25) + rng.randint(0, 364))
            fields: dict[str, Any] = {
                "office": office,
                "district": register.districts.get(district),
                "first_contact_date": max(first_contact, born),
                "vulnerable": rng.random() < 0.04,
            }
            if country in {"AF", "SY"} and rng.random() < 0.2:
                fields["birth_year"] = born.year
            else:
                fields["birth_date"] = born
            if role != "child" or age >= 15:
                if rng.random() < 0.85:
                    fields["phone"] = phone_number(rng, country)
                if rng.random() < 0.3:
                    fields["email"] = _email(rng, person)
            if role == "child" and not parents:
                fields["guardian_note"] = "matka (není klientkou)"
            index = register.add(person, country, **fields)
            register.history(index, country, max(arrived, born))
            register.consents(index, adult=role != "child")
            draft = register.drafts[index]
            if role == "child":
                draft.guardian = parents[0] if parents else None
                for parent in parents:
                    register.drafts[parent].relations.append((index, "child"))
                for sibling in children:
                    register.drafts[sibling].relations.append((index, "sibling"))
                children.append(index)
            else:
                for parent in parents:
                    register.drafts[parent].relations.append((index, "spouse"))
                parents.append(index)
    _duplicates(register)
    ctx.shared["clients"] = register.save()


def _duplicates(register: _Register) -> None:
    """A few people registered twice in another spelling, for trying out the merge."""
    rng, today = register.rng, register.today
    candidates = [
        d.client
        for d in register.drafts
        if d.client.citizenship_id in {"UA", "RU"}
        and d.client.birth_date
        and d.client.birth_date < today - timedelta(days=20 * 365)
        and d.client.first_name in OTHER_SPELLINGS
    ]
    for original in rng.sample(candidates, min(4, len(candidates))):
        person = Person(
            original.sex,
            OTHER_SPELLINGS[original.first_name],
            original.last_name_latin,
            languages=("uk", "ru"),
        )
        index = register.add(
            person,
            original.citizenship_id,
            office=original.office,
            district=original.district,
            birth_date=original.birth_date,
            first_contact_date=max(original.first_contact_date, today - timedelta(days=20)),
            phone=original.phone,
        )
        register.history(index, original.citizenship_id, original.first_contact_date)
