/* cmd_serve: `samverkan serve` reads the configuration, migrates the database and runs the web
 * server (and its mail sender) until stopped. */
#include "cli/cli.h"
#include "base/config.h"
#include "base/netaddr.h"
#include "domain/dialogue.h"
#include "domain/digest.h"
#include "domain/feedback_clock.h"
#include "domain/indicator.h"
#include "domain/notification.h"
#include "domain/session.h"
#include "domain/personal_data.h"
#include "web/jobs.h"
#include "web/server.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static int parse_int(const char *s, int min, int max, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

static const struct option longopts[] = {
	{"db", required_argument, NULL, 'd'},
	{"host", required_argument, NULL, 'H'},
	{"port", required_argument, NULL, 'p'},
	{"threads", required_argument, NULL, 't'},
	{"timeout", required_argument, NULL, 'T'},
	{"max-body", required_argument, NULL, 'b'},
	{"secure-cookies", no_argument, NULL, 's'},
	{"access-log", required_argument, NULL, 'l'},
	{"config", required_argument, NULL, 'c'},
	{"smtp-url", required_argument, NULL, 'U'},
	{"smtp-user", required_argument, NULL, 'u'},
	{"smtp-password", required_argument, NULL, 'P'},
	{"smtp-starttls", no_argument, NULL, 'S'},
	{"mail-from", required_argument, NULL, 'f'},
	{"base-url", required_argument, NULL, 'B'},
	{"mail-retry-seconds", required_argument, NULL, 'R'},
	{"trusted-proxies", required_argument, NULL, 'X'},
	{"forwarded-header", required_argument, NULL, 'F'},
	{"retention-contact-years", required_argument, NULL, 'Y'},
	{"retention-unverified-days", required_argument, NULL, 'V'},
	{"help", no_argument, NULL, 'h'},
	{0},
};
#define SHORTOPTS ":d:H:p:t:T:b:sl:c:U:u:P:Sf:B:R:X:F:Y:V:h"

static void help(void)
{
	printf("usage: samverkan serve [options]\n\n"
	       "Settings come from samverkan.conf (or --config FILE, or $SAMVERKAN_CONFIG), then from\n"
	       "SAMVERKAN_<KEY> variables, then from these flags; each wins over the one before.\n"
	       "See samverkan.conf.example; 'samverkan config check' shows what is in effect.\n\n"
	       "  --config FILE       configuration file (default ./samverkan.conf when it exists)\n"
	       "  --db PATH           database (default ./samverkan.db)\n"
	       "  --host ADDR         IPv4 address to listen on (default 127.0.0.1)\n"
	       "  --port N            port (default 8080, or $PORT)\n"
	       "  --threads N         worker threads (default: one per core)\n"
	       "  --timeout S         drop a client that sends no complete request for S seconds (default 10)\n"
	       "  --max-body BYTES    largest request body accepted (default 1048576)\n"
	       "  --secure-cookies    mark cookies Secure (when served over HTTPS by a proxy)\n"
	       "  --access-log FILE   access log file ('-' for none; default standard error)\n"
	       "  --smtp-url URL      mail server: smtp://host:port or smtps://host:port (none: mail waits)\n"
	       "  --smtp-user NAME    login at the mail server\n"
	       "  --smtp-password PW  its password (better: $SAMVERKAN_SMTP_PASSWORD or the file, as\n"
	       "                      other users can read a command line)\n"
	       "  --smtp-starttls     require STARTTLS on smtp://\n"
	       "  --mail-from ADDR    sender: samverkan@kommun.se or 'Name <samverkan@kommun.se>'\n"
	       "  --base-url URL      public address for links in e-mail (default http://localhost:PORT)\n"
	       "  --mail-retry-seconds S  first wait after a failed send, doubling each time (default 30)\n"
	       "  --trusted-proxies LIST  addresses or CIDR ranges of proxies in front (e.g. 10.0.0.5,\n"
	       "                      10.1.0.0/16): only from these is the client's address read from\n"
	       "                      the forwarded header (default none: the peer is the client)\n"
	       "  --forwarded-header H    x-forwarded-for (default) or forwarded: the header those\n"
	       "                      proxies set\n"
	       "  --retention-contact-years N   remove contact persons of organisations not confirmed for\n"
	       "                      N years (default 3)\n"
	       "  --retention-unverified-days N remove accounts whose address was not confirmed in N days\n"
	       "                      (default 30)\n");
}

/* Where a value came from, for an error message: "--port", "SAMVERKAN_PORT", "port in FILE". */
static const char *origin(const struct config *c, const char *key, char *out, size_t outsz)
{
	const char *src = config_source_name(c, key);
	if (strcmp(src, "flag") == 0) {
		snprintf(out, outsz, "--%s", key);
		for (char *p = out + 2; *p; p++)
			if (*p == '_')
				*p = '-';
	} else if (strcmp(src, "environment") == 0) {
		snprintf(out, outsz, "SAMVERKAN_");
		size_t n = strlen(out);
		for (const char *p = key; *p && n + 1 < outsz; p++)
			out[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		out[n] = 0;
	} else {
		snprintf(out, outsz, "%s in %s", key, c->config_file[0] ? c->config_file : "the defaults");
	}
	return out;
}

static int number(const struct config *c, const char *key, int min, int max, const char *what, int *out)
{
	char where[1100];
	if (parse_int(config_get(c, key), min, max, out) == 0)
		return 0;
	return cli_usage_error("serve", "%s must be %s, not '%s'", origin(c, key, where, sizeof where), what,
			       config_get(c, key));
}

static int boolean(const struct config *c, const char *key, bool *out)
{
	char where[1100];
	if (config_bool(config_get(c, key), out))
		return 0;
	return cli_usage_error("serve", "%s must be true or false, not '%s'", origin(c, key, where, sizeof where),
			       config_get(c, key));
}

int cmd_serve(int argc, char **argv)
{
	/* First the file named by --config, so that every other flag can win over it. */
	const char *config_path = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1)
		if (c == 'c')
			config_path = optarg;

	static struct config cfg;
	char err[1200];
	if (config_load(&cfg, config_path, err, sizeof err) != 0)
		return cli_usage_error("serve", "%s", err);
	const char *env_port = getenv("PORT");
	int ignored;
	if (env_port && !getenv("SAMVERKAN_PORT") && parse_int(env_port, 1, 65535, &ignored) != 0)
		return cli_usage_error("serve", "PORT must be a port number, not '%s'", env_port);

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1) {
		const char *key = NULL, *value = optarg;
		switch (c) {
		case 'd': key = "db"; break;
		case 'H': key = "host"; break;
		case 'p': key = "port"; break;
		case 't': key = "threads"; break;
		case 'T': key = "timeout"; break;
		case 'b': key = "max_body"; break;
		case 's': key = "secure_cookies", value = "true"; break;
		case 'l': key = "access_log"; break;
		case 'c': break;
		case 'U': key = "smtp_url"; break;
		case 'u': key = "smtp_user"; break;
		case 'P': key = "smtp_password"; break;
		case 'S': key = "smtp_starttls", value = "true"; break;
		case 'f': key = "mail_from"; break;
		case 'B': key = "base_url"; break;
		case 'R': key = "mail_retry_seconds"; break;
		case 'X': key = "trusted_proxies"; break;
		case 'F': key = "forwarded_header"; break;
		case 'Y': key = "retention_contact_years"; break;
		case 'V': key = "retention_unverified_days"; break;
		case 'h': help(); return 0;
		case ':': return cli_usage_error("serve", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("serve", "unknown option '%s'", argv[optind - 1]);
		}
		if (key && config_set(&cfg, key, value) != 0)
			return cli_usage_error("serve", "the value of %s is too long", argv[optind - 1]);
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);

	struct server_options opt = {.db = cfg.db, .host = cfg.host};
	int v;
	bool starttls;
	if (number(&cfg, "port", 1, 65535, "a number from 1 to 65535", &opt.port) ||
	    number(&cfg, "threads", 0, 256, "a number from 1 to 256 (0: one per core)", &opt.threads) ||
	    number(&cfg, "timeout", 1, 3600, "seconds from 1 to 3600", &v))
		return EXIT_USAGE;
	opt.request_timeout_ms = v * 1000;
	if (number(&cfg, "max_body", 1, 1024 * 1024 * 1024, "a number of bytes", &v))
		return EXIT_USAGE;
	opt.max_body = (size_t)v;
	if (boolean(&cfg, "secure_cookies", &opt.secure_cookies) || boolean(&cfg, "smtp_starttls", &starttls))
		return EXIT_USAGE;
	opt.access_log = cfg.access_log[0] ? cfg.access_log : NULL;
	int retry;
	if (number(&cfg, "mail_retry_seconds", 1, 3600, "seconds from 1 to 3600", &retry))
		return EXIT_USAGE;

	static struct netaddr_list proxies;
	char why[200];
	if (netaddr_list_parse(cfg.trusted_proxies, &proxies, why, sizeof why) != 0) {
		char where[1100];
		return cli_usage_error("serve", "%s: %s", origin(&cfg, "trusted_proxies", where, sizeof where), why);
	}
	if (strcasecmp(cfg.forwarded_header, "x-forwarded-for") != 0 && strcasecmp(cfg.forwarded_header, "forwarded") != 0) {
		char where[1100];
		return cli_usage_error("serve", "%s must be x-forwarded-for or forwarded, not '%s'",
				       origin(&cfg, "forwarded_header", where, sizeof where), cfg.forwarded_header);
	}
	opt.trusted_proxies = &proxies;
	opt.forwarded_is_rfc7239 = strcasecmp(cfg.forwarded_header, "forwarded") == 0;
	static struct retention_settings retention;
	if (number(&cfg, "retention_contact_years", 1, 100, "a number of years from 1 to 100", &retention.contact_years) ||
	    number(&cfg, "retention_unverified_days", 1, 3650, "a number of days from 1 to 3650",
		   &retention.unverified_days))
		return EXIT_USAGE;
	retention_configure(&retention);

	/* Links in e-mail point at the public address; by default this server itself. */
	static char base_url[600];
	if (cfg.base_url[0])
		snprintf(base_url, sizeof base_url, "%s", cfg.base_url);
	else
		snprintf(base_url, sizeof base_url, "http://localhost:%d", opt.port);
	size_t n = strlen(base_url);
	while (n > 8 && base_url[n - 1] == '/')
		base_url[--n] = 0;
	/* Mail settings that would make every message fail are refused now, not at the first send. */
	char problems[4096];
	config_check(&cfg, problems, sizeof problems);
	for (char *line = strtok(problems, "\n"); line; line = strtok(NULL, "\n")) {
		bool mail_key = strncmp(line, "smtp_", 5) == 0 || strncmp(line, "mail_from", 9) == 0 ||
				strncmp(line, "base_url", 8) == 0;
		bool only_unset = strstr(line, "not set:") != NULL;
		if (mail_key && !only_unset)
			return cli_usage_error("serve", "%s", line);
	}
	static struct mail_settings mail;
	mail = (struct mail_settings){
		.smtp_url = cfg.smtp_url,
		.smtp_user = cfg.smtp_user,
		.smtp_password = cfg.smtp_password,
		.starttls = starttls,
		.mail_from = cfg.mail_from,
		.base_url = base_url,
		.retry_seconds = retry,
	};
	opt.mail = &mail;
	notification_set_base_url(base_url);
	/* Every few minutes each node asks whether today's digest is due; the database lets one send it. */
	jobs_add("daily digest", 300, digest_job);
	/* The feedback clock's reminders and escalations: conditional updates make each mail once. */
	jobs_add("feedback clock", 300, feedback_job);
	/* Dialogues open and close on their dates; also once below, before the first request. */
	jobs_add("dialogue calendar", 300, dialogue_calendar_job);
	/* Personal data no longer needed goes once a day; the database lets one node do it. */
	jobs_add("retention", 300, retention_job);
	/* Computed goals get today's value once a day; the database lets one node do it. */
	jobs_add("indicator recompute", 300, indicator_job);

	struct store *st = cli_open_store(opt.db);
	if (!st)
		return 1;
	dialogue_calendar_job(st, NULL);
	if (session_csrf_key_ensure(st) != 0) {
		fprintf(stderr, "samverkan serve: cannot make the CSRF signing key in the database\n");
		store_close(st);
		return 1;
	}
	store_close(st);
	return server_run(&opt);
}
