"""validate: the output object against the project's JSON Schema (draft 2020-12).

Every document is validated, so the check must be cheap: the schema is
compiled once into Python code (``fastjsonschema``, about ten times faster
than walking it). Only when that check fails is the object walked again with
``jsonschema``, the reference implementation, to name every violation.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from jsonschema import Draft202012Validator

SCHEMA_FILE = "plan.schema.json"


class SchemaViolation(ValueError):
    """The pipeline produced an object the contract does not allow: a bug."""


def schema_resource():
    """The schema inside the installed package (never a file found through the working directory).

    In the source tree ``pipeline/schema/plan.schema.json`` is a link to
    ``schemas/plan.schema.json``, the one copy; a wheel holds its content.

    >>> schema_resource().name
    'plan.schema.json'
    """
    return resources.files(__package__).joinpath("schema", SCHEMA_FILE)


def _schema_text() -> str:
    try:
        return schema_resource().read_text(encoding="utf-8")
    except OSError as exc:
        raise RuntimeError(f"the package's JSON Schema is missing ({exc}): reinstall kh-extract") from exc


@lru_cache(maxsize=1)
def compiled_check():
    """The schema compiled to a function that raises on the first violation."""
    import fastjsonschema
    return fastjsonschema.compile(json.loads(_schema_text()))


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    schema = json.loads(_schema_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_errors(obj: dict) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(root)'}: {err.message}"
        for err in sorted(validator().iter_errors(obj), key=lambda e: list(e.absolute_path))
    ]


def validate(obj: dict) -> None:
    from fastjsonschema import JsonSchemaException
    try:
        compiled_check()(obj)
        return
    except JsonSchemaException:
        pass
    errors = schema_errors(obj) or ["the compiled schema check failed where jsonschema found nothing"]
    if errors:
        shown = "; ".join(errors[:5]) + (f" (+{len(errors) - 5} more)" if len(errors) > 5 else "")
        raise SchemaViolation(f"output violates the schema: {shown}")
