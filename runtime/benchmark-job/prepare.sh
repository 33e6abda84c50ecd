#!/bin/sh
# First step of a benchmark Job's pod: decides the run id and claims this attempt's number, so that a retried
# pod resumes the same run and never writes over an earlier attempt's files.
#
# Reads:  RESULTS_DIR, TARGET_NAME, JOB_NAME, RUN_ID (empty unless the dispatcher labelled the Job), STATE_DIR,
#         ENDPOINT_CA_FILE and SYSTEM_CA_FILE (only for https endpoints signed by a private CA)
# Writes: $STATE_DIR/run.env (RUN_ID, ATTEMPT, TARGET_DIR, STARTED_AT), $STATE_DIR/benchmarks/,
#         $STATE_DIR/ca-bundle.pem (system CAs + the endpoint's CA)
set -eu

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# A Job started by hand has no run id label: derive one from its start time and keep it on the results volume
# under the Job's name, so that a retry of the same Job (a new pod) finds the same run.
marker="$RESULTS_DIR/.jobs/$JOB_NAME"
mkdir -p "$RESULTS_DIR/.jobs"
if [ -z "${RUN_ID:-}" ]; then
  if [ -f "$marker" ]; then
    RUN_ID=$(cat "$marker")
  else
    RUN_ID="$(date -u +%Y%m%d-%H%M%S)-${JOB_NAME##*-}"
    printf '%s\n' "$RUN_ID" > "$marker"
  fi
fi

target_dir="$RESULTS_DIR/$RUN_ID/$TARGET_NAME"
mkdir -p "$target_dir/.attempts"
# mkdir is atomic: the first pod to create attempts/N owns attempt N.
attempt=1
while ! mkdir "$target_dir/.attempts/$attempt" 2>/dev/null; do
  attempt=$((attempt + 1))
done

mkdir -p "$STATE_DIR/benchmarks"

# SSL_CERT_FILE replaces the default trust store: keep the system CAs (Hugging Face, the HTML report template)
# and add the endpoint's.
if [ -n "${ENDPOINT_CA_FILE:-}" ]; then
  if [ -f "${SYSTEM_CA_FILE:-}" ]; then
    cat "$SYSTEM_CA_FILE" "$ENDPOINT_CA_FILE" > "$STATE_DIR/ca-bundle.pem"
  else
    cat "$ENDPOINT_CA_FILE" > "$STATE_DIR/ca-bundle.pem"
  fi
fi
{
  printf 'RUN_ID=%s\n' "$RUN_ID"
  printf 'ATTEMPT=%s\n' "$attempt"
  printf 'TARGET_DIR=%s\n' "$target_dir"
  printf 'STARTED_AT=%s\n' "$(now)"
} > "$STATE_DIR/run.env"
echo "run $RUN_ID, target $TARGET_NAME, attempt $attempt: results in $target_dir"
