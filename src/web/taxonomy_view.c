/* taxonomy_view: loading the register's classification lists for a page, and their filter controls. */
#include "web/taxonomy_view.h"
#include "base/i18n.h"
#include <string.h>

#define TERMS_MAX 128

static void terms_load(struct request *r, enum taxonomy which, struct terms *out)
{
	out->t = arena_alloc(&r->arena, sizeof(struct term) * TERMS_MAX);
	int n = taxonomy_list(r->store, which, out->t, TERMS_MAX);
	out->n = n < 0 ? 0 : n;
}

void taxonomies_load(struct request *r, struct taxonomies *tx)
{
	terms_load(r, TAX_LEGAL_FORM, &tx->legal_forms);
	terms_load(r, TAX_CATEGORY, &tx->categories);
	terms_load(r, TAX_TARGET_GROUP, &tx->target_groups);
	terms_load(r, TAX_DISTRICT, &tx->districts);
}

const struct term *terms_find(const struct terms *ts, const char *code)
{
	for (int i = 0; code && i < ts->n; i++)
		if (strcmp(ts->t[i].code, code) == 0)
			return &ts->t[i];
	return NULL;
}

const char *terms_label(const struct terms *ts, const char *code)
{
	const struct term *t = terms_find(ts, code);
	return t ? term_name(t) : code;
}

struct form_option *terms_options(struct request *r, const struct terms *ts)
{
	struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(ts->n + 1));
	for (int i = 0; i < ts->n; i++) {
		opts[i].value = ts->t[i].code;
		opts[i].label = term_name(&ts->t[i]);
	}
	return opts;
}

struct form_option *terms_offered(struct request *r, const struct terms *ts, int *n)
{
	struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(ts->n + 1));
	*n = 0;
	for (int i = 0; i < ts->n; i++)
		if (!ts->t[i].retired)
			opts[(*n)++] = (struct form_option){ts->t[i].code, term_name(&ts->t[i])};
	return opts;
}

const char *filter_code(struct request *r, const struct terms *ts, enum taxonomy which, const char *value,
			bool *ignored)
{
	if (!value || !*value)
		return NULL;
	if (terms_find(ts, value))
		return value;
	char code[32];
	if (taxonomy_resolve(r->store, which, value, code))
		return arena_strdup(&r->arena, code);
	*ignored = true;
	return NULL;
}

void register_filter_read(struct request *r, const struct taxonomies *tx, struct register_filter *f, bool *ignored)
{
	f->category = filter_code(r, &tx->categories, TAX_CATEGORY, param_get(&r->query, "category"), ignored);
	f->target_group =
		filter_code(r, &tx->target_groups, TAX_TARGET_GROUP, param_get(&r->query, "target_group"), ignored);
	f->district = filter_code(r, &tx->districts, TAX_DISTRICT, param_get(&r->query, "district"), ignored);
	f->legal_form = filter_code(r, &tx->legal_forms, TAX_LEGAL_FORM, param_get(&r->query, "legal_form"), ignored);
}

void register_filter_selects(struct request *r, const struct taxonomies *tx, const struct register_filter *f)
{
	form_select(r, "category", _("Activity"), f->category, terms_options(r, &tx->categories), tx->categories.n,
		    NULL, true);
	form_select(r, "target_group", _("Target group"), f->target_group, terms_options(r, &tx->target_groups),
		    tx->target_groups.n, NULL, true);
	form_select(r, "district", _("District"), f->district, terms_options(r, &tx->districts), tx->districts.n,
		    NULL, true);
	form_select(r, "legal_form", _("Legal form"), f->legal_form, terms_options(r, &tx->legal_forms),
		    tx->legal_forms.n, NULL, true);
}
