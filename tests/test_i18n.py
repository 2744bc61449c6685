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


def test_every_kind_of_every_family_has_a_label():
    """Every value a family's kind field can take (its rules included) is named in both languages; in English
    it is the kind itself, as JSON has it."""
    from extractor.families import FAMILIES

    entries = i18n.catalogue()
    for fam in FAMILIES:
        assert f"family.{fam.name}" in entries, fam.name
        kinds = fam.kinds()
        assert kinds, fam.name
        for kind in kinds:
            key = f"kind.{fam.name}.{kind}"
            assert key in entries, f"{key}: add it to extractor/app/locale/kind.toml"
            assert entries[key]["en"] == kind, key


def test_the_kind_catalogue_names_only_kinds_the_families_give():
    from extractor.families import BY_NAME

    for key in (k for k in i18n.catalogue() if k.startswith("kind.")):
        _, name, kind = key.split(".")
        assert kind in BY_NAME[name].kinds(), key


def test_penalty_kinds_read_as_in_the_letters_table():
    from extractor.families.penalties.present import PENALTY_ZH

    assert {kind: i18n.t(f"kind.penalties.{kind}", "zh") for kind in PENALTY_ZH} == PENALTY_ZH


def test_every_word_the_tables_show_has_a_label():
    from typing import get_args

    from extractor.app import explain, playbook, render
    from extractor.app.cli_inspect import EVAL_HEADERS
    from extractor.app.diff import Direction
    from extractor.app.redline import ClauseEvent, Cue
    from extractor.rules.figures import KINDS

    entries = i18n.catalogue()
    columns = {*render.LETTER_HEADERS, *render.DIFF_HEADERS, *EVAL_HEADERS, *(n for n, _ in explain.COLUMNS),
               "clause", "label", "page", "line", "context", "verdict", "fail", "warn", "pass"}
    wanted = [f"column.{c}" for c in columns] + [f"direction.{d}" for d in get_args(Direction)]
    wanted += [f"clause.{e}" for e in get_args(ClauseEvent.model_fields["event"].annotation)]
    wanted += [f"clause.cue.{k}" for k in get_args(Cue.model_fields["kind"].annotation)]
    wanted += [f"fate.figure.{k}" for k in KINDS] + [f"fate.{f}" for f in explain.FATE_STYLE]
    wanted += [f"outcome.{o}" for o in playbook.SYMBOL] + ["outcome.not comparable"]
    assert [key for key in wanted if key not in entries] == []


def test_a_table_of_tables_groups_messages(tmp_path):
    path = tmp_path / "kind.toml"
    path.write_text('[timings.response]\nen = "response"\nzh = "响应时限"\n', encoding="utf-8")
    assert i18n._load_file(path) == {"kind.timings.response": {"en": "response", "zh": "响应时限"}}
    path.write_text('[timings]\nresponse = "x"\n', encoding="utf-8")
    with pytest.raises(i18n.CatalogueError, match=r"kind.toml: \[timings\]: needs exactly"):
        i18n._load_file(path)
    path.write_text('[timings.response]\nen = "response"\n', encoding="utf-8")
    with pytest.raises(i18n.CatalogueError, match=r"\[timings.response\]: needs exactly"):
        i18n._load_file(path)
