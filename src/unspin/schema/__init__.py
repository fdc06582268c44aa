"""The JSON Schema of unspin's output, derived from the annotation dataclasses.

The schema is generated from the same classes the serializer walks, and the generated file is kept in the
repository (``analysis.v<N>.json``) so that changes to the output format show up in review; a test checks
that the committed file and the classes agree. Bump ``SCHEMA_VERSION`` in ``document.py`` when a change
is not backward compatible.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from dataclasses import MISSING, fields, is_dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal, Union

from unspin.annotations import LAYERS
from unspin.document import SCHEMA_VERSION, Meta
from unspin.rejection import Rejection
from unspin.spans import Span

SCHEMA_FILE = f"analysis.v{SCHEMA_VERSION}.json"

_SPAN_SCHEMA = {
    "type": "object",
    "description": "Character offsets into the document text, end exclusive; text is the covered substring.",
    "properties": {
        "start": {"type": "integer", "minimum": 0},
        "end": {"type": "integer", "minimum": 0},
        "text": {"type": "string"},
    },
    "required": ["start", "end"],
    "additionalProperties": False,
}


def build_schema() -> dict[str, Any]:
    """The output schema as the current classes define it."""
    defs: dict[str, Any] = {"Span": _SPAN_SCHEMA}
    for cls in (Meta, *LAYERS.values(), Rejection):
        _define(cls, defs)
    document = {
        "type": "object",
        "description": "One analysed article: its text, metadata and one array of records per layer.",
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "id": {"type": "string"},
            "meta": {"$ref": "#/$defs/Meta"},
            "text": {"type": "string"},
            "layers": {
                "type": "object",
                "properties": {
                    name: {"type": "array", "items": {"$ref": f"#/$defs/{cls.__name__}"}}
                    for name, cls in LAYERS.items()
                },
                "additionalProperties": False,
            },
            "source_map": {
                "type": "array",
                "description": "[text_start, source_start, length] runs mapping text offsets to the source HTML.",
                "items": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 3, "maxItems": 3},
            },
        },
        "required": ["schema_version", "id", "meta", "text", "layers"],
        "additionalProperties": False,
    }
    defs["Document"] = document
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://unspin.invalid/schema/{SCHEMA_FILE}",
        "title": f"unspin analysis, schema version {SCHEMA_VERSION}",
        "description": "One line of `unspin analyze` output: an analysed document, or a rejection record.",
        "oneOf": [{"$ref": "#/$defs/Document"}, {"$ref": "#/$defs/Rejection"}],
        "$defs": defs,
    }


def _define(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # placeholder against recursion
        hints = typing.get_type_hints(cls)
        doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        properties = {f.name: _type_schema(hints[f.name], defs) for f in fields(cls)}
        required = [f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING]
        defs[name] = {
            "type": "object",
            "description": doc,
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
    return {"$ref": f"#/$defs/{name}"}


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [_type_schema(arg, defs) for arg in typing.get_args(tp) if arg is not type(None)]
        nullable = type(None) in typing.get_args(tp)
        schemas = options + ([{"type": "null"}] if nullable else [])
        return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
    if origin is Literal:
        return {"enum": list(typing.get_args(tp))}
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type_schema(args[0], defs)}
        return {
            "type": "array",
            "prefixItems": [_type_schema(arg, defs) for arg in args],
            "minItems": len(args),
            "maxItems": len(args),
        }
    if origin is dict:
        return {"type": "object", "additionalProperties": _type_schema(typing.get_args(tp)[1], defs)}
    if tp is Span:
        return {"$ref": "#/$defs/Span"}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is Any:
        return {}
    if is_dataclass(tp):
        return _define(tp, defs)
    raise TypeError(f"No JSON Schema rule for {tp!r}")


@cache
def load_schema() -> dict[str, Any]:
    """The committed schema file for the current schema version."""
    return json.loads(resources.files("unspin.schema").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


def render_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def validate_output(record: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``record`` is valid output."""
    import jsonschema

    jsonschema.validate(record, load_schema(), cls=jsonschema.Draft202012Validator)
