#!/bin/sh
# Runs each libFuzzer target named for SECONDS on a throw-away copy of its seed corpus, so the
# inputs it finds never land in the repository; exits 1 when any target finds a crash or a
# broken property. Usage: run.sh BIN_DIR SECONDS TARGET...
set -u
bin=$1 seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
# Crash inputs are kept under build-fuzz/ for inspection; the working corpora are not kept.
artifacts=$(cd "$bin/.." && pwd)/artifacts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
failed=""
for t in "$@"; do
  mkdir -p "$work/$t" "$artifacts/$t"
  [ -d "$here/corpus/$t" ] && cp -R "$here/corpus/$t/." "$work/$t/"
  dict=""
  [ -f "$here/$t.dict" ] && dict="-dict=$here/$t.dict"
  echo "fuzz: $t for ${seconds}s"
  # -timeout: no single input may take a second; -rss_limit_mb: nor grow without bound.
  if "$bin/$t" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts/$t/" $dict "$work/$t" >"$work/$t.log" 2>&1; then
    # libFuzzer's last status line: executions, coverage (cov: edges, ft: features), speed.
    grep -E '^#[0-9]+[[:space:]]+DONE' "$work/$t.log" | tail -1 |
      sed -E "s/^#([0-9]+)[[:space:]]+DONE[[:space:]]+cov: ([0-9]+) ft: ([0-9]+).*exec\/s: ([0-9]+).*/fuzz: $t: \1 runs, cov \2, ft \3, \4 exec\/s, no findings/"
  else
    tail -n 40 "$work/$t.log"
    echo "fuzz: $t FAILED; the input is in $artifacts/$t/" >&2
    failed="$failed $t"
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz: findings in:$failed" >&2
  exit 1
fi
echo "fuzz: $# targets, no findings"
