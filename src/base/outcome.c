/* outcome: names of outcomes, the field-errors list and the text contract applied to a field. */
#include "base/outcome.h"
#include "base/i18n.h"
#include "base/text.h"
#include <string.h>

const char *outcome_name(enum outcome o)
{
	switch (o) {
	case OUTCOME_OK: return "ok";
	case OUTCOME_INVALID: return "invalid";
	case OUTCOME_NOT_FOUND: return "not_found";
	case OUTCOME_FORBIDDEN: return "forbidden";
	case OUTCOME_CONFLICT: return "conflict";
	case OUTCOME_UNAVAILABLE: return "unavailable";
	case OUTCOME_FAILED: return "failed";
	}
	return "failed";
}

static bool same_field(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

void field_error(struct field_errors *e, const char *field, const char *message)
{
	if (field_has_error(e, field) || e->n >= FIELD_ERRORS_MAX)
		return;
	e->items[e->n].field = field;
	e->items[e->n].message = message;
	e->n++;
}

const char *field_error_for(const struct field_errors *e, const char *field)
{
	for (int i = 0; e && i < e->n; i++)
		if (same_field(e->items[i].field, field))
			return e->items[i].message;
	return NULL;
}

bool field_has_error(const struct field_errors *e, const char *field)
{
	return field_error_for(e, field) != NULL;
}

const char *field_errors_first(const struct field_errors *e)
{
	return e && e->n > 0 ? e->items[0].message : NULL;
}

enum outcome field_conflict(struct field_errors *e, const char *title, const char *why)
{
	if (e) {
		if (!e->title)
			e->title = title;
		field_error(e, NULL, why);
	}
	return OUTCOME_CONFLICT;
}

bool field_text(struct field_errors *e, struct arena *a, const char *field, const char **value, bool lines,
		long max, const char *required, const char *too_long)
{
	switch (text_field(a, *value, lines, max, value)) {
	case TEXT_BROKEN:
		field_error(e, field, _("This text contains invisible control characters or broken characters; remove "
					"them or type the text again."));
		return false;
	case TEXT_TOO_LONG:
		field_error(e, field, too_long ? too_long : _("This text is too long; shorten it."));
		return false;
	case TEXT_OK:
		break;
	}
	if (required && !**value) {
		field_error(e, field, required);
		return false;
	}
	return true;
}
