/* taxonomy: the built-in classification lists, the municipality's districts, and finding a term by code or name. */
#include "base/text.h"
#include "domain/taxonomy.h"
#include "base/i18n.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct seed_term {
	const char *code, *name_sv, *name_en;
};

/* Legal forms an organisation in a Swedish municipality's register actually has; informal
 * groups are included because the policy invites networks that never registered. */
static const struct seed_term legal_forms[] = {
	{"ideell_forening", "Ideell förening", "Non-profit association"},
	{"stiftelse", "Stiftelse", "Foundation"},
	{"trossamfund", "Registrerat trossamfund", "Registered religious community"},
	{"ekonomisk_forening", "Ekonomisk förening", "Economic association (cooperative)"},
	{"aktiebolag", "Aktiebolag", "Limited company"},
	{"informell_grupp", "Informell grupp eller nätverk", "Informal group or network"},
	{"annan", "Annan", "Other"},
};

/* The twelve ICNPO groups, as SCB uses them to describe Swedish civil society; the code carries
 * the group number so statistics can be compared with SCB's without a mapping table. */
static const struct seed_term categories[] = {
	{"icnpo1", "Kultur och fritid", "Culture and recreation"},
	{"icnpo2", "Utbildning och forskning", "Education and research"},
	{"icnpo3", "Hälsa", "Health"},
	{"icnpo4", "Sociala tjänster", "Social services"},
	{"icnpo5", "Miljö", "Environment"},
	{"icnpo6", "Utveckling och bostäder", "Development and housing"},
	{"icnpo7", "Juridik, intressebevakning och politik", "Law, advocacy and politics"},
	{"icnpo8", "Filantropiska stiftelser och främjande av ideellt arbete",
	 "Philanthropic intermediaries and voluntarism promotion"},
	{"icnpo9", "Internationell verksamhet", "International activities"},
	{"icnpo10", "Religion", "Religion"},
	{"icnpo11", "Yrkes- och branschorganisationer, fackförbund", "Business and professional associations, unions"},
	{"icnpo12", "Övrigt", "Other"},
};

static const struct seed_term target_groups[] = {
	{"barn", "Barn", "Children"},
	{"unga", "Unga", "Young people"},
	{"aldre", "Äldre", "Older people"},
	{"funktionsnedsattning", "Personer med funktionsnedsättning", "People with disabilities"},
	{"nyanlanda", "Nyanlända", "Newly arrived"},
	{"nationella_minoriteter", "Nationella minoriteter", "National minorities"},
	{"hbtqi", "HBTQI-personer", "LGBTQI people"},
	{"familjer", "Familjer", "Families"},
	{"ekonomisk_utsatthet", "Personer i ekonomisk utsatthet", "People in economic vulnerability"},
	/* Women's and men's shelters (kvinnojourer, mansjourer) and girls' and boys' groups are a
	 * large part of the social field, so both are offered. */
	{"kvinnor", "Kvinnor och flickor", "Women and girls"},
	{"man", "Män och pojkar", "Men and boys"},
	{"alla", "Alla", "Everyone"},
};

/* Table names come from this fixed list, never from input, so they may be pasted into SQL. */
static const char *table_of(enum taxonomy t)
{
	switch (t) {
	case TAX_LEGAL_FORM: return "legal_form";
	case TAX_CATEGORY: return "category";
	case TAX_TARGET_GROUP: return "target_group";
	case TAX_DISTRICT: return "district";
	}
	return "legal_form";
}

static int seed_list(struct store *st, const char *sql, const struct seed_term *terms, int n)
{
	for (int i = 0; i < n; i++) {
		/* Steps of 10 leave room for a municipality to slot its own terms in between. */
		if (store_exec(st, sql,
			       ARGS(SV_T(terms[i].code), SV_T(terms[i].name_sv), SV_T(terms[i].name_en),
				    SV_I((i + 1) * 10))) < 0)
			return -1;
	}
	return 0;
}

#define UPSERT_TERM(table)                                                                        \
	"INSERT INTO " table " (code, name_sv, name_en, sort) VALUES ($1, $2, $3, $4) "            \
	"ON CONFLICT (code) DO UPDATE SET name_sv = excluded.name_sv, name_en = excluded.name_en, " \
	"sort = excluded.sort"
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

int taxonomy_seed(struct store *st)
{
	if (seed_list(st, UPSERT_TERM("legal_form"), legal_forms, COUNT(legal_forms)) != 0 ||
	    seed_list(st, UPSERT_TERM("category"), categories, COUNT(categories)) != 0 ||
	    seed_list(st, UPSERT_TERM("target_group"), target_groups, COUNT(target_groups)) != 0)
		return -1;
	return 0;
}

int taxonomy_put_district(struct store *st, const char *code, const char *name_sv, const char *name_en)
{
	if (!code || !*code || !name_sv || !*name_sv)
		return -1;
	/* A new district goes last so the municipality's own order is kept; a known one is only
	 * renamed. "WHERE 1 = 1" keeps SQLite from reading ON CONFLICT as a join constraint. */
	return store_exec(st,
			  "INSERT INTO district (code, name_sv, name_en, sort) "
			  "SELECT $1, $2, $3, COALESCE(MAX(sort), 0) + 10 FROM district WHERE 1 = 1 "
			  "ON CONFLICT (code) DO UPDATE SET name_sv = excluded.name_sv, name_en = excluded.name_en",
			  ARGS(SV_T(code), SV_T(name_sv), SV_T(name_en && *name_en ? name_en : name_sv))) < 0
		       ? -1
		       : 0;
}

int taxonomy_list(struct store *st, enum taxonomy t, struct term *out, int max)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT code, name_sv, name_en FROM %s ORDER BY sort, code", table_of(t));
	struct cursor *c = store_query(st, sql, NOARGS);
	int n = 0;
	while (n < max && cursor_next(c)) {
		snprintf(out[n].code, sizeof out[n].code, "%s", cursor_text(c, 0));
		snprintf(out[n].name_sv, sizeof out[n].name_sv, "%s", cursor_text(c, 1));
		snprintf(out[n].name_en, sizeof out[n].name_en, "%s", cursor_text(c, 2));
		n++;
	}
	return cursor_close(c) != 0 ? -1 : n;
}

bool taxonomy_resolve(struct store *st, enum taxonomy t, const char *code_or_name, char code_out[32])
{
	char want[512], have[512];
	if (!code_or_name || !text_fold(code_or_name, want, sizeof want, false) || !*want)
		return false;
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT code, name_sv, name_en FROM %s ORDER BY sort, code", table_of(t));
	/* The lists are a few dozen rows, so comparing here is cheaper than teaching two databases
	 * to lower-case Å the same way. */
	struct cursor *c = store_query(st, sql, NOARGS);
	bool found = false;
	while (!found && cursor_next(c)) {
		for (int col = 0; col < 3 && !found; col++) {
			const char *v = cursor_text(c, col);
			if (v && text_fold(v, have, sizeof have, false) && strcmp(want, have) == 0) {
				snprintf(code_out, 32, "%s", cursor_text(c, 0));
				found = true;
			}
		}
	}
	cursor_close(c);
	return found;
}

const char *term_name(const struct term *t)
{
	const char *name = strcmp(i18n_lang(), "en") == 0 ? t->name_en : t->name_sv;
	return *name ? name : t->code;
}
