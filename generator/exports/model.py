"""The export format, as pydantic models: the one definition of the input.

An export is either a *run export* (one run of one integration instance) or an *instance export*
(one instance with its run history).  Both accept the shapes a user gets straight out of rConfig's
database: ``*_json`` columns as JSON-encoded strings, the stage name under ``name`` instead of
``stage``, and stages nested in the run or beside it.  Open sets (stage names, statuses, modes,
drivers, reason codes, metric keys) are plain strings and dictionaries: unknown values are kept.

The JSON Schema published in ``docs/export-schema.json`` is generated from these models.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from generator import messages
from generator.exports import jsontext
from generator.frozen import frozen

FORMAT_NAME = "rconfig-run-export"
FORMAT_MAJOR = 1
FORMAT_ID = f"{FORMAT_NAME}/{FORMAT_MAJOR}"

Count = int | None


def _decode_json_column(value: Any, column: str) -> Any:
    """Decode a database column that holds JSON as a string; leave parsed values alone."""
    if not isinstance(value, str):
        return value
    if value.strip() == "":
        return None
    try:
        return jsontext.parse(value)
    except json.JSONDecodeError as exc:
        reason = f"line {exc.lineno} column {exc.colno}: {exc.msg}"
    except jsontext.JsonTextError as exc:
        line, _, col = exc.position.partition(":")
        reason = f"line {line} column {col}: {exc.message.partition(';')[0]}"
    raise ValueError(messages.BAD_JSON_COLUMN.format(column=column, reason=reason))


class _Open(BaseModel):
    """A model that keeps fields it does not know: exports are an open format.

    Default factories here are lambdas, not ``list``, ``dict`` or a class: pydantic reads each
    factory's signature when the model is built, and a builtin's is parsed by the tokenizer, a
    cost every process paid at start-up.  Free-form JSON (metrics, traces) is ``Any``, not
    pydantic's ``JsonValue``: an export is parsed JSON, so its values are JSON already, and
    ``JsonValue`` checks each nested value again with a Python callback, half of the time a
    run took to validate.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Instance(_Open):
    """The integration instance the run belongs to."""

    id: int | str | None = Field(default=None, description="rConfig's integration instance id.")
    name: str = Field(description="The instance's display name.")
    driver: str | None = Field(
        default=None,
        description="Upstream driver: netbox, nautobot, zabbix, checkmk, infrahub, ... (open set).",
    )


class Decisions(_Open):
    """Decision counts from the run's summary; the four known keys, plus any others."""

    create: Count = None
    update: Count = None
    skip: Count = None
    conflict: Count = None


class Problems(_Open):
    """Problem Devices counts from the run's summary."""

    open: Count = Field(default=None, description="Candidates parked in Problem Devices.")


class RunSummary(_Open):
    """The run-level ``summary_json``: the source of the Create, Update and Open Problems cards."""

    decisions: Decisions | None = None
    problems: Problems | None = None


class ErrorPayload(_Open):
    """An exception as rConfig stores it, with up to five chained previous exceptions."""

    exception: str | None = Field(
        default=None, alias="class", description="Exception class name (also read from `class`)."
    )
    message: str | None = None
    code: int | str | None = None
    file: str | None = None
    line: int | None = None
    trace: str | list[Any] | None = None
    previous: list[ErrorPayload] = Field(
        default_factory=lambda: [],
        description="Chained previous exceptions, outermost first (a single object is accepted).",
    )

    @field_validator("previous", mode="before")
    @classmethod
    def _chain_as_list(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, dict):
            return [value]
        return value


class Stage(_Open):
    """One row of ``integration_run_stages``."""

    stage: str = Field(description="Stage name (also read from `name`).")
    status: str = Field(description="queued, running, completed, failed, skipped, ... (open set).")
    attempt: int | None = None
    started_at: str | None = None
    finished_at: str | None = None
    metrics_json: dict[str, Any] = Field(
        default_factory=lambda: {},
        description="Stage metrics; nests a `summary` block and, on failure, `error_summary`.",
    )
    error_payload: ErrorPayload | None = None

    @model_validator(mode="before")
    @classmethod
    def _database_row(cls, data: Any) -> Any:
        if isinstance(data, dict) and "stage" not in data and "name" in data:
            data = {**data, "stage": data["name"]}
            del data["name"]
        return data

    @field_validator("metrics_json", mode="before")
    @classmethod
    def _metrics_column(cls, value: Any) -> Any:
        decoded = _decode_json_column(value, "metrics_json")
        return {} if decoded is None else decoded

    @field_validator("error_payload", mode="before")
    @classmethod
    def _payload_column(cls, value: Any) -> Any:
        return _decode_json_column(value, "error_payload")


class Run(_Open):
    """One IntegrationRun, optionally with its stages nested inside it."""

    id: int | str = Field(description="rConfig's integration run id.")
    mode: str = Field(description="`preview` (Sync Preview) or `apply` (Full Sync).")
    status: str = Field(description="queued, running, preview_ready, completed, failed (open set).")
    debug: bool | None = None
    started_at: str | None = None
    finished_at: str | None = None
    summary_json: RunSummary = Field(default_factory=lambda: RunSummary())
    stages: list[Stage] | None = Field(
        default=None, description="The run's stages, when nested in the run."
    )

    @field_validator("summary_json", mode="before")
    @classmethod
    def _summary_column(cls, value: Any) -> Any:
        decoded = _decode_json_column(value, "summary_json")
        return {} if decoded is None else decoded


class _Header(_Open):
    format: str = Field(
        default=FORMAT_ID,
        description=f"`{FORMAT_ID}`; files without it (database dumps) are read as version 1.",
    )
    rconfig_version: str | None = Field(default=None, description="The rConfig release, V8.2.0.")
    exported_at: str | None = None
    instance: Instance

    @field_validator("format")
    @classmethod
    def _known_major(cls, value: str) -> str:
        name, _, major = value.partition("/")
        if name != FORMAT_NAME or major.split(".")[0] != str(FORMAT_MAJOR):
            raise ValueError(messages.UNSUPPORTED_FORMAT.format(value=value, supported=FORMAT_ID))
        return value


class RunExport(_Header):
    """One run of one instance. Stages may sit here, beside the run, or inside it."""

    run: Run
    stages: list[Stage] | None = None

    @model_validator(mode="after")
    def _one_stage_list(self) -> RunExport:
        if self.stages and self.run.stages:  # an empty list says nothing: no conflict
            raise ValueError(messages.STAGES_TWICE)
        return self


class InstanceExport(_Header):
    """One instance with its run history; the most recent run is the one reported."""

    runs: list[Run]


#: What one JSON document of an input holds: the published schema is built from this.
ExportDocument = RunExport | InstanceExport


@frozen
class ExportedRun:
    """One report's worth of input: an instance and its most recent run (None: no run yet)."""

    source: str
    position: str
    instance: Instance
    run: Run | None
    stages: tuple[Stage, ...]
    history: tuple[Run, ...] = ()
    rconfig_version: str | None = None
    exported_at: str | None = None
    #: Values :func:`generator.exports.redact.redact_run` replaced; None when not redacted.
    redactions: int | None = None
