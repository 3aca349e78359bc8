/* figures: counts for the overview pages, one query each; kept apart from the tables' own modules
 * because they only count, and a page that shows several of them needs no other part of those
 * modules. */
#include "domain/figures.h"

long long figures_public_organisations(struct store *st)
{
	return store_int(st, "SELECT COUNT(*) FROM organisation WHERE public = 1", NOARGS, -1);
}

long long figures_open_dialogues(struct store *st)
{
	return store_int(st, "SELECT COUNT(*) FROM dialogue WHERE state = 'open'", NOARGS, -1);
}

long long figures_pending_representation_requests(struct store *st)
{
	return store_int(st, "SELECT COUNT(*) FROM representation_request WHERE status = 'pending'", NOARGS, -1);
}

long long figures_organisations_without_representative(struct store *st)
{
	return store_int(st,
			 "SELECT COUNT(*) FROM organisation o WHERE NOT EXISTS "
			 "(SELECT 1 FROM representative rp WHERE rp.organisation_id = o.id)",
			 NOARGS, -1);
}

int figures_setup(struct store *st, struct figures_setup *out)
{
	struct cursor *c = store_query(st,
				       "SELECT (SELECT COUNT(*) FROM department WHERE retired_at IS NULL), "
				       "(SELECT COUNT(*) FROM district WHERE retired_at IS NULL), "
				       "(SELECT COUNT(*) FROM organisation), "
				       "(SELECT COUNT(*) FROM account WHERE role IN ('official', 'coordinator') AND disabled = 0)",
				       NOARGS);
	bool found = cursor_next(c);
	if (found)
		*out = (struct figures_setup){cursor_int(c, 0), cursor_int(c, 1), cursor_int(c, 2), cursor_int(c, 3)};
	return cursor_close(c) == 0 && found ? 0 : -1;
}
