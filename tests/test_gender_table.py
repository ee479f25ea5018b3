"""talecast reads gender-guesser's table only for the names a book asks for
(``names._detector``); it must answer exactly as the package's own detector does."""
import random

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
