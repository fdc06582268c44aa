import jsonschema
import pytest

from unspin.document import Document
from unspin.schema import build_schema, load_schema, render_schema, validate_output


def test_committed_schema_matches_the_classes():
    assert load_schema() == build_schema(), (
        "The output classes changed: regenerate the schema with "
        "`python -c 'from unspin.schema import *; print(render_schema(build_schema()), end=\"\")' "
        "> src/unspin/schema/analysis.v1.json` and review the diff."
    )


def test_schema_is_itself_valid():
    jsonschema.Draft202012Validator.check_schema(load_schema())


def test_a_malformed_document_is_refused():
    data = Document("d", "text").to_dict()
    validate_output(data)
    data["layers"]["places"] = [{"id": "p1"}]
    with pytest.raises(jsonschema.ValidationError):
        validate_output(data)


def test_rendered_schema_ends_with_a_newline():
    assert render_schema(build_schema()).endswith("}\n")
