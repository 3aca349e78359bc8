/* personal_data: what samverkan holds about one person — an account, or an e-mail address with no
 * account behind it (a contact person) — gathered for GDPR articles 15 and 20, and its erasure
 * (article 17), which keeps the municipality's records and forgets the person. */
#ifndef SAMVERKAN_PERSONAL_DATA_H
#define SAMVERKAN_PERSONAL_DATA_H
#include "base/outcome.h"
#include "domain/outbox.h"
#include "store/store.h"
#include <jansson.h>
#include <stdbool.h>
#include <time.h>

/* What replaces personal data that must go but whose surroundings stay (a detail in the audit
 * log, the address in another person's message). The audit log's trigger allows an update only
 * when the new detail holds this marker, as a JSON string. */
#define PERSONAL_DATA_ERASED "[erased]"

/*
 * What is held, as one JSON object with one member per category, in this order:
 *   generated_at             ISO 8601 UTC
 *   subject                  {kind: "account"|"address", account_id, email}
 *   account                  {id, email, name, role, department, language, created_at,
 *                             email_verified_at, disabled, notification_preferences: [{kind, frequency}]}
 *                            (null for an address)
 *   roles                    [{role, department}]
 *   representations          [{organisation_id, organisation}]
 *   representation_requests  [{id, organisation_id, organisation, message, status, created_at, decided_at}]
 *   submissions              [{id, kind, title, text, status, publish_consent, organisation_id,
 *                              organisation, dialogue_id, department, received_at, answered_on, answer}]
 *   notifications            [{id, kind, title, text, link, created_at, read_at, emailed_at}]
 *   consents                 [{consent: "publish_submission"|"email_notifications", submission_id,
 *                              notification_kind, given, detail, since}]
 *   contact_persons          [{id, organisation_id, organisation, name, role, email, phone}]
 *   organisation_addresses   [{organisation_id, organisation}]  (organisations whose own address it is)
 *   sessions                 [{created_at, last_seen_at}]  (never the token)
 *   tokens                   [{purpose, created_at, expires_at, used_at}]  (never the token)
 *   messages                 [{created_at, kind, subject, status, sent_at}]  (e-mail to the person)
 *   sign_in_attempts         [{at}]  (failed sign-ins with the address, kept a day)
 *   audit                    [{id, at, as: "actor"|"subject", entity, entity_id, action, detail}]
 * With max_rows > 0 each list holds at most that many rows and `truncated` lists the categories
 * that had more (for the page; the download passes 0 and gets everything). On OUTCOME_OK *out is
 * the document (the caller's to json_decref); OUTCOME_NOT_FOUND when there is no such account.
 */
enum outcome personal_data_of_account(struct store *st, long long account_id, int max_rows, json_t **out);
/* The same for an address (normalised: trimmed, lower-case) whether or not an account has it;
 * subject.has_account tells, and the account's own categories are then left empty — the person
 * sees those on their own page. */
enum outcome personal_data_of_address(struct store *st, const char *email, int max_rows, json_t **out);

/* Records in the audit log that `by` (a coordinator) downloaded what is held about an address,
 * in a transaction of its own. 0 or -1. */
int personal_data_record_export(struct store *st, long long by, const char *email);

/*
 * Erases an account, in one transaction: the person's sessions, tokens, notifications,
 * preferences, representations and requests, contact-person rows and organisation addresses
 * with their address, their messages in the outbox and failed sign-ins, and the account row.
 * The municipality's records stay: a submission keeps its text and answer and is marked as from
 * a former user; audit entries keep who did what by account id, with the address and the name
 * replaced by PERSONAL_DATA_ERASED in their details (and in other people's notifications and
 * messages, and in free texts: a submission, an answer, a dialogue). One audit entry records the
 * erasure: {"account_id", "by": why}, nothing erased.
 * `by` is who asked (the account itself; 0 for the retention job); `why` is "self", "retention".
 * With `confirm`, a confirmation in the person's language is queued in the outbox to the address
 * being erased, marked to be forgotten (deleted) once delivered.
 * OUTCOME_CONFLICT, with a message in e, for the one enabled administrator left, who may not go.
 */
enum outcome personal_data_erase_account(struct store *st, long long account_id, long long by, const char *why,
					 bool confirm, struct field_errors *e);
/* Erases what is held about an address that has no account (a contact person), on the person's
 * request to a coordinator (`by`), as above; OUTCOME_CONFLICT, with a message in e, when an
 * account has the address (its owner erases it, by deleting the account). */
enum outcome personal_data_erase_address(struct store *st, const char *email, long long by, struct field_errors *e);

/* ---- Retention --------------------------------------------------------------------------------- */

struct retention_settings {
	int contact_years;   /* contact persons of organisations not confirmed for this long go */
	int unverified_days; /* accounts whose address was not confirmed within this long go */
};
struct retention_counts {
	long long contact_persons, unverified_accounts, tokens, sessions, messages;
};

/* Removes, as of `now`: contact persons of organisations last confirmed (or, never confirmed,
 * made) more than contact_years ago; accounts unconfirmed for more than unverified_days (erased as
 * above, without a message); expired one-time tokens and sessions unused for 30 days; erasure confirmations the
 * sender could not forget. One transaction with one audit entry (entity "retention"). 0 or -1. */
int retention_run(struct store *st, time_t now, const struct retention_settings *rs, struct retention_counts *out);
/* retention_run once per day (the UTC date of now) across every node: claims the day in
 * job_run in the same transaction. *ran tells whether this call did the work. 0 or -1. */
int retention_run_due(struct store *st, time_t now, const struct retention_settings *rs, bool *ran,
		      struct retention_counts *out);
/* For jobs_add: retention_run_due at clock_now() with the settings given to retention_configure
 * (the defaults until then), errors logged. */
void retention_configure(const struct retention_settings *rs);
void retention_job(struct store *st, const struct mail_settings *ms);
#define RETENTION_CONTACT_YEARS 3
#define RETENTION_UNVERIFIED_DAYS 30

#endif
