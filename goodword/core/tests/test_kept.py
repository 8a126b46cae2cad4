"""The per-process table behind rendered cards and search's kept matches."""

from goodword.core.kept import KeptTable


def test_the_least_recently_used_goes_first():
    table = KeptTable(2)
    table.put("a", 1)
    table.put("b", 2)
    assert table.get("a") == 1  # "b" is now the least recently used
    table.put("c", 3)
    assert (table.get("a"), table.get("b"), table.get("c")) == (1, None, 3)


def test_a_new_version_empties_the_table():
    table = KeptTable(10)
    assert table.get("a", "v1") is None
    table.put("a", 1, "v1")
    assert table.get("a", "v1") == 1
    assert table.get("a", "v2") is None
    assert table.get("a", "v2") is None
    assert len(table) == 0


def test_a_value_made_under_an_older_version_is_not_kept():
    table = KeptTable(10)
    table.get("a", "v1")  # a request starts under v1 …
    table.get("b", "v2")  # … another sees the version move meanwhile
    table.put("a", "stale", "v1")
    assert table.get("a", "v2") is None


def test_a_table_is_emptied_when_a_setting_changes():
    from django.test import override_settings

    from goodword.core.kept import emptied_when_settings_change

    table = emptied_when_settings_change(KeptTable(4))
    table.put("page", "<nav>")
    other = KeptTable(4)
    other.put("page", "<nav>")
    with override_settings(LANGUAGE_CODE="en"):
        assert table.get("page") is None
    assert other.get("page") == "<nav>"
