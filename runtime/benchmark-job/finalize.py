"""Bookkeeping steps of a benchmark Job: writes the target's run.json, and decides the Job's outcome.

Runs after every benchmark step has finished (they run one after another as init containers, so there is
nothing to poll). Reads what each step recorded on the results volume and the run context that the generator
rendered into RUN_CONTEXT (JSON: environment, target, benchmarks in order, GuideLLM image and version).

run.json is an index of the target's folder for this run: it lists every attempt of every benchmark and is
replaced atomically by each attempt; the benchmark files themselves are never overwritten.

Modes:
  finalize.py            write run.json; exit 1 when a benchmark's latest attempt did not succeed
  finalize.py --record   write run.json and exit 0, so that the results processor still runs after it
  finalize.py --verdict  the Job's last step: exit 1 when run.json says a benchmark did not succeed, or when a
                         status file named in STATUS_FILES (the processor's) holds a non-zero status
Only the Python standard library is used: it runs in the GuideLLM image.
"""

import json
import os
import sys
from datetime import datetime, timezone

RUN_JSON_SCHEMA_VERSION = 1


def read_env_file(path):
    values = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            key, _, value = line.rstrip("\n").partition("=")
            if key:
                values[key] = value
    return values


def read_text(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip()
    except OSError:
        return None


def attempt_record(folder, target_dir):
    """What one attempt of one benchmark left in its folder."""
    code_text = read_text(os.path.join(folder, "exit-code"))
    exit_code = int(code_text) if code_text is not None and code_text.lstrip("-").isdigit() else None
    html_text = read_text(os.path.join(folder, "html-exit-code"))
    files = sorted(
        name for name in os.listdir(folder) if os.path.isfile(os.path.join(folder, name))
    )
    if exit_code == 0:
        status = "succeeded"
    elif exit_code is None:
        status = "interrupted"  # killed (deadline, eviction) before GuideLLM returned
    else:
        status = "failed"
    return {
        "folder": os.path.relpath(folder, target_dir),
        "status": status,
        "exitCode": exit_code,
        "startedAt": read_text(os.path.join(folder, "started-at")),
        "finishedAt": read_text(os.path.join(folder, "finished-at")),
        "htmlExitCode": int(html_text) if html_text and html_text.lstrip("-").isdigit() else None,
        "files": files,
    }


def benchmark_record(benchmark, target_dir):
    """All attempts of one benchmark, oldest first; its status is the latest attempt's."""
    base = os.path.join(target_dir, benchmark["name"])
    folders = []
    if os.path.isdir(base):
        folders.append(base)
        retries = [n for n in os.listdir(base) if n.startswith("attempt-") and n[8:].isdigit()]
        folders += [os.path.join(base, n) for n in sorted(retries, key=lambda n: int(n[8:]))]
    attempts = [attempt_record(folder, target_dir) for folder in folders]
    succeeded = [a for a in attempts if a["status"] == "succeeded"]
    latest = succeeded[-1] if succeeded else (attempts[-1] if attempts else None)
    return {
        "name": benchmark["name"],
        "scenario": benchmark["scenario"],
        "loadPlan": benchmark["loadPlan"],
        "status": latest["status"] if latest else "not-run",
        "folder": latest["folder"] if latest else None,
        "attempts": attempts,
    }


def write_atomically(path, data):
    temporary = f"{path}.tmp-{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
        handle.write("\n")
    os.replace(temporary, path)


def record():
    """Writes run.json; returns the benchmarks that did not succeed."""
    context = json.loads(os.environ["RUN_CONTEXT"])
    state = read_env_file(os.path.join(os.environ["STATE_DIR"], "run.env"))
    target_dir = state["TARGET_DIR"]
    benchmarks = [benchmark_record(b, target_dir) for b in context["benchmarks"]]
    failed = [b for b in benchmarks if b["status"] != "succeeded"]
    run = {
        "schemaVersion": RUN_JSON_SCHEMA_VERSION,
        "runId": state["RUN_ID"],
        "environment": context["environment"],
        "target": context["target"],
        "guidellm": context["guidellm"],
        "job": {
            "name": os.environ.get("JOB_NAME"),
            "pod": os.environ.get("POD_NAME"),
            "attempt": int(state["ATTEMPT"]),
        },
        "startedAt": state["STARTED_AT"],
        "finishedAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "outcome": "failed" if failed else "succeeded",
        "benchmarks": benchmarks,
    }
    write_atomically(os.path.join(target_dir, "run.json"), run)
    for b in benchmarks:
        print(f"{b['name']:40} {b['status']:12} {b['folder'] or '-'}")
    return context["target"]["name"], benchmarks, failed, target_dir


def report_failures(target, benchmarks, failed):
    names = ", ".join(f"{b['name']} ({b['status']})" for b in failed)
    print(f"target {target}: {len(failed)} of {len(benchmarks)} benchmarks did not succeed: {names}", file=sys.stderr)


def verdict():
    """The Job's outcome from run.json and the steps' status files."""
    state = read_env_file(os.path.join(os.environ["STATE_DIR"], "run.env"))
    run_file = os.path.join(state["TARGET_DIR"], "run.json")
    try:
        with open(run_file, encoding="utf-8") as handle:
            run = json.load(handle)
        failed = [b for b in run["benchmarks"] if b["status"] != "succeeded"]
        run["target"]["name"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        # an empty, truncated or hand-edited run.json: the outcome of the benchmarks is unknown, so not a success
        print(f"{run_file}: cannot read the run record ({type(error).__name__}: {error}); the outcome of its benchmarks is unknown", file=sys.stderr)
        return 1
    code = 0
    if failed:
        report_failures(run["target"]["name"], run["benchmarks"], failed)
        code = 1
    for status_file in filter(None, os.environ.get("STATUS_FILES", "").split(",")):
        status = read_text(status_file)
        if status != "0":
            step = os.path.basename(status_file)
            print(f"target {run['target']['name']}: step {step} ended with status {status or 'unknown (it did not run)'}; see its log", file=sys.stderr)
            code = 1
    if code == 0:
        print(f"target {run['target']['name']}: all {len(run['benchmarks'])} benchmarks succeeded and were processed")
    return code


def main(argv):
    if argv[1:] == ["--verdict"]:
        return verdict()
    target, benchmarks, failed, target_dir = record()
    if argv[1:] == ["--record"]:
        return 0
    if failed:
        report_failures(target, benchmarks, failed)
        return 1
    print(f"target {target}: all {len(benchmarks)} benchmarks succeeded; {target_dir}/run.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
