"""The published JSON Schema of the export format, generated from the pydantic models."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from generator.exports.model import FORMAT_ID, ExportDocument


def export_schema() -> dict[str, Any]:
    """A file holds one export (run or instance), or an array of them."""
    adapter: TypeAdapter[Any] = TypeAdapter(ExportDocument | list[ExportDocument])
    schema = adapter.json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"{FORMAT_ID}: an exported rConfig V2 integration run"
    schema["description"] = (
        "One run export, one instance export with its run history, or an array of them. "
        "JSON Lines files hold one export per line. See docs/export-format.md."
    )
    return schema
