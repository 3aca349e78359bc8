/* config: settings from samverkan.conf, then the environment, then command-line flags — each
 * later source winning over the earlier. */
#ifndef SAMVERKAN_CONFIG_H
#define SAMVERKAN_CONFIG_H
#include <stdbool.h>
#include <stddef.h>

#define CONFIG_MAX_KEYS 24

/* One setting: its key in the file (smtp_url), its variable (SAMVERKAN_SMTP_URL), its flag
 * (--smtp-url), and where its current value came from. */
struct config {
	/* Values are NUL-terminated; "" when unset. */
	char db[1024];
	char host[64];
	char port[8];
	char threads[8];
	char timeout[8];
	char max_body[16];
	char secure_cookies[8];
	char access_log[1024];
	char smtp_url[1024];
	char smtp_user[256];
	char smtp_password[256];
	char smtp_starttls[8];
	char mail_from[320];
	char base_url[512];
	/* The first retry after a temporary failure waits this many seconds, each later one twice as
	 * long (capped at 120 times this, one hour by default). Tests set 1. */
	char mail_retry_seconds[8];
	/* Proxies in front (addresses or CIDR ranges): only from these peers is the client's address
	 * taken from forwarded_header ("x-forwarded-for" or "forwarded"), so that throttles count
	 * per client rather than per proxy. Empty: the TCP peer is the client. */
	char trusted_proxies[1024];
	char forwarded_header[32];
	/* Retention (the daily job in domain/personal_data.c): contact persons of organisations not
	 * confirmed for this many years, and accounts whose address was not confirmed within this many
	 * days, are removed. */
	char retention_contact_years[8];
	char retention_unverified_days[8];
	char config_file[1024]; /* the file that was read, or "" */
	/* Where each key's value came from (enum config_source), in the order of config_keys(). */
	unsigned char source[CONFIG_MAX_KEYS];
};

enum config_source { CONFIG_DEFAULT = 0, CONFIG_FILE, CONFIG_ENV, CONFIG_FLAG };

/* Fills c with defaults, then the file (path, or $SAMVERKAN_CONFIG, or ./samverkan.conf when it
 * exists; a missing explicit file is an error), then SAMVERKAN_* variables ($PORT too, when
 * SAMVERKAN_PORT is not set). 0, or -1 with err naming the file, line and key. */
int config_load(struct config *c, const char *path, char *err, size_t errsz);
/* Sets one key by its file name ("smtp_url") or flag name ("smtp-url"); -1 when unknown. */
int config_set(struct config *c, const char *key, const char *value);
/* Checks the values; writes one problem per line into out (empty when all is well). Returns the
 * number of problems. */
int config_check(const struct config *c, char *out, size_t outsz);

/* The keys in file order ("db", "host", …), NULL-terminated: for listing the settings. */
const char *const *config_keys(void);
/* The value of a key (file or flag name), or NULL when there is no such key. */
const char *config_get(const struct config *c, const char *key);
/* "default", "file", "environment" or "flag": where a key's value came from. */
const char *config_source_name(const struct config *c, const char *key);
/* Values as the program uses them: booleans accept true/false, yes/no, on/off, 1/0. */
bool config_bool(const char *value, bool *out);

#endif
