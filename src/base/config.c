/* config: reads samverkan.conf and SAMVERKAN_* variables into one struct config, and checks it. */
#include "base/config.h"
#include "base/netaddr.h"
#include "base/smtp.h"
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Every key: its name in the file (the flag is the same with '-' for '_', the variable is
 * SAMVERKAN_ and the name in capitals), where it lives in struct config, and its default. */
struct key {
	const char *name;
	size_t offset, size;
	const char *dflt;
};

#define KEY(field, dflt) {#field, offsetof(struct config, field), sizeof((struct config *)0)->field, dflt}
static const struct key keys[] = {
	KEY(db, "samverkan.db"),
	KEY(host, "127.0.0.1"),
	KEY(port, "8080"),
	KEY(threads, "0"),
	KEY(timeout, "10"),
	KEY(max_body, "1048576"),
	KEY(secure_cookies, "false"),
	KEY(access_log, ""),
	KEY(smtp_url, ""),
	KEY(smtp_user, ""),
	KEY(smtp_password, ""),
	KEY(smtp_starttls, "false"),
	KEY(mail_from, ""),
	KEY(base_url, ""),
	KEY(mail_retry_seconds, "30"),
	KEY(trusted_proxies, ""),
	KEY(forwarded_header, "x-forwarded-for"),
	KEY(retention_contact_years, "3"),
	KEY(retention_unverified_days, "30"),
};
#define NKEYS (sizeof keys / sizeof keys[0])
_Static_assert(NKEYS <= CONFIG_MAX_KEYS, "struct config's source[] needs room for every key");

const char *const *config_keys(void)
{
	static const char *names[NKEYS + 1];
	if (!names[0])
		for (size_t i = 0; i < NKEYS; i++)
			names[i] = keys[i].name;
	return names;
}

/* The key for a file name ("smtp_url") or a flag name ("smtp-url"), or -1. */
static int key_index(const char *name)
{
	for (size_t i = 0; i < NKEYS; i++) {
		const char *a = keys[i].name, *b = name;
		while (*a && (*a == *b || (*a == '_' && *b == '-')))
			a++, b++;
		if (!*a && !*b)
			return (int)i;
	}
	return -1;
}

static char *field(struct config *c, int k) { return (char *)c + keys[k].offset; }

/* 0, or -2 when the value does not fit (a setting cut short would be a different setting). */
static int set(struct config *c, int k, const char *value, enum config_source src)
{
	size_t n = strlen(value);
	if (n >= keys[k].size)
		return -2;
	memcpy(field(c, k), value, n + 1);
	c->source[k] = (unsigned char)src;
	return 0;
}

int config_set(struct config *c, const char *key, const char *value)
{
	int k = key_index(key);
	if (k < 0)
		return -1;
	return set(c, k, value, CONFIG_FLAG);
}

const char *config_get(const struct config *c, const char *key)
{
	int k = key_index(key);
	return k < 0 ? NULL : (const char *)c + keys[k].offset;
}

const char *config_source_name(const struct config *c, const char *key)
{
	static const char *const names[] = {"default", "file", "environment", "flag"};
	int k = key_index(key);
	return k < 0 || c->source[k] > CONFIG_FLAG ? "?" : names[c->source[k]];
}

bool config_bool(const char *v, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"}, *const no[] = {"false", "no", "off", "0"};
	for (int i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return *out = true, true;
		if (strcasecmp(v, no[i]) == 0)
			return *out = false, true;
	}
	return false;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = 0;
	return s;
}

/* Reads `key = value` lines. A '#' starts a comment only at the start of a line, so a password
 * may contain one; a value may be put in single or double quotes to keep leading or trailing
 * spaces. */
static int read_file(struct config *c, const char *path, char *err, size_t errsz)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	char line[4096];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		size_t len = strlen(line);
		if (len == sizeof line - 1 && line[len - 1] != '\n' && !feof(f)) {
			snprintf(err, errsz, "%s:%d: the line is too long", path, lineno);
			rc = -1;
			break;
		}
		char *s = trim(line);
		if (lineno == 1 && (unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbb && (unsigned char)s[2] == 0xbf)
			s = trim(s + 3); /* a byte-order mark left by a Windows editor */
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errsz, "%s:%d: expected 'key = value', found '%.60s'", path, lineno, s);
			rc = -1;
			break;
		}
		*eq = 0;
		char *key = trim(s), *value = trim(eq + 1);
		size_t vn = strlen(value);
		if (vn >= 2 && (value[0] == '"' || value[0] == '\'') && value[vn - 1] == value[0]) {
			value[vn - 1] = 0;
			value++;
		} else if (vn && (value[0] == '"' || value[0] == '\'')) {
			snprintf(err, errsz, "%s:%d: %s: the quote is not closed", path, lineno, key);
			rc = -1;
			break;
		}
		int k = key_index(key);
		/* Flag spellings are for flags; the file has one spelling per key. */
		if (k < 0 || strchr(key, '-')) {
			snprintf(err, errsz, "%s:%d: unknown key '%.60s'", path, lineno, key);
			rc = -1;
			break;
		}
		if (set(c, k, value, CONFIG_FILE) != 0) {
			snprintf(err, errsz, "%s:%d: %s: the value is too long (at most %zu bytes)", path, lineno, key,
				 keys[k].size - 1);
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	fclose(f);
	return rc;
}

int config_load(struct config *c, const char *path, char *err, size_t errsz)
{
	memset(c, 0, sizeof *c);
	if (errsz)
		err[0] = 0;
	for (size_t i = 0; i < NKEYS; i++)
		set(c, (int)i, keys[i].dflt, CONFIG_DEFAULT);

	const char *env_path = getenv("SAMVERKAN_CONFIG");
	if (!path || !*path)
		path = env_path && *env_path ? env_path : NULL;
	if (path) {
		if (read_file(c, path, err, errsz) != 0)
			return -1;
	} else {
		FILE *f = fopen("samverkan.conf", "r");
		if (f) {
			fclose(f);
			path = "samverkan.conf";
			if (read_file(c, path, err, errsz) != 0)
				return -1;
		}
	}
	if (path)
		snprintf(c->config_file, sizeof c->config_file, "%s", path);

	for (size_t i = 0; i < NKEYS; i++) {
		char var[64] = "SAMVERKAN_";
		size_t n = strlen(var);
		for (const char *p = keys[i].name; *p && n + 1 < sizeof var; p++)
			var[n++] = (char)toupper((unsigned char)*p);
		var[n] = 0;
		const char *v = getenv(var);
		if (!v)
			continue;
		if (set(c, (int)i, v, CONFIG_ENV) != 0) {
			snprintf(err, errsz, "%s: the value is too long (at most %zu bytes)", var, keys[i].size - 1);
			return -1;
		}
	}
	/* $PORT, which hosting platforms set, counts when SAMVERKAN_PORT is not set. */
	const char *port = getenv("PORT");
	int k = key_index("port");
	if (port && c->source[k] != CONFIG_ENV && set(c, k, port, CONFIG_ENV) != 0) {
		snprintf(err, errsz, "PORT: the value is too long");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Checks */

struct problems {
	char *out;
	size_t size, len;
	int n;
};

static void problem(struct problems *p, const struct config *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void problem(struct problems *p, const struct config *c, const char *key, const char *fmt, ...)
{
	p->n++;
	if (!p->size || p->len + 1 >= p->size)
		return;
	int w = snprintf(p->out + p->len, p->size - p->len, "%s (%s): ", key, config_source_name(c, key));
	if (w > 0 && (size_t)w < p->size - p->len) {
		p->len += (size_t)w;
		va_list ap;
		va_start(ap, fmt);
		w = vsnprintf(p->out + p->len, p->size - p->len, fmt, ap);
		va_end(ap);
		if (w > 0)
			p->len += (size_t)w < p->size - p->len ? (size_t)w : p->size - p->len - 1;
	}
	if (p->len + 1 < p->size) {
		p->out[p->len++] = '\n';
		p->out[p->len] = 0;
	}
}

static bool number_in(const char *s, long min, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	return *s && !*end && errno == 0 && v >= min && v <= max;
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* host[:port] at s, up to the first '/' (or the end); true when it is a usable host name, IPv4
 * or [IPv6] address with an optional port 1–65535. */
static bool host_port_ok(const char *s, size_t n)
{
	size_t i = 0;
	if (n && s[0] == '[') {
		while (i < n && s[i] != ']')
			i++;
		if (i == n || i < 3)
			return false;
		i++;
	} else {
		while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '.' || s[i] == '-'))
			i++;
		if (i == 0 || s[0] == '.' || s[0] == '-')
			return false;
	}
	if (i == n)
		return true;
	if (s[i] != ':' || i + 1 == n || n - i - 1 > 5)
		return false;
	char port[8];
	memcpy(port, s + i + 1, n - i - 1);
	port[n - i - 1] = 0;
	return number_in(port, 1, 65535);
}

int config_check(const struct config *c, char *out, size_t outsz)
{
	struct problems p = {.out = out, .size = outsz};
	if (outsz)
		out[0] = 0;
	bool b;

	if (!*c->db)
		problem(&p, c, "db", "no database is given");
	if (!number_in(c->port, 1, 65535))
		problem(&p, c, "port", "'%s' is not a port number from 1 to 65535", c->port);
	if (!number_in(c->threads, 0, 256))
		problem(&p, c, "threads", "'%s' is not a number from 0 (one per core) to 256", c->threads);
	if (!number_in(c->timeout, 1, 3600))
		problem(&p, c, "timeout", "'%s' is not a number of seconds from 1 to 3600", c->timeout);
	if (!number_in(c->max_body, 1, 1024L * 1024 * 1024))
		problem(&p, c, "max_body", "'%s' is not a number of bytes", c->max_body);
	if (!config_bool(c->secure_cookies, &b))
		problem(&p, c, "secure_cookies", "'%s' is not true or false", c->secure_cookies);
	if (!config_bool(c->smtp_starttls, &b))
		problem(&p, c, "smtp_starttls", "'%s' is not true or false", c->smtp_starttls);
	if (!number_in(c->mail_retry_seconds, 1, 3600))
		problem(&p, c, "mail_retry_seconds", "'%s' is not a number of seconds from 1 to 3600",
			c->mail_retry_seconds);

	struct netaddr_list proxies;
	char why[160];
	if (netaddr_list_parse(c->trusted_proxies, &proxies, why, sizeof why) != 0)
		problem(&p, c, "trusted_proxies", "%s (give addresses or ranges such as 10.0.0.5, 10.1.0.0/16, ::1)", why);
	if (strcasecmp(c->forwarded_header, "x-forwarded-for") != 0 && strcasecmp(c->forwarded_header, "forwarded") != 0)
		problem(&p, c, "forwarded_header", "'%s' is not x-forwarded-for or forwarded", c->forwarded_header);
	if (!number_in(c->retention_contact_years, 1, 100))
		problem(&p, c, "retention_contact_years", "'%s' is not a number of years from 1 to 100",
			c->retention_contact_years);
	if (!number_in(c->retention_unverified_days, 1, 3650))
		problem(&p, c, "retention_unverified_days", "'%s' is not a number of days from 1 to 3650",
			c->retention_unverified_days);

	const char *u = c->smtp_url;
	if (!*u) {
		problem(&p, c, "smtp_url", "not set: e-mail is queued in the outbox but never sent");
	} else {
		size_t scheme = strncasecmp(u, "smtp://", 7) == 0 ? 7 : strncasecmp(u, "smtps://", 8) == 0 ? 8 : 0;
		if (!scheme) {
			problem(&p, c, "smtp_url", "'%s' must start with smtp:// or smtps://", u);
		} else {
			const char *h = u + scheme;
			const char *at = strchr(h, '@'), *slash = strchr(h, '/');
			if (at && (!slash || at < slash))
				problem(&p, c, "smtp_url", "put the login in smtp_user and smtp_password, not in the URL");
			else if (has_control(h) || strchr(h, ' ') ||
				 !host_port_ok(h, slash ? (size_t)(slash - h) : strlen(h)))
				problem(&p, c, "smtp_url", "'%s' has no usable host (smtp://host or smtp://host:port)", u);
		}
	}
	if (*c->smtp_password && !*c->smtp_user)
		problem(&p, c, "smtp_user", "smtp_password is set but smtp_user is not");

	/* "addr@example.se" or "Name <addr@example.se>". */
	const char *f = c->mail_from;
	if (!*f) {
		problem(&p, c, "mail_from", "not set: the sender address of every message (e.g. samverkan@kommun.se)");
	} else {
		const char *addr;
		size_t n;
		bool ok = !has_control(f) && smtp_mailbox_address(f, &addr, &n);
		if (!ok)
			problem(&p, c, "mail_from", "'%s' is not an e-mail address (samverkan@kommun.se or "
				"Name <samverkan@kommun.se>)", f);
	}

	/* Empty means http://localhost:PORT. */
	const char *bu = c->base_url;
	if (*bu) {
		size_t scheme = strncasecmp(bu, "http://", 7) == 0 ? 7 : strncasecmp(bu, "https://", 8) == 0 ? 8 : 0;
		const char *h = bu + scheme, *slash = scheme ? strchr(h, '/') : NULL;
		if (!scheme || has_control(bu) || strchr(bu, ' ') || strchr(bu, '?') || strchr(bu, '#') ||
		    !host_port_ok(h, slash ? (size_t)(slash - h) : strlen(h)))
			problem(&p, c, "base_url", "'%s' is not an address like https://samverkan.kommun.se", bu);
	}
	return p.n;
}
