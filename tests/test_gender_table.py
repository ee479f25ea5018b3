"""talecast reads gender-guesser's table only for the names a book asks for
(``names._detector``); it must answer exactly as the package's own detector does."""
import random

import pytest

import gender_guesser.detector

from talecast.attribute import names


def _package():
    return gender_guesser.detector.Detector(case_sensitive=False)


def test_the_lazy_table_answers_as_the_package_does_on_a_sample_of_its_names():
    full, lazy = _package(), names._detector()
    pool = sorted(full.names)
    random.Random(7).shuffle(pool)
    sample = pool[:600] + [n for n in pool if " " in n or "-" in n][:150] + [n for n in pool if not n.isascii()][:20]
    for name in sample:
        assert name in lazy.names, name
        assert dict(lazy.names[name]) == full.names[name], name
        assert lazy.get_gender(name) == full.get_gender(name), name


def test_joined_names_are_found_however_the_query_writes_the_join():
    full, lazy = _package(), names._detector()
    joined = [n for n in full.names if " " in n][:5]
    assert joined
    for spaced in joined:
        for form in (spaced, spaced.replace(" ", "-"), spaced.replace(" ", "")):
            assert lazy.get_gender(form) == full.get_gender(form), form


def test_a_name_the_table_lacks_is_unknown_and_a_prefix_is_not_a_name():
    lazy = names._detector()
    assert "xqzvy" not in lazy.names
    assert lazy.get_gender("xqzvy") == "unknown"
    assert names.gender_of_first_name("Elizabeth") == names.FEMALE
    assert names.gender_of_first_name("Eliza") == names.FEMALE
    assert names.gender_of_first_name("Elizab") == names.UNKNOWN


def test_the_table_read_once_finds_the_lines_a_search_finds(monkeypatch):
    """After ``_SEARCHES`` names the table is read once for all (``_name_lines``): the same
    lines, for names it has, names it lacks, a prefix of a name, and names written with a join."""
    full, d = _package(), names._detector()
    pool = sorted(full.names)
    random.Random(11).shuffle(pool)
    asked = pool[:60] + ["", "xqzvy", "elizab", "eliza", "jean pierre", "jean-pierre", "jeanpierre", "mary"]
    monkeypatch.setattr(names, "_SEARCHES", 10 ** 9)
    searched = names._LazyNames(d)
    by_search = [searched._lines(name) for name in asked]
    assert searched._index is None
    monkeypatch.setattr(names, "_SEARCHES", 0)
    indexed = names._LazyNames(d)
    assert [indexed._lines(name) for name in asked] == by_search
    assert indexed._index is not None
    assert sum(1 for lines in by_search if lines) >= 60


def _fresh(monkeypatch, folder):
    monkeypatch.setenv("TALECAST_CACHE_DIR", str(folder))
    names._GENDERS.clear()
    names.gender_of_first_name.cache_clear()


@pytest.fixture(autouse=True)
def _clear_gender_caches():
    yield
    names._GENDERS.clear()
    names.gender_of_first_name.cache_clear()


def _cache_file(folder):
    return folder / "tables" / names._GENDER_CACHE


def test_the_answers_kept_in_the_user_cache_are_the_packages_for_every_name(tmp_path, monkeypatch):
    """``names._make_gender_sets``: made once from the package's detector and written to the
    user cache, then read from there (``_gender_sets``); every name of the table (and others)
    is answered as the package answers it."""
    _fresh(monkeypatch, tmp_path)
    assert names._gender_sets() is None  # no file yet
    made = names._make_gender_sets()
    assert made is not None and _cache_file(tmp_path).is_file()
    names._GENDERS.clear()

    def no_table():
        raise AssertionError("the table was read again")

    with monkeypatch.context() as m:
        m.setattr(names, "gender_guesser_full", no_table)
        assert names._gender_sets() == made  # read from the file
    full = _package()
    asked = list(full.names) + [n.capitalize() for n in list(full.names)[::10]] + [n.upper() for n in list(full.names)[:500]]
    asked += ["", "xqzvy", "Elizab", "JEAN PIERRE", "Jean-Pierre", "Jeanpierre", "Zo\u00eb", "\u00c9mile"]
    want = {"female": names.FEMALE, "mostly_female": names.FEMALE, "male": names.MALE, "mostly_male": names.MALE}
    for name in asked:
        assert names.gender_of_first_name(name) == want.get(full.get_gender(name), names.UNKNOWN), name


def test_the_file_is_made_once_a_text_asks_for_more_names_than_a_short_story(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    few = ["Tom", "Mary", "Ann", "John", "Jane", "Peter", "Lucy", "George"][:names._SEARCHES]
    assert [names.gender_of_first_name(n) for n in few] == [names.MALE, names.FEMALE, names.FEMALE, names.MALE,
                                                           names.FEMALE, names.MALE, names.FEMALE, names.MALE][:len(few)]
    assert not _cache_file(tmp_path).exists()  # a short story reads the table as before
    assert names.gender_of_first_name("Elizabeth") == names.FEMALE
    assert _cache_file(tmp_path).is_file() and names._gender_sets() is not None
    assert names.gender_of_first_name("William") == names.MALE


def test_a_stale_or_damaged_cache_is_made_again(tmp_path, monkeypatch):
    from talecast import files

    _fresh(monkeypatch, tmp_path)
    made = names._make_gender_sets()
    path = _cache_file(tmp_path)
    good = path.read_bytes()
    data = files.unseal(good)
    stale = data.replace(b"\t", b"\t0", 1)  # another version or table: the first line differs
    damaged = good[:-10] + bytes(b ^ 1 for b in good[-10:])
    for blob in (files.seal(stale), damaged, good[: len(good) // 2]):
        path.write_bytes(blob)
        names._GENDERS.clear()
        assert names._gender_sets() is None
        assert names._make_gender_sets() == made
        assert path.read_bytes() == good  # written again, whole
        names._GENDERS.clear()
        assert names._gender_sets() == made


def test_a_cache_folder_that_cannot_be_written_leaves_the_table_read_as_before(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    _fresh(monkeypatch, blocker / "cache")
    assert names._make_gender_sets() is None and names._gender_sets() is None
    names._GENDERS.clear()
    asked = ["Elizabeth", "John", "Xqzvy"] + [f"Name{i}" for i in range(2 * names._SEARCHES)]
    got = [names.gender_of_first_name(n) for n in asked]
    assert got[:3] == [names.FEMALE, names.MALE, names.UNKNOWN]
    assert set(got[3:]) == {names.UNKNOWN} and names._GENDERS.get("made")


def test_cache_clean_removes_the_table_of_answers(tmp_path, monkeypatch):
    from talecast.synth import cache

    _fresh(monkeypatch, tmp_path)
    names._make_gender_sets()
    report = cache.clean(tmp_path)
    assert report.counts.get("name table") == 1 and not report.kept
    assert not _cache_file(tmp_path).exists()
