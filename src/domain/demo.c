/* demo: builds an Ekerö-like municipality from a fixed-seed generator, so every run makes the
 * same register: names from places and kinds of association, valid organisation numbers, texts,
 * contact persons, and the accounts people sign in with. */
#include "domain/demo.h"
#include "base/arena.h"
#include "base/clock.h"
#include "domain/account.h"
#include "domain/organisation.h"
#include "domain/taxonomy.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

const struct demo_account demo_accounts[] = {
	{"admin@exempel.se", "Ada Admin", "admin", NULL, 0},
	{"samordnare@exempel.se", "Sam Samordnare", "coordinator", NULL, 0},
	{"tjansteperson@exempel.se", "Tove Tjänsteperson", "official", "kultur-fritid", 0},
	{"foretradare@exempel.se", "Frida Företrädare", "representative", NULL, 2},
};
const int demo_account_count = COUNT(demo_accounts);

/* ---------------------------------------------------------------------------------------------
 * The generator: xorshift64*, never rand(), so the demo is the same on every libc.
 */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717u;
}

/* 0 ≤ result < n. The slight bias of a modulus does not matter for a demo. */
static int below(struct rng *r, int n) { return n <= 1 ? 0 : (int)((rng_next(r) >> 11) % (uint64_t)n); }
static bool chance(struct rng *r, int percent) { return below(r, 100) < percent; }
#define PICK(r, a) ((a)[below((r), COUNT(a))])

/* ---------------------------------------------------------------------------------------------
 * The municipality.
 */

static const struct {
	const char *code, *name;
} districts[] = {
	{"adelso", "Adelsö"}, {"munso", "Munsö"}, {"ekeron", "Ekerön"}, {"faringso", "Färingsö"},
	{"lovo", "Lovö"},     {"karson", "Kärsön"}, {"helgo", "Helgö"},
};

static const struct {
	const char *code, *name;
	const char *department_code, *department_name;
} committees[] = {
	{"ks", "Kommunstyrelsen", "kommunledning", "Kommunledningsförvaltningen"},
	{"kfn", "Kultur- och fritidsnämnden", "kultur-fritid", "Kultur- och fritidsförvaltningen"},
	{"bun", "Barn- och utbildningsnämnden", "barn-utbildning", "Barn- och utbildningsförvaltningen"},
	{"sn", "Socialnämnden", "social", "Socialförvaltningen"},
	{"mbn", "Miljö- och byggnadsnämnden", "miljo-bygg", "Miljö- och byggförvaltningen"},
};

/* Islands and villages an association takes its name from, with the district it is in. */
static const struct {
	const char *name, *district;
} places[] = {
	{"Adelsö", "adelso"},    {"Hovgården", "adelso"},  {"Tofta", "adelso"},      {"Munsö", "munso"},
	{"Bona", "munso"},       {"Ekerö", "ekeron"},      {"Tappström", "ekeron"},  {"Älvnäs", "ekeron"},
	{"Träkvista", "ekeron"}, {"Närlunda", "ekeron"},   {"Ekebyhov", "ekeron"},   {"Sundby", "ekeron"},
	{"Färingsö", "faringso"}, {"Stenhamra", "faringso"}, {"Skå", "faringso"},    {"Svartsjö", "faringso"},
	{"Hilleshög", "faringso"}, {"Sånga", "faringso"},   {"Färentuna", "faringso"}, {"Kungsberga", "faringso"},
	{"Lovö", "lovo"},        {"Drottningholm", "lovo"}, {"Kärsön", "karson"},    {"Helgö", "helgo"},
};

enum pool { ASSOCIATION, GROUP, COMMUNITY };

/* A kind of organisation: its name around the place (%s), legal form, categories and target
 * groups ('|'-separated codes of the built-in taxonomy), and the sentence that says what it does. */
struct kind {
	const char *pattern, *legal_form, *categories, *target_groups, *what;
	enum pool pool;
};

static const struct kind kinds[] = {
	{"%s IF", "ideell_forening", "icnpo1", "barn|unga",
	 "Fotboll, innebandy och friidrott för barn och unga i %s, med träningar flera kvällar i veckan.", ASSOCIATION},
	{"%s IK", "ideell_forening", "icnpo1", "barn|unga|alla",
	 "Idrottsklubb med fotboll och skidor i %s; på sommaren ordnar klubben en cup för hela Mälaröarna.", ASSOCIATION},
	{"%s Idrottsförening", "ideell_forening", "icnpo1", "barn|unga",
	 "Föreningen har gymnastik, bordtennis och allidrott för barn i %s från fem år.", ASSOCIATION},
	{"%s Idrottsklubb", "ideell_forening", "icnpo1", "unga|alla",
	 "Löpning, motionsträning och terränglopp i skogarna runt %s, för nybörjare och vana.", ASSOCIATION},
	{"%s Hembygdsförening", "ideell_forening", "icnpo1", "alla",
	 "Föreningen vårdar hembygdsgården i %s, ordnar midsommarfirande och samlar bilder och berättelser "
	 "från bygden.", ASSOCIATION},
	{"%s Scoutkår", "ideell_forening", "icnpo1|icnpo2", "barn|unga",
	 "Scouting för barn och unga från åtta år: hajker, läger och friluftsliv i skog och på sjön runt %s.",
	 ASSOCIATION},
	{"%s Pensionärsförening", "ideell_forening", "icnpo1|icnpo4", "aldre",
	 "Föreningen samlar pensionärer i %s till träffar med fika, föredrag, resor och friskvård.", ASSOCIATION},
	{"SPF Seniorerna %s", "ideell_forening", "icnpo1|icnpo7", "aldre",
	 "Seniorföreningen i %s driver äldres frågor mot kommunen och ordnar studiecirklar, bugg och utflykter.",
	 ASSOCIATION},
	{"PRO %s", "ideell_forening", "icnpo1|icnpo7", "aldre",
	 "PRO-föreningen i %s har boule, bridge och sittgympa och bevakar pensionärernas intressen.", ASSOCIATION},
	{"Röda Korsets krets i %s", "ideell_forening", "icnpo4", "alla|ekonomisk_utsatthet",
	 "Röda Korsets frivilliga i %s gör besök hos ensamma, driver en second hand-butik och står redo vid "
	 "kriser.", ASSOCIATION},
	{"%s Konstförening", "ideell_forening", "icnpo1", "alla",
	 "Föreningen visar konst i %s, ordnar ateljébesök och lottar varje år ut verk bland medlemmarna.",
	 ASSOCIATION},
	{"%s Båtklubb", "ideell_forening", "icnpo1", "alla",
	 "Båtklubben i %s har bryggplatser, vinteruppläggning och kurser i sjövett och förarintyg.", ASSOCIATION},
	{"%s Ridklubb", "ideell_forening", "icnpo1", "barn|unga",
	 "Ridskola och ponnyklubb i %s med lektioner för nybörjare och läger på sommarlovet.", ASSOCIATION},
	{"%s Tennisklubb", "ideell_forening", "icnpo1", "barn|unga|alla",
	 "Tennisklubben i %s har två grusbanor, tennisskola för barn och tävlingar för vuxna.", ASSOCIATION},
	{"%s Skytteförening", "ideell_forening", "icnpo1", "unga|alla",
	 "Föreningen har luftgevärsskytte inomhus och jaktskytte på banan utanför %s.", ASSOCIATION},
	{"%s Orienteringsklubb", "ideell_forening", "icnpo1", "barn|unga|familjer",
	 "Orientering och naturpass i skogarna kring %s; kartor finns att låna i klubbstugan.", ASSOCIATION},
	{"%s Fiskevårdsförening", "ideell_forening", "icnpo5", "alla",
	 "Föreningen sköter fiskevården i vattnen runt %s, sätter ut gös och säljer fiskekort.", ASSOCIATION},
	{"Naturskyddsföreningen %s", "ideell_forening", "icnpo5", "alla|familjer",
	 "Naturvandringar, fågelskådning och städdagar längs stränderna i %s.", ASSOCIATION},
	{"%s Föräldraförening", "ideell_forening", "icnpo2", "familjer|barn",
	 "Föräldrar i %s som samarbetar med skolan om trygghet, skolvägar och aktiviteter på loven.", ASSOCIATION},
	{"%s Kammarkör", "ideell_forening", "icnpo1", "alla",
	 "Kören sjunger allt från Bach till visor och ger konserter i kyrkorna i och kring %s.", ASSOCIATION},
	{"%s Musikförening", "ideell_forening", "icnpo1", "unga|alla",
	 "Föreningen ordnar konserter och öppen scen i %s och lånar ut replokal till unga band.", ASSOCIATION},
	{"%s Teaterförening", "ideell_forening", "icnpo1", "barn|unga",
	 "Teaterföreningen i %s har dramagrupper för barn och unga och sätter upp en föreställning varje vår.",
	 ASSOCIATION},
	{"%s Bygdegårdsförening", "ideell_forening", "icnpo1|icnpo6", "alla",
	 "Föreningen hyr ut bygdegården i %s för fester och möten och ordnar loppis och julmarknad.", ASSOCIATION},
	{"%s Byalag", "ideell_forening", "icnpo6", "alla",
	 "Byalaget arbetar för en levande landsbygd i %s: kollektivtrafik, bredband och en plats att mötas.",
	 ASSOCIATION},
	{"%s Församling", "trossamfund", "icnpo10", "alla|barn|familjer",
	 "Församlingen i %s har gudstjänster, körer, barngrupper och öppet hus för alla åldrar.", COMMUNITY},
	{"%s Pingstförsamling", "trossamfund", "icnpo10|icnpo4", "alla|familjer",
	 "Pingstförsamlingen i %s har gudstjänster på söndagar, soppluncher och läxhjälp.", COMMUNITY},
	{"%s Missionsförsamling", "trossamfund", "icnpo10", "alla|unga",
	 "Missionsförsamlingen i %s har gudstjänster, tonårsgrupp och sommarläger.", COMMUNITY},
	{"Bokcirkeln i %s", "informell_grupp", "icnpo2", "alla",
	 "Vi är några grannar i %s som läser en bok i månaden och träffas hemma hos varandra.", GROUP},
	{"Studiecirkeln i %s", "informell_grupp", "icnpo2", "aldre|alla",
	 "En studiecirkel i %s om bygdens historia, med besök på gårdar och i arkiv.", GROUP},
	{"Grannsamverkan %s", "informell_grupp", "icnpo7", "alla",
	 "Grannar i %s som håller ett öga på varandras hus och delar information om inbrott.", GROUP},
	{"Föräldranätverket i %s", "informell_grupp", "icnpo4", "familjer|barn",
	 "Ett nätverk för föräldrar i %s: babyträffar, bytesdagar för barnkläder och stöd mellan familjer.",
	 GROUP},
	{"Stickcaféet i %s", "informell_grupp", "icnpo1", "aldre|alla",
	 "Vi stickar, virkar och pratar på biblioteket i %s varannan tisdag.", GROUP},
	{"Läxhjälpen i %s", "informell_grupp", "icnpo2", "barn|unga",
	 "Frivilliga som hjälper skolbarn i %s med läxor två eftermiddagar i veckan.", GROUP},
	{"Språkcafé %s", "informell_grupp", "icnpo4|icnpo2", "nyanlanda|alla",
	 "Nyanlända och ortsbor i %s övar svenska tillsammans över en kopp kaffe.", GROUP},
	{"%s Lions Club", "ideell_forening", "icnpo8|icnpo4", "alla|ekonomisk_utsatthet",
	 "Lionsklubben i %s samlar in pengar till lokala behov genom loppis och julgransförsäljning.", ASSOCIATION},
	{"Frivilligcentralen %s", "ideell_forening", "icnpo8|icnpo4", "aldre|alla",
	 "Frivilligcentralen i %s förmedlar hjälp med handling, ledsagning och sällskap.", ASSOCIATION},
	{"Kvinnojouren %s", "ideell_forening", "icnpo4", "kvinnor",
	 "Kvinnojouren ger stöd till kvinnor och flickor i %s som utsätts för våld; du kan vara anonym.",
	 ASSOCIATION},
	{"FUB %s", "ideell_forening", "icnpo4|icnpo7", "funktionsnedsattning|familjer",
	 "Föreningen för barn, unga och vuxna med utvecklingsstörning i %s ordnar fritid och bevakar rättigheter.",
	 ASSOCIATION},
	{"%s Företagarförening", "ideell_forening", "icnpo11", "alla",
	 "Föreningen samlar småföretagare i %s till frukostmöten och arbetar för ett bättre näringslivsklimat.",
	 ASSOCIATION},
	{"%s Hyresgästförening", "ideell_forening", "icnpo6|icnpo7", "alla|familjer",
	 "Hyresgästerna i %s samarbetar med hyresvärden om boendemiljön och ordnar gårdsfester.", ASSOCIATION},
	{"%s Vänortsförening", "ideell_forening", "icnpo9", "alla",
	 "Föreningen håller kontakten med vänorterna i Finland och Estland genom utbyten för skolor och körer i %s.",
	 ASSOCIATION},
	{"%s Schackklubb", "ideell_forening", "icnpo1", "barn|unga|alla",
	 "Klubbkvällar, nybörjarkurser och en juniorturnering varje vår i %s.", ASSOCIATION},
	{"%s Släktforskarförening", "ideell_forening", "icnpo1|icnpo2", "aldre|alla",
	 "Föreningen hjälper medlemmar att forska i kyrkböcker och arkiv med anknytning till %s.", ASSOCIATION},
	{"%s Trädgårdsförening", "ideell_forening", "icnpo1|icnpo5", "alla",
	 "Föreningen ordnar fröbyten, trädgårdsvandringar och en skördemarknad i %s i september.", ASSOCIATION},
	{"%s Hundklubb", "ideell_forening", "icnpo1", "alla",
	 "Valpkurser, lydnad och agility på klubbens plan i %s.", ASSOCIATION},
	{"%s Kulturförening", "ideell_forening", "icnpo1", "alla|unga",
	 "Föreningen ordnar föreläsningar, filmkvällar och konserter i %s året runt.", ASSOCIATION},
	{"Stiftelsen %s Kulturarv", "stiftelse", "icnpo1|icnpo8", "alla",
	 "Stiftelsen förvaltar kulturhistoriska byggnader i %s och delar ut stipendier till hantverkare.",
	 COMMUNITY},
	{"%s Gårdsbutik ekonomisk förening", "ekonomisk_forening", "icnpo6", "alla",
	 "Ett kooperativ av odlare i %s som säljer grönsaker, ägg och honung från trakten.", COMMUNITY},
	{"%s Vägsamfällighet", "annan", "icnpo6", "alla",
	 "Samfälligheten sköter de enskilda vägarna i %s: snöröjning, grusning och dikning.", COMMUNITY},
};

/* A second sentence, chosen to fit the kind of organisation. */
static const char *const more_association[] = {
	"Nya medlemmar är alltid välkomna, och ingen förkunskap behövs.",
	"Föreningen drivs helt av frivilliga och samarbetar gärna med kommunen och andra föreningar.",
	"Medlemsavgiften är låg och barn och unga är med gratis.",
	"Föreningen bildades för mer än femtio år sedan och har i dag omkring tvåhundra medlemmar.",
	"Vi söker fler ledare; hör av dig om du vill vara med och hjälpa till.",
	"Föreningen får stöd av kommunen och av Studieförbundet Vuxenskolan.",
	"Lokalerna är tillgängliga för rullstol och har hörslinga.",
	"",
};
static const char *const more_group[] = {
	"Alla är välkomna, och det kostar ingenting.",
	"Vi har ingen förening och inga avgifter; det räcker att komma dit.",
	"Hör av dig till kontaktpersonen om du vill vara med.",
	"",
};
static const char *const more_community[] = {
	"Alla är välkomna, oavsett ålder och bakgrund.",
	"Verksamheten bygger på frivilliga insatser och samarbete med andra i bygden.",
	"",
};

/* Fictional people: common Swedish names put together at random. */
static const char *const first_names[] = {
	"Anna", "Eva", "Maria", "Karin", "Kristina", "Lena", "Sara", "Ingrid", "Emma", "Malin", "Annika",
	"Birgitta", "Helena", "Sofia", "Linnea", "Elin", "Fatima", "Amira", "Johanna", "Ulla", "Lars",
	"Erik", "Per", "Karl", "Anders", "Johan", "Mikael", "Olof", "Nils", "Gunnar", "Björn", "Mats",
	"Stefan", "Magnus", "Ahmed", "Jonas", "Henrik", "Oskar", "Göran", "Åke",
};
static const char *const last_names[] = {
	"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
	"Svensson", "Gustafsson", "Lindqvist", "Bergström", "Holm", "Lund", "Sjöberg", "Wallin",
	"Forsberg", "Åström", "Nyström", "Ek", "Dahl", "Strand", "Berg", "Lindgren", "Engström",
	"Hedlund", "Söderberg", "Hassan", "Yusuf", "Virtanen",
};
static const char *const contact_roles[] = {"Ordförande", "Sekreterare", "Kassör", "Kontaktperson", ""};

/* Rounds after every place has had every kind: the same club's other sections. */
static const char *const sections[] = {
	"", " Ungdom", " Veteraner", " Damer", " Herrar", " Norra", " Södra", " Väst", " Öst", " Sektion Motion",
};

/* ---------------------------------------------------------------------------------------------
 * Building one organisation.
 */

/* "Färingsö IF" → "faringso-if": for made-up web and e-mail addresses under example.org. */
static char *slug(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) + 1), *w = out;
	bool dash = false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char c = 0;
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			c = (char)*p;
		else if (*p >= 'A' && *p <= 'Z')
			c = (char)(*p - 'A' + 'a');
		else if (p[0] == 0xC3 && p[1]) {
			/* å ä Å Ä → a, ö Ö → o, é É → e; other letters are dropped. */
			unsigned char x = p[1] | 0x20;
			c = (x == 0xA5 || x == 0xA4) ? 'a' : x == 0xB6 ? 'o' : x == 0xA9 ? 'e' : 0;
			p++;
			if (!c)
				continue;
		}
		if (!c) {
			dash = w > out;
			continue;
		}
		if (dash)
			*w++ = '-';
		dash = false;
		*w++ = c;
	}
	*w = 0;
	return out;
}

/* The i-th organisation number: "8027" and five digits from a bijection of i (so numbers never
 * repeat below DEMO_MAX_ORGANISATIONS), then the Luhn check digit. 8027 is kept clear of the
 * numbers in tests/data and the tests' own, so their files import into a demo database. */
static void org_number(int i, char out[12])
{
	long long five = ((long long)i * 7919 + 24601) % 100000;
	char d[11];
	snprintf(d, sizeof d, "8027%05lld", five);
	int sum = 0;
	for (int k = 0; k < 9; k++) {
		int x = (d[k] - '0') * (k % 2 == 0 ? 2 : 1);
		sum += x > 9 ? x - 9 : x;
	}
	d[9] = (char)('0' + (10 - sum % 10) % 10);
	d[10] = 0;
	snprintf(out, 12, "%.6s-%.4s", d, d + 6);
}

static void add_code(const char **codes, int *n, const char *code)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(codes[i], code) == 0)
			return;
	if (*n < ORG_MAX_CODES)
		codes[(*n)++] = code;
}

static void add_codes(struct arena *a, const char **codes, int *n, const char *list)
{
	char *copy = arena_strdup(a, list), *save = NULL;
	for (char *tok = strtok_r(copy, "|", &save); tok; tok = strtok_r(NULL, "|", &save))
		add_code(codes, n, tok);
}

static void phone_number(struct rng *r, struct arena *a, bool mobile, const char **out)
{
	if (mobile)
		*out = arena_printf(a, "07%d-%03d %02d %02d", PICK(r, ((const int[]){0, 2, 3, 6})), below(r, 1000),
				    below(r, 100), below(r, 100));
	else
		*out = arena_printf(a, "08-560 %03d %02d", below(r, 1000), below(r, 100));
}

/* Fills o as the i-th organisation; combo says which place and kind (and round, for sections). */
static void make_organisation(struct rng *r, struct arena *a, int i, int combo, struct organisation *o)
{
	int nplaces = COUNT(places), nkinds = COUNT(kinds);
	int round = combo / (nplaces * nkinds);
	const struct kind *k = &kinds[combo % nkinds];
	int place = (combo / nkinds) % nplaces;
	const char *where = places[place].name;

	memset(o, 0, sizeof *o);
	const char *base = arena_printf(a, k->pattern, where);
	if (round == 0)
		o->name = base;
	else if (round < COUNT(sections))
		o->name = arena_printf(a, "%s%s", base, sections[round]);
	else
		o->name = arena_printf(a, "%s %d", base, round + 1);
	o->legal_form = k->legal_form;
	bool informal = strcmp(k->legal_form, "informell_grupp") == 0;
	if (!informal) {
		char nr[12];
		org_number(i, nr);
		o->org_number = arena_strdup(a, nr);
	} else {
		o->org_number = "";
	}
	const char *const *more = k->pool == GROUP ? more_group : k->pool == COMMUNITY ? more_community : more_association;
	int nmore = k->pool == GROUP ? COUNT(more_group) : k->pool == COMMUNITY ? COUNT(more_community)
										  : COUNT(more_association);
	const char *second = more[below(r, nmore)];
	const char *first = arena_printf(a, k->what, where);
	o->description = *second ? arena_printf(a, "%s %s", first, second) : first;

	const char *s = slug(a, o->name);
	if (!informal && chance(r, 60))
		o->website = arena_printf(a, "https://%s.example.org", s);
	if (chance(r, informal ? 40 : 80))
		o->email = arena_printf(a, "%s@%s.example.org", informal ? "hej" : PICK(r, ((const char *[]){"info", "styrelsen", "kansli", "kontakt"})), s);
	if (!informal && chance(r, 60))
		phone_number(r, a, false, &o->phone);

	/* The first two are the representative's, shown on their account page: public and confirmed. */
	o->public = i < 2 || !chance(r, 10);

	add_codes(a, o->categories, &o->ncategories, k->categories);
	add_codes(a, o->target_groups, &o->ntarget_groups, k->target_groups);
	add_code(o->districts, &o->ndistricts, places[place].district);
	int spread = below(r, 100);
	if (spread < 5) {
		for (int d = 0; d < COUNT(districts); d++)
			add_code(o->districts, &o->ndistricts, districts[d].code);
	} else if (spread < 25) {
		add_code(o->districts, &o->ndistricts, districts[below(r, COUNT(districts))].code);
	}

	o->ncontacts = 1 + chance(r, 35);
	for (int c = 0; c < o->ncontacts; c++) {
		struct contact_person *p = &o->contacts[c];
		const char *fn = PICK(r, first_names), *ln = PICK(r, last_names);
		p->name = arena_printf(a, "%s %s", fn, ln);
		p->role = informal ? "" : c == 0 ? "Ordförande" : PICK(r, contact_roles);
		p->email = arena_printf(a, "%s.%s@example.org", slug(a, fn), slug(a, ln));
		if (chance(r, 80))
			phone_number(r, a, true, &p->phone);
	}
}

/* ---------------------------------------------------------------------------------------------
 * The whole demo.
 */

static int fail(char *err, size_t errsz, const char *what, struct store *st)
{
	snprintf(err, errsz, "%s: %s", what, store_errmsg(st));
	return -1;
}

static int put_structure(struct store *st, struct demo_result *out, char *err, size_t errsz)
{
	for (int d = 0; d < COUNT(districts); d++)
		if (taxonomy_put_district(st, districts[d].code, districts[d].name, districts[d].name) != 0)
			return fail(err, errsz, "adding the districts", st);
	out->districts = COUNT(districts);
	for (int c = 0; c < COUNT(committees); c++) {
		if (store_exec(st,
			       "INSERT INTO committee (code, name) VALUES ($1, $2) "
			       "ON CONFLICT (code) DO UPDATE SET name = excluded.name",
			       ARGS(SV_T(committees[c].code), SV_T(committees[c].name))) < 0)
			return fail(err, errsz, "adding the committees", st);
		long long id = store_int(st, "SELECT id FROM committee WHERE code = $1", ARGS(SV_T(committees[c].code)), 0);
		if (id <= 0 ||
		    store_exec(st,
			       "INSERT INTO department (code, name, committee_id) VALUES ($1, $2, $3) "
			       "ON CONFLICT (code) DO UPDATE SET name = excluded.name, committee_id = excluded.committee_id",
			       ARGS(SV_T(committees[c].department_code), SV_T(committees[c].department_name), SV_I(id))) < 0)
			return fail(err, errsz, "adding the departments", st);
	}
	out->committees = out->departments = COUNT(committees);
	return 0;
}

static int put_organisations(struct store *st, int n, struct demo_result *out, char *err, size_t errsz)
{
	struct rng r = {0x45b1e9c0ffee2019u};
	int ncombos = COUNT(places) * COUNT(kinds);
	/* Every place with every kind once, in an order shuffled once: names stay unique, and the
	 * first few hundred spread over all islands and kinds. */
	int *order = malloc(sizeof *order * (size_t)ncombos);
	if (!order)
		abort();
	for (int i = 0; i < ncombos; i++)
		order[i] = i;
	for (int i = ncombos - 1; i > 0; i--) {
		int j = below(&r, i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	time_t now = clock_now();
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		struct arena a = ARENA_INIT;
		struct organisation o;
		int combo = order[i % ncombos] + (i / ncombos) * ncombos;
		make_organisation(&r, &a, i, combo, &o);
		/* Most confirmed their details within the year; some are overdue (more than 15 months),
		 * so the list of organisations to remind has content. */
		bool overdue = i >= 2 && chance(&r, 15);
		long days = overdue ? 480 + below(&r, 500) : below(&r, 330);
		char confirmed[21];
		clock_iso(now - days * 86400 - below(&r, 86400), confirmed);

		struct org_error e = {0};
		long long id = organisation_upsert(st, &a, &o, 0, true, &e);
		if (id <= 0) {
			snprintf(err, errsz, "organisation \"%s\": %s: %s", o.name, e.field ? e.field : "",
				 e.message ? e.message : store_errmsg(st));
			rc = -1;
		} else if (store_exec(st, "UPDATE organisation SET confirmed_at = $1 WHERE id = $2",
				      ARGS(SV_T(confirmed), SV_I(id))) != 1) {
			rc = fail(err, errsz, "setting confirmation dates", st);
		} else {
			if (i < 2)
				out->represented[i] = id;
			out->organisations++;
			out->hidden += !o.public;
			out->unconfirmed += overdue;
			out->without_number += !*o.org_number;
			out->contacts += o.ncontacts;
		}
		arena_free(&a);
	}
	free(order);
	return rc;
}

static int put_accounts(struct store *st, const struct demo_result *res, char *err, size_t errsz)
{
	for (int i = 0; i < demo_account_count; i++) {
		const struct demo_account *d = &demo_accounts[i];
		long long dep = 0;
		if (d->department) {
			dep = store_int(st, "SELECT id FROM department WHERE code = $1", ARGS(SV_T(d->department)), 0);
			if (dep <= 0)
				return fail(err, errsz, "finding the department", st);
		}
		char why[256];
		long long id = account_create(st, d->email, d->name, DEMO_PASSWORD, role_from_code(d->role), dep, why,
					      sizeof why);
		if (!id) {
			snprintf(err, errsz, "account %s: %s", d->email, why);
			return -1;
		}
		for (int k = 0; k < d->represents && k < 2; k++)
			if (res->represented[k] && account_add_representative(st, id, res->represented[k]) != 0)
				return fail(err, errsz, "adding the representative", st);
	}
	return 0;
}

int demo_fill(struct store *st, int n, struct demo_result *out, char *err, size_t errsz)
{
	memset(out, 0, sizeof *out);
	if (n < 0 || n > DEMO_MAX_ORGANISATIONS) {
		snprintf(err, errsz, "the number of organisations must be between 0 and %d", DEMO_MAX_ORGANISATIONS);
		return -1;
	}
	if (store_begin(st) != 0)
		return fail(err, errsz, "starting the transaction", st);
	/* Checked inside the transaction, so two demos started at once cannot both pass. */
	long long existing = store_int(st, "SELECT COUNT(*) FROM organisation", NOARGS, 0);
	int rc;
	if (existing != 0) {
		if (existing > 0)
			snprintf(err, errsz,
				 "the database already has %lld organisations; the demo fills only an empty register "
				 "(give a new file with --db)",
				 existing);
		else
			fail(err, errsz, "counting organisations", st);
		rc = -1;
	} else {
		rc = put_structure(st, out, err, errsz);
		if (rc == 0)
			rc = put_organisations(st, n, out, err, errsz);
		if (rc == 0)
			rc = put_accounts(st, out, err, errsz);
	}
	if (rc == 0 && store_commit(st) != 0)
		rc = fail(err, errsz, "committing", st);
	if (rc != 0) {
		store_rollback(st);
		struct demo_result empty = {0};
		*out = empty;
	}
	return rc;
}
