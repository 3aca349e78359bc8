#!/bin/sh
# The Nu HTML checker on the yearly follow-up's HTML file: written by `samverkan report` and
# downloaded from /uppfoljning/2026.html of a demo server. Any error fails.
# Usage: SAMVERKAN=/path/to/samverkan sh tests/validate/run.sh
set -eu
cd "$(dirname "$0")"

if [ -z "${SAMVERKAN:-}" ]; then
	echo "validate: set SAMVERKAN to the samverkan binary (make check-validate does)" >&2
	exit 2
fi
command -v java >/dev/null 2>&1 || { echo "validate: FAIL: java is needed (apt-get install default-jre-headless)" >&2; exit 1; }
JAR=node_modules/vnu-jar/build/dist/vnu.jar
if [ ! -f "$JAR" ]; then
	# The jar is in the package; its install script only looks for a Java, which is Debian's here.
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2 || { echo "validate: FAIL: npm ci in tests/validate" >&2; exit 1; }
fi

dir=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"$SAMVERKAN" demo --db "$dir/demo.db" >/dev/null
"$SAMVERKAN" report --db "$dir/demo.db" --year 2026 --output "$dir/cli.html" 2>/dev/null
SAMVERKAN_LANG=sv "$SAMVERKAN" report --db "$dir/demo.db" --year 2026 --department kultur-fritid \
	--output "$dir/cli-kultur-fritid.html" 2>/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$SAMVERKAN" serve --db "$dir/demo.db" --port "$port" >"$dir/serve.log" 2>&1 &
pid=$!
i=0
until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || { cat "$dir/serve.log" >&2; echo "validate: FAIL: the server did not start" >&2; exit 1; }
	sleep 0.1
done
curl -sf -o "$dir/download.html" "http://127.0.0.1:$port/uppfoljning/2026.html"
curl -sf -o "$dir/download-namnd.html" "http://127.0.0.1:$port/uppfoljning/2026.html?namnd=KFN"

if ! java -jar "$JAR" --errors-only "$dir/cli.html" "$dir/cli-kultur-fritid.html" "$dir/download.html" \
	"$dir/download-namnd.html"; then
	echo "validate: FAIL: the Nu HTML checker found errors in the follow-up report" >&2
	exit 1
fi
echo "validate: the follow-up report's HTML files have no Nu HTML checker errors"
