/* outcome: what became of a domain operation, and the field-by-field errors that explain it. */
#ifndef SAMVERKAN_OUTCOME_H
#define SAMVERKAN_OUTCOME_H
#include <stdbool.h>

struct arena;

/* The one result of every domain operation that can fail. The web turns it into a response in
 * one place (respond_outcome), the CLI into a message and an exit code; a failed query is
 * OUTCOME_UNAVAILABLE or OUTCOME_FAILED, never OUTCOME_NOT_FOUND. */
enum outcome {
	OUTCOME_OK = 0,
	OUTCOME_INVALID,     /* bad input: the field errors say which field and why (422) */
	OUTCOME_NOT_FOUND,   /* no such thing, or one the acting account may not see (404) */
	OUTCOME_FORBIDDEN,   /* the acting account may see it but not do this (403) */
	OUTCOME_CONFLICT,    /* not possible in its present state; a message without a field says why (409) */
	OUTCOME_UNAVAILABLE, /* the database cannot be reached; try again (503 with Retry-After) */
	OUTCOME_FAILED,      /* anything else that went wrong; logged (500) */
};

/* A stable English name for logs and tests ("not_found", …). */
const char *outcome_name(enum outcome o);

#define FIELD_ERRORS_MAX 32

/* Field-by-field problems, translated in the thread's language. `field` is the form input's
 * name (also its id and the API's "field"); NULL for a message about the whole request, such as
 * why a conflict is one. Only the first message per field is kept: it is the one to fix first. */
struct field_errors {
	const char *title; /* a short heading for the whole problem (problem+json's "title"), or NULL */
	int n;
	struct {
		const char *field;
		const char *message;
	} items[FIELD_ERRORS_MAX];
};

void field_error(struct field_errors *e, const char *field, const char *message);
/* The message for field (NULL: the first message about the whole request), or NULL. */
const char *field_error_for(const struct field_errors *e, const char *field);
bool field_has_error(const struct field_errors *e, const char *field);
/* The first message of any kind, or NULL when there is none. */
const char *field_errors_first(const struct field_errors *e);

/* Says why an operation is not possible now: `title` heads the page (NULL: the general one),
 * `why` explains, as a message without a field. Returns OUTCOME_CONFLICT. e may be NULL. */
enum outcome field_conflict(struct field_errors *e, const char *title, const char *why);

/* The text contract applied to one form field: cleans *value in place (text_field: trimmed, NFC)
 * and adds the field's error when it is required and blank, not clean text, or longer than max
 * characters. `too_long` may be NULL for the general message. False when an error was added. */
bool field_text(struct field_errors *e, struct arena *a, const char *field, const char **value, bool lines,
		long max, const char *required, const char *too_long);

#endif
