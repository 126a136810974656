# What the headless-Chromium tests need before they start, in one place. Source this file, then:
#   browser_require TEST REPO [NPM_MODULE …]   fails the test (exit 1, named) without Debian's chromium,
#                                               node or the npm modules (playwright-core is always needed);
#                                               exports CHROMIUM and tells Playwright never to download a browser
#   build_example TEST OIT REPO OUT             builds the example agency into OUT, or fails the test
browser_require() {
  local test=$1 repo=$2 m
  shift 2
  CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
  [ -x "$CHROMIUM" ] || { echo "FAIL $test: no Chromium at $CHROMIUM (Debian: apt-get install chromium)"; exit 1; }
  command -v node >/dev/null || { echo "FAIL $test: node is not installed"; exit 1; }
  for m in playwright-core "$@"; do
    [ -d "$repo/node_modules/$m" ] || { echo "FAIL $test: $repo/node_modules/$m is missing (run npm ci in $repo)"; exit 1; }
  done
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 CHROMIUM
}

build_example() {
  local test=$1 oit=$2 repo=$3 out=$4
  "$oit" build --source "$repo" --out "$out" >"$out.log" 2>&1 ||
    { echo "FAIL $test: the example site does not build:"; cat "$out.log"; exit 1; }
}
