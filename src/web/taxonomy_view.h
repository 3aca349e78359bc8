/* taxonomy_view: the register's classification lists (legal forms, activities, target groups,
 * districts) as a page shows and filters by them, shared by every page that lists organisations. */
#ifndef SAMVERKAN_TAXONOMY_VIEW_H
#define SAMVERKAN_TAXONOMY_VIEW_H
#include "domain/taxonomy.h"
#include "web/form.h"
#include "web/request.h"

struct terms {
	struct term *t;
	int n;
};

struct taxonomies {
	struct terms legal_forms, categories, target_groups, districts;
};

/* The four lists, in the thread's language; a list that cannot be read is empty. */
void taxonomies_load(struct request *r, struct taxonomies *tx);
const struct term *terms_find(const struct terms *ts, const char *code);
/* The term's name in the current language; a code no longer in the list is shown as it is. */
const char *terms_label(const struct terms *ts, const char *code);
/* The list as options for form_select and form_checkboxes (a filter: retired districts that
 * organisations still have included, see taxonomy_list). */
struct form_option *terms_options(struct request *r, const struct terms *ts);
/* The options a form offers for new choices: retired terms left out; *n is how many. */
struct form_option *terms_offered(struct request *r, const struct terms *ts, int *n);
/* A filter value from the address: a known code, or a name the list knows (so hand-typed links
 * like ?district=Adelsö work). Anything else is dropped and *ignored set, so the page can say so
 * instead of failing. */
const char *filter_code(struct request *r, const struct terms *ts, enum taxonomy which, const char *value,
			bool *ignored);

/* The register's four filters from the address, as filter_code understands them. */
struct register_filter {
	const char *category, *target_group, *district, *legal_form;
};
void register_filter_read(struct request *r, const struct taxonomies *tx, struct register_filter *f, bool *ignored);
/* The four selects of a filter form, showing the filter as understood. */
void register_filter_selects(struct request *r, const struct taxonomies *tx, const struct register_filter *f);

#endif
