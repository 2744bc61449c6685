import json
from pathlib import Path

from extractor.api import json_schema

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
