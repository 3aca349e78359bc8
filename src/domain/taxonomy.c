/* taxonomy: the built-in classification lists, the municipality's districts, and finding a term by code or name. */
#include "domain/taxonomy.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/outcome.h"
#include "base/text.h"
#include "domain/audit.h"
#include "domain/district.h"
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

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

/* The twelve ICNPO groups with the Swedish names SCB uses for them in its statistics on civil
 * society (the satellite accounts: "Bostäder, social och samhällelig utveckling", "Religiös
 * verksamhet", "Rekreation och kultur" in its statistical news; the full list of twelve in SCB's
 * presentation of the survey Organisationers ekonomi). The English names are the UN handbook's.
 * The code carries the group number so statistics can be compared with SCB's without a mapping
 * table. The names used before are kept as aliases (seed_aliases), so old files still match. */
static const struct seed_term categories[] = {
	{"icnpo1", "Rekreation och kultur", "Culture and recreation"},
	{"icnpo2", "Utbildning och forskning", "Education and research"},
	{"icnpo3", "Hälsa", "Health"},
	{"icnpo4", "Social trygghet", "Social services"},
	{"icnpo5", "Miljö och djurskydd", "Environment"},
	{"icnpo6", "Bostäder, social och samhällelig utveckling", "Development and housing"},
	{"icnpo7", "Opinionsbildning och politik", "Law, advocacy and politics"},
	{"icnpo8", "Stiftelser, insamlande organisationer och volontärverksamhet",
	 "Philanthropic intermediaries and voluntarism promotion"},
	{"icnpo9", "Internationell verksamhet", "International activities"},
	{"icnpo10", "Religiös verksamhet", "Religion"},
	{"icnpo11", "Bransch-/yrkesorganisationer och fackföreningar", "Business and professional associations, unions"},
	{"icnpo12", "Övrig icke-vinstdrivande verksamhet", "Other"},
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

/* Words Swedish association registers (booking and grant systems, Excel sheets) really use for
 * our terms. A municipality adds its own at /admin/kategorier or with `samverkan alias add`. */
struct seed_alias {
	enum taxonomy t;
	const char *alias, *code;
};
static const struct seed_alias seed_aliases[] = {
	{TAX_LEGAL_FORM, "Förening", "ideell_forening"},
	{TAX_LEGAL_FORM, "Ideell förening (IF)", "ideell_forening"},
	{TAX_LEGAL_FORM, "IF", "ideell_forening"},
	{TAX_LEGAL_FORM, "Ideell", "ideell_forening"},
	{TAX_LEGAL_FORM, "Idrottsförening", "ideell_forening"},
	{TAX_LEGAL_FORM, "Pensionärsförening", "ideell_forening"},
	{TAX_LEGAL_FORM, "Hembygdsförening", "ideell_forening"},
	{TAX_LEGAL_FORM, "Föräldraförening", "ideell_forening"},
	{TAX_LEGAL_FORM, "Ekonomisk förening (EF)", "ekonomisk_forening"},
	{TAX_LEGAL_FORM, "Kooperativ", "ekonomisk_forening"},
	{TAX_LEGAL_FORM, "Aktiebolag (AB)", "aktiebolag"},
	{TAX_LEGAL_FORM, "AB", "aktiebolag"},
	{TAX_LEGAL_FORM, "Trossamfund", "trossamfund"},
	{TAX_LEGAL_FORM, "Församling", "trossamfund"},
	{TAX_LEGAL_FORM, "Informell grupp", "informell_grupp"},
	{TAX_LEGAL_FORM, "Nätverk", "informell_grupp"},
	{TAX_LEGAL_FORM, "Ej registrerad", "informell_grupp"},
	{TAX_LEGAL_FORM, "Övrigt", "annan"},
	{TAX_CATEGORY, "Idrott", "icnpo1"},
	{TAX_CATEGORY, "Idrottsförening", "icnpo1"},
	{TAX_CATEGORY, "Kultur", "icnpo1"},
	{TAX_CATEGORY, "Fritid", "icnpo1"},
	{TAX_CATEGORY, "Scouter", "icnpo1"},
	{TAX_CATEGORY, "Scouting", "icnpo1"},
	{TAX_CATEGORY, "Hembygdsförening", "icnpo1"},
	{TAX_CATEGORY, "Musik", "icnpo1"},
	{TAX_CATEGORY, "Studieförbund", "icnpo2"},
	{TAX_CATEGORY, "Utbildning", "icnpo2"},
	{TAX_CATEGORY, "Hälsovård", "icnpo3"},
	{TAX_CATEGORY, "Social verksamhet", "icnpo4"},
	{TAX_CATEGORY, "Pensionärsförening", "icnpo4"},
	{TAX_CATEGORY, "Kvinnojour", "icnpo4"},
	{TAX_CATEGORY, "Miljö och natur", "icnpo5"},
	{TAX_CATEGORY, "Natur", "icnpo5"},
	{TAX_CATEGORY, "Bygdeförening", "icnpo6"},
	{TAX_CATEGORY, "Samhällsföreningar", "icnpo6"},
	{TAX_CATEGORY, "Intresseorganisation", "icnpo7"},
	{TAX_CATEGORY, "Politisk förening", "icnpo7"},
	{TAX_CATEGORY, "Bistånd", "icnpo9"},
	{TAX_CATEGORY, "Internationellt", "icnpo9"},
	{TAX_CATEGORY, "Religiös förening", "icnpo10"},
	{TAX_CATEGORY, "Trossamfund", "icnpo10"},
	{TAX_CATEGORY, "Fackförbund", "icnpo11"},
	{TAX_CATEGORY, "Övriga", "icnpo12"},
	/* The names these groups had here before SCB's were checked: files and links may use them. */
	{TAX_CATEGORY, "Kultur och fritid", "icnpo1"},
	{TAX_CATEGORY, "Sociala tjänster", "icnpo4"},
	{TAX_CATEGORY, "Miljö", "icnpo5"},
	{TAX_CATEGORY, "Utveckling och bostäder", "icnpo6"},
	{TAX_CATEGORY, "Juridik, intressebevakning och politik", "icnpo7"},
	{TAX_CATEGORY, "Filantropiska stiftelser och främjande av ideellt arbete", "icnpo8"},
	{TAX_CATEGORY, "Religion", "icnpo10"},
	{TAX_CATEGORY, "Yrkes- och branschorganisationer, fackförbund", "icnpo11"},
	{TAX_CATEGORY, "Övrigt", "icnpo12"},
	{TAX_TARGET_GROUP, "Pensionärer", "aldre"},
	{TAX_TARGET_GROUP, "Seniorer", "aldre"},
	{TAX_TARGET_GROUP, "Ungdomar", "unga"},
	{TAX_TARGET_GROUP, "Barn och unga", "barn"},
	{TAX_TARGET_GROUP, "Funktionsnedsatta", "funktionsnedsattning"},
	{TAX_TARGET_GROUP, "Nyanlända", "nyanlanda"},
	{TAX_TARGET_GROUP, "Allmänheten", "alla"},
	/* Words (Swedish and English) seen in registers kept in Interbook, Rbok or a spreadsheet. */
	{TAX_CATEGORY, "Culture", "icnpo1"},
	{TAX_CATEGORY, "Sport", "icnpo1"},
	{TAX_CATEGORY, "Sports", "icnpo1"},
	{TAX_CATEGORY, "Recreation", "icnpo1"},
	{TAX_CATEGORY, "Friluftsliv", "icnpo1"},
	{TAX_CATEGORY, "Outdoor life", "icnpo1"},
	{TAX_CATEGORY, "Outdoor recreation", "icnpo1"},
	{TAX_CATEGORY, "Music", "icnpo1"},
	{TAX_CATEGORY, "Teater", "icnpo1"},
	{TAX_CATEGORY, "Theatre", "icnpo1"},
	{TAX_CATEGORY, "Theater", "icnpo1"},
	{TAX_CATEGORY, "Dans", "icnpo1"},
	{TAX_CATEGORY, "Dance", "icnpo1"},
	{TAX_CATEGORY, "Konst", "icnpo1"},
	{TAX_CATEGORY, "Art", "icnpo1"},
	{TAX_CATEGORY, "Arts", "icnpo1"},
	{TAX_CATEGORY, "Historia", "icnpo1"},
	{TAX_CATEGORY, "History", "icnpo1"},
	{TAX_CATEGORY, "Hembygd", "icnpo1"},
	{TAX_CATEGORY, "Local history", "icnpo1"},
	{TAX_CATEGORY, "Social gemenskap", "icnpo1"},
	{TAX_CATEGORY, "Gemenskap", "icnpo1"},
	{TAX_CATEGORY, "Social", "icnpo1"},
	{TAX_CATEGORY, "Social clubs", "icnpo1"},
	{TAX_CATEGORY, "Education", "icnpo2"},
	{TAX_CATEGORY, "Folkbildning", "icnpo2"},
	{TAX_CATEGORY, "Studiecirklar", "icnpo2"},
	{TAX_CATEGORY, "Forskning", "icnpo2"},
	{TAX_CATEGORY, "Research", "icnpo2"},
	{TAX_CATEGORY, "Vård", "icnpo3"},
	{TAX_CATEGORY, "Health care", "icnpo3"},
	{TAX_CATEGORY, "Socialt stöd", "icnpo4"},
	{TAX_CATEGORY, "Social support", "icnpo4"},
	{TAX_CATEGORY, "Omsorg", "icnpo4"},
	{TAX_CATEGORY, "Stöd", "icnpo4"},
	{TAX_CATEGORY, "Nature", "icnpo5"},
	{TAX_CATEGORY, "Natur och miljö", "icnpo5"},
	{TAX_CATEGORY, "Nature and environment", "icnpo5"},
	{TAX_CATEGORY, "Djurskydd", "icnpo5"},
	{TAX_CATEGORY, "Animal protection", "icnpo5"},
	{TAX_CATEGORY, "Bygdeutveckling", "icnpo6"},
	{TAX_CATEGORY, "Lokal utveckling", "icnpo6"},
	{TAX_CATEGORY, "Community development", "icnpo6"},
	{TAX_CATEGORY, "Bostäder", "icnpo6"},
	{TAX_CATEGORY, "Housing", "icnpo6"},
	{TAX_CATEGORY, "Trygghet", "icnpo7"},
	{TAX_CATEGORY, "Safety", "icnpo7"},
	{TAX_CATEGORY, "Grannsamverkan", "icnpo7"},
	{TAX_CATEGORY, "Neighbourhood watch", "icnpo7"},
	{TAX_CATEGORY, "Brottsförebyggande", "icnpo7"},
	{TAX_CATEGORY, "Crime prevention", "icnpo7"},
	{TAX_CATEGORY, "Intressebevakning", "icnpo7"},
	{TAX_CATEGORY, "Advocacy", "icnpo7"},
	{TAX_CATEGORY, "Politik", "icnpo7"},
	{TAX_CATEGORY, "Politics", "icnpo7"},
	{TAX_CATEGORY, "Frivilligarbete", "icnpo8"},
	{TAX_CATEGORY, "Volunteering", "icnpo8"},
	{TAX_CATEGORY, "International", "icnpo9"},
	{TAX_CATEGORY, "Kyrka", "icnpo10"},
	{TAX_CATEGORY, "Church", "icnpo10"},
	{TAX_CATEGORY, "Tro", "icnpo10"},
	{TAX_CATEGORY, "Faith", "icnpo10"},
	{TAX_CATEGORY, "Union", "icnpo11"},
	{TAX_TARGET_GROUP, "Vuxna", "alla"},
	{TAX_TARGET_GROUP, "Adults", "alla"},
	{TAX_TARGET_GROUP, "All", "alla"},
	{TAX_TARGET_GROUP, "Youth", "unga"},
	{TAX_TARGET_GROUP, "Young", "unga"},
	{TAX_TARGET_GROUP, "Seniors", "aldre"},
	{TAX_TARGET_GROUP, "Elderly", "aldre"},
	{TAX_TARGET_GROUP, "Disabled people", "funktionsnedsattning"},
	{TAX_TARGET_GROUP, "Kvinnor", "kvinnor"},
	{TAX_TARGET_GROUP, "Tjejer", "kvinnor"},
	{TAX_TARGET_GROUP, "Flickor", "kvinnor"},
	{TAX_TARGET_GROUP, "Women", "kvinnor"},
	{TAX_TARGET_GROUP, "Girls", "kvinnor"},
	{TAX_TARGET_GROUP, "Män", "man"},
	{TAX_TARGET_GROUP, "Killar", "man"},
	{TAX_TARGET_GROUP, "Pojkar", "man"},
	{TAX_TARGET_GROUP, "Men", "man"},
	{TAX_TARGET_GROUP, "Boys", "man"},
	{TAX_LEGAL_FORM, "Association", "ideell_forening"},
	{TAX_LEGAL_FORM, "Informal group", "informell_grupp"},
	{TAX_LEGAL_FORM, "Network", "informell_grupp"},
	{TAX_LEGAL_FORM, "Informal network", "informell_grupp"},
	{TAX_LEGAL_FORM, "Religious community", "trossamfund"},
	{TAX_LEGAL_FORM, "Cooperative", "ekonomisk_forening"},
	{TAX_LEGAL_FORM, "Company", "aktiebolag"},
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
	char now[21], key[256];
	clock_iso(clock_now(), now);
	for (int i = 0; i < COUNT(seed_aliases); i++) {
		const struct seed_alias *sa = &seed_aliases[i];
		if (!taxonomy_key(sa->alias, key, sizeof key))
			return -1;
		/* A municipality may have moved a seeded alias to another term: never undo that. */
		if (store_exec(st,
			       "INSERT INTO term_alias (taxonomy, alias_key, alias, term_code, created_at) "
			       "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (taxonomy, alias_key) DO NOTHING",
			       ARGS(SV_T(taxonomy_name(sa->t)), SV_T(key), SV_T(sa->alias), SV_T(sa->code), SV_T(now))) < 0)
			return -1;
	}
	return 0;
}

int taxonomy_put_district(struct store *st, const char *code, const char *name_sv, const char *name_en)
{
	return district_put(st, code, name_sv, name_en);
}

int taxonomy_list(struct store *st, enum taxonomy t, struct term *out, int max)
{
	char sql[320];
	if (t == TAX_DISTRICT)
		snprintf(sql, sizeof sql,
			 "SELECT code, name_sv, name_en, CASE WHEN retired_at IS NULL THEN 0 ELSE 1 END FROM district "
			 "WHERE retired_at IS NULL OR EXISTS (SELECT 1 FROM organisation_district od "
			 "WHERE od.district_code = district.code) ORDER BY sort, code");
	else
		snprintf(sql, sizeof sql, "SELECT code, name_sv, name_en, 0 FROM %s ORDER BY sort, code", table_of(t));
	struct cursor *c = store_query(st, sql, NOARGS);
	int n = 0;
	while (n < max && cursor_next(c)) {
		snprintf(out[n].code, sizeof out[n].code, "%s", cursor_text(c, 0));
		snprintf(out[n].name_sv, sizeof out[n].name_sv, "%s", cursor_text(c, 1));
		snprintf(out[n].name_en, sizeof out[n].name_en, "%s", cursor_text(c, 2));
		out[n].retired = cursor_int(c, 3) != 0;
		n++;
	}
	return cursor_close(c) != 0 ? -1 : n;
}

const char *taxonomy_name(enum taxonomy t) { return table_of(t); }

bool taxonomy_from_name(const char *name, enum taxonomy *out)
{
	static const enum taxonomy all[] = {TAX_LEGAL_FORM, TAX_CATEGORY, TAX_TARGET_GROUP, TAX_DISTRICT};
	for (int i = 0; name && i < COUNT(all); i++)
		if (strcmp(name, table_of(all[i])) == 0) {
			*out = all[i];
			return true;
		}
	return false;
}

/* Words that join rather than name: "Kultur och fritid" is "Kultur & fritid" is "Kultur/Fritid". */
static bool joining_word(const char *w, size_t n)
{
	static const char *const words[] = {"och", "eller", "and", "or", "samt"};
	for (int i = 0; i < COUNT(words); i++)
		if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
			return true;
	return false;
}

bool taxonomy_key(const char *in, char *out, size_t outsz)
{
	if (!in || outsz == 0)
		return false;
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)in, 0, &folded,
					    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	if (len < 0)
		return false;
	/* Keep letters and digits; anything else ends a word, and a joining word is dropped. */
	size_t n = 0, word = 0;
	bool ok = true;
	for (utf8proc_ssize_t i = 0; i <= len && ok;) {
		utf8proc_int32_t cp = 0;
		utf8proc_ssize_t step = 1;
		if (i < len) {
			step = utf8proc_iterate(folded + i, len - i, &cp);
			if (step <= 0) {
				ok = false;
				break;
			}
		}
		utf8proc_category_t cat = i < len ? utf8proc_category(cp) : UTF8PROC_CATEGORY_CN;
		bool keep = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LT ||
			    cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_LM || cat == UTF8PROC_CATEGORY_ND ||
			    cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC;
		if (keep) {
			if (n + (size_t)step >= outsz) {
				ok = false;
				break;
			}
			memcpy(out + n, folded + i, (size_t)step);
			n += (size_t)step;
		} else {
			if (n > word && joining_word(out + word, n - word))
				n = word;
			word = n;
		}
		i += step;
	}
	free(folded);
	if (!ok)
		return false;
	out[n] = 0;
	return true;
}

/* Calls each(code, key) for every code, name and alias of the list, until it returns true. */
static int each_key(struct store *st, enum taxonomy t, bool (*each)(const char *code, const char *key, void *ctx),
		    void *ctx)
{
	char sql[256], key[256];
	snprintf(sql, sizeof sql,
		 "SELECT code, code, name_sv, name_en FROM %s "
		 "UNION ALL SELECT term_code, alias_key, NULL, NULL FROM term_alias WHERE taxonomy = $1",
		 table_of(t));
	/* The lists are a few dozen rows, so comparing here is cheaper than teaching two databases
	 * to fold case and punctuation the same way. */
	struct cursor *c = store_query(st, sql, ARGS(SV_T(table_of(t))));
	bool done = false;
	while (!done && cursor_next(c)) {
		for (int col = 1; col < 4 && !done; col++) {
			const char *v = cursor_text(c, col);
			if (v && taxonomy_key(v, key, sizeof key) && *key)
				done = each(cursor_text(c, 0), key, ctx);
		}
	}
	return cursor_close(c);
}

struct resolving {
	const char *want;
	char *code_out;
	bool found;
};

static bool resolve_one(const char *code, const char *key, void *ctx)
{
	struct resolving *r = ctx;
	if (strcmp(r->want, key) != 0)
		return false;
	snprintf(r->code_out, 32, "%s", code);
	r->found = true;
	return true;
}

bool taxonomy_resolve(struct store *st, enum taxonomy t, const char *code_or_name, char code_out[32])
{
	char want[256];
	if (!code_or_name || !taxonomy_key(code_or_name, want, sizeof want) || !*want)
		return false;
	struct resolving r = {.want = want, .code_out = code_out};
	each_key(st, t, resolve_one, &r);
	return r.found;
}

/* Edit distance between two keys, counted in code points, cut off above limit. */
static int distance(const char *a, const char *b, int limit)
{
	utf8proc_int32_t x[128], y[128];
	int nx = 0, ny = 0;
	for (utf8proc_ssize_t s; *a && nx < 128; a += s)
		if ((s = utf8proc_iterate((const utf8proc_uint8_t *)a, -1, &x[nx++])) <= 0)
			return limit + 1;
	for (utf8proc_ssize_t s; *b && ny < 128; b += s)
		if ((s = utf8proc_iterate((const utf8proc_uint8_t *)b, -1, &y[ny++])) <= 0)
			return limit + 1;
	int row[129];
	for (int j = 0; j <= ny; j++)
		row[j] = j;
	for (int i = 1; i <= nx; i++) {
		int diag = row[0], best = row[0] = i;
		for (int j = 1; j <= ny; j++) {
			int up = row[j];
			int v = diag + (x[i - 1] != y[j - 1]);
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			if (up + 1 < v)
				v = up + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > limit)
			return limit + 1;
	}
	return row[ny];
}

#define SUGGEST_MAX 16

struct suggesting {
	const char *want;
	int limit;
	char codes[SUGGEST_MAX][32];
	int score[SUGGEST_MAX];
	int n;
};

static bool suggest_one(const char *code, const char *key, void *ctx)
{
	struct suggesting *s = ctx;
	int d = distance(s->want, key, s->limit);
	/* A key that starts with the value, or holds it, is as good as a near miss: "Hembygd" for
	 * "Hembygdsförening", "fritid" for "Kultur och fritid". */
	if (d > s->limit && strlen(s->want) >= 4 && strstr(key, s->want))
		d = s->limit;
	if (d > s->limit)
		return false;
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->codes[i], code) == 0) {
			if (d < s->score[i])
				s->score[i] = d;
			return false;
		}
	if (s->n < SUGGEST_MAX) {
		snprintf(s->codes[s->n], 32, "%s", code);
		s->score[s->n++] = d;
	}
	return false;
}

int taxonomy_suggest(struct store *st, enum taxonomy t, const char *value, struct term *out, int max)
{
	struct suggesting s = {0};
	char want[256];
	if (!value || !taxonomy_key(value, want, sizeof want) || !*want)
		return 0;
	s.want = want;
	/* Up to a third of the letters wrong, at least two: a typo or a dropped ending, not a
	 * different word. */
	int letters = (int)utf8proc_decompose((const utf8proc_uint8_t *)want, -1, NULL, 0, UTF8PROC_NULLTERM);
	s.limit = letters / 3 > 2 ? letters / 3 : 2;
	if (each_key(st, t, suggest_one, &s) != 0)
		return 0;
	/* The closest first; equal ones in the list's own order, as they were met. */
	int order[SUGGEST_MAX];
	for (int i = 0; i < s.n; i++)
		order[i] = i;
	for (int i = 1; i < s.n; i++)
		for (int j = i; j > 0 && s.score[order[j]] < s.score[order[j - 1]]; j--) {
			int tmp = order[j];
			order[j] = order[j - 1];
			order[j - 1] = tmp;
		}
	struct term all[64];
	int nall = taxonomy_list(st, t, all, COUNT(all));
	int n = 0;
	for (int i = 0; i < s.n && n < max; i++)
		for (int k = 0; k < nall; k++)
			if (strcmp(all[k].code, s.codes[order[i]]) == 0)
				out[n++] = all[k];
	return n;
}

/* taxonomy_alias_add, with an arena for the alias's clean copy. */
static enum outcome alias_add(struct store *st, struct arena *a, enum taxonomy t, const char *term_code, const char *alias,
			      long long account_id, struct field_errors *e)
{
	char key[256], code[32], now[21];
	/* The text contract first: the alias is stored and shown as typed, trimmed. */
	if (!field_text(e, a, "alias", &alias, false, 120, _("Write the alias with at least one letter or digit."), NULL))
		return OUTCOME_INVALID;
	if (!taxonomy_key(alias, key, sizeof key) || !*key) {
		field_error(e, "alias", _("Write the alias with at least one letter or digit."));
		return OUTCOME_INVALID;
	}
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT code FROM %s WHERE code = $1", table_of(t));
	struct cursor *c = store_query(st, sql, ARGS(SV_T(term_code ? term_code : "")));
	bool exists = cursor_next(c);
	if (cursor_close(c) != 0)
		return store_outcome(st);
	if (!exists)
		return OUTCOME_NOT_FOUND;
	if (taxonomy_resolve(st, t, alias, code)) {
		if (strcmp(code, term_code) == 0)
			return OUTCOME_OK;
		field_conflict(e, _("The alias is taken"),
			       _("That word already means another term in this list; remove it there first."));
		return OUTCOME_CONFLICT;
	}
	clock_iso(clock_now(), now);
	if (store_begin(st) != 0)
		return store_outcome(st);
	enum outcome rc = OUTCOME_OK;
	if (store_exec(st,
		       "INSERT INTO term_alias (taxonomy, alias_key, alias, term_code, created_at) VALUES ($1, $2, $3, $4, $5)",
		       ARGS(SV_T(table_of(t)), SV_T(key), SV_T(alias), SV_T(term_code), SV_T(now))) < 0)
		rc = store_outcome(st);
	else if (audit_record_json(st, account_id, "term_alias", 0, "create",
				   json_pack("{s:s, s:s, s:s}", "taxonomy", table_of(t), "alias", alias, "term", term_code)) != 0)
		rc = store_outcome(st);
	return store_finish(st, rc);
}

enum outcome taxonomy_alias_add(struct store *st, enum taxonomy t, const char *term_code, const char *alias,
				long long account_id, struct field_errors *e)
{
	struct arena a = ARENA_INIT;
	enum outcome rc = alias_add(st, &a, t, term_code, alias, account_id, e);
	arena_free(&a);
	return rc;
}

int taxonomy_alias_list(struct store *st, enum taxonomy t, struct term_alias *out, int max)
{
	struct cursor *c = store_query(st, "SELECT alias, term_code FROM term_alias WHERE taxonomy = $1 ORDER BY term_code, alias_key",
				       ARGS(SV_T(table_of(t))));
	int n = 0;
	while (n < max && cursor_next(c)) {
		snprintf(out[n].alias, sizeof out[n].alias, "%s", cursor_text(c, 0));
		snprintf(out[n].term_code, sizeof out[n].term_code, "%s", cursor_text(c, 1));
		n++;
	}
	return cursor_close(c) != 0 ? -1 : n;
}

enum outcome taxonomy_alias_remove(struct store *st, enum taxonomy t, const char *alias, long long account_id)
{
	char key[256];
	if (!alias || !taxonomy_key(alias, key, sizeof key) || !*key)
		return OUTCOME_NOT_FOUND;
	if (store_begin(st) != 0)
		return store_outcome(st);
	char *code = store_text(st, "SELECT term_code FROM term_alias WHERE taxonomy = $1 AND alias_key = $2",
				ARGS(SV_T(table_of(t)), SV_T(key)));
	enum outcome rc = OUTCOME_OK;
	if (!code)
		rc = store_errcode(st) != STORE_OK ? store_outcome(st) : OUTCOME_NOT_FOUND;
	else if (store_exec(st, "DELETE FROM term_alias WHERE taxonomy = $1 AND alias_key = $2",
			    ARGS(SV_T(table_of(t)), SV_T(key))) < 0 ||
		 audit_record_json(st, account_id, "term_alias", 0, "delete",
				   json_pack("{s:s, s:s, s:s}", "taxonomy", table_of(t), "alias", alias, "term", code)) != 0)
		rc = store_outcome(st);
	free(code);
	return store_finish(st, rc);
}

bool postcode_normalise(const char *in, char out[6])
{
	int n = 0;
	if (!in)
		return false;
	/* "SE-178 92" and "S-17892" are how Swedish postcodes are written for abroad. */
	while (*in == ' ')
		in++;
	if ((in[0] == 'S' || in[0] == 's') && (in[1] == 'E' || in[1] == 'e') && in[2] == '-')
		in += 3;
	else if ((in[0] == 'S' || in[0] == 's') && in[1] == '-')
		in += 2;
	for (; *in; in++) {
		if (isdigit((unsigned char)*in)) {
			if (n == 5)
				return false;
			out[n++] = *in;
		} else if (*in != ' ' && *in != '\t') {
			return false;
		}
	}
	out[n] = 0;
	return n == 5;
}

bool taxonomy_district_of_postcode(struct store *st, const char *postcode, char code_out[32])
{
	char pc[6];
	if (!postcode_normalise(postcode, pc))
		return false;
	struct cursor *c = store_query(st,
				       "SELECT p.district_code FROM district_postcode p JOIN district d ON d.code = p.district_code "
				       "WHERE p.postcode = $1 AND d.retired_at IS NULL",
				       ARGS(SV_T(pc)));
	bool found = cursor_next(c);
	if (found)
		snprintf(code_out, 32, "%s", cursor_text(c, 0));
	cursor_close(c);
	return found;
}

const char *term_name(const struct term *t)
{
	const char *name = strcmp(i18n_lang(), "en") == 0 ? t->name_en : t->name_sv;
	return *name ? name : t->code;
}
