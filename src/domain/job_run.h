/* job_run: jobs that must run once per period (a day) however many nodes ask — the period is
 * claimed by one upsert on table job_run, in the transaction that does the work. */
#ifndef SAMVERKAN_JOB_RUN_H
#define SAMVERKAN_JOB_RUN_H
#include "store/store.h"
#include <time.h>

/* Claims `period` ("YYYY-MM-DD") for the job `name` unless it, or a later one, was claimed
 * before. 1: a write transaction is open holding the claim, and the caller does the work in it
 * and commits (or rolls back, which gives the claim back); 0: done already, nothing open; -1: the
 * store failed, nothing open. The common case, every tick of every node, is one read. */
int job_run_claim(struct store *st, const char *name, const char *period, time_t now);

#endif
