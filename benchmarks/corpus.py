"""A synthetic corpus of realistic run exports: instances with nightly runs, one file per run.

Each instance alternates Sync Previews and Full Syncs; counts drift from run to run; about one
run in twelve fails at a stage (with its error summary and payload), and the rest complete,
some with open problems.  Some runs carry secret-like text where real exports do (credentials
in an endpoint URL, a bearer token, a password in an error message), so redaction is measured
on the work it really does.  Every few instances are exported as one instance export holding
their history instead of one file per run, as rConfig users produce both.  Seeded: the same
arguments give the same files.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

DRIVERS = ("netbox", "nautobot", "zabbix", "checkmk", "infrahub", "statseeker", "prtg", "akips")
PIPELINE = ("validate_setup", "extract", "canonicalize", "reconcile", "decide", "apply")
REASONS = (
    "STRONG_MATCH_NO_CHANGES",
    "STRONG_MATCH_FIELDS_CHANGED",
    "NO_MATCH_CREATE",
    "MEDIUM_MATCH_REQUIRES_REVIEW",
    "MISSING_UPSTREAM_DISABLED_LINK",
)
HISTORY_EVERY = 10  # every tenth instance comes as one instance export with its history


SECRET_EVERY = 8  # one run in eight shows secret-like text in its setup summary


def _stage(
    name: str, status: str, metrics: dict[str, Any], second: int, run_id: int = 0
) -> dict[str, Any]:
    stage: dict[str, Any] = {
        "stage": name,
        "status": status,
        "attempt": 1,
        "started_at": f"2026-06-03T02:00:{second:02d}Z",
        "finished_at": f"2026-06-03T02:00:{second + 1:02d}Z",
        "metrics_json": metrics,
        "error_payload": None,
    }
    if status == "failed":
        metrics["error_summary"] = f"{name} failed: upstream returned HTTP 503"
        stage["error_payload"] = {
            "exception": "App\\Integrations\\V2\\Exceptions\\StageFailed",
            "message": f"{name} failed: upstream returned HTTP 503"
            + (f" (POST /login password=hunter2-{run_id})" if run_id % 2 else ""),
            "code": 503,
            "file": f"app/Integrations/V2/Stages/{name.title()}Stage.php",
            "line": 118,
            "trace": "#0 StageRunner.php(77): run()\n#1 {main}",
            "previous": [],
        }
    return stage


def run_document(
    rng: random.Random, instance: dict[str, Any], run_id: int, day: int
) -> dict[str, Any]:
    """One run export with all its stages."""
    mode = "apply" if run_id % 2 == 0 else "preview"
    processed = rng.randint(300, 3000)
    invalid = rng.randint(0, 12)
    valid = processed - invalid
    create = rng.randint(0, valid // 10)
    update = rng.randint(0, valid // 5)
    conflict = rng.randint(0, 4)
    skip = max(0, valid - create - update - conflict)
    open_problems = invalid + conflict
    failed_at = PIPELINE[rng.randint(0, 5)] if rng.random() < 1 / 12 else None
    stages_run = PIPELINE if mode == "apply" else PIPELINE[:-1]
    metrics: dict[str, dict[str, Any]] = {
        "validate_setup": {
            "connection": "ok",
            "credentials": "ok",
            "latency_ms": rng.randint(20, 200),
        },
        "extract": {
            "processed": processed,
            "missing_policy_actions": rng.randint(0, 3),
            "pagination_type": "offset",
            "page_count": processed // 100 + 1,
            "items_extracted": processed,
            "truncated": False,
            "memory_usage_mb": round(rng.uniform(20, 90), 1),
            "summary": {
                "pagination": {"page_size": 100, "cap_pages": 500},
                "truncation_reason": None,
            },
        },
        "canonicalize": {
            "processed": processed,
            "valid": valid,
            "invalid": invalid,
            "validation_errors": {"missing_primary_ip": invalid},
            "summary": {"device_profiles_resolved": valid, "device_profiles_unresolved": 0},
        },
        "reconcile": {
            "strong": skip + update,
            "medium": rng.randint(0, 20),
            "ambiguous": conflict,
            "none": create,
            "summary": {"by_tier": {"strong": skip + update, "none": create}},
        },
        "decide": {
            "create": create,
            "update": update,
            "skip": skip,
            "conflict": conflict,
            "top_decision_reason_codes": {code: rng.randint(0, skip) for code in REASONS},
            "summary": {"candidates_decided": valid, "dry_run": mode == "preview"},
        },
        "apply": {
            "created": create,
            "updated": update,
            "skipped": skip + conflict,
            "links_refreshed": skip + update,
            "backups_scheduled": create,
        },
    }
    if run_id % SECRET_EVERY == 0:
        metrics["validate_setup"]["summary"] = {
            "endpoint": f"https://sync-{run_id}:S3cr3t-{run_id}@{instance['driver']}.example/api/",
            "headers": {"Authorization": f"Bearer eyJhbGciOiJIUzI1NiJ9.{run_id:x}.c2lnbmF0dXJl"},
        }
    stages = []
    for second, name in enumerate(stages_run):
        status = "failed" if name == failed_at else "completed"
        stages.append(_stage(name, status, metrics[name], 2 * second, run_id))
        if status == "failed":
            break
    finished = "completed" if mode == "apply" else "preview_ready"
    status = "failed" if failed_at else finished
    return {
        "format": "rconfig-run-export/1",
        "rconfig_version": "V8.2.0",
        "exported_at": f"2026-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}T03:00:00Z",
        "instance": instance,
        "run": {
            "id": run_id,
            "mode": mode,
            "status": status,
            "debug": False,
            "started_at": f"2026-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}T02:00:00Z",
            "finished_at": f"2026-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}T02:01:40Z",
            "summary_json": {
                "decisions": {
                    "create": create,
                    "update": update,
                    "skip": skip,
                    "conflict": conflict,
                },
                "problems": {"open": open_problems},
            },
        },
        "stages": stages,
    }


def generate(folder: Path, runs: int, instances: int, seed: int = 7) -> list[Path]:
    """Write ``runs`` runs over ``instances`` instances under ``folder``; the files written."""
    rng = random.Random(seed)
    written: list[Path] = []
    per_instance = [
        runs // instances + (1 if n < runs % instances else 0) for n in range(instances)
    ]
    run_id = 1000
    for number, count in enumerate(per_instance):
        driver = DRIVERS[number % len(DRIVERS)]
        instance = {
            "id": number + 1,
            "name": f"{driver.title()} - Site {number + 1:05d}",
            "driver": driver,
        }
        place = folder / f"{number // 100:03d}"
        place.mkdir(parents=True, exist_ok=True)
        documents = []
        for day in range(count):
            run_id += 1
            documents.append(run_document(rng, instance, run_id, day))
        if number % HISTORY_EVERY == HISTORY_EVERY - 1:
            runs_with_stages = [{**d["run"], "stages": d["stages"]} for d in documents]
            export = {**documents[-1], "runs": runs_with_stages}
            del export["run"], export["stages"]
            path = place / f"instance-{number + 1:05d}.json"
            path.write_text(json.dumps(export), encoding="utf-8")
            written.append(path)
            continue
        for document in documents:
            path = place / f"run-{document['run']['id']}.json"
            path.write_text(json.dumps(document), encoding="utf-8")
            written.append(path)
    return written
