"""The message catalogues: every message in both languages, the language taken from --lang or the environment."""
from __future__ import annotations

import pytest

from extractor.app import i18n


def test_every_message_has_both_languages_and_the_same_fields():
    entries = i18n.catalogue()
    assert entries, "no catalogue loaded"
    for key, texts in entries.items():
        assert set(texts) == {"en", "zh"}, key
        assert texts["en"] and texts["zh"], key
        assert i18n._fields(texts["en"]) == i18n._fields(texts["zh"]), key


@pytest.mark.parametrize("environ, lang", [
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
    ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    ({"LANGUAGE": "en", "LC_ALL": "zh_CN.UTF-8"}, "en"),
    ({"LANGUAGE": "", "LANG": "zh_HK.UTF-8"}, "zh"),
])
def test_default_language_follows_the_environment(environ, lang):
    assert i18n.default_lang(environ) == lang


def test_the_option_wins_over_the_environment_and_is_checked():
    assert i18n.resolve_lang("en", {"LANG": "zh_CN.UTF-8"}) == "en"
    assert i18n.resolve_lang(None, {"LANG": "zh_CN.UTF-8"}) == "zh"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.resolve_lang("fr", {})


def test_lookup_fills_fields_and_a_missing_key_names_itself():
    assert i18n.t("direction.stricter", "zh") == "更严"
    assert i18n.t("direction.stricter", "en") == "stricter"
    with pytest.raises(KeyError, match="direction.nonesuch"):
        i18n.t("direction.nonesuch", "zh")


def test_label_keeps_a_value_the_catalogue_does_not_know():
    assert i18n.label("direction", "looser", "zh") == "更宽"
    assert i18n.label("direction", "sideways", "zh") == "sideways"
    assert i18n.label("direction", None, "zh") is None


@pytest.mark.parametrize("text, reason", [
    ('[a]\nen = "x"\n', "needs exactly the languages"),
    ('[a]\nen = "x {n}"\nzh = "y"\n', "fields"),
    ('[a]\nen = ""\nzh = "y"\n', "non-empty"),
    ('[a\n', "a.toml"),
])
def test_a_malformed_catalogue_fails_naming_file_and_key(tmp_path, text, reason):
    path = tmp_path / "a.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(i18n.CatalogueError, match=reason):
        i18n._load_file(path)
