"""Every export shape the spec lists loads into the same models; unknown values are kept."""

from __future__ import annotations

import json

from generator.errors import InputError
from generator.exports.load import load_bytes
from generator.exports.model import ExportedRun


def _load(document: object, source: str = "x.json") -> list[ExportedRun | InputError]:
    return list(load_bytes(json.dumps(document).encode(), source))


def _run(**overrides: object) -> dict[str, object]:
    run: dict[str, object] = {
        "id": 10,
        "mode": "preview",
        "status": "preview_ready",
        "started_at": "2026-06-01T02:00:00Z",
        "summary_json": {"decisions": {"create": 1, "update": 2}, "problems": {"open": 0}},
    }
    run.update(overrides)
    return run


INSTANCE = {"id": 3, "name": "NetBox - Lab", "driver": "netbox"}


def test_single_run_with_stages_beside_the_run() -> None:
    [exported] = _load(
        {
            "instance": INSTANCE,
            "run": _run(),
            "stages": [{"stage": "extract", "status": "completed"}],
        }
    )
    assert isinstance(exported, ExportedRun)
    assert exported.run is not None and exported.run.id == 10
    assert [s.stage for s in exported.stages] == ["extract"]


def test_database_rows_with_json_strings_and_name_column() -> None:
    document = {
        "instance": INSTANCE,
        "run": {
            **_run(summary_json=json.dumps({"decisions": {"create": 5}, "problems": {"open": 2}})),
            "stages": [
                {
                    "id": 91,
                    "name": "canonicalize",
                    "status": "failed",
                    "metrics_json": json.dumps({"invalid": 2, "summary": {"by_reason": {"x": 2}}}),
                    "error_payload": json.dumps({"class": "RuntimeException", "message": "m"}),
                }
            ],
        },
    }
    [exported] = _load(document)
    assert isinstance(exported, ExportedRun) and exported.run is not None
    assert exported.run.summary_json.decisions is not None
    assert exported.run.summary_json.decisions.create == 5
    [stage] = exported.stages
    assert stage.stage == "canonicalize"
    assert stage.metrics_json["summary"] == {"by_reason": {"x": 2}}
    assert stage.error_payload is not None and stage.error_payload.exception == "RuntimeException"
    assert stage.model_extra == {"id": 91}


def test_instance_export_reports_the_most_recent_run_and_keeps_the_rest_as_history() -> None:
    runs = [
        _run(id=7, started_at="2026-05-01T00:00:00Z"),
        _run(id=9, started_at="2026-05-03T00:00:00Z", stages=[{"stage": "x", "status": "odd"}]),
        _run(id=8, started_at="2026-05-02T00:00:00Z"),
    ]
    [exported] = _load({"instance": INSTANCE, "runs": runs})
    assert isinstance(exported, ExportedRun) and exported.run is not None
    assert exported.run.id == 9
    assert [s.stage for s in exported.stages] == ["x"]
    assert [run.id for run in exported.history] == [8, 7]


def test_instance_without_runs_is_the_empty_state() -> None:
    [exported] = _load({"instance": INSTANCE, "runs": []})
    assert isinstance(exported, ExportedRun)
    assert exported.run is None and exported.history == ()


def test_array_and_json_lines_hold_several_runs() -> None:
    one = {"instance": INSTANCE, "run": _run(id=1)}
    two = {"instance": INSTANCE, "run": _run(id=2)}
    from_array = _load([one, two])
    lines = (json.dumps(one) + "\n\n" + json.dumps(two) + "\n").encode()
    from_lines = list(load_bytes(lines, "runs.jsonl", jsonl=True))
    for loaded in (from_array, from_lines):
        assert [r.run.id for r in loaded if isinstance(r, ExportedRun) and r.run] == [1, 2]
    assert [r.position for r in from_lines if isinstance(r, ExportedRun)] == ["1:$", "3:$"]


def test_unknown_stage_names_statuses_modes_and_keys_are_kept() -> None:
    document = {
        "instance": {**INSTANCE, "driver": "librenms", "site": "ams1"},
        "run": _run(mode="dry-run", status="paused", summary_json={"decisions": {"merge": 4}}),
        "stages": [{"stage": "enrich", "status": "skipped", "metrics_json": {"zz_new": [1, 2]}}],
    }
    [exported] = _load(document)
    assert isinstance(exported, ExportedRun) and exported.run is not None
    assert exported.instance.driver == "librenms"
    assert exported.instance.model_extra == {"site": "ams1"}
    assert exported.run.status == "paused" and exported.run.mode == "dry-run"
    assert exported.run.summary_json.decisions is not None
    assert exported.run.summary_json.decisions.model_extra == {"merge": 4}
    assert exported.stages[0].metrics_json == {"zz_new": [1, 2]}


def test_error_payload_chain_accepts_a_nested_single_previous() -> None:
    payload = {
        "exception": "A",
        "previous": {"exception": "B", "previous": [{"exception": "C"}]},
    }
    document = {
        "instance": INSTANCE,
        "run": _run(),
        "stages": [{"stage": "extract", "status": "failed", "error_payload": payload}],
    }
    [exported] = _load(document)
    assert isinstance(exported, ExportedRun)
    chain = exported.stages[0].error_payload
    assert chain is not None
    assert chain.previous[0].exception == "B"
    assert chain.previous[0].previous[0].exception == "C"


def test_byte_order_mark_is_accepted() -> None:
    data = b"\xef\xbb\xbf" + json.dumps({"instance": INSTANCE, "run": _run()}).encode()
    [exported] = load_bytes(data, "bom.json")
    assert isinstance(exported, ExportedRun)


def _errors(text: str, jsonl: bool = False) -> list[str]:
    return [str(item) for item in load_bytes(text.encode(), "x.json", jsonl=jsonl)]


def _export_with(value: str) -> str:
    return (
        '{"instance": {"name": "Lab"}, "run": {"id": 1, "mode": "preview", "status": "queued", '
        f'"summary_json": {{"decisions": {{"create": {value}}}}}}}}}'
    )


def test_integers_beyond_64_bits_are_rejected_where_they_stand() -> None:
    assert _errors(_export_with("9" * 5000)) == [
        "x.json:1:128: integer with 5000 digits is too large; "
        "expected at most 9223372036854775807 (64 bits)"
    ]
    assert _errors(_export_with(str(2**63))) == [
        "x.json:1:128: integer with 19 digits is too large; "
        "expected at most 9223372036854775807 (64 bits)"
    ]
    [exported] = load_bytes(_export_with(str(2**63 - 1)).encode(), "x.json")
    assert isinstance(exported, ExportedRun)


def test_numbers_that_overflow_to_infinity_are_rejected() -> None:
    assert _errors(_export_with("-1e400")) == [
        "x.json:1:128: number -1e400 is too large; expected a finite number"
    ]


def test_thousands_of_levels_of_nesting_give_one_clean_error() -> None:
    for depth in (65, 900, 5000, 200_000):
        deep = "[" * depth + "]" * depth
        assert _errors(_export_with(deep)) == [
            "x.json:1:188: JSON nested more than 64 levels deep; "
            "expected an export a few levels deep"
        ], depth
    [exported] = load_bytes(_export_with("[" * 50 + "]" * 50).encode(), "x.json")
    assert isinstance(exported, InputError)  # a list is not a count, but it loads that far
    assert "Input should be a valid integer" in str(exported)


def test_json_lines_report_constants_and_huge_numbers_by_line() -> None:
    good = _export_with("1")
    text = "\n".join([good, _export_with("Infinity"), good, _export_with("1" * 30)])
    loaded = list(load_bytes(text.encode(), "runs.jsonl", jsonl=True))
    assert [str(item) for item in loaded if isinstance(item, InputError)] == [
        "runs.jsonl:2:128: Infinity is not a JSON number; expected a finite number or null",
        "runs.jsonl:4:128: integer with 30 digits is too large; "
        "expected at most 9223372036854775807 (64 bits)",
    ]
    assert len([item for item in loaded if isinstance(item, ExportedRun)]) == 2


def test_run_ids_of_unicode_digits_are_not_numbers() -> None:
    runs = [
        _run(id="¹", started_at=None),
        _run(id="٣", started_at=None),
        _run(id=2, started_at=None),
    ]
    [exported] = _load({"instance": INSTANCE, "runs": runs})
    assert isinstance(exported, ExportedRun) and exported.run is not None
    assert exported.run.id == 2
