/* job_run: the once-per-period claim shared by the daily jobs (digest, retention). */
#include "domain/job_run.h"
#include "base/clock.h"

int job_run_claim(struct store *st, const char *name, const char *period, time_t now)
{
	/* Asked before taking the write lock: already done for this period. */
	long long done = store_int(st, "SELECT COUNT(*) FROM job_run WHERE name = $1 AND period >= $2",
				   ARGS(SV_T(name), SV_T(period)), -1);
	if (done != 0)
		return done < 0 ? -1 : 0;
	if (store_begin(st) != 0)
		return -1;
	/* A row changes only when the period is new. On PostgreSQL a second node's upsert waits for
	 * this transaction and then finds the period taken (its WHERE is false, no row changes); on
	 * SQLite writers queue behind BEGIN IMMEDIATE. */
	char at[21];
	clock_iso(now, at);
	long long claimed = store_exec(st,
		"INSERT INTO job_run (name, period, ran_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE "
		"SET period = excluded.period, ran_at = excluded.ran_at WHERE job_run.period < excluded.period",
		ARGS(SV_T(name), SV_T(period), SV_T(at)));
	if (claimed <= 0) {
		store_rollback(st);
		return claimed < 0 ? -1 : 0;
	}
	return 1;
}
