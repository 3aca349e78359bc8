/* cmd_serve: `samverkan serve` migrates the database and runs the web server until stopped. */
#include "cli/cli.h"
#include "web/server.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	struct server_options opt = {
		.db = cli_default_db(),
		.host = "127.0.0.1",
		.port = 8080,
		.threads = 0,
		.request_timeout_ms = 10000,
		.max_body = 1024 * 1024,
		.secure_cookies = false,
		.access_log = NULL,
	};
	const char *env_port = getenv("PORT");
	if (env_port && parse_int(env_port, 1, 65535, &opt.port) != 0)
		return cli_usage_error("serve", "PORT must be a port number, not '%s'", env_port);
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},       {"host", required_argument, NULL, 'H'},
		{"port", required_argument, NULL, 'p'},     {"threads", required_argument, NULL, 't'},
		{"timeout", required_argument, NULL, 'T'},  {"max-body", required_argument, NULL, 'b'},
		{"secure-cookies", no_argument, NULL, 's'}, {"access-log", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},           {0},
	};
	int c, v;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:H:p:t:T:b:sl:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': opt.db = optarg; break;
		case 'H': opt.host = optarg; break;
		case 'p':
			if (parse_int(optarg, 1, 65535, &opt.port) != 0)
				return cli_usage_error("serve", "--port must be a number from 1 to 65535, not '%s'", optarg);
			break;
		case 't':
			if (parse_int(optarg, 1, 256, &opt.threads) != 0)
				return cli_usage_error("serve", "--threads must be a number from 1 to 256, not '%s'", optarg);
			break;
		case 'T':
			if (parse_int(optarg, 1, 3600, &v) != 0)
				return cli_usage_error("serve", "--timeout must be seconds from 1 to 3600, not '%s'", optarg);
			opt.request_timeout_ms = v * 1000;
			break;
		case 'b':
			if (parse_int(optarg, 1, 1024 * 1024 * 1024, &v) != 0)
				return cli_usage_error("serve", "--max-body must be a number of bytes, not '%s'", optarg);
			opt.max_body = (size_t)v;
			break;
		case 's': opt.secure_cookies = true; break;
		case 'l': opt.access_log = optarg; break;
		case 'h':
			printf("usage: samverkan serve [options]\n\n"
			       "  --db PATH          database (default ./samverkan.db)\n"
			       "  --host ADDR        IPv4 address to listen on (default 127.0.0.1)\n"
			       "  --port N           port (default 8080, or $PORT)\n"
			       "  --threads N        worker threads (default: one per core)\n"
			       "  --timeout S        drop a client that sends no complete request for S seconds (default 10)\n"
			       "  --max-body BYTES   largest request body accepted (default 1048576)\n"
			       "  --secure-cookies   mark cookies Secure (when served over HTTPS by a proxy)\n"
			       "  --access-log FILE  access log file ('-' for none; default standard error)\n");
			return 0;
		case ':': return cli_usage_error("serve", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("serve", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	struct store *st = cli_open_store(opt.db);
	if (!st)
		return 1;
	store_close(st);
	return server_run(&opt);
}
