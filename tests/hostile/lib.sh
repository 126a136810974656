# The hostile-input suite's shared helpers. Each tests/hostile/<area>.sh sources this file, runs its cases
# with `hostile_run`, judges them with `expect`, and ends with `hostile_done` (prints "N passed, N failed").
# Every case is bounded: wall time by `timeout`, memory by the peak RSS that GNU time measures (the binary
# is built with ASan, whose shadow memory adds roughly 2-3x to what a release build would use).
#   usage of an area script: bash tests/hostile/AREA.sh OIT_BINARY REPO_ROOT
set -u
OIT=$1
REPO=$(cd "$2" && pwd)
WORK=$(mktemp -d)
trap 'hostile_cleanup' EXIT
HOSTILE_PASS=0 HOSTILE_FAIL=0
HOSTILE_CLEANUP=()
hostile_cleanup() {
  local c
  for c in "${HOSTILE_CLEANUP[@]}"; do eval "$c" || true; done
  rm -rf "$WORK"
}

# hostile_run SECONDS MAX_MB CMD...   runs CMD with stdin from /dev/null; sets STATUS (124 when killed by
# the timeout), RSS_MB (peak resident memory), ELAPSED (seconds, decimal) and leaves CMD's stdout and stderr
# in $WORK/out and $WORK/err. A case over its time or memory bound fails by itself, whatever it then checks.
hostile_run() {
  local secs=$1 max_mb=$2
  shift 2
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$WORK/rss" timeout -k 5 "$secs" "$@" </dev/null >"$WORK/out" 2>"$WORK/err"
  STATUS=$?
  t1=$(date +%s.%N)
  ELAPSED=$(python3 -c "print(round($t1 - $t0, 2))")
  RSS_MB=$(( $(tail -n 1 "$WORK/rss" 2>/dev/null | tr -dc 0-9 || echo 0) / 1024 ))
  BOUND_OK=1
  if [ "$STATUS" -eq 124 ] || [ "$STATUS" -eq 137 ]; then
    echo "  timed out after ${secs}s: $*"; BOUND_OK=0
  elif [ "$RSS_MB" -gt "$max_mb" ]; then
    echo "  peak memory ${RSS_MB} MB over the ${max_mb} MB bound: $*"; BOUND_OK=0
  fi
}

# expect NAME CONDITION...   one case's verdict: CONDITION is a command (usually `test`/`[[`/`grep -q`);
# the case fails when it fails or when the last hostile_run broke its bounds.
expect() {
  local name=$1
  shift
  if [ "${BOUND_OK:-1}" -eq 1 ] && "$@"; then
    HOSTILE_PASS=$((HOSTILE_PASS + 1)); echo "ok   $name"
  else
    HOSTILE_FAIL=$((HOSTILE_FAIL + 1)); echo "FAIL $name (status ${STATUS:-?}, ${ELAPSED:-?}s, ${RSS_MB:-?} MB)"
    [ -s "$WORK/err" ] && head -n 5 "$WORK/err" | sed 's/^/  err: /'
  fi
  BOUND_OK=1
}

# A crash under the sanitizers is never an acceptable outcome, whatever the exit status.
no_crash() { [ "$STATUS" -lt 128 ] && ! grep -qE 'AddressSanitizer|runtime error:|Segmentation fault|terminate called|std::bad_alloc' "$WORK/err"; }

hostile_done() {
  echo "$HOSTILE_PASS passed, $HOSTILE_FAIL failed"
  [ "$HOSTILE_FAIL" -eq 0 ]
}
