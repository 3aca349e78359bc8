#!/bin/sh
# Benchmark: samverkan against nginx serving the very same bytes from files, in one run.
# Usage: sh bench/run.sh /path/to/samverkan        (make bench does this)
# Settings from the environment: BENCH_DURATION (default 10s), BENCH_CONNECTIONS (default 64).
set -eu

BIN=${1:?usage: sh bench/run.sh /path/to/samverkan}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
[ -x "$BIN" ] || { echo "bench: FAIL: $BIN is not an executable" >&2; exit 1; }
for tool in wrk nginx curl sqlite3 python3; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
		{ echo "bench: FAIL: $tool is missing (make deps-test installs it)" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

THREADS=$(nproc)
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/out
mkdir -p "$OUT"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/samverkan-bench.XXXXXX")
SAMVERKAN_PID=
NGINX_PID=
PG_SAMVERKAN_PID=
PG_DIR=
cleanup() {
	status=$?
	for pid in $SAMVERKAN_PID $NGINX_PID $PG_SAMVERKAN_PID; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in $SAMVERKAN_PID $NGINX_PID $PG_SAMVERKAN_PID; do
		wait "$pid" 2>/dev/null || true
	done
	if [ -n "$PG_DIR" ]; then
		sh "$HERE/../tools/pg-server.sh" stop "$PG_DIR" 2>/dev/null || true
		rm -rf "$PG_DIR"
	fi
	if [ "$status" -ne 0 ] && [ -z "${BENCH_KEEP:-}" ]; then
		for f in "$WORK"/samverkan.out "$WORK"/nginx-error.log; do
			[ -s "$f" ] && { echo "--- $(basename "$f") (last lines) ---" >&2; tail -n 20 "$f" >&2; }
		done
	fi
	if [ -n "${BENCH_KEEP:-}" ]; then echo "bench: kept $WORK" >&2; else rm -rf "$WORK"; fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() { echo "bench: FAIL: $*" >&2; exit 1; }

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() { # URL: wait up to 10 s for it to answer
	i=0
	until curl -fsS -o /dev/null "$1" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || return 1
		sleep 0.1
	done
}

# ---- a database of 10,000 organisations and a dialogue with 1,000 submissions -------------------
DB=$WORK/bench.db
SUBMISSIONS=1000
echo "bench: making a demo database of 10,000 organisations and a dialogue with $SUBMISSIONS submissions ..." >&2
"$BIN" demo --db "$DB" --organisations 10000 --bench-submissions "$SUBMISSIONS" >"$WORK/demo.out" 2>&1 ||
	{ cat "$WORK/demo.out" >&2; fail "samverkan demo"; }
# The demo is deterministic, so the dialogue has the same id on PostgreSQL below.
DIALOGUE=$(sed -n 's/^Benchmark dialogue \([0-9][0-9]*\) .*/\1/p' "$WORK/demo.out")
[ -n "$DIALOGUE" ] || fail "the demo did not say which dialogue has the $SUBMISSIONS submissions"
# The statistics for the last twelve months: every submission of the demo and the bench dialogue.
STATS_FROM=$(date -d '1 year ago' +%Y-%m-%d)
STATS_TO=$(date +%Y-%m-%d)
# The yearly follow-up of this year, which the demo's history fills.
REPORT_YEAR=$(date +%Y)

# The filtered register page: culture and recreation (ICNPO 1) on Ekerön, page 2. Districts are
# configurable, so take the code from the database rather than guess it.
CATEGORY=icnpo1
[ -n "$(sqlite3 "$DB" "SELECT code FROM category WHERE code = '$CATEGORY'")" ] || fail "no category $CATEGORY in the demo"
DISTRICT=$(sqlite3 "$DB" "SELECT code FROM district WHERE name_sv = 'Ekerön' UNION ALL
                          SELECT code FROM (SELECT code FROM district ORDER BY sort LIMIT 1) LIMIT 1")
[ -n "$DISTRICT" ] || fail "the demo database has no districts"

# The goal page: the demo's first goal with values from Kolada (a line chart with a gap in it).
GOAL=$(sqlite3 "$DB" "SELECT id FROM goal WHERE source = 'kolada' ORDER BY id LIMIT 1")
[ -n "$GOAL" ] || fail "the demo database has no Kolada goal"

# name|path: the pages measured, in the order of the table.
PAGES="register (filtered)|/organisationer?category=$CATEGORY&district=$DISTRICT&page=2
search|/organisationer?q=idrottsf%C3%B6reningar
organisation page|/organisationer/42
API list|/api/v1/organisations?per_page=20&page=3
dialogue, 1000 subm.|/dialoger/$DIALOGUE
statistics|/statistik/aterkoppling?from=$STATS_FROM&to=$STATS_TO
area list|/samverkansomraden
goal page|/mal/$GOAL
follow-up report|/uppfoljning/$REPORT_YEAR"

# ---- samverkan -------------------------------------------------------------------------------
SPORT=$(free_port)
"$BIN" serve --db "$DB" --port "$SPORT" --threads "$THREADS" --access-log "$WORK/samverkan-access.log" \
	>"$WORK/samverkan.out" 2>&1 &
SAMVERKAN_PID=$!
wait_for "http://127.0.0.1:$SPORT/" || fail "samverkan serve did not answer on port $SPORT"

# ---- each page once with curl, saved as a file for nginx ---------------------------------------
DOCROOT=$WORK/docroot
mkdir -p "$DOCROOT/bench"
LOCATIONS=$WORK/locations.conf
: >"$LOCATIONS"
n=0
while IFS='|' read -r name path; do
	n=$((n + 1))
	file=$DOCROOT/bench/page$n
	meta=$(curl -sS -o "$file" -w '%{http_code}|%{content_type}' "http://127.0.0.1:$SPORT$path" </dev/null) ||
		fail "curl $path"
	code=${meta%%|*}
	ctype=${meta#*|}
	size=$(wc -c <"$file")
	[ "$code" = 200 ] || fail "$name: GET $path answered $code, not 200"
	[ "$size" -ge 1000 ] || fail "$name: GET $path gave only $size bytes"
	case $path in
	/api/*)
		grep -q '"items"' "$file" && ! grep -q '"items": *\[ *\]' "$file" ||
			fail "$name: GET $path has no items: $(head -c 300 "$file")" ;;
	/organisationer\?*)
		# A list page must list organisations, not just say that nothing was found.
		[ "$(grep -c 'href="/organisationer/[0-9]' "$file")" -ge 1 ] ||
			fail "$name: GET $path lists no organisations" ;;
	/dialoger/*)
		# The dialogue page must show its published submissions.
		[ "$(grep -c 'href="/synpunkter/[0-9]' "$file")" -ge 1 ] ||
			fail "$name: GET $path lists no submissions" ;;
	/samverkansomraden)
		grep -q 'href="/samverkansomraden/[0-9]' "$file" || fail "$name: GET $path lists no areas" ;;
	/mal/*)
		# The goal page draws its chart and has the table of values.
		grep -q '<svg class="line-chart" role="img"' "$file" && grep -q '<table' "$file" ||
			fail "$name: GET $path has no chart or no table" ;;
	/statistik/*)
		grep -q 'class="statistics"' "$file" || fail "$name: GET $path has no statistics table" ;;
	/uppfoljning/*)
		grep -q 'class="followup"' "$file" || fail "$name: GET $path has no follow-up table" ;;
	*)
		grep -q '<main' "$file" || fail "$name: GET $path has no <main>" ;;
	esac
	# The same Content-Type as samverkan sent, exactly.
	printf '\t\tlocation = /bench/page%d { default_type "%s"; }\n' "$n" "$ctype" >>"$LOCATIONS"
	printf '%s|%s|%s\n' "$name" "$size" "$path" >>"$WORK/pages"
done <<EOF
$PAGES
EOF

# ---- nginx serving the same bytes ------------------------------------------------------------
NPORT=$(free_port)
while [ "$NPORT" = "$SPORT" ]; do NPORT=$(free_port); done
USER_LINE=
[ "$(id -u)" = 0 ] && USER_LINE="user root;" # the workers must read the temporary docroot
cat >"$WORK/nginx.conf" <<EOF
$USER_LINE
worker_processes $THREADS;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
	access_log $WORK/nginx-access.log;
	client_body_temp_path $WORK/nginx-body;
	sendfile on;
	tcp_nopush on;
	open_file_cache max=100;
	keepalive_requests 100000000;
	types { }
	server {
		listen 127.0.0.1:$NPORT reuseport;
		root $DOCROOT;
$(cat "$LOCATIONS")
	}
}
EOF
"$NGINX" -e "$WORK/nginx-error.log" -p "$WORK" -c "$WORK/nginx.conf" >"$WORK/nginx.out" 2>&1 &
NGINX_PID=$!
wait_for "http://127.0.0.1:$NPORT/bench/page1" || { cat "$WORK/nginx.out" >&2; fail "nginx did not start"; }

# Both answer with the same bytes.
n=0
while IFS='|' read -r name size path; do
	n=$((n + 1))
	curl -sS "http://127.0.0.1:$NPORT/bench/page$n" </dev/null | cmp -s - "$DOCROOT/bench/page$n" ||
		fail "nginx does not serve the saved bytes of $name"
done <"$WORK/pages"

# ---- measure ---------------------------------------------------------------------------------
# wrk prints "Requests/sec: N" and, with --latency, "99%  1.23ms"; the p99 is given in ms here.
measure() { # URL: sets RPS and P99 (ms)
	wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency "$1" >"$WORK/wrk.out" 2>&1 </dev/null ||
		{ cat "$WORK/wrk.out" >&2; fail "wrk $1"; }
	if grep -q 'Non-2xx' "$WORK/wrk.out"; then
		cat "$WORK/wrk.out" >&2
		fail "$1 answered errors under load"
	fi
	awk '
		/Requests\/sec:/ { rps = $2 }
		$1 == "99%" {
			v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
			p99 = unit == "us" ? v / 1000 : unit == "s" ? v * 1000 : unit == "m" ? v * 60000 : v
		}
		END { if (rps == "" || p99 == "") exit 1; printf "%.0f %.2f\n", rps, p99 }
	' "$WORK/wrk.out" >"$WORK/wrk.parsed" || { cat "$WORK/wrk.out" >&2; fail "could not read wrk's output for $1"; }
	read -r RPS P99 <"$WORK/wrk.parsed"
}
warm() { wrk -t "$THREADS" -c "$CONNECTIONS" -d 1s "$1" >/dev/null 2>&1 </dev/null || true; }

# ---- samverkan on PostgreSQL: the same demo, the same pages ----------------------------------
PPORT=
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	# Not inside $WORK: the server runs as the postgres user, who cannot enter a root-only directory.
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/samverkan-bench-pg.XXXXXX")
	echo "bench: starting PostgreSQL and making the same 10,000 organisations there ..." >&2
	sh "$HERE/../tools/pg-server.sh" start "$PG_DIR" >/dev/null || fail "PostgreSQL did not start"
	PG_URL=$(sh "$HERE/../tools/pg-server.sh" createdb "$PG_DIR" bench) || fail "createdb"
	"$BIN" demo --db "$PG_URL" --organisations 10000 --bench-submissions "$SUBMISSIONS" >"$WORK/pg-demo.out" 2>&1 ||
		{ cat "$WORK/pg-demo.out" >&2; fail "samverkan demo on PostgreSQL"; }
	grep -q "^Benchmark dialogue $DIALOGUE " "$WORK/pg-demo.out" ||
		fail "PostgreSQL: the benchmark dialogue is not number $DIALOGUE as on SQLite"
	PPORT=$(free_port)
	"$BIN" serve --db "$PG_URL" --port "$PPORT" --threads "$THREADS" --access-log "$WORK/pg-access.log" \
		>"$WORK/pg-samverkan.out" 2>&1 &
	PG_SAMVERKAN_PID=$!
	wait_for "http://127.0.0.1:$PPORT/" || fail "samverkan on PostgreSQL did not answer"
	while IFS='|' read -r name size path; do
		code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PPORT$path")
		[ "$code" = 200 ] || fail "PostgreSQL: $name: GET $path answered $code"
	done <"$WORK/pages"
else
	echo "bench: PostgreSQL is not installed: its column is left out" >&2
fi

echo "bench: wrk, $THREADS threads, $CONNECTIONS connections, $DURATION per run; samverkan --threads $THREADS, nginx worker_processes $THREADS" >&2
RESULTS=$WORK/results
{
	echo "samverkan vs nginx (same bytes from files) — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
	echo "wrk -t $THREADS -c $CONNECTIONS -d $DURATION; samverkan --threads $THREADS; nginx worker_processes $THREADS; 10,000 organisations; a dialogue with $SUBMISSIONS submissions"
	echo
	printf '%-20s | %7s | %11s | %10s | %11s | %10s | %11s | %10s | %6s | %6s\n' page bytes "nginx req/s" p99 \
		"SQLite r/s" p99 "PgSQL r/s" p99 "SQLite" "PgSQL"
	printf '%-20s-|-%7s-|-%11s-|-%10s-|-%11s-|-%10s-|-%11s-|-%10s-|-%6s-|-%6s\n' -------------------- ------- \
		----------- ---------- ----------- ---------- ----------- ---------- ------ ------
} >"$RESULTS"
n=0
while IFS='|' read -r name size path; do
	n=$((n + 1))
	echo "bench: $name ($path) ..." >&2
	# A second of warm-up for each, not counted.
	warm "http://127.0.0.1:$SPORT$path"
	measure "http://127.0.0.1:$SPORT$path"
	s_rps=$RPS s_p99=$P99
	warm "http://127.0.0.1:$NPORT/bench/page$n"
	measure "http://127.0.0.1:$NPORT/bench/page$n"
	n_rps=$RPS n_p99=$P99
	p_rps=- p_p99=- p_ratio=-
	if [ -n "$PPORT" ]; then
		warm "http://127.0.0.1:$PPORT$path"
		measure "http://127.0.0.1:$PPORT$path"
		p_rps=$RPS p_p99=$P99
		p_ratio=$(awk -v a="$p_rps" -v b="$n_rps" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
	fi
	ratio=$(awk -v a="$s_rps" -v b="$n_rps" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
	printf '%-20s | %7s | %11s | %7s ms | %11s | %7s ms | %11s | %7s ms | %6s | %6s\n' \
		"$name" "$size" "$n_rps" "$n_p99" "$s_rps" "$s_p99" "$p_rps" "$p_p99" "$ratio" "$p_ratio" >>"$RESULTS"
done <"$WORK/pages"
{
	echo
	echo "SQLite, PgSQL = samverkan req/s on that store ÷ nginx req/s for the same response body"
	echo "(1.00 = as fast as nginx serving a file). nginx serves the bytes samverkan sent from SQLite."
} >>"$RESULTS"

cp "$RESULTS" "$OUT/results.txt"
echo
cat "$RESULTS"
echo "(also in bench/out/results.txt)"
