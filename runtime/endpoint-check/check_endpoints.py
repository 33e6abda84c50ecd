#!/usr/bin/env python3
"""Checks that every benchmark target's endpoint answers GET /v1/models with its served model name.

Runs as the `benchmarks` app's ArgoCD PostSync hook (constructs/endpoint-check-hook.ts), in the GuideLLM image,
with the Python standard library only. It reports; it never fails the sync because a target is down: the exit
status is 0 whatever the targets answer, and 2 only when this script's own input is unusable.

Reads:
  ENDPOINT_CHECK_TARGETS       JSON list of targets (or ENDPOINT_CHECK_TARGETS_FILE: a file holding that JSON)
  ENDPOINT_CHECK_TIMEOUT_SECONDS  per-request timeout (default 10)
  ENVIRONMENT                  environment name, for the header line (optional)

A target is {"name", "endpoint", "servedModelName", and optionally "apiKeyEnv" (name of the env var holding its
API key, sent as a bearer token), "apiKeySource" (where that key comes from, for messages), "caFile" (PEM file
trusted in addition to the system CAs for https), "caSource" (where that file comes from, for messages)}.
No secret is ever part of the targets list or of the output.
"""
import http.client
import json
import os
import socket
import ssl
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

DEFAULT_TIMEOUT_SECONDS = 10.0
# A model list is a few KiB; a larger answer is not one, and reading it only delays the report.
MAX_BODY_BYTES = 1024 * 1024
# Extra wall-clock time over the request timeout before a target is reported as timed out: DNS lookups are not
# covered by socket timeouts, and a server that trickles bytes resets the read timeout on every byte.
DEADLINE_GRACE_SECONDS = 2.0
EXIT_MISCONFIGURED = 2


class ConfigError(Exception):
    """The script's own input is unusable: the only case that exits non-zero."""


def load_targets():
    text = os.environ.get("ENDPOINT_CHECK_TARGETS")
    source = "ENDPOINT_CHECK_TARGETS"
    path = os.environ.get("ENDPOINT_CHECK_TARGETS_FILE")
    if text is None and path:
        source = path
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise ConfigError(f"cannot read the targets file {path}: {e.strerror}")
    if text is None:
        raise ConfigError("no targets given: set ENDPOINT_CHECK_TARGETS (JSON list) or ENDPOINT_CHECK_TARGETS_FILE")
    try:
        targets = json.loads(text)
    except json.JSONDecodeError as e:
        raise ConfigError(f"{source} is not valid JSON: {e}")
    if not isinstance(targets, list):
        raise ConfigError(f"{source} must hold a JSON list of targets, got {type(targets).__name__}")
    for i, t in enumerate(targets):
        if not isinstance(t, dict):
            raise ConfigError(f"{source}[{i}] must be an object, got {type(t).__name__}")
        for key in ("name", "endpoint", "servedModelName"):
            if not isinstance(t.get(key), str) or not t[key]:
                raise ConfigError(f"{source}[{i}] needs a non-empty string {key!r}")
        scheme = urllib.parse.urlsplit(t["endpoint"]).scheme
        if scheme not in ("http", "https"):
            raise ConfigError(f"{source}[{i}] ({t['name']}): endpoint {t['endpoint']!r} must be an http:// or https:// URL")
    return targets


def load_timeout():
    text = os.environ.get("ENDPOINT_CHECK_TIMEOUT_SECONDS", "")
    if not text:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not value > 0:
        raise ConfigError(f"ENDPOINT_CHECK_TIMEOUT_SECONDS must be a positive number of seconds, got {text!r}")
    return value


def models_url(endpoint):
    """`<base>/v1/models`, whether the configured endpoint ends in /v1 or not (GuideLLM strips a trailing /v1)."""
    base = endpoint.rstrip("/")
    if base.endswith("/v1"):
        base = base[: -len("/v1")]
    return base + "/v1/models"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect means the configured endpoint is not the server's address; following it would also send the
    # API key to wherever it points. Report it instead.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def one_line(text, limit=200):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Result:
    def __init__(self, status, detail):
        self.status = status  # OK, DOWN (no HTTP answer) or FAIL (answered, but not with the model)
        self.detail = detail


def check(target, timeout):
    """Returns a Result; never raises (anything unexpected is reported as that target's failure)."""
    try:
        return _check(target, timeout)
    except Exception as e:  # noqa: BLE001 - one target's surprise must not hide the others' results
        return Result("FAIL", f"unexpected error: {type(e).__name__}: {one_line(e)}")


def _check(target, timeout):
    url = models_url(target["endpoint"])
    https = url.startswith("https:")
    headers = {"Accept": "application/json", "User-Agent": "llmbench-endpoint-check"}

    key_env = target.get("apiKeyEnv")
    key_source = target.get("apiKeySource") or f"env {key_env}"
    key_note = ""
    if key_env:
        key = os.environ.get(key_env, "").strip()
        if key:
            headers["Authorization"] = f"Bearer {key}"
        else:
            # The Secret reference is optional so that one missing Secret does not keep the whole check from starting.
            key_note = f"; no API key: {key_source} is missing or empty"

    handlers = [NoRedirect()]
    if https:
        # Verification is never turned off: system CAs, plus the target's CA bundle when it has one.
        context = ssl.create_default_context()
        ca_file = target.get("caFile")
        if ca_file:
            ca_source = target.get("caSource") or ca_file
            if not os.path.isfile(ca_file):
                return Result("FAIL", f"CA bundle {ca_file} not found ({ca_source} missing?); not checked")
            try:
                context.load_verify_locations(cafile=ca_file)
            except (ssl.SSLError, OSError) as e:
                return Result("FAIL", f"CA bundle {ca_file} ({ca_source}) is not a usable PEM file: {one_line(e)}; not checked")
        handlers.append(urllib.request.HTTPSHandler(context=context))
    opener = urllib.request.build_opener(*handlers)

    started = time.monotonic()
    request = urllib.request.Request(url, headers=headers, method="GET")
    try:
        with opener.open(request, timeout=timeout) as response:
            body = response.read(MAX_BODY_BYTES + 1)
            content_type = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        return http_error(e, key_env, key_source, key_note)
    except urllib.error.URLError as e:
        return connection_error(e.reason, url, timeout, target)
    except (OSError, http.client.HTTPException) as e:
        return connection_error(e, url, timeout, target)
    elapsed = time.monotonic() - started
    return model_list(body, content_type, target["servedModelName"], elapsed, key_note)


def http_error(e, key_env, key_source, key_note):
    try:
        body = one_line(e.read(2048).decode("utf-8", "replace"))
    except Exception:  # noqa: BLE001 - the body is only a hint
        body = ""
    said = f": {body}" if body else ""
    status = f"HTTP {e.code} {e.reason}".rstrip()
    if e.code in (301, 302, 303, 307, 308):
        return Result("FAIL", f"{status}, redirects to {e.headers.get('Location', '?')}: point the endpoint there")
    if e.code in (401, 403):
        if not key_env:
            hint = "the endpoint wants an API key: set auth.apiKeySecret for this target"
        elif key_note:
            hint = key_note.lstrip("; ")
        else:
            hint = f"the API key from {key_source} was refused"
        return Result("FAIL", f"{status} ({hint}){said}")
    if e.code == 404:
        return Result("FAIL", f"{status}: no /v1/models here; is the endpoint an OpenAI-compatible server (vLLM)?{said}")
    if e.code in (502, 503, 504):
        return Result("FAIL", f"{status}: the server or its gateway is up, the model is not (still loading?){said}")
    return Result("FAIL", f"{status}{said}{key_note}")


def connection_error(reason, url, timeout, target):
    parts = urllib.parse.urlsplit(url)
    where = parts.netloc
    if isinstance(reason, ssl.SSLCertVerificationError):
        hint = (
            f"the CA bundle from {target.get('caSource') or target['caFile']} does not sign it"
            if target.get("caFile")
            else "if a private CA signs it, set auth.caBundle for this target"
        )
        return Result("DOWN", f"TLS certificate of {where} not trusted: {reason.verify_message} ({hint})")
    if isinstance(reason, ssl.SSLError):
        return Result("DOWN", f"TLS handshake with {where} failed: {one_line(reason)}")
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return Result("DOWN", f"timeout: no answer from {where} within {timeout:g}s")
    if isinstance(reason, ConnectionRefusedError):
        return Result("DOWN", f"connection refused: nothing listens on {where} (predictor pod not running or not ready?)")
    if isinstance(reason, socket.gaierror):
        return Result("DOWN", f"host {parts.hostname} does not resolve ({reason.strerror}): no such Service?")
    if isinstance(reason, ConnectionResetError):
        return Result("DOWN", f"connection reset by {where}")
    if isinstance(reason, http.client.RemoteDisconnected):
        return Result("DOWN", f"{where} closed the connection without answering")
    if isinstance(reason, OSError) and reason.strerror:
        return Result("DOWN", f"cannot connect to {where}: {reason.strerror}")
    return Result("DOWN", f"cannot connect to {where}: {one_line(reason)}")


def model_list(body, content_type, served, elapsed, key_note):
    if len(body) > MAX_BODY_BYTES:
        return Result("FAIL", f"answer larger than {MAX_BODY_BYTES} bytes: not a model list")
    text = body.decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        kind = f" ({content_type})" if content_type else ""
        return Result("FAIL", f"answer is not JSON{kind}: {one_line(text) or '(empty)'}")
    entries = data.get("data") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return Result("FAIL", f'answer is not an OpenAI model list (no "data" array): {one_line(text)}')
    ids = [e.get("id") for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)]
    if served in ids:
        return Result("OK", f"serves {served} ({elapsed:.2f}s){key_note}")
    serves = "nothing" if not ids else "[" + ", ".join(ids) + "]"
    return Result("FAIL", f"model not served: {served} expected, it serves {serves}")


def run_all(targets, timeout):
    """Checks every target at once (a down target costs the timeout; in a row they would add up)."""
    results = [None] * len(targets)

    def work(i):
        results[i] = check(targets[i], timeout)

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(len(targets))]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout + DEADLINE_GRACE_SECONDS
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    for i, r in enumerate(results):
        if r is None:
            where = urllib.parse.urlsplit(targets[i]["endpoint"]).netloc
            results[i] = Result("DOWN", f"timeout: no complete answer from {where} within {timeout:g}s (stuck in DNS lookup, connect or a slow answer)")
    return results, any(t.is_alive() for t in threads)


def main():
    try:
        targets = load_targets()
        timeout = load_timeout()
    except ConfigError as e:
        print(f"endpoint check: MISCONFIGURED: {e}", flush=True)
        return EXIT_MISCONFIGURED, False

    environment = os.environ.get("ENVIRONMENT")
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    scope = f"environment {environment}, " if environment else ""
    print(f"endpoint check ({scope}{started}): GET /v1/models on {len(targets)} target(s), timeout {timeout:g}s", flush=True)
    if not targets:
        print("no targets configured: nothing to check", flush=True)
        return 0, False

    results, stuck = run_all(targets, timeout)
    name_width = max(len(t["name"]) for t in targets)
    url_width = max(len(models_url(t["endpoint"])) for t in targets)
    for t, r in zip(targets, results):
        print(f"{r.status:<4}  {t['name']:<{name_width}}  {models_url(t['endpoint']):<{url_width}}  {r.detail}")

    bad = [(t, r) for t, r in zip(targets, results) if r.status != "OK"]
    ok = len(targets) - len(bad)
    if bad:
        names = ", ".join(f"{t['name']} ({r.status})" for t, r in bad)
        print(f"summary: {ok}/{len(targets)} targets OK; NOT OK: {names}")
        print("their benchmarks will fail until they answer; this check does not fail the sync (exit 0)")
    else:
        print(f"summary: {ok}/{len(targets)} targets OK")
    sys.stdout.flush()
    return 0, stuck


if __name__ == "__main__":
    code, stuck = main()
    if stuck:
        # A thread blocked in a DNS lookup would hold up interpreter shutdown; the report is already written.
        os._exit(code)
    sys.exit(code)
