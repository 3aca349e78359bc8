/* cmd_goal: `samverkan area add|list`, `goal add|list|value` and `indicators recompute|import-kolada|
 * fetch-kolada` — collaboration areas, their goals and the goals' values from the command line. */
#include "cli/cli.h"
#include "base/clock.h"
#include "domain/area.h"
#include "domain/department.h"
#include "domain/feedback_clock.h"
#include "domain/goal.h"
#include "domain/indicator.h"
#include "domain/kolada.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The options each command names a domain field by. */
static const char *const area_options[] = {
	"title", "--title", "description", "--description", "committee_id", "--committee", "department_ids", "--department",
	"status", "--status", "starts_on", "--starts", "ends_on", "--ends", "principles", "--principle",
	"partner_ids", "--partner", NULL};
static const char *const goal_options[] = {
	"statement", "--statement", "unit", "--unit", "area_id", "--area", "direction", "--direction",
	"baseline_value", "--baseline", "baseline_on", "--baseline-date", "target_value", "--target",
	"target_on", "--target-date", "source", "--source", "indicator", "--indicator", "department_id", "--department",
	"district_code", "--district", "target_group_code", "--target-group", "period", "--period",
	"kolada_kpi", "--kpi", "kolada_municipality", "--municipality", "kolada_gender", "--gender", NULL};
static const char *const value_options[] = {"measured_on", "--date", "value", "--value", "comment", "--comment", NULL};

/* A department's id by its code: 0 when there is none (the domain then says so), -1 for an
 * unknown code, which the caller reports. */
static long long department_arg(struct store *st, const char *code)
{
	long long id = department_id_by_code(st, code);
	return id > 0 ? id : -1;
}

int cmd_area_add(int argc, char **argv)
{
	const char *db = cli_default_db(), *committee = NULL;
	struct area in = {.title = "", .description = "", .status = "", .starts_on = "", .ends_on = ""};
	const char *departments[AREA_DEPARTMENTS_MAX];
	int ndepartments = 0;
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},          {"title", required_argument, NULL, 't'},
		{"description", required_argument, NULL, 'D'}, {"committee", required_argument, NULL, 'c'},
		{"department", required_argument, NULL, 'p'},  {"status", required_argument, NULL, 's'},
		{"starts", required_argument, NULL, 'S'},      {"ends", required_argument, NULL, 'E'},
		{"principle", required_argument, NULL, 'P'},   {"partner", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},              {0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:t:D:c:p:s:S:E:P:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 't': in.title = optarg; break;
		case 'D': in.description = optarg; break;
		case 'c': committee = optarg; break;
		case 'p':
			if (ndepartments == AREA_DEPARTMENTS_MAX)
				return cli_usage_error("area add", "at most %d departments", AREA_DEPARTMENTS_MAX);
			departments[ndepartments++] = optarg;
			break;
		case 's': in.status = optarg; break;
		case 'S': in.starts_on = optarg; break;
		case 'E': in.ends_on = optarg; break;
		case 'P':
			if (in.nprinciples == AREA_PRINCIPLES_MAX)
				return cli_usage_error("area add", "at most %d principles", AREA_PRINCIPLES_MAX);
			in.principles[in.nprinciples++] = optarg;
			break;
		case 'o':
			if (in.npartners == AREA_PARTNERS_MAX)
				return cli_usage_error("area add", "at most %d partners", AREA_PARTNERS_MAX);
			in.partner_ids[in.npartners++] = atoll(optarg);
			break;
		case 'h':
			printf("usage: samverkan area add --title TEXT --committee CODE --department CODE [--department CODE]...\n"
			       "                         [--description TEXT] [--status proposed|active|ended]\n"
			       "                         [--starts YYYY-MM-DD] [--ends YYYY-MM-DD] [--principle P1]...\n"
			       "                         [--partner ORGANISATION-ID]... [--db PATH]\n\n"
			       "Adds a collaboration area of a committee (by its code), run by the departments named\n"
			       "(by code), and prints its id.\n");
			return 0;
		case ':': return cli_usage_error("area add", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("area add", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("area add", "unexpected argument '%s'", argv[optind]);
	if (!committee)
		return cli_usage_error("area add", "--committee is required");
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct arena a = ARENA_INIT;
	int rc = 0;
	enum { MAX = 1000 };
	struct committee *cs = arena_alloc(&a, sizeof *cs * MAX);
	int n = committee_list(st, &a, cs, MAX);
	for (int i = 0; i < n; i++)
		if (strcasecmp(cs[i].code, committee) == 0)
			in.committee_id = cs[i].id;
	if (n < 0 || !in.committee_id) {
		fprintf(stderr, "samverkan area add: --committee: no committee has the code '%s'\n", committee);
		rc = 1;
	}
	for (int i = 0; rc == 0 && i < ndepartments; i++) {
		in.department_ids[in.ndepartments++] = department_arg(st, departments[i]);
		if (in.department_ids[i] < 0) {
			fprintf(stderr, "samverkan area add: --department: no department has the code '%s'\n", departments[i]);
			rc = 1;
		}
	}
	if (rc == 0) {
		struct field_errors e = {0};
		long long id = 0;
		enum outcome o = area_save(st, &a, &in, NULL, &id, &e);
		if (o != OUTCOME_OK)
			rc = cli_outcome_error("area add", o, &e, area_options);
		else
			printf("added area %lld: %s\n", id, in.title);
	}
	arena_free(&a);
	store_close(st);
	return rc;
}

int cmd_area_list(int argc, char **argv)
{
	const char *db;
	int next, done = cli_db_options(argc, argv, "area list",
				      "usage: samverkan area list [--db PATH]\n\n"
				      "Lists the collaboration areas, tab-separated: id, title, committee, status, goals.\n",
				      &db, &next);
	if (done >= 0)
		return done;
	if (next < argc)
		return cli_usage_error("area list", "unexpected argument '%s'", argv[next]);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct arena a = ARENA_INIT;
	enum { MAX = 10000 };
	struct area *areas = arena_alloc(&a, sizeof *areas * MAX);
	int n = area_list(st, &a, 0, MAX, areas, NULL);
	for (int i = 0; i < n; i++)
		printf("%lld\t%s\t%s\t%s\t%lld\n", areas[i].id, areas[i].title, areas[i].committee_name, areas[i].status,
		       areas[i].goals);
	if (n < 0)
		fprintf(stderr, "samverkan area list: %s\n", store_errmsg(st));
	arena_free(&a);
	store_close(st);
	return n < 0 ? 1 : 0;
}

int cmd_goal_add(int argc, char **argv)
{
	const char *db = cli_default_db(), *department = NULL;
	struct goal in = {.statement = "", .unit = "", .direction = "higher", .baseline_value = "", .baseline_on = "",
			  .target_value = "", .target_on = "", .source = "", .indicator = "", .district_code = "",
			  .target_group_code = "", .period = "", .kolada_kpi = "", .kolada_municipality = "",
			  .kolada_gender = ""};
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},           {"area", required_argument, NULL, 'a'},
		{"statement", required_argument, NULL, 's'},    {"unit", required_argument, NULL, 'u'},
		{"direction", required_argument, NULL, 'r'},    {"baseline", required_argument, NULL, 'b'},
		{"baseline-date", required_argument, NULL, 'B'}, {"target", required_argument, NULL, 't'},
		{"target-date", required_argument, NULL, 'T'},  {"source", required_argument, NULL, 'S'},
		{"indicator", required_argument, NULL, 'i'},    {"department", required_argument, NULL, 'p'},
		{"district", required_argument, NULL, 'D'},     {"target-group", required_argument, NULL, 'g'},
		{"period", required_argument, NULL, 'P'},       {"kpi", required_argument, NULL, 'k'},
		{"municipality", required_argument, NULL, 'm'}, {"gender", required_argument, NULL, 'G'},
		{"help", no_argument, NULL, 'h'},               {0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:a:s:u:r:b:B:t:T:S:i:p:D:g:P:k:m:G:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': in.area_id = atoll(optarg); break;
		case 's': in.statement = optarg; break;
		case 'u': in.unit = optarg; break;
		case 'r': in.direction = optarg; break;
		case 'b': in.baseline_value = optarg; break;
		case 'B': in.baseline_on = optarg; break;
		case 't': in.target_value = optarg; break;
		case 'T': in.target_on = optarg; break;
		case 'S': in.source = optarg; break;
		case 'i': in.indicator = optarg; break;
		case 'p': department = optarg; break;
		case 'D': in.district_code = optarg; break;
		case 'g': in.target_group_code = optarg; break;
		case 'P': in.period = optarg; break;
		case 'k': in.kolada_kpi = optarg; break;
		case 'm': in.kolada_municipality = optarg; break;
		case 'G': in.kolada_gender = optarg; break;
		case 'h':
			printf("usage: samverkan goal add --area ID --statement TEXT [--unit TEXT] [--direction higher|lower]\n"
			       "         --baseline N --baseline-date YYYY-MM-DD --target N --target-date YYYY-MM-DD\n"
			       "         --source typed|computed|kolada\n"
			       "         [--indicator KIND [--department CODE] [--district CODE] [--target-group CODE]\n"
			       "          [--period year|12m]]\n"
			       "         [--kpi N00945 --municipality 0125 [--gender T|K|M]] [--db PATH]\n\n"
			       "Adds a goal to a collaboration area and prints its id. A computed goal's KIND is one of:\n");
			const struct indicator_kind *k;
			int nk = indicator_kinds(&k);
			for (int i = 0; i < nk; i++)
				printf("  %s\n", k[i].code);
			return 0;
		case ':': return cli_usage_error("goal add", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("goal add", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("goal add", "unexpected argument '%s'", argv[optind]);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct arena a = ARENA_INIT;
	int rc = 0;
	if (department) {
		in.department_id = department_arg(st, department);
		if (in.department_id < 0) {
			fprintf(stderr, "samverkan goal add: --department: no department has the code '%s'\n", department);
			rc = 1;
		}
	}
	if (rc == 0) {
		struct field_errors e = {0};
		long long id = 0;
		enum outcome o = goal_save(st, &a, &in, NULL, &id, &e);
		if (o != OUTCOME_OK)
			rc = cli_outcome_error("goal add", o, &e, goal_options);
		else
			printf("added goal %lld: %s\n", id, in.statement);
	}
	arena_free(&a);
	store_close(st);
	return rc;
}

int cmd_goal_list(int argc, char **argv)
{
	const char *db;
	int next, done = cli_db_options(argc, argv, "goal list",
				      "usage: samverkan goal list [--db PATH] [AREA-ID]\n\n"
				      "Lists the goals (of one area), tab-separated: id, area id, source, status, the latest\n"
				      "value and its date ('-' when none), target and target date, statement.\n",
				      &db, &next);
	if (done >= 0)
		return done;
	long long area = 0;
	if (next < argc)
		area = atoll(argv[next++]);
	if (next < argc)
		return cli_usage_error("goal list", "unexpected argument '%s'", argv[next]);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct arena a = ARENA_INIT;
	enum { MAX = 10000, VALUES = 1000 };
	struct goal *goals = arena_alloc(&a, sizeof *goals * MAX);
	struct goal_value *values = arena_alloc(&a, sizeof *values * VALUES);
	int n = goal_list(st, &a, area, goals, MAX);
	for (int i = 0; i < n; i++) {
		int nv = goal_values(st, &a, goals[i].id, values, VALUES);
		if (nv < 0) {
			n = -1;
			break;
		}
		const struct goal_value *latest = NULL;
		for (int k = 0; k < nv; k++)
			if (values[k].value_text)
				latest = &values[k];
		printf("%lld\t%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", goals[i].id, goals[i].area_id, goals[i].source,
		       goal_status_code(goal_status_of(&goals[i], values, nv)), latest ? latest->value_text : "-",
		       latest ? latest->measured_on : "-", goals[i].target_value, goals[i].target_on, goals[i].statement);
	}
	if (n < 0)
		fprintf(stderr, "samverkan goal list: %s\n", store_errmsg(st));
	arena_free(&a);
	store_close(st);
	return n < 0 ? 1 : 0;
}

int cmd_goal_value(int argc, char **argv)
{
	const char *db = cli_default_db(), *date = "", *value = "", *comment = "";
	long long goal = 0;
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},    {"goal", required_argument, NULL, 'g'},
		{"date", required_argument, NULL, 'D'},  {"value", required_argument, NULL, 'v'},
		{"comment", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:g:D:v:c:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'g': goal = atoll(optarg); break;
		case 'D': date = optarg; break;
		case 'v': value = optarg; break;
		case 'c': comment = optarg; break;
		case 'h':
			printf("usage: samverkan goal value --goal ID --date YYYY-MM-DD --value N [--comment TEXT] [--db PATH]\n\n"
			       "Records a measurement of a goal whose values are typed.\n");
			return 0;
		case ':': return cli_usage_error("goal value", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("goal value", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("goal value", "unexpected argument '%s'", argv[optind]);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	enum outcome o = goal_value_record(st, &a, goal, date, value, comment, NULL, &e);
	int rc = o == OUTCOME_OK ? 0 : cli_outcome_error("goal value", o, &e, value_options);
	if (rc == 0)
		printf("recorded the value of goal %lld for %s\n", goal, date);
	arena_free(&a);
	store_close(st);
	return rc;
}

int cmd_indicators_recompute(int argc, char **argv)
{
	const char *db;
	int next, done = cli_db_options(argc, argv, "indicators recompute",
				      "usage: samverkan indicators recompute [--db PATH]\n\n"
				      "Computes every computed goal's value for today (the daily job does this too) and\n"
				      "keeps it as today's value; earlier days' values stay as they were.\n",
				      &db, &next);
	if (done >= 0)
		return done;
	if (next < argc)
		return cli_usage_error("indicators recompute", "unexpected argument '%s'", argv[next]);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	char today[11];
	feedback_local_date(clock_now(), today);
	int n = 0;
	enum outcome o = goal_recompute_all(st, today, &n);
	int rc = o == OUTCOME_OK ? 0 : cli_outcome_error("indicators recompute", o, NULL, NULL);
	if (rc == 0)
		printf("recomputed %d goal%s for %s\n", n, n == 1 ? "" : "s", today);
	store_close(st);
	return rc;
}

/* What an import or fetch did, or why it changed nothing. */
static int kolada_report(const char *cmd, enum outcome o, const struct kolada_result *r)
{
	if (o != OUTCOME_OK) {
		fprintf(stderr, "samverkan %s: %s; nothing was changed\n", cmd, r->error[0] ? r->error : "failed");
		return 1;
	}
	printf("stored %d value%s (%d missing) for %d goal%s", r->values, r->values == 1 ? "" : "s", r->missing, r->goals,
	       r->goals == 1 ? "" : "s");
	if (r->skipped)
		printf("; %d row%s for other municipalities left out", r->skipped, r->skipped == 1 ? "" : "s");
	printf("\n");
	return 0;
}

int cmd_indicators_import_kolada(int argc, char **argv)
{
	const char *db;
	int next, done = cli_db_options(argc, argv, "indicators import-kolada",
				      "usage: samverkan indicators import-kolada [--db PATH] FILE.json\n\n"
				      "Reads a Kolada API v2 data answer and stores the values of every goal that names\n"
				      "its KPIs and municipality. A KPI no goal names, or a file that is not such JSON,\n"
				      "changes nothing.\n",
				      &db, &next);
	if (done >= 0)
		return done;
	if (next + 1 != argc)
		return cli_usage_error("indicators import-kolada", "give one FILE.json");
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct kolada_result r;
	int rc = kolada_report("indicators import-kolada", kolada_import_file(st, argv[next], &r), &r);
	store_close(st);
	return rc;
}

int cmd_indicators_fetch_kolada(int argc, char **argv)
{
	const char *db = cli_default_db(), *url = KOLADA_DEFAULT_URL;
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"kolada-url", required_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'u': url = optarg; break;
		case 'h':
			printf("usage: samverkan indicators fetch-kolada [--kolada-url URL] [--db PATH]\n\n"
			       "Fetches from Kolada (default %s) the values of every KPI and municipality\n"
			       "the goals name, all pages, and stores them in one transaction.\n",
			       KOLADA_DEFAULT_URL);
			return 0;
		case ':': return cli_usage_error("indicators fetch-kolada", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("indicators fetch-kolada", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("indicators fetch-kolada", "unexpected argument '%s'", argv[optind]);
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return cli_usage_error("indicators fetch-kolada", "--kolada-url must start with http:// or https://");
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct kolada_result r;
	int rc = kolada_report("indicators fetch-kolada", kolada_fetch(st, url, &r), &r);
	store_close(st);
	return rc;
}
