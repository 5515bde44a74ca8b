"""Finding a client by any spelling.

Staff type a name the way they heard or read it: in Cyrillic or Latin, in the Ukrainian,
Russian, English, Czech or German romanisation, with or without Vietnamese diacritics, first
and last name in either order, with a typo, or a date of birth, phone or permit number.

Every client carries a derived `search_text` (kept up to date by `services.client_reindex`)
in three sections separated by ` | `:

    oleksandr shevchenko | aleksandr sevcenka | 19850314 14031985 777123456 420777123456 zov1234

1. the names (own script and Latin, aliases) as lower-case ASCII words (`normalise`),
2. one *spelling key* per name word (`spelling_key`), which maps the usual romanisation
   variants onto one form, so that Oleksandr, Aleksandr and Alexander, Hryhorii and Grigoriy,
   Yuliia, Julija and Iuliia, Shevchenko and Ševčenko meet,
3. numbers: birth date (yyyymmdd and ddmmyyyy), phone digits (with and without +420), permit
   numbers without spaces.

A query is split into terms: name words, and numbers (dates in ISO or Czech form, phones,
permit numbers). A client matches when *every* term matches: a name term by equal word,
prefix (search as you type), equal spelling key, or a small typo (1 edit in words of 3–5
letters, 2 in longer ones; 1 in a spelling key of 6+ letters); a number term as a substring
of the numbers section. Matches are ranked by how close they are (`_score_row`).

The database only narrows the candidates; the final ranking is the same Python code on every
database, so results do not depend on it. On PostgreSQL the candidates come from a trigram
GIN index (pg_trgm word similarity, migration 0002), ranked by similarity. On SQLite they come
from substring filters that cannot miss a typo-tolerant match (a word with k edits still
contains one of k+1 pieces of the query intact), scanned without an index.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, Q
from rapidfuzz.distance import OSA, Levenshtein
from unidecode import unidecode

from spolu.clients.models import Client, ClientQuerySet

SECTION = " | "
# Trigram similarity (pg_trgm) of a vocabulary word to a query word to be checked as a possible
# typo on PostgreSQL: low, because the vocabulary is small and a swapped letter in a short
# name leaves few trigrams in common (Ngyuen / Nguyen: 0.27); the edit distance decides after.
VOCABULARY_SIMILARITY = 0.2
# How many candidates the database hands to the ranking, at least.
MIN_CANDIDATES = 200
# On SQLite every candidate is ranked in Python; a query as broad as one letter stops here.
SQLITE_MAX_CANDIDATES = 20_000
MAX_TERMS = 8

_APOSTROPHES = re.compile(r"['`´ʹʼ’]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_REPEATS = re.compile(r"(.)\1+")

# Romanisation variants mapped onto one form (longest first, applied left to right in one
# pass): sh/sch/sz/š → s, ch/tch/tsch/cz/č → c, ts/tz/c → c, zh/ž → z, kh/gh/g/h → h (the
# Ukrainian h for the Russian g: Hryhorii / Grigoriy), y/j/i → i, o/a → a (Oleksandr /
# Aleksandr), x → ks, w → v, ph → f, th → t, ou/oo → u. Diacritics are gone already.
_KEY_MAP = {
    "tsch": "c",
    "sch": "s",
    "tch": "c",
    "sh": "s",
    "sz": "s",
    "ch": "c",
    "cz": "c",
    "ts": "c",
    "tz": "c",
    "zh": "z",
    "kh": "h",
    "gh": "h",
    "ph": "f",
    "th": "t",
    "ou": "u",
    "oo": "u",
    "x": "ks",
    "q": "k",
    "w": "v",
    "g": "h",
    "y": "i",
    "j": "i",
    "o": "a",
}
_KEY_PATTERN = re.compile("|".join(sorted(_KEY_MAP, key=len, reverse=True)))
# A Czech `ch` is the Ukrainian/Russian х (kh); before a consonant it cannot be an English ch.
_CZECH_INITIAL_CH = re.compile(r"ch[bcdfghklmnprstvz]")
# Alexander / Aleksandr, Peter / Petr: an e before a final r after a consonant is optional.
_OPTIONAL_E = re.compile(r"(?<=[bcdfhklmnprstvz])er$")

_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_CZECH_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})(?!\d)")
_PHONE = re.compile(r"\+?\d[\d\s()/.-]{4,}\d")


def normalise(text: str) -> str:
    """Lower-case ASCII words: `Nguyễn Thị Hương` → `nguyen thi huong`, `Мар'яна` → `mariana`."""
    ascii_text = _APOSTROPHES.sub("", unidecode(text or "").lower())
    return _NON_WORD.sub(" ", ascii_text).strip()


def digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def spelling_key(word: str) -> str:
    """One form for the romanisations of a normalised name word.

    `oleksandr`, `aleksandr`, `alexander` → `aleksandr`; `hryhorii`, `grigoriy` → `hrihari`;
    `shevchenko`, `sevcenko` → `sevcenka`; `yuliia`, `julija`, `iuliia` → `iulia`.
    """
    if _CZECH_INITIAL_CH.match(word):  # Czech romanisation: Chmelnyckyj / Khmelnytskyi
        word = "kh" + word[2:]
    key = _KEY_PATTERN.sub(lambda m: _KEY_MAP[m.group(0)], word)
    key = _REPEATS.sub(r"\1", key)
    if key.startswith("ie") and len(key) > 3:  # Yevhen / Ievhen / Evhen, Yelena / Elena
        key = key[1:]
    return _OPTIONAL_E.sub("r", key)


def phone_numbers(phone: str) -> list[str]:
    """Digits of a phone number as stored for search: international and, for +420, national."""
    number = digits(phone)
    if number.startswith("00"):
        number = number[2:]
    if len(number) < 6:
        return []
    if number.startswith("420") and len(number) == 12:
        return [number[3:], number]
    return [number]


def search_text_for(
    client: Client, aliases: Iterable[str] = (), permits: Iterable[str] = ()
) -> str:
    """The derived `Client.search_text` (see the module docstring for its layout)."""
    words: list[str] = []
    parts = [
        client.first_name,
        client.last_name,
        client.first_name_latin,
        client.last_name_latin,
        *aliases,
    ]
    for part in parts:
        for word in normalise(part).split():
            if not word.isdigit() and word not in words:
                words.append(word)
    numbers: list[str] = []
    if client.birth_date:
        numbers += [client.birth_date.strftime("%Y%m%d"), client.birth_date.strftime("%d%m%Y")]
    elif client.birth_year:
        numbers.append(str(client.birth_year))
    numbers += phone_numbers(client.phone)
    for permit in permits:
        compact = normalise(permit).replace(" ", "")
        if compact and compact not in numbers:
            numbers.append(compact)
    keys = [spelling_key(word) for word in words]
    return SECTION.join([" ".join(words), " ".join(keys), " ".join(numbers)])


# --- queries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One part of a query: a name word (with its spelling key) or a number."""

    text: str
    key: str = ""

    @property
    def is_name(self) -> bool:
        return bool(self.key)


def _name_term(word: str) -> Term:
    return Term(word, spelling_key(word))


def _number_term(text: str) -> Term:
    return Term(text)


def _date_term(year: str, month: str, day: str) -> Term | None:
    try:
        born = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return _number_term(born.strftime("%Y%m%d"))


def as_date(value: Any) -> date | None:
    """A date from a date, an ISO string or a Czech `d. m. yyyy` string (None if none)."""
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for pattern, order in ((_ISO_DATE, (1, 2, 3)), (_CZECH_DATE, (3, 2, 1))):
        match = pattern.fullmatch(text)
        if match:
            y, m, d = (match.group(i) for i in order)
            try:
                return date(int(y), int(m), int(d))
            except ValueError:
                return None
    return None


def parse_query(query: str) -> list[list[Term]]:
    """The query as alternative lists of terms (a client must match every term of one list).

    The second alternative, when there is one, reads the whole query as one permit number
    (`ZOV 123 456` → `zov123456`).
    """
    rest = (query or "")[:200]
    terms: list[Term] = []

    def take_date(pattern: re.Pattern[str], order: tuple[int, int, int]) -> None:
        nonlocal rest
        for match in list(pattern.finditer(rest)):
            term = _date_term(*(match.group(i) for i in order))
            if term:
                terms.append(term)
                rest = rest.replace(match.group(0), " ", 1)

    take_date(_ISO_DATE, (1, 2, 3))
    take_date(_CZECH_DATE, (3, 2, 1))
    for match in list(_PHONE.finditer(rest)):
        numbers = phone_numbers(match.group(0))
        if numbers:
            terms.append(_number_term(numbers[0]))
            rest = rest.replace(match.group(0), " ", 1)
    for word in normalise(rest).split():
        if any(ch.isdigit() for ch in word):
            terms.append(_number_term(word))
        else:
            terms.append(_name_term(word))
    alternatives = [terms[:MAX_TERMS]] if terms else []
    compact = normalise(query).replace(" ", "")
    has_letters = any(ch.isalpha() for ch in compact)
    if has_letters and any(ch.isdigit() for ch in compact) and len(compact) >= 5:
        code = [_number_term(compact)]
        if code not in alternatives:
            alternatives.append(code)
    return alternatives


# --- scoring ----------------------------------------------------------------------------------


def _allowed_edits(length: int) -> int:
    if length <= 2:
        return 0
    return 1 if length <= 5 else 2


def _name_term_score(
    term: Term, words: Sequence[str], keys: Sequence[str], fuzzy: bool = True
) -> float:
    """How well a name term matches the best of a client's words: 1.0 equal … 0 not at all.

    Without `fuzzy` only equal words and keys and their prefixes count (the first stage).
    """
    q, qk = term.text, term.key
    edits = _allowed_edits(len(q)) if fuzzy else 0
    best = 0.0
    for word, key in zip(words, keys, strict=False):
        if word == q:
            return 1.0
        if word.startswith(q):
            score = 0.85 + 0.1 * len(q) / len(word)
        elif key == qk:
            score = 0.9
        elif key.startswith(qk):
            score = 0.8
        else:
            score = 0.0
            if edits and abs(len(word) - len(q)) <= edits:
                distance = OSA.distance(q, word, score_cutoff=edits)
                if distance <= edits:
                    score = 0.8 - 0.05 * distance
            near = fuzzy and not score and len(qk) >= 6 and abs(len(key) - len(qk)) <= 1
            if near and Levenshtein.distance(qk, key, score_cutoff=1) <= 1:
                score = 0.7
        best = max(best, score)
    return best


@dataclass(frozen=True)
class _Row:
    words: list[str]
    keys: list[str]
    numbers: str

    @classmethod
    def parse(cls, search_text: str) -> _Row:
        sections = [*search_text.split(SECTION), "", "", ""]
        return cls(sections[0].split(), sections[1].split(), sections[2])


def _birth_date_number(numbers: str) -> str:
    """The yyyymmdd birth date that `search_text_for` puts first (followed by ddmmyyyy)."""
    first, second = [*numbers.split(), "", ""][:2]
    if len(first) == 8 and first.isdigit() and second == first[6:] + first[4:6] + first[:4]:
        return first
    return ""


def _term_score(term: Term, row: _Row, fuzzy: bool = True) -> float:
    if term.is_name:
        return _name_term_score(term, row.words, row.keys, fuzzy)
    return 1.0 if term.text in row.numbers else 0.0


def _score_row(alternatives: list[list[Term]], search_text: str, fuzzy: bool = True) -> float:
    """Mean term score of the best alternative; 0 when some term does not match at all."""
    row = _Row.parse(search_text)
    best = 0.0
    for terms in alternatives:
        scores = [_term_score(term, row, fuzzy) for term in terms]
        if scores and min(scores) > 0:
            best = max(best, sum(scores) / len(scores))
    return best


# --- candidates from the database -------------------------------------------------------------
#
# Two stages, the same on every database. First the clients each of whose terms matches a
# word's spelling key or its beginning (a `LIKE '% key%'` that the trigram index answers
# quickly even for the commonest names). Only when nobody matches that way, the typo-tolerant
# stage: trigram word similarity of the spelling keys on PostgreSQL, substring pieces elsewhere.


def _postgres(queryset: ClientQuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def _exact_q(term: Term, whole_word: bool = False) -> Q:
    if term.is_name:
        return Q(search_text__contains=f" {term.key} " if whole_word else f" {term.key}")
    return Q(search_text__contains=term.text)


def _exact_candidates(
    queryset: ClientQuerySet, terms: list[Term], count: int
) -> list[tuple[int, str]]:
    condition = Q()
    names = [t for t in terms if t.is_name]
    for term in terms:
        if term.is_name and len(term.key) < 3:
            # A short key (`ti` of Thi) begins half the clients' names: as a whole word it
            # narrows well; the last word may still be being typed, so it narrows nothing.
            if term is not names[-1]:
                condition &= _exact_q(term, whole_word=True)
            elif len(terms) == 1:
                condition &= _exact_q(term)
        else:
            condition &= _exact_q(term)
    # Clients with equal keys first (the word followed by a space), then longer words.
    equal = [
        ExpressionWrapper(_exact_q(term, whole_word=True), BooleanField()).desc() for term in names
    ]
    rows = queryset.filter(condition).order_by(*equal, "pk").values_list("pk", "search_text")
    return list(rows[:count])


def _nearby_words(queryset: ClientQuerySet, terms: list[Term]) -> dict[Term, list[str]]:
    """PostgreSQL: the clients' words and keys within a typo of each term (vocabulary table)."""
    probes = sorted({p for t in terms for p in (t.text, t.key)})
    with connections[queryset.db].cursor() as cursor:
        # Session setting (not LOCAL): it must hold outside a transaction too; set on every
        # search because a rolled-back transaction would undo it.
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, false)",
            [str(VOCABULARY_SIMILARITY)],
        )
        cursor.execute(
            "SELECT probe, word FROM unnest(%s::text[]) AS probe, LATERAL ("
            "  SELECT word FROM clients_searchword WHERE word %% probe"
            "  ORDER BY similarity(word, probe) DESC LIMIT 40"
            ") AS near",
            [probes],
        )
        near = cursor.fetchall()
    found: dict[Term, list[str]] = {}
    for term in terms:
        text_edits = _allowed_edits(len(term.text))
        key_edits = max(1, _allowed_edits(len(term.key)))
        words = {term.key}
        for _probe, word in near:
            by_word = OSA.distance(term.text, word, score_cutoff=2) <= text_edits
            if by_word or OSA.distance(term.key, word, score_cutoff=2) <= key_edits:
                words.add(word)
        found[term] = sorted(words)
    return found


def _postgres_fuzzy_candidates(
    queryset: ClientQuerySet, terms: list[Term], count: int
) -> list[tuple[int, str]]:
    """Clients with, for every term, a word a typo away from it (or beginning with its key)."""
    fuzzy = [t for t in terms if t.is_name and len(t.text) >= 3]
    if not fuzzy:
        return []
    near = _nearby_words(queryset, fuzzy)
    condition = Q()
    for term in terms:
        if term in near:
            alternatives = "|".join(re.escape(word) for word in near[term])
            condition &= Q(search_text__regex=f"(^| )({alternatives})")
        else:
            condition &= _exact_q(term)
    rows = queryset.filter(condition).order_by("pk").values_list("pk", "search_text")
    return list(rows[:count])


def _fuzzy_q(term: Term) -> Q:
    """Substring filters that every typo-tolerant match of `term` passes (see the docstring)."""
    if not term.is_name:
        return Q(search_text__contains=term.text)
    q = Q(search_text__contains=term.text) | Q(search_text__contains=term.key)
    fuzzy = [(term.text, _allowed_edits(len(term.text)))]
    if len(term.key) >= 6:
        fuzzy.append((term.key, 1))
    for text, edits in fuzzy:
        if not edits:
            continue
        size = len(text) // (edits + 1)
        bounds = [i * size for i in range(edits + 1)] + [len(text)]
        for start, end in itertools.pairwise(bounds):
            q |= Q(search_text__contains=text[start:end])
        for cut in bounds[1:-1]:
            # A transposition across a cut breaks both pieces; the swapped text is then intact.
            swapped = text[: cut - 1] + text[cut] + text[cut - 1] + text[cut + 1 :]
            q |= Q(search_text__contains=swapped)
    return q


def _generic_fuzzy_candidates(queryset: ClientQuerySet, terms: list[Term]) -> list[tuple[int, str]]:
    condition = Q()
    for term in terms:
        condition &= _fuzzy_q(term)
    rows = queryset.filter(condition).order_by().values_list("pk", "search_text")
    return list(rows[:SQLITE_MAX_CANDIDATES])


def _ranked(
    queryset: ClientQuerySet, alternatives: list[list[Term]], limit: int
) -> list[tuple[float, int]]:
    """(score, pk) of the best matches, exact stage first, typo-tolerant when it finds nobody."""
    count = max(limit * 10, MIN_CANDIDATES)
    for fuzzy in (False, True):
        rows: dict[int, str] = {}
        for terms in alternatives:
            if not fuzzy:
                found = _exact_candidates(queryset, terms, count)
            elif not any(t.is_name for t in terms):
                continue  # numbers match exactly or not at all
            elif _postgres(queryset):
                found = _postgres_fuzzy_candidates(queryset, terms, count)
            else:
                found = _generic_fuzzy_candidates(queryset, terms)
            rows.update(found)
        scored = [(_score_row(alternatives, text, fuzzy), pk) for pk, text in rows.items()]
        scored = [(score, pk) for score, pk in scored if score > 0]
        if scored:
            scored.sort(key=lambda item: (-item[0], item[1]))
            return scored[:limit]
    return []


def _in_order(queryset: ClientQuerySet, pks: list[int]) -> list[Client]:
    if not pks:
        return []
    found = {client.pk: client for client in queryset.filter(pk__in=pks)}
    return [found[pk] for pk in pks if pk in found]


# --- the public functions ---------------------------------------------------------------------


def ranked_pks(queryset: ClientQuerySet, query: str, limit: int = 20) -> list[int]:
    """Primary keys of the best matches for `query`, best first."""
    alternatives = parse_query(query)
    if not alternatives or len(normalise(query).replace(" ", "")) < 2:
        return []
    return [pk for _score, pk in _ranked(queryset, alternatives, limit)]


def search_clients(queryset: ClientQuerySet, query: str, limit: int = 20) -> list[Client]:
    """Clients of `queryset` matching `query` in any spelling, best match first."""
    return _in_order(queryset, ranked_pks(queryset, query, limit))


def _distinct_terms(names: str) -> list[Term]:
    """Name terms of `names`, one per spelling key (Шевченко and Shevchenko are one)."""
    terms: dict[str, Term] = {}
    for word in normalise(names).split():
        term = _name_term(word)
        terms.setdefault(term.key, term)
    return list(terms.values())[:MAX_TERMS]


def _candidates_of_both_stages(
    queryset: ClientQuerySet, alternatives: list[list[Term]], count: int
) -> list[tuple[int, str]]:
    """Clients matching any alternative exactly or with a typo (for duplicate checks)."""
    rows: dict[int, str] = {}
    for terms in alternatives:
        rows.update(_exact_candidates(queryset, terms, count))
        if not any(t.is_name for t in terms):
            continue
        if _postgres(queryset):
            rows.update(_postgres_fuzzy_candidates(queryset, terms, count))
        else:
            rows.update(_generic_fuzzy_candidates(queryset, terms))
    return list(rows.items())


def likely_duplicates(
    queryset: ClientQuerySet,
    *,
    first_name: str = "",
    last_name: str = "",
    first_name_latin: str = "",
    last_name_latin: str = "",
    birth_date: Any = None,
    phone: str = "",
    limit: int = 5,
) -> list[Client]:
    """Existing clients a registration with these details may duplicate, likeliest first.

    Shown before saving. The same person is likely when the first and last names match in
    any spelling (unless both dates of birth are known and differ), when the phone number is
    the same, or when the date of birth is the same and a name matches (a changed surname
    after marriage, a swapped first and last name).
    """
    last = _distinct_terms(f"{last_name} {last_name_latin}")
    first = _distinct_terms(f"{first_name} {first_name_latin}")
    born = as_date(birth_date)
    phones = phone_numbers(phone)
    alternatives: list[list[Term]] = [[term] for term in last]
    if phones:
        alternatives.append([_number_term(phones[0])])
    if born:
        born_term = _number_term(born.strftime("%Y%m%d"))
        alternatives += [[born_term, term] for term in first]
    if not alternatives:
        return []
    rows = _candidates_of_both_stages(queryset, alternatives, MIN_CANDIDATES)
    born_key = born.strftime("%Y%m%d") if born else ""
    scored: list[tuple[float, int]] = []
    for pk, text in rows:
        row = _Row.parse(text)
        last_match = max((_term_score(t, row) for t in last), default=0.0)
        first_match = max((_term_score(t, row) for t in first), default=0.0)
        score = 0.0
        if last_match >= 0.7:
            score += 0.3 + 0.1 * last_match
        if first_match >= 0.7:
            score += 0.2 + 0.1 * first_match
        their_birth = _birth_date_number(row.numbers)
        if born_key and their_birth:
            score += 0.4 if their_birth == born_key else -0.5
        if phones and phones[0] in row.numbers:
            score += 0.6
        if score >= 0.6:
            scored.append((score, pk))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return _in_order(queryset, [pk for _, pk in scored[:limit]])
