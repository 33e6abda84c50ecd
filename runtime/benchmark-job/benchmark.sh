#!/bin/sh
# One benchmark of a target: runs the GuideLLM command given as arguments inside the benchmark's own folder
# and records how it ended. Always exits 0, so that a failed benchmark never stops the next one; the last
# step (finalize.py) decides the Job's outcome.
#
# Usage: benchmark.sh NAME COMMAND [ARG...]
# Folder: $TARGET_DIR/NAME/ on the first attempt that runs it, $TARGET_DIR/NAME/attempt-N/ on a retry.
# Files:  exit-code, started-at, finished-at, guidellm.log, and GuideLLM's own outputs.
set -u
name=$1
shift
. "$STATE_DIR/run.env"

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# A retry resumes: a benchmark that an earlier attempt completed is not run again.
for done_dir in "$TARGET_DIR/$name" "$TARGET_DIR/$name"/attempt-*; do
  if [ -f "$done_dir/exit-code" ] && [ "$(cat "$done_dir/exit-code")" = 0 ]; then
    echo "$name: completed by an earlier attempt in $done_dir; not run again"
    printf '%s\n' "$done_dir" > "$STATE_DIR/benchmarks/$name"
    exit 0
  fi
done

dir="$TARGET_DIR/$name"
if ! mkdir "$dir" 2>/dev/null; then
  dir="$TARGET_DIR/$name/attempt-$ATTEMPT"
  if ! mkdir "$dir"; then
    echo "$name: cannot create $dir; skipped" >&2
    exit 0
  fi
fi
printf '%s\n' "$dir" > "$STATE_DIR/benchmarks/$name"
now > "$dir/started-at"
echo "$name: starting in $dir"
cd "$dir" || exit 0
# The exit code is written inside the braces: a pipeline's status would be tee's.
{ "$@"; echo $? > "$dir/exit-code"; } 2>&1 | tee "$dir/guidellm.log"
now > "$dir/finished-at"
echo "$name: finished with exit code $(cat "$dir/exit-code" 2>/dev/null || echo unknown)"
exit 0
