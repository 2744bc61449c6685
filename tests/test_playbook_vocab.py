"""Playbook names are checked on load against the extractor's own vocabulary (issue 16: never pass a gate by
typo): a misspelt kind, base, per, of, unit, family, field or key is a one-line error naming the file, the line
of the offending key and the closest known name; `slax check` exits 2 and checks nothing."""
from __future__ import annotations

from typing import get_args

import pytest

from extractor.app import playbook as pb
from extractor.app.cli import main
from extractor.models import BlankFact, PenaltyKind, TimingKind
from extractor.rules import comparable

HEAD = '[[rule]]\nid = "ok"\ntitle = "t"\nfamily = "timings"\nop = "<="\nvalue = "4h"\n\n[[rule]]\nid = "bad"\ntitle = "t"\n'

TYPOS = [
    # (the rule's lines after id and title; the line holding the typo; the suggestion)
    ('family = "availability"\nkind = "availabilty"\nop = ">="\nvalue = "99.9%"', 'kind = "availabilty"',
     "unknown availability metric 'availabilty'; did you mean 'availability'?"),
    ('family = "penalties"\nkind = "liquidated_damage"\nop = ">="\nvalue = "5%"', 'kind = "liquidated_damage"',
     "unknown penalties kind 'liquidated_damage'; did you mean 'liquidated_damages'?"),
    ('family = "timings"\nkind = ["recovery", "resoluton"]\nop = "<="\nvalue = "4h"', 'kind = ["recovery", "resoluton"]',
     "unknown timings kind 'resoluton'; did you mean 'resolution'?"),
    ('family = "parties"\nkind = "promiser"\nop = "present"', 'kind = "promiser"',
     "unknown parties role 'promiser'; did you mean 'promisor'?"),
    ('family = "penalties"\nbase = "monthly_fees"\nop = ">="\nvalue = "5%"', 'base = "monthly_fees"',
     "unknown base 'monthly_fees'; did you mean 'monthly_fee'?"),
    ('family = "penalties"\nper = ["none", "hours"]\nop = ">="\nvalue = "5%"', 'per = ["none", "hours"]',
     "unknown per 'hours'; did you mean 'hour'?"),
    ('family = "timings"\nkind = "notice"\nof = "term"\nop = ">="\nvalue = "30d"', 'of = "term"',
     "unknown of 'term'; did you mean 'terms'?"),
    ('family = "timings"\nop = "<="\nvalue = "4 hourz"', 'value = "4 hourz"',
     "unknown duration unit 'hourz'; did you mean 'hour'?"),
    ('family = "penalty"\nop = ">="\nvalue = "5%"', 'family = "penalty"',
     "unknown family 'penalty'; did you mean 'penalties'?"),
    ('family = "penalties"\nfield = "rat"\nop = ">="\nvalue = "5%"', 'field = "rat"',
     "penalties facts have no field 'rat'; did you mean 'rate'?"),
    ('family = "timings"\nprefer = { teir = "P1" }\nop = "<="\nvalue = "15min"', 'prefer = { teir = "P1" }',
     "timings facts have no field 'teir'; did you mean 'tier'?"),
    ('family = "timings"\nkinds = "response"\nop = "<="\nvalue = "15min"', 'kinds = "response"',
     "unknown key 'kinds'; did you mean 'kind'?"),
    ('family = "timings"\nop = "<="\nvalue = "15min"\nmissing = "fial"', 'missing = "fial"', "did you mean 'fail'?"),
    # a name that belongs to another family
    ('family = "timings"\nbase = "monthly_fee"\nop = "<="\nvalue = "4h"', 'base = "monthly_fee"',
     "base applies to penalties rules only"),
]


@pytest.mark.parametrize("body, line, problem", TYPOS, ids=[t[1] for t in TYPOS])
def test_typo_is_a_load_error_with_file_line_and_suggestion(body, line, problem):
    text = HEAD + body + "\n"
    lineno = text.splitlines().index(line) + 1
    with pytest.raises(pb.PlaybookError) as exc:
        pb.parse(text, "ours.toml")
    message = str(exc.value)
    assert "\n" not in message
    assert message.startswith(f"ours.toml:{lineno}: rule 'bad'") and message.endswith(problem), message


def test_unknown_top_level_key_is_named_with_a_suggestion():
    with pytest.raises(pb.PlaybookError) as exc:
        pb.parse('name = "x"\ndescripton = "y"\n' + HEAD + 'family = "timings"\nop = "present"\n', "p.toml")
    assert str(exc.value) == "p.toml:2: descripton: unknown key 'descripton'; did you mean 'description'?"


def test_issue_16_typo_fails_check_with_exit_2_and_one_line(tmp_path, capsys):
    """The reported case: `kind = "availabilty"` used to find nothing, warn, and let `slax check` exit 0."""
    book = tmp_path / "ours.toml"
    book.write_text(HEAD + 'family = "availability"\nkind = "availabilty"\nop = ">="\nvalue = "99%"\nmissing = "warn"\n',
                    encoding="utf-8")
    letter = tmp_path / "letter.txt"
    letter.write_text("服务承诺书\n一、系统月度可用性不低于99.9%。\n", encoding="utf-8")
    assert main(["check", str(letter), "--playbook", str(book)]) == 2
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert err == [f"slax: error: {book}:12: rule 'bad' kind: unknown availability metric 'availabilty'; "
                   "did you mean 'availability'?"]
    assert captured.out == ""


# ---- the vocabulary is the extractor's: every known name loads ---------------------------------------------

@pytest.mark.parametrize("family, kinds", [("timings", get_args(TimingKind)), ("penalties", get_args(PenaltyKind)),
                                           ("blanks", get_args(BlankFact.model_fields["kind"].annotation))])
def test_every_model_kind_is_accepted(family, kinds):
    book = pb.parse("".join(f'[[rule]]\nid = "r{i}"\ntitle = "t"\nfamily = "{family}"\nkind = "{k}"\nop = "present"\n'
                            for i, k in enumerate(kinds)))
    assert [r.kind for r in book.rule] == list(kinds)


def test_metrics_and_roles_come_from_the_pattern_files():
    # uptime_hours is a metric only availability.toml assigns; party_a a role only parties.toml names
    pb.parse('[[rule]]\nid = "u"\ntitle = "t"\nfamily = "availability"\nkind = "uptime_hours"\nop = "present"\n'
             '[[rule]]\nid = "p"\ntitle = "t"\nfamily = "parties"\nkind = "party_a"\nop = "present"\n')


@pytest.mark.parametrize("key, dimension, family", [("base", "base", "penalties"), ("per", "per", "penalties"),
                                                    ("of", "notice", "timings")])
def test_every_comparable_class_is_accepted(key, dimension, family):
    names = comparable.names(dimension)
    rule = pb.parse(f'[[rule]]\nid = "r"\ntitle = "t"\nfamily = "{family}"\n{key} = {names!r}\nop = "present"\n'
                    .replace("'", '"')).rule[0]
    assert getattr(rule, key) == names


@pytest.mark.parametrize("dimension", comparable.DIMENSIONS)
def test_comparable_examples_classify_as_written(dimension):
    pairs = list(comparable.examples(dimension))
    assert pairs
    assert [(text, comparable.classify(dimension, text)) for text, _ in pairs] == pairs
