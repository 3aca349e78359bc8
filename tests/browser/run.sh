#!/bin/sh
# Browser tests: axe-core accessibility checks and keyboard-only / no-JavaScript flows in Debian's
# Chromium, driven by playwright-core. Usage: SAMVERKAN=/path/to/samverkan sh tests/browser/run.sh
set -eu
cd "$(dirname "$0")"

if [ -z "${SAMVERKAN:-}" ]; then
	echo "browser: set SAMVERKAN to the samverkan binary (make check-browser does)" >&2
	exit 2
fi
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
	echo "browser: FAIL: $CHROMIUM not found; install Debian's chromium (make deps-test, or apt-get install chromium)" >&2
	exit 1
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "browser: FAIL: node and npm are needed (apt-get install nodejs npm)" >&2
	exit 1
fi

# playwright-core never downloads a browser; the flag only keeps other tools from trying.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
	log=$(mktemp)
	if ! npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		echo "browser: FAIL: npm ci in tests/browser failed" >&2
		exit 1
	fi
	rm -f "$log"
fi

export CHROMIUM
exec node test.mjs
