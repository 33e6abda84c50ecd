#!/bin/sh
# Renders GuideLLM's HTML report from each completed benchmark's JSON report, after all benchmarks ran.
# The HTML report downloads its page template at run time, so it fails on clusters without internet: that
# failure is recorded (html-exit-code) and never fatal, and the JSON/CSV results are already safe.
#
# Usage: html-report.sh COMMAND [ARG...]   (run inside each benchmark folder)
set -u
. "$STATE_DIR/run.env"
for record in "$STATE_DIR"/benchmarks/*; do
  [ -f "$record" ] || continue
  dir=$(cat "$record")
  name=$(basename "$record")
  if [ ! -f "$dir/benchmarks.json" ] || [ -f "$dir/html-exit-code" ]; then
    continue
  fi
  echo "$name: writing the HTML report"
  (cd "$dir" && "$@") > "$dir/html.log" 2>&1
  code=$?
  echo "$code" > "$dir/html-exit-code"
  [ "$code" = 0 ] || echo "$name: HTML report failed (exit $code, see $dir/html.log); JSON and CSV are unaffected"
done
exit 0
