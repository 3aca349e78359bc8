/* cmd_demo: `samverkan demo` fills a new database with the demo municipality and prints how to sign in. */
#include "cli/cli.h"
#include "domain/demo.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cmd_demo(int argc, char **argv)
{
	const char *db = cli_default_db();
	long n = DEMO_DEFAULT_ORGANISATIONS;
	long bench_submissions = -1; /* --bench-submissions: the benchmark's big dialogue */
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"organisations", required_argument, NULL, 'n'},
		{"bench-submissions", required_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'n': {
			char *end;
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || n < 0 || n > DEMO_MAX_ORGANISATIONS)
				return cli_usage_error("demo", "--organisations takes a number from 0 to %d, not '%s'",
						       DEMO_MAX_ORGANISATIONS, optarg);
			break;
		}
		case 'b': {
			char *end;
			errno = 0;
			bench_submissions = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || bench_submissions < 0 ||
			    bench_submissions > DEMO_MAX_BENCH_SUBMISSIONS)
				return cli_usage_error("demo", "--bench-submissions takes a number from 0 to %d, not '%s'",
						       DEMO_MAX_BENCH_SUBMISSIONS, optarg);
			break;
		}
		case 'h':
			printf("usage: samverkan demo [--db PATH] [--organisations N] [--bench-submissions M]\n\n"
			       "Fills a new database with a demo municipality: seven districts, five committees and\n"
			       "their departments, N organisations (default %d) with contact persons, and one\n"
			       "account per role, all with the password '%s'. The same N gives the same\n"
			       "register on every run. Refuses a database that already has organisations.\n"
			       "With --bench-submissions M, also one open dialogue with M published\n"
			       "submissions, for the benchmark.\n",
			       DEMO_DEFAULT_ORGANISATIONS, DEMO_PASSWORD);
			return 0;
		case ':': return cli_usage_error("demo", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("demo", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("demo", "unexpected argument '%s'", argv[optind]);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct demo_result res;
	char err[512];
	if (demo_fill(st, (int)n, &res, err, sizeof err) != 0) {
		fprintf(stderr, "samverkan demo: %s: %s\n", db, err);
		store_close(st);
		return 1;
	}
	long long bench_dialogue = 0;
	if (bench_submissions >= 0 && demo_bench_dialogue(st, (int)bench_submissions, &bench_dialogue, err, sizeof err) != 0) {
		fprintf(stderr, "samverkan demo: %s: %s\n", db, err);
		store_close(st);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	store_close(st);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%s: %d organisations (%d hidden, %d due for confirmation, %d without organisation number, "
	       "%d contact persons),\n%d districts, %d committees, %d departments, %d dialogues, %d submissions, "
	       "%d collaboration areas, %d goals, %d action plans, in %.1f s\n\n",
	       db, res.organisations, res.hidden, res.unconfirmed, res.without_number, res.contacts, res.districts,
	       res.committees, res.departments, res.dialogues, res.submissions, res.areas, res.goals, res.plans, secs);
	if (bench_dialogue)
		printf("Benchmark dialogue %lld with %ld published submissions\n\n", bench_dialogue, bench_submissions);
	printf("Accounts (password: %s):\n", DEMO_PASSWORD);
	for (int i = 0; i < demo_account_count; i++) {
		const struct demo_account *a = &demo_accounts[i];
		printf("  %-26s %-15s %s", a->email, a->role, a->name);
		if (a->department)
			printf(", department %s", a->department);
		if (a->represents && res.represented[0]) {
			printf(", represents organisation%s", res.represented[1] ? "s" : "");
			for (int k = 0; k < a->represents && k < 2 && res.represented[k]; k++)
				printf("%s %lld", k ? " and" : "", res.represented[k]);
		}
		printf("\n");
	}
	return 0;
}
