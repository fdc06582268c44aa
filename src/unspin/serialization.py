"""The one serializer: annotation records and documents to plain JSON-ready data and back.

Spans are written as ``{"start", "end", "text"}`` so that a reader of the JSON sees the evidence
without re-slicing the article; ``text`` is ignored when reading back.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any, Literal, Union

from unspin.spans import Span


def to_data(value: Any, text: str | None = None) -> Any:
    """A JSON-ready copy of ``value`` (a record, span, tuple or plain value)."""
    if isinstance(value, Span):
        data: dict[str, Any] = {"start": value.start, "end": value.end}
        if text is not None:
            data["text"] = value.of(text)
        return data
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name), text) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [to_data(item, text) for item in value]
    if isinstance(value, dict):
        return {key: to_data(item, text) for key, item in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def from_data(cls: Any, data: Any) -> Any:
    """Rebuild a value of type ``cls`` from what :func:`to_data` wrote."""
    origin = typing.get_origin(cls)
    if cls is Any:
        return data
    if origin in (Union, types.UnionType):
        if data is None:
            return None
        options = [arg for arg in typing.get_args(cls) if arg is not type(None)]
        return from_data(options[0], data)
    if origin is Literal:
        if data not in typing.get_args(cls):
            raise ValueError(f"{data!r} is not one of {typing.get_args(cls)}")
        return data
    if origin is tuple:
        args = typing.get_args(cls)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_data(args[0], item) for item in data)
        return tuple(from_data(arg, item) for arg, item in zip(args, data, strict=True))
    if origin is dict:
        _, value_type = typing.get_args(cls)
        return {key: from_data(value_type, item) for key, item in data.items()}
    if cls is Span:
        return Span(int(data["start"]), int(data["end"]))
    if cls is dt.date:
        return dt.date.fromisoformat(data)
    if cls is float:
        return float(data)
    if is_dataclass(cls):
        hints = _type_hints(cls)
        names = {f.name for f in fields(cls)}
        return cls(**{key: from_data(hints[key], item) for key, item in data.items() if key in names})
    return data


@cache
def _type_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)
