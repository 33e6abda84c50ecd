#!/usr/bin/env bash
# The nightly dispatcher: starts one benchmark Job per target, all at once, labelled with one run id; waits until
# every Job has completed or failed; exits non-zero naming each target that did not complete and why.
# Before that, it applies the results retention. Needs only bash, coreutils and kubectl (no jq).
#
# Environment:
#   NAMESPACE            namespace of the stack (the Jobs are created there)
#   DISPATCHER_JOB_NAME  this dispatcher's own Job (its creation time is the run id: stable across retries)
#   MANIFESTS_SELECTOR   label selector of the ConfigMaps holding one benchmark Job manifest each (key job.yaml, the
#                        target in label llmbench.io/target); listed at start into MANIFESTS_DIR
#   MANIFESTS_DIR        a writable folder: one benchmark Job manifest per target (<target>.yaml, with generateName)
#   DEADLINE_SECONDS     give up waiting after this long (the longest Job's deadline plus scheduling slack)
#   POLL_SECONDS         seconds between two looks at the Jobs (default 15)
#   RESULTS_DIR          the results volume (volume mode only; retention is skipped without it)
#   KEEP_RUNS, MAX_AGE_DAYS  retention: always keep the newest KEEP_RUNS runs, delete older runs past MAX_AGE_DAYS
#   WINDOW_RULE          optional: the benchmark-window PrometheusRule, `@WINDOW_END@` in place of its end. Created in
#                        WINDOW_NAMESPACE (the serving namespace) before the Jobs, ending WINDOW_SECONDS after the run
#                        started (when Kubernetes would stop this dispatcher at the latest), deleted when the run ends:
#                        the SLA alerts skip the benchmarked models meanwhile (docs/alerts.md)
#   KUBECTL              kubectl command (default kubectl)
#   RETRIES, RETRY_SECONDS  a create or delete that meets a transient API error (5xx, 429, a refused or timed-out
#                        connection) is tried RETRIES more times (default 4), waiting RETRY_SECONDS (default 2),
#                        then twice as long each time
set -uo pipefail

: "${NAMESPACE:?}" "${DISPATCHER_JOB_NAME:?}" "${MANIFESTS_SELECTOR:?}" "${MANIFESTS_DIR:?}" "${DEADLINE_SECONDS:?}"
POLL_SECONDS=${POLL_SECONDS:-15}
KUBECTL=${KUBECTL:-kubectl}
RUN_ID_LABEL=llmbench.io/run-id
TARGET_LABEL=llmbench.io/target
# jsonpath needs the dots of label keys escaped
RUN_ID_PATH='{.metadata.labels.llmbench\.io/run-id}'
TARGET_PATH='{.metadata.labels.llmbench\.io/target}'
TERMINAL_CONDITIONS='{range .status.conditions[?(@.status=="True")]}{.type}{"|"}{.reason}{"|"}{.message}{";"}{end}'

RETRIES=${RETRIES:-4}
RETRY_SECONDS=${RETRY_SECONDS:-2}

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# Waits before retry number $1: RETRY_SECONDS, then twice as long each time.
backoff() { sleep $((RETRY_SECONDS * (1 << ($1 - 1)))); }

# Whether kubectl's error output is a transient API failure worth another try.
transient() {
  grep -qE '\((InternalError|ServiceUnavailable|TooManyRequests|Timeout|ServerTimeout)\)|connection (to the server .* was )?refused|i/o timeout|TLS handshake timeout|EOF$|etcdserver' <<<"$1"
}
k() { "$KUBECTL" -n "$NAMESPACE" "$@"; }

# 20261124-020000 from 2026-11-24T02:00:00Z
run_id_from_time() { printf '%s' "$1" | tr -d ':-' | sed 's/T/-/; s/Z$//'; }

# Five characters [a-z0-9] derived from the run id: Job names are the same on every retry of this dispatcher,
# so a retry meets AlreadyExists instead of starting a second copy.
name_suffix() {
  local n chars=abcdefghijklmnopqrstuvwxyz0123456789 out='' i
  n=$(printf '%s' "$1" | cksum | cut -d' ' -f1)
  for i in 1 2 3 4 5; do
    out="${chars:$((n % 36)):1}$out"
    n=$((n / 36))
  done
  printf '%s' "$out"
}

# --- retention ----------------------------------------------------------------------------------------------

# Run ids with a benchmark Job still running: nightly ones by label, hand-started ones through prepare.sh's marker.
active_runs() {
  local jobs
  jobs=$(k get jobs -l "$TARGET_LABEL" -o jsonpath="{range .items[*]}{.metadata.name}{\"\\t\"}$RUN_ID_PATH{\"\\t\"}$TERMINAL_CONDITIONS{\"\\n\"}{end}") || return 1
  while IFS=$'\t' read -r name run conditions; do
    [ -n "$name" ] || continue
    case "$conditions" in *'Complete|'* | *'Failed|'*) continue ;; esac
    if [ -n "$run" ]; then
      printf '%s\n' "$run"
    elif [ -f "$RESULTS_DIR/.jobs/$name" ]; then
      cat "$RESULTS_DIR/.jobs/$name"
    fi
  done <<<"$jobs"
}

apply_retention() {
  if [ -z "${RESULTS_DIR:-}" ] || [ ! -d "$RESULTS_DIR" ]; then
    log "retention: no results volume here (object-store mode): each target's results processor applies it in the bucket"
    return 0
  fi
  local active cutoff kept=0 run
  if ! active=$(active_runs); then
    log "retention: skipped, cannot list Jobs to know which runs are in progress"
    return 0
  fi
  cutoff=$(date -u -d "-${MAX_AGE_DAYS} days" +%Y%m%d)
  # Run folders are named by start time (YYYYMMDD-HHMMSS...), so a reverse name sort is newest first.
  # Anything not named like a run is not ours to delete.
  while read -r run; do
    [ -n "$run" ] || continue
    kept=$((kept + 1))
    if [ "$kept" -le "$KEEP_RUNS" ] || [ "${run:0:8}" -ge "$cutoff" ]; then continue; fi
    if [ "$run" = "$RUN_ID" ] || grep -qxF "$run" <<<"$active"; then
      log "retention: keeping $run: it is in progress"
      continue
    fi
    log "retention: deleting run $run (older than ${MAX_AGE_DAYS} days, beyond the newest ${KEEP_RUNS})"
    rm -rf -- "${RESULTS_DIR:?}/$run"
  done < <(find "$RESULTS_DIR" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | grep -E '^[0-9]{8}-[0-9]{6}' | sort -r)
  [ -d "$RESULTS_DIR/.jobs" ] && find "$RESULTS_DIR/.jobs" -type f -mtime "+${MAX_AGE_DAYS}" -delete
  return 0
}

# --- benchmark window ---------------------------------------------------------------------------------------

# Silences the SLA alerts of the benchmarked models: this run saturates them on purpose. $1: run start, Unix seconds.
open_window() {
  [ -n "${WINDOW_RULE:-}" ] || return 0
  local end=$(($1 + WINDOW_SECONDS)) out
  # A window left by a run that could not clean up goes first; a retry of this run re-creates the same end time.
  "$KUBECTL" -n "$WINDOW_NAMESPACE" delete -f "$WINDOW_RULE" --ignore-not-found --wait=false >/dev/null 2>&1
  if out=$(sed "s/@WINDOW_END@/$end/g" "$WINDOW_RULE" | "$KUBECTL" -n "$WINDOW_NAMESPACE" create -f - -o name 2>&1); then
    log "benchmark window: SLA alerts of the benchmarked models silenced until $(date -u -d "@$end" +%Y-%m-%dT%H:%M:%SZ) at the latest ($out in $WINDOW_NAMESPACE)"
  else
    log "benchmark window: not opened (${out//$'\n'/ }); SLA alerts may fire during this run"
  fi
}

close_window() {
  [ -n "${WINDOW_RULE:-}" ] || return 0
  local out
  if out=$("$KUBECTL" -n "$WINDOW_NAMESPACE" delete -f "$WINDOW_RULE" --ignore-not-found --wait=false 2>&1); then
    log "benchmark window: closed (alerts resume after the cooldown)"
  else
    log "benchmark window: not closed (${out//$'\n'/ }); it ends by itself at its end time"
  fi
}

# --- dispatch -----------------------------------------------------------------------------------------------

# Writes each target's Job manifest, from its ConfigMap, to MANIFESTS_DIR/<target>.yaml (one list call; transient
# API errors are retried). Exits 2 when they cannot be read: a run without them would look like an empty one.
fetch_manifests() {
  local template='{{range .items}}{{"#@llmbench-target "}}{{index .metadata.labels "llmbench.io/target"}}{{"\n"}}{{index .data "job.yaml"}}{{end}}'
  local out attempt=0
  while ! out=$(k get configmaps -l "$MANIFESTS_SELECTOR" -o go-template="$template" 2>&1); do
    if ! transient "$out" || [ "$attempt" -ge "$RETRIES" ]; then
      log "cannot list the Job manifests (ConfigMaps $MANIFESTS_SELECTOR in $NAMESPACE): ${out//$'\n'/ }"
      exit 2
    fi
    attempt=$((attempt + 1))
    backoff "$attempt"
  done
  mkdir -p "$MANIFESTS_DIR" && rm -f "$MANIFESTS_DIR"/*.yaml
  # a target name becomes a file name: DNS labels only
  if ! awk -v dir="$MANIFESTS_DIR" '
    /^#@llmbench-target / {
      if (file != "") close(file)
      if ($2 !~ /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/) { print "a manifest ConfigMap names target \"" $2 "\", not a DNS label" > "/dev/stderr"; exit 1 }
      file = dir "/" $2 ".yaml"
      next
    }
    file != "" { print > file }' <<<"$out"; then
    log "the Job manifests (ConfigMaps $MANIFESTS_SELECTOR) are not readable"
    exit 2
  fi
}

# Creates one target's Job; prints "created", "exists" (a Job of this run: an earlier attempt's), "error: ...".
# Transient API errors are retried with backoff; a Job of that name that is not this run's is not followed.
create_job() {
  local manifest=$1 name=$2 patch out owner attempt=0
  patch=$(printf '{"metadata":{"name":"%s","generateName":null,"labels":{"%s":"%s"}},"spec":{"template":{"metadata":{"labels":{"%s":"%s"}}}}}' \
    "$name" "$RUN_ID_LABEL" "$RUN_ID" "$RUN_ID_LABEL" "$RUN_ID")
  while :; do
    if out=$("$KUBECTL" patch --local -f "$manifest" --type merge -p "$patch" -o yaml 2>&1 | k create -f - 2>&1); then
      echo created
      return
    fi
    if grep -q 'AlreadyExists' <<<"$out"; then
      if ! owner=$(k get job "$name" -o jsonpath="$RUN_ID_PATH" 2>&1); then
        echo "error: a Job $name exists and cannot be read (${owner//$'\n'/ })"
      elif [ "$owner" = "$RUN_ID" ]; then
        echo exists
      else
        [ -n "$owner" ] && owner="run $owner" || owner="no run (no $RUN_ID_LABEL label)"
        echo "error: a Job $name exists but belongs to $owner, not to run $RUN_ID; not followed (delete it to benchmark this target)"
      fi
      return
    fi
    if ! transient "$out" || [ "$attempt" -ge "$RETRIES" ]; then
      [ "$attempt" -gt 0 ] && out="$out (after $attempt retries)"
      echo "error: ${out//$'\n'/ }"
      return
    fi
    attempt=$((attempt + 1))
    backoff "$attempt"
  done
}

# Deletes the run's Job of target $1 and checks it is gone or going; prints "deleted" or "error: ...".
delete_job() {
  local selector="$RUN_ID_LABEL=$RUN_ID,$TARGET_LABEL=$1" out attempt=0 left
  while :; do
    # gone, or being deleted (a deletionTimestamp): both count
    if out=$(k delete jobs -l "$selector" --ignore-not-found --wait=false 2>&1) &&
      left=$(k get jobs -l "$selector" -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.metadata.deletionTimestamp}{"\n"}{end}' 2>&1); then
      left=$(awk -F'\t' '$1 != "" && $2 == "" { printf "%s ", $1 }' <<<"$left")
      if [ -z "$left" ]; then
        echo deleted
        return
      fi
      out="still there: $left"
    fi
    if [ "$attempt" -ge "$RETRIES" ]; then
      echo "error: ${out//$'\n'/ }"
      return
    fi
    attempt=$((attempt + 1))
    backoff "$attempt"
  done
}

main() {
  local created
  if ! created=$(k get job "$DISPATCHER_JOB_NAME" -o jsonpath='{.metadata.creationTimestamp}') || [ -z "$created" ]; then
    log "cannot read this dispatcher's Job $DISPATCHER_JOB_NAME in $NAMESPACE; is the ServiceAccount token mounted and bound?"
    exit 2
  fi
  RUN_ID=$(run_id_from_time "$created")
  local suffix
  suffix=$(name_suffix "$RUN_ID")
  log "run $RUN_ID in $NAMESPACE"
  fetch_manifests
  apply_retention

  local workdir targets=() manifest target prefix
  declare -A job_name=() outcome=() seen=()
  workdir=$(mktemp -d)
  if compgen -G "$MANIFESTS_DIR/*.yaml" >/dev/null; then
    open_window "$(date -u -d "$created" +%s)"
    # stopped at the Job's deadline (SIGTERM): close the window on the way out
    trap 'close_window; exit 143' TERM
  fi
  for manifest in "$MANIFESTS_DIR"/*.yaml; do
    [ -f "$manifest" ] || continue
    target=$(basename "$manifest" .yaml)
    prefix=$(grep -m1 '^  generateName: ' "$manifest" | sed 's/^  generateName: //')
    targets+=("$target")
    job_name[$target]="${prefix}${suffix}"
    # all targets at once: they are different endpoints
    create_job "$manifest" "${job_name[$target]}" >"$workdir/$target.create" &
  done
  wait
  if [ "${#targets[@]}" -eq 0 ]; then
    log "no Job manifests (ConfigMaps $MANIFESTS_SELECTOR): the environment has no targets"
    exit 0
  fi

  for target in "${targets[@]}"; do
    case "$(cat "$workdir/$target.create")" in
      created) log "$target: created Job ${job_name[$target]}" ;;
      exists) log "$target: Job ${job_name[$target]} already created by an earlier attempt of this run; following it" ;;
      *) outcome[$target]="not created: $(cut -c8- "$workdir/$target.create")" ;;
    esac
  done

  local deadline listing line conditions pending deleted unverified=()
  deadline=$(($(date +%s) + DEADLINE_SECONDS))
  while :; do
    if ! listing=$(k get jobs -l "$RUN_ID_LABEL=$RUN_ID" -o jsonpath="{range .items[*]}$TARGET_PATH{\"\\t\"}$TERMINAL_CONDITIONS{\"\\n\"}{end}" 2>&1); then
      log "cannot list Jobs (${listing//$'\n'/ }); trying again"
      listing=''
    fi
    pending=0
    for target in "${targets[@]}"; do
      [ -z "${outcome[$target]:-}" ] || continue
      line=$(awk -F'\t' -v t="$target" '$1 == t { print; exit }' <<<"$listing")
      if [ -z "$line" ]; then
        if [ -n "${seen[$target]:-}" ]; then
          outcome[$target]="Job deleted before it finished (by hand, or ttlSecondsAfterFinished shorter than the wait)"
          log "$target: ${outcome[$target]}"
        else
          pending=$((pending + 1))
        fi
        continue
      fi
      seen[$target]=1
      conditions=${line#*$'\t'}
      case "$conditions" in
        *'Complete|'*)
          outcome[$target]=Complete
          log "$target: complete"
          ;;
        *'Failed|'*)
          conditions=${conditions#*Failed|}
          conditions=${conditions%%;*}
          outcome[$target]="failed: ${conditions%%|*} (${conditions#*|})"
          log "$target: ${outcome[$target]}"
          ;;
        *) pending=$((pending + 1)) ;;
      esac
    done
    [ "$pending" -gt 0 ] || break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      for target in "${targets[@]}"; do
        [ -z "${outcome[$target]:-}" ] || continue
        deleted=$(delete_job "$target")
        if [ "$deleted" = deleted ]; then
          outcome[$target]="still running after the dispatcher's deadline of ${DEADLINE_SECONDS}s; its Job was deleted"
        else
          outcome[$target]="not finished after the dispatcher's deadline of ${DEADLINE_SECONDS}s, and its Job could not be deleted (${deleted#error: }): it may still be running"
          unverified+=("$target")
        fi
        log "$target: ${outcome[$target]}"
      done
      break
    fi
    sleep "$POLL_SECONDS" &
    wait $! # in the background, so a SIGTERM is handled at once
  done
  rm -rf "$workdir"
  trap - TERM
  if [ "${#unverified[@]}" -gt 0 ] && [ -n "${WINDOW_RULE:-}" ]; then
    # their Jobs may still load the endpoints: the window stays until its own end time
    log "benchmark window: left open until its end time: the Jobs of ${unverified[*]} may still be running"
  else
    close_window
  fi

  local failed=0
  echo "run $RUN_ID summary:"
  for target in "${targets[@]}"; do
    printf '  %-40s %s\n' "$target" "${outcome[$target]}"
    [ "${outcome[$target]}" = Complete ] || failed=$((failed + 1))
  done
  if [ "$failed" -gt 0 ]; then
    echo "run $RUN_ID: $failed of ${#targets[@]} targets did not complete" >&2
    exit 1
  fi
  echo "run $RUN_ID: all ${#targets[@]} targets complete"
}

main "$@"
