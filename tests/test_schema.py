import json
from pathlib import Path

import pytest

from extractor.app.api import diff_json_schema, json_schema

ROOT = Path(__file__).resolve().parent.parent


def test_published_schema_is_current():
    published = json.loads((ROOT / "schema" / "document.schema.json").read_text(encoding="utf-8"))
    assert published == json_schema(), "regenerate with: slax schema > schema/document.schema.json"


def test_schema_requires_the_output_contract():
    schema = json_schema()
    assert set(schema["required"]) >= {"source", "letters"}
    letter = schema["$defs"]["Letter"]["properties"]
    for key in ("index", "title", "span", "parties", "clauses", "availability", "timings", "penalties", "blanks"):
        assert key in letter


REGENERATE_DIFF = ('regenerate with: python -c "import json; from extractor.app.api import diff_json_schema; '
                   'print(json.dumps(diff_json_schema(), ensure_ascii=False, indent=2))" > schema/diff.schema.json')


def test_published_diff_schema_is_current():
    published = json.loads((ROOT / "schema" / "diff.schema.json").read_text(encoding="utf-8"))
    assert published == diff_json_schema(), REGENERATE_DIFF


def test_diff_output_validates_against_its_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from extractor.app.api import diff

    cases = ROOT / "tests" / "diff_cases"
    for a, b in (("redline_base.txt", "redline_cap.txt"), ("ops_v1.txt", "ops_v2.txt"), ("template.txt", "filled.txt")):
        data = json.loads(diff(cases / a, cases / b, text=True).model_dump_json())
        jsonschema.validate(data, diff_json_schema())
        assert data["clauses"] or data["changes"]
    clause = diff_json_schema()["$defs"]["ClauseEvent"]["properties"]
    assert {"event", "a", "b", "diff"} <= set(clause)
