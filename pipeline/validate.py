"""validate: the output object against the project's JSON Schema (draft 2020-12)."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jsonschema import Draft202012Validator

SCHEMA_FILE = "plan.schema.json"


class SchemaViolation(ValueError):
    """The pipeline produced an object the contract does not allow: a bug."""


def _schema_text() -> str:
    repo_schema = Path(__file__).resolve().parent.parent / "schemas" / SCHEMA_FILE
    if repo_schema.exists():
        return repo_schema.read_text(encoding="utf-8")
    return resources.files("pipeline").joinpath("schema", SCHEMA_FILE).read_text(encoding="utf-8")


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
    errors = schema_errors(obj)
    if errors:
        shown = "; ".join(errors[:5]) + (f" (+{len(errors) - 5} more)" if len(errors) > 5 else "")
        raise SchemaViolation(f"output violates the schema: {shown}")
