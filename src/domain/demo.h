/* demo: a believable island municipality — districts, committees, departments, organisations and
 * one account per role — for trying samverkan out, for the tests and for the benchmark. */
#ifndef SAMVERKAN_DEMO_H
#define SAMVERKAN_DEMO_H
#include "store/store.h"

#define DEMO_PASSWORD "samverkan-demo"
#define DEMO_DEFAULT_ORGANISATIONS 300
#define DEMO_MAX_ORGANISATIONS 100000

/* The accounts the demo makes, all with DEMO_PASSWORD; README, `make run` and the tests sign
 * in with these. */
struct demo_account {
	const char *email, *name, *role;
	const char *department; /* code, or NULL */
	int represents;         /* how many of the first organisations the account represents */
};
extern const struct demo_account demo_accounts[];
extern const int demo_account_count;

struct demo_result {
	int organisations, hidden, unconfirmed, without_number, contacts;
	int districts, committees, departments;
	int dialogues, submissions;
	int areas, goals, plans;
	long long represented[2]; /* ids of the representative's organisations (0 when fewer were made) */
};

/*
 * Fills an empty register with n organisations (0 ≤ n ≤ DEMO_MAX_ORGANISATIONS) and the rest.
 * Deterministic: the same n gives the same names, numbers, texts and choices on every run and
 * machine (a fixed-seed generator of its own; only the timestamps follow the clock, which
 * SAMVERKAN_NOW can fix). Everything is written in one transaction, so 10,000 organisations take
 * seconds, and a failure leaves the database as it was. Refuses a database that already has
 * organisations. Returns 0, or -1 with a message in err.
 */
int demo_fill(struct store *st, int n, struct demo_result *out, char *err, size_t errsz);

/* For the benchmark: adds to a filled demo one open dialogue with n published submissions (most
 * answered, some late, some still open), deterministic like the rest, in one transaction. Sets
 * *dialogue_id. Returns 0, or -1 with a message in err. */
#define DEMO_MAX_BENCH_SUBMISSIONS 100000
int demo_bench_dialogue(struct store *st, int n, long long *dialogue_id, char *err, size_t errsz);

#endif
