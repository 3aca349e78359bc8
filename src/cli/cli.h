/* cli: the subcommands of the samverkan program and the helpers they share. */
#ifndef SAMVERKAN_CLI_H
#define SAMVERKAN_CLI_H
#include "store/store.h"

#define EXIT_USAGE 2

/* Each command gets argv with argv[0] = the command's own name ("serve", "import organisations"). */
int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_import_organisations(int argc, char **argv);
int cmd_export_organisations(int argc, char **argv);
int cmd_user_add(int argc, char **argv);
int cmd_user_list(int argc, char **argv);
int cmd_migrate_store(int argc, char **argv);
int cmd_config_check(int argc, char **argv);
int cmd_digest_send(int argc, char **argv);
int cmd_workdays_add(int argc, char **argv);
int cmd_workdays_between(int argc, char **argv);
int cmd_feedback_send(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_retention_run(int argc, char **argv);
int cmd_department_add(int argc, char **argv);
int cmd_department_list(int argc, char **argv);
int cmd_district_add(int argc, char **argv);
int cmd_district_list(int argc, char **argv);
int cmd_alias_add(int argc, char **argv);
int cmd_area_add(int argc, char **argv);
int cmd_area_list(int argc, char **argv);
int cmd_goal_add(int argc, char **argv);
int cmd_goal_list(int argc, char **argv);
int cmd_goal_value(int argc, char **argv);
int cmd_indicators_recompute(int argc, char **argv);
int cmd_indicators_import_kolada(int argc, char **argv);
int cmd_indicators_fetch_kolada(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* Opens the database and brings its schema up to date (seeding the built-in lists); prints the
 * problem and returns NULL when it cannot. */
struct store *cli_open_store(const char *db);
/* The default database: $SAMVERKAN_DB, else db in samverkan.conf (see base/config.h), else
 * ./samverkan.db. */
const char *cli_default_db(void);
/* The options of a command whose only option is --db (and --help): *db is --db or the default,
 * *next the index of the first argument after the options. Returns -1 to go on, or the exit code:
 * 0 after printing `help`, EXIT_USAGE after a usage error. */
int cli_db_options(int argc, char **argv, const char *cmd, const char *help, const char **db, int *next);
/* The options of a command that does a job of the server's by hand (digest, feedback, retention):
 * --db, --config FILE, --help and, when `base_url` is true, --base-url URL (the public address for
 * links in e-mail, else base_url from the configuration, else http://localhost:PORT), which it
 * sets for the notifications. Loads the configuration into *cfg and opens the database (--db,
 * else the configuration's, else the default) into *st. Returns -1 to go on, or the exit code: 0
 * after printing `help`, EXIT_USAGE after a usage error, 1 when the configuration or the database
 * cannot be opened. */
struct config;
int cli_job_options(int argc, char **argv, const char *cmd, const char *help, bool base_url, struct config *cfg,
		    struct store **st);
/* Prints what a domain call refused, one line per error ("samverkan CMD: --code: message"; the
 * options list pairs a field's name with its option, NULL-terminated, may be NULL), or a line
 * for an outcome without messages; returns 1, the exit code of a refused command. */
#include "base/outcome.h"
int cli_outcome_error(const char *cmd, enum outcome o, const struct field_errors *e, const char *const *options);
/* Prints "samverkan CMD: message" and the hint to use --help; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
