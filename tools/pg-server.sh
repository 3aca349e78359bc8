#!/bin/sh
# Starts or stops a throw-away PostgreSQL server for the tests, in a directory of its own.
#   tools/pg-server.sh start DIR [PORT]
#                                  → prints a connection URL for database "postgres" on PORT, or on
#                                    a free port the kernel chooses
#   tools/pg-server.sh stop DIR [fast|immediate]
#                                  → stops it if it runs (immediate: as if it crashed; it recovers
#                                    from its WAL on the next start)
#   tools/pg-server.sh start-again DIR → starts a stopped server again, same data and port; prints the URL
#   tools/pg-server.sh restart DIR
#   tools/pg-server.sh createdb DIR NAME → prints the URL of a new, empty database
# As root the server runs as the "postgres" user, which initdb requires.
set -eu
cmd=${1:-} dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: pg-server.sh start|stop|start-again|restart|createdb DIR [PORT|NAME|MODE]" >&2; exit 2; }
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pg-server: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 3; }
as_pg() {
	if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
running() {
	[ -d "$dir/data" ] && as_pg "'$bindir/pg_ctl' -D '$dir/data' status >/dev/null 2>&1"
}
# Starts the server in $dir/data on port $1 and prints its URL.
launch() {
	as_pg "'$bindir/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 30 \
		-o \"-p $1 -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start >/dev/null" ||
		{ tail -n 30 "$dir/server.log" >&2; exit 1; }
	echo "postgresql://postgres@127.0.0.1:$1/postgres"
}
case $cmd in
start)
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	as_pg "'$bindir/initdb' -D '$dir/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1" ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	# The port is chosen after initdb (seconds), so that nothing else takes it meanwhile.
	port=${3:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
	case $port in ''|*[!0-9]*) echo "pg-server: the port must be a number" >&2; exit 2 ;; esac
	echo "$port" >"$dir/port"
	launch "$port"
	;;
start-again)
	[ -f "$dir/port" ] || { echo "pg-server: no server was started in $dir" >&2; exit 1; }
	running && { echo "pg-server: the server in $dir is running already" >&2; exit 1; }
	launch "$(cat "$dir/port")"
	;;
createdb)
	name=${3:?createdb needs a database name}
	port=$(cat "$dir/port")
	as_pg "'$bindir/psql' -q -h 127.0.0.1 -p $port -U postgres -d postgres -c 'CREATE DATABASE \"$name\"'" >/dev/null
	echo "postgresql://postgres@127.0.0.1:$port/$name"
	;;
stop)
	mode=${3:-fast}
	case $mode in fast|immediate) ;; *) echo "pg-server: stop mode is fast or immediate" >&2; exit 2 ;; esac
	if running; then
		as_pg "'$bindir/pg_ctl' -D '$dir/data' -m $mode -w -t 30 stop >/dev/null"
	fi
	;;
restart)
	as_pg "'$bindir/pg_ctl' -D '$dir/data' -l '$dir/server.log' -m fast -w -t 30 restart >/dev/null"
	;;
*)
	echo "usage: pg-server.sh start|stop|start-again|restart|createdb DIR [PORT|NAME|MODE]" >&2
	exit 2
	;;
esac
