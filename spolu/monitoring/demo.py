"""Demo data of regional monitoring: the real published figures of Ústecký kraj, synthetic
details where nothing was published, and field observations of the staff.

`data/statistics-ustecky-kraj.csv` holds the counts of foreigners published by the Czech
Statistical Office (sources in `data/statistics-ustecky-kraj.sources.md`): kraj totals and men
2015–2022 and Teplice in 2019 and 2020. They are imported unchanged through the ordinary
statistics import, each row with the address it was read from. So that the dashboard has
something to show per district and citizenship, the demo then imports SYNTHETIC detail rows,
marked as such: the other districts (adding up to the published kraj total) and the largest
citizenships (in the order the publications name them). A synthetic row never replaces or
changes a published one.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

from spolu.core.demo import DemoContext
from spolu.interchange.services import import_file
from spolu.monitoring import services
from spolu.monitoring.models import ObservationTopic

DATA = Path(__file__).resolve().parent / "data"
PUBLISHED_FILE = DATA / "statistics-ustecky-kraj.csv"
REGION = "CZ042"
SYNTHETIC_SOURCE = "Spolu demo: synthetic figure, not published"

# Where each published row was read (statistics-ustecky-kraj.sources.md, groups A–D).
_KRAJ_PAGE = "https://www.czso.cz/csu/xu/cizinci-xu"
SOURCES = {
    ("2019-12-31", "CZ0426"): (
        "https://www.czso.cz/csu/xu/cizinci-v-usteckem-kraji-a-jeho-okresech-k-31-12-2019"
    ),
    ("2020-12-31", "CZ0426"): (
        "https://zpravy.kurzy.cz/633325-cizinci-v-usteckem-kraji-a-jeho-okresech-k-31-12-2020"
    ),
}

# Rough shares of the districts in the kraj's foreigners, for the synthetic district rows.
DISTRICT_SHARES = {
    "CZ0421": 0.14,  # Děčín
    "CZ0422": 0.13,  # Chomutov
    "CZ0423": 0.13,  # Litoměřice
    "CZ0424": 0.08,  # Louny
    "CZ0425": 0.11,  # Most
    "CZ0426": 0.22,  # Teplice
    "CZ0427": 0.19,  # Ústí nad Labem
}

# Synthetic shares of citizenships, in the order the ČSÚ releases name the largest groups
# (2019: Vietnam, Germany, Ukraine; 2020: Vietnam, Ukraine, Germany; 2022: Ukraine, Vietnam,
# Slovakia). They add up to less than the whole: the rest are other citizenships.
_BEFORE_2020 = {
    "VN": 0.22,
    "DE": 0.20,
    "UA": 0.15,
    "SK": 0.12,
    "PL": 0.04,
    "RU": 0.04,
    "MN": 0.03,
    "BG": 0.03,
    "RO": 0.02,
}
_2020_2021 = {
    "VN": 0.22,
    "UA": 0.18,
    "DE": 0.17,
    "SK": 0.12,
    "PL": 0.04,
    "RU": 0.04,
    "MN": 0.03,
    "BG": 0.03,
    "RO": 0.02,
}
_AFTER_2021 = {
    "UA": 0.43,
    "VN": 0.13,
    "SK": 0.095,
    "DE": 0.085,
    "PL": 0.03,
    "RU": 0.025,
    "BG": 0.02,
    "RO": 0.02,
    "MN": 0.015,
}

HEADER = [
    "date",
    "territory",
    "citizenship",
    "residence_category",
    "sex",
    "age_band",
    "count",
    "synthetic",
    "source",
]


def citizenship_shares(day: date) -> dict[str, float]:
    if day.year < 2020:
        return _BEFORE_2020
    if day.year < 2022:
        return _2020_2021
    return _AFTER_2021


def published_rows() -> list[dict[str, str]]:
    with PUBLISHED_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _import(rows: list[dict[str, str]], name: str) -> None:
    report = import_file(kind="statistics", data=_csv(rows), filename=name, actor=None, write=True)
    if not report.written:
        raise RuntimeError("; ".join(str(e) for e in report.errors))


def _split(total: int, shares: dict[str, float], ctx: DemoContext) -> dict[str, int]:
    """`total` divided by the (slightly jittered) shares, adding up exactly to `total`."""
    weights = {code: share * ctx.rng.uniform(0.9, 1.1) for code, share in shares.items()}
    scale = sum(weights.values())
    parts = {code: int(total * weight / scale) for code, weight in weights.items()}
    largest = max(parts, key=lambda code: parts[code])
    parts[largest] += total - sum(parts.values())
    return parts


def synthetic_rows(published: list[dict[str, str]], ctx: DemoContext) -> list[dict[str, str]]:
    known = {
        (r["date"], r["territory"]) for r in published if not r["citizenship"] and not r["sex"]
    }
    totals = {
        r["date"]: int(r["count"])
        for r in published
        if r["territory"] == REGION and not any(r[c] for c in HEADER[2:6])
    }
    rows = []
    for day, total in sorted(totals.items()):
        # Districts: the published ones as they are, the others share the rest of the total.
        published_districts = sum(
            int(r["count"])
            for r in published
            if r["date"] == day
            and r["territory"] in DISTRICT_SHARES
            and not any(r[c] for c in HEADER[2:6])
        )
        missing = {c: s for c, s in DISTRICT_SHARES.items() if (day, c) not in known}
        for code, count in sorted(_split(total - published_districts, missing, ctx).items()):
            rows.append(_synthetic(day, code, "", count))
        for code, share in citizenship_shares(date.fromisoformat(day)).items():
            count = round(total * share * ctx.rng.uniform(0.98, 1.02))  # keeps the published order
            rows.append(_synthetic(day, REGION, code, count))
    return rows


def _synthetic(day: str, territory: str, citizenship: str, count: int) -> dict[str, str]:
    return {
        "date": day,
        "territory": territory,
        "citizenship": citizenship,
        "residence_category": "",
        "sex": "",
        "age_band": "",
        "count": str(count),
        "synthetic": "yes",
        "source": SYNTHETIC_SOURCE,
    }


OBSERVATIONS = [
    # (days ago, user, district, topic, title, text)
    (
        6,
        "field_worker",
        "CZ0427",
        ObservationTopic.HOUSING,
        "Ubytovny v Předlicích se plní",
        "Na dvou ubytovnách v Předlicích bydlí nově asi 40 rodin z Ukrajiny. Majitelé zvyšují "
        "ceny za lůžko a rodiny mají obavy, že nezvládnou platit po skončení humanitární dávky.",
    ),
    (
        13,
        "social_worker_teplice",
        "CZ0426",
        ObservationTopic.EMPLOYMENT,
        "Agentury práce v Teplicích nabírají přes den",
        "Klienti z Filipín a Mongolska hlásí, že agentury ruší směny na poslední chvíli. Nejasné "
        "smlouvy, mzda pod minimem. Doporučujeme informační setkání s inspektorátem práce.",
    ),
    (
        20,
        "social_worker",
        "CZ0427",
        ObservationTopic.EDUCATION,
        "Chybí místa ve školkách",
        "Tři mateřské školy ve Střekově odmítly děti cizinců pro nedostatek míst. Rodiče neznají "
        "právo na povinný předškolní rok.",
    ),
    (
        34,
        "field_worker",
        "CZ0421",
        ObservationTopic.COMMUNITY,
        "Napětí na sídlišti v Děčíně",
        "Po sérii příspěvků na sociálních sítích narůstají stížnosti sousedů na hluk. Domluveno "
        "setkání s městskou policií a komunitní pracovnicí.",
    ),
    (
        41,
        "lawyer",
        "",
        ObservationTopic.RESIDENCE,
        "Zpoždění u žádostí o trvalý pobyt",
        "Pracoviště OAMP v Ústí nad Labem vyřizuje žádosti o trvalý pobyt až o tři měsíce déle "
        "než loni. Klientům doporučujeme podávat žádost s předstihem.",
    ),
    (
        55,
        "coordinator",
        "CZ0422",
        ObservationTopic.NEW_ARRIVALS,
        "Noví pracovníci z Indie v Chomutově",
        "Zaměstnavatel v průmyslové zóně přivedl asi 60 pracovníků z Indie. Zatím nemají "
        "kontakt na žádnou službu; plánujeme terénní návštěvu a leták v angličtině.",
    ),
    (
        70,
        "teacher",
        "CZ0427",
        ObservationTopic.LANGUAGE,
        "Zájem o večerní kurzy češtiny",
        "Na kurzy A2 ke zkoušce pro trvalý pobyt je pořadník přes 30 lidí, hlavně z Vietnamu a "
        "Ukrajiny. Večerní termíny by pomohly pracujícím.",
    ),
    (
        90,
        "field_worker",
        "CZ0425",
        ObservationTopic.HEALTH,
        "Praktičtí lékaři nepřijímají nové pacienty",
        "V Mostě odmítají praktičtí lékaři registrovat cizince s komerčním pojištěním. Lidé "
        "chodí na pohotovost i s běžnými potížemi.",
    ),
]


def seed_observations(ctx: DemoContext) -> None:
    from spolu.core.models import District

    districts = {d.code: d for d in District.objects.all()}
    for days_ago, username, district, topic, title, text in OBSERVATIONS:
        user = ctx.users.get(username)
        if user is None:
            continue
        offices = list(user.offices.all()) or list(ctx.offices.values())
        services.observation_create(
            actor=user,
            office=offices[0],
            date=ctx.today - timedelta(days=days_ago),
            topic=topic,
            district=districts.get(district),
            title=title,
            text=text,
        )


def seed(ctx: DemoContext) -> None:
    published = published_rows()
    _import(
        [
            {
                **row,
                "synthetic": "no",
                "source": SOURCES.get((row["date"], row["territory"]), _KRAJ_PAGE),
            }
            for row in published
        ],
        PUBLISHED_FILE.name,
    )
    _import(synthetic_rows(published, ctx), "synthetic-demo-details.csv")
    seed_observations(ctx)
