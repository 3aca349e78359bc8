/* demo: builds an Ekerö-like municipality from a fixed-seed generator, so every run makes the
 * same register: names from places and kinds of association, valid organisation numbers, texts,
 * contact persons, and the accounts people sign in with. */
#include "domain/demo.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/workdays.h"
#include "domain/account.h"
#include "domain/account_admin.h"
#include "domain/action_plan.h"
#include "domain/area.h"
#include "base/embedded.h"
#include "domain/department.h"
#include "domain/goal.h"
#include "domain/indicator.h"
#include "domain/kolada.h"
#include "domain/dialogue.h"
#include "domain/feedback_clock.h"
#include "domain/municipality.h"
#include "domain/organisation.h"
#include "domain/submission.h"
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

/* The municipality's profile, through the module every installation uses. */
static int put_profile(struct store *st, char *err, size_t errsz)
{
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	struct municipality m = {
		.name = "Ekerö kommun",
		.org_number = "212000-0076",
		.street = "Kommunhuset, Tappström",
		.postcode = "178 80",
		.city = "Ekerö",
		.email = "kommun@exempel.se",
		.phone = "08-124 571 00",
		.website = "https://www.exempel.se",
		.case_prefix = "KS",
		.licence = MUNICIPALITY_DEFAULT_LICENCE,
		.licence_url = MUNICIPALITY_DEFAULT_LICENCE_URL,
		.a11y_contact = "samordnare@exempel.se",
		.a11y_reviewed = "2026-01-15",
		.a11y_shortcomings = "Kartan över var organisationerna finns har ännu ingen textversion.\n"
				     "Några äldre bilagor till dialoger är pdf-filer som inte är tillgänglighetsanpassade.",
	};
	enum outcome o = municipality_write(st, &a, &m, 0, &e);
	if (o != OUTCOME_OK)
		snprintf(err, errsz, "setting the municipality's profile: %s",
			 o == OUTCOME_INVALID ? field_errors_first(&e) : store_errmsg(st));
	arena_free(&a);
	return o == OUTCOME_OK ? 0 : -1;
}

static int put_structure(struct store *st, struct demo_result *out, char *err, size_t errsz)
{
	for (int d = 0; d < COUNT(districts); d++)
		if (taxonomy_put_district(st, districts[d].code, districts[d].name, districts[d].name) != 0)
			return fail(err, errsz, "adding the districts", st);
	out->districts = COUNT(districts);
	for (int c = 0; c < COUNT(committees); c++)
		if (department_put(st, committees[c].department_code, committees[c].department_name, committees[c].code,
				   committees[c].name) != 0)
			return fail(err, errsz, "adding the committees and departments", st);
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

		struct field_errors e = {0};
		long long id = organisation_upsert(st, &a, &o, 0, true, &e) == OUTCOME_OK ? o.id : 0;
		if (id <= 0) {
			snprintf(err, errsz, "organisation \"%s\": %s: %s", o.name, e.n && e.items[0].field ? e.items[0].field : "",
				 e.n ? e.items[0].message : store_errmsg(st));
			rc = -1;
		} else if (organisation_set_confirmed_at(st, id, confirmed) != 1) {
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
			dep = department_id_by_code(st, d->department);
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

/* ---------------------------------------------------------------------------------------------
 * Dialogues and submissions: one dialogue in each state and some thirty views and proposals, with
 * answers, late ones and overdue ones, so every page of the feedback clock has something to show.
 * Dates are counted back from today (feedback_local_date of clock_now), so the demo looks the
 * same whenever it is made and SAMVERKAN_NOW moves it as a whole; nothing is random.
 */

#define NO_DATE 9999 /* in the day offsets below: no such date */

struct demo_dialogue {
	const char *department, *title, *question, *background, *can_influence, *cannot_influence;
	int opens, closes, decision; /* calendar days from today, or NO_DATE */
	const char *skr_level, *coe_level, *decision_stage, *state, *principles;
	int invite; /* invite the first n public organisations */
	/* The report (återkoppling), for the reported one. */
	const char *heard, *decision_text, *minutes_ref, *link, *used;
};

static const struct demo_dialogue demo_dialogues[] = {
	{"kultur-fritid", "Mötesplatser för unga på Färingsö",
	 "Var och när vill unga på Färingsö träffas, och vad behövs för att det ska bli av?",
	 "Fritidsgården i Stenhamra har kortare öppettider sedan i höstas, och bussarna går sällan på kvällen. "
	 "Förvaltningen tar fram ett förslag till nya mötesplatser och vill höra föreningarna först.",
	 "Öppettider, platser, vilka aktiviteter som prioriteras och hur föreningarna kan driva delar av "
	 "verksamheten.",
	 "Budgetramen för nästa år är beslutad; busstrafiken beslutas av regionen.",
	 -20, 25, 70, "dialog", "dialogue", "drafting", "open", "P2|P4", 8, NULL, NULL, NULL, NULL, NULL},
	{"kultur-fritid", "Kulturstrategi 2027–2030",
	 "Vad ska kommunens kulturstrategi för de kommande fyra åren prioritera?",
	 "Den nuvarande strategin gäller till och med 2026. Dialogen öppnar när utkastet är klart.",
	 "Strategins mål och prioriteringar.", "Kulturskolans avgifter, som beslutas för sig.",
	 14, 60, 120, "konsultation", "consultation", "agenda", "planned", "P2|P5", 4, NULL, NULL, NULL, NULL, NULL},
	{"barn-utbildning", "Trygga skolvägar i Stenhamra",
	 "Vilka platser på vägen till skolan känns otrygga, och vad skulle hjälpa?",
	 "Föräldrar har hört av sig om trafiken vid skolan. Förvaltningen samlar in synpunkter inför "
	 "nämndens beslut om åtgärder.",
	 "Vilka åtgärder som föreslås nämnden och i vilken ordning.",
	 "Statliga vägar, där Trafikverket beslutar.",
	 -90, -10, 30, "dialog", "dialogue", "decision", "closed", "P2|P7", 6, NULL, NULL, NULL, NULL, NULL},
	{"kommunledning", "Nya regler för föreningsbidrag",
	 "Hur ska kommunens bidrag till föreningar fördelas så att de blir enkla att söka och rättvisa?",
	 "Reglerna för föreningsbidrag är från 2012. Kommunstyrelsen ville ha nya regler som beslutas efter "
	 "dialog med föreningslivet.",
	 "Bidragsformer, villkor och hur ansökan och redovisning går till.",
	 "Den totala summan, som beslutas i budgeten.",
	 -150, -100, -60, "inflytande", "partnership", "decision", "reported", "P2|P3|P7", 10,
	 "Trettiotvå föreningar deltog. De flesta ville ha en enklare ansökan, ett grundbidrag för unga "
	 "medlemmar och bidrag som gäller i flera år.",
	 "Kommunstyrelsen beslutade om nya regler för föreningsbidrag med ett förenklat ansökningsförfarande "
	 "och ett treårigt verksamhetsbidrag.",
	 "KS 2025/112, § 47", "https://example.org/protokoll/ks-2025-112",
	 "Förslaget om grundbidrag per medlem under 25 år och förenklad redovisning finns med i de nya "
	 "reglerna. Bidrag till informella grupper utreds vidare."},
	{"social", "Öppna förskolan på Adelsö",
	 "Hur kan familjer på Adelsö få en öppen förskola nära hemmet?",
	 "Ett första utkast; dialogen är inte öppnad än.", "", "", NO_DATE, NO_DATE, NO_DATE, "information",
	 "information", "agenda", "draft", "P2", 0, NULL, NULL, NULL, NULL, NULL},
};

/* Who sent a submission: a private person without an account (SENDER_NOBODY), the demo
 * representative as a private person (SENDER_REPRESENTATIVE), the representative on behalf of
 * organisation 1 or 2, or (3 and up) another public organisation whose account is not in the demo. */
enum { SENDER_REPRESENTATIVE = -1, SENDER_NOBODY = 0 };

struct demo_submission {
	int dialogue;           /* 1-based into demo_dialogues; 0: on its own */
	const char *department; /* for one on its own */
	int sender;
	const char *kind, *title, *body;
	bool publish;
	int ago;          /* working days since it arrived */
	int answer_after; /* working days to the answer; -1: not answered */
	const char *status; /* when not answered: received, acknowledged, in_progress or closed */
	const char *answer; /* or the note of a closed one */
	const char *hidden; /* the moderator's reason, or NULL */
};

static const struct demo_submission demo_submissions[] = {
	/* The open dialogue. */
	{1, NULL, 1, "proposal", "Öppen fritidsgård på fredagskvällar",
	 "Vi föreslår att fritidsgården i Stenhamra håller öppet till 23 på fredagar. Föreningen kan ställa upp "
	 "med två vuxna ledare varannan vecka.", true, 12, 6, NULL,
	 "Tack för förslaget. Vi tar med fredagskvällar och ert erbjudande om ledare i förslaget till nämnden.", NULL},
	{1, NULL, 2, "view", "Busstiderna avgör om unga kan komma",
	 "Sista bussen från Stenhamra går 21.40. Utan senare bussar spelar öppettiderna ingen roll för dem som "
	 "bor på Svartsjölandet.", true, 9, -1, "in_progress", NULL, NULL},
	{1, NULL, 3, "view", "Låt föreningarna använda skolans lokaler",
	 "Skolans matsal och idrottshall står tomma på kvällarna. Där kunde föreningarna ha öppen verksamhet.",
	 true, 7, -1, "received", NULL, NULL},
	{1, NULL, SENDER_REPRESENTATIVE, "view", "Fler aktiviteter för tjejer",
	 "Min dotter tycker att det mest finns aktiviteter för killar. Fråga tjejerna själva vad de vill göra.",
	 false, 4, -1, "received", NULL, NULL},
	{1, NULL, 4, "proposal", "En ungdomsgrupp som träffas varje termin",
	 "Bilda en grupp unga som förvaltningen träffar varje termin, så att det inte bara blir en enkät.", true,
	 2, -1, "received", NULL, NULL},
	{1, NULL, 5, "view", "Skateramp vid Träkvista", "En enkel skateramp vid Träkvista skulle samla många.",
	 true, 1, -1, "received", NULL, NULL},
	/* The closed dialogue. */
	{3, NULL, 6, "view", "Farligt övergångsställe vid skolan",
	 "Övergångsstället vid skolans infart saknar belysning, och bilarna kör fort där på morgonen.", true, 50,
	 8, NULL, "Belysning vid övergångsstället finns med bland åtgärderna som föreslås nämnden.", NULL},
	{3, NULL, 7, "proposal", "Gående skolbuss från Svartsjö",
	 "Vi föräldrar kan turas om att gå med barnen från Svartsjö om kommunen märker ut en säker väg.", true,
	 45, 25, NULL,
	 "Förlåt att svaret dröjde. Förslaget om en utmärkt gångväg tas med, och vi kontaktar er om en start i "
	 "höst.", NULL},
	{3, NULL, SENDER_NOBODY, "view", "Belysning längs cykelvägen",
	 "Cykelvägen mellan Stenhamra och Skå är helt mörk på vintern.", true, 40, 12, NULL,
	 "Cykelvägen sköts av Trafikverket. Vi har skickat din synpunkt vidare till dem.", NULL},
	{3, NULL, 1, "view", "Parkeringen vid skolan skapar kaos",
	 "Föräldrar som lämnar barn med bil stannar på gångbanan. Det behövs en avlämningsplats.", true, 30, -1,
	 "in_progress", NULL, NULL},
	{3, NULL, 8, "proposal", "Skolvärdar i korsningarna på morgonen",
	 "Pensionärsföreningen kan ställa upp som skolvärdar i de två korsningarna vid skolan.", true, 25, -1,
	 "acknowledged", NULL, NULL},
	{3, NULL, 2, "view", "Hastighetsdämpande åtgärder på Ekerövägen",
	 "Farthinder behövs på Ekerövägen förbi skolan.", false, 22, -1, "closed",
	 "Ekerövägen är en statlig väg. Synpunkten är skickad till Trafikverket, som beslutar om farthinder där.",
	 NULL},
	/* The reported dialogue: everything answered. */
	{4, NULL, 3, "view", "Enklare ansökan för små föreningar",
	 "Små föreningar har inte tid att fylla i sex sidor för ett bidrag på några tusen kronor.", true, 95, 10,
	 NULL, "Tack. En kortare ansökan för bidrag under 10 000 kronor finns med i förslaget till nya regler.", NULL},
	{4, NULL, 9, "proposal", "Grundbidrag per medlem under 25 år",
	 "Ge ett grundbidrag för varje medlem under 25 år, så att bidraget följer verksamheten.", true, 92, 14,
	 NULL, "Förslaget tas med i de nya reglerna.", NULL},
	{4, NULL, 1, "view", "Lokalbidraget måste följa hyrorna",
	 "Hyrorna för våra lokaler har stigit med en fjärdedel, men lokalbidraget är detsamma sedan 2012.", true,
	 88, 18, NULL, "Lokalbidraget räknas om varje år enligt de nya reglerna.", NULL},
	{4, NULL, 10, "view", "Redovisningen tar för mycket tid",
	 "Att redovisa varje aktivitet med deltagarlistor tar mer tid än själva aktiviteten.", true, 85, 22, NULL,
	 "Redovisningen förenklas till en årlig verksamhetsberättelse. Förlåt att svaret dröjde.", NULL},
	{4, NULL, SENDER_NOBODY, "view", "Bidrag även till informella grupper",
	 "Grupper utan organisationsnummer gör mycket nytta men kan inte söka bidrag.", true, 80, 9, NULL,
	 "Frågan om bidrag till informella grupper utreds vidare under året.", NULL},
	{4, NULL, 4, "proposal", "Flerårigt verksamhetsbidrag",
	 "Ett bidrag som gäller i tre år skulle göra det lättare att planera.", true, 76, 16, NULL,
	 "Ett treårigt verksamhetsbidrag finns med i de nya reglerna.", NULL},
	/* On their own, to a department. */
	{0, "kommunledning", 5, "proposal", "En föreningsdag på Ekerön",
	 "Ordna en dag varje höst där föreningarna visar upp sig för nya invånare.", true, 60, 5, NULL,
	 "En bra idé. Vi planerar en första föreningsdag i september tillsammans med föreningsrådet.", NULL},
	{0, "kultur-fritid", 6, "proposal", "Fler tider i simhallen för föreningar",
	 "Simklubben får inte fler tider, trots kö till simskolan.", true, 40, 12, NULL,
	 "Från nästa termin får föreningarna två timmar till på lördagsförmiddagarna.", NULL},
	{0, "kultur-fritid", SENDER_REPRESENTATIVE, "view", "Längre öppettider på biblioteket i Skå",
	 "Biblioteket i Skå stänger 16 på vardagar. Det passar inte den som arbetar.", true, 35, 21, NULL,
	 "Från mars har biblioteket i Skå öppet till 19 på torsdagar. Förlåt att svaret dröjde.", NULL},
	{0, "barn-utbildning", 7, "view", "Läxhjälp tillsammans med föreningarna",
	 "Vi har frivilliga som kan hjälpa till med läxläsning om skolan kan låna ut ett rum.", true, 28, 4, NULL,
	 "Tack. Rektorn på Stenhamra skola kontaktar er om ett rum på tisdagar och torsdagar.", NULL},
	{0, "barn-utbildning", 3, "view", "Fritids på loven",
	 "Fritids på loven borde samarbeta med idrottsföreningarna.", true, 10, 3, NULL,
	 "Vi bjuder in idrottsföreningarna till planeringen av sommarlovets fritids.", NULL},
	{0, "social", 8, "proposal", "Mötesplats för äldre på Munsö",
	 "Äldre på Munsö har långt till träffpunkten i Ekerö centrum. En gång i veckan i bygdegården skulle räcka.",
	 true, 33, 19, NULL, "Träffpunkten provar en eftermiddag i veckan i Munsö bygdegård från i höst.", NULL},
	{0, "social", 9, "view", "Stöd till anhörigföreningen",
	 "Anhörigföreningen behöver en lokal för sina samtalsgrupper.", false, 26, -1, "in_progress", NULL, NULL},
	{0, "social", 10, "view", "Frivilligsamordning vid kris",
	 "Vid strömavbrottet i vintras visste ingen vem som samordnade de frivilliga.", true, 15, -1,
	 "acknowledged", NULL, NULL},
	{0, "miljo-bygg", 11, "view", "Strandstädning: hämta säckarna",
	 "Vi städar stränderna varje vår, men säckarna står kvar i veckor.", true, 48, 3, NULL,
	 "Säckarna hämtas nu inom två arbetsdagar när ni anmäler städdagen i förväg.", NULL},
	{0, "miljo-bygg", 12, "proposal", "Naturstig runt Kärsön",
	 "Märk ut en naturstig runt Kärsön med skyltar om fåglar och växter.", true, 31, 27, NULL,
	 "Förslaget är bra men ligger utanför årets budget. Vi återkommer inför nästa år. Förlåt att svaret "
	 "dröjde.", NULL},
	{0, "miljo-bygg", SENDER_NOBODY, "view", "Buller från byggarbetsplatsen",
	 "Bygget vid Tappström bullrar från sex på morgonen.", true, 24, -1, "in_progress", NULL, NULL},
	{0, "kommunledning", SENDER_NOBODY, "view", "Om en tjänsteperson",
	 "Texten nämnde en enskild tjänsteperson vid namn.", true, 18, -1, "acknowledged", NULL,
	 "Texten innehöll personuppgifter om en enskild person."},
	{0, "kultur-fritid", 2, "proposal", "Konstutställning i kommunhuset",
	 "Konstföreningen vill ställa ut medlemmarnas verk i kommunhusets entré under våren.", true, 3, -1,
	 "received", NULL, NULL},
};

/* What the dialogues and submissions are tied to. */
struct demo_links {
	long long admin, coordinator, official, representative; /* account ids */
	long long official_department;
	long long represented[2];
	long long orgs[16]; /* public organisations other than the represented ones, in id order */
	int norgs;
	workday_date today;
	char now[21];
};

static long long department_id_of(struct store *st, const char *code)
{
	return department_id_by_code(st, code);
}

static long long account_id_of(struct store *st, const char *email)
{
	return account_id_by_email(st, email);
}

static int load_links(struct store *st, const struct demo_result *res, struct demo_links *l, char *err, size_t errsz)
{
	memset(l, 0, sizeof *l);
	l->admin = account_id_of(st, demo_accounts[0].email);
	l->coordinator = account_id_of(st, demo_accounts[1].email);
	l->official = account_id_of(st, demo_accounts[2].email);
	l->representative = account_id_of(st, demo_accounts[3].email);
	l->official_department = department_id_of(st, demo_accounts[2].department);
	if (l->admin <= 0 || l->coordinator <= 0 || l->official <= 0 || l->representative <= 0 ||
	    l->official_department <= 0)
		return fail(err, errsz, "finding the demo accounts", st);
	l->represented[0] = res->represented[0];
	l->represented[1] = res->represented[1];
	long long ids[COUNT(l->orgs) + 2];
	int n = organisation_public_ids(st, ids, COUNT(ids));
	if (n < 0)
		return fail(err, errsz, "listing organisations", st);
	for (int i = 0; i < n && l->norgs < COUNT(l->orgs); i++)
		if (ids[i] != l->represented[0] && ids[i] != l->represented[1])
			l->orgs[l->norgs++] = ids[i];
	time_t now = clock_now();
	l->today = workdays_local_date(now);
	clock_iso(now, l->now);
	return 0;
}

/* The organisation behind a sender (0: none, which a demo with few organisations may give). */
static long long sender_organisation(const struct demo_links *l, int sender)
{
	if (sender == 1 || sender == 2)
		return l->represented[sender - 1];
	if (sender >= 3 && l->norgs > 0)
		return l->orgs[(sender - 3) % l->norgs];
	return 0;
}

/* The i-th public organisation for invitations: the represented ones first. */
static long long invitee(const struct demo_links *l, int i)
{
	int nrep = (l->represented[0] > 0) + (l->represented[1] > 0);
	if (i < nrep)
		return l->represented[i];
	return i - nrep < l->norgs ? l->orgs[i - nrep] : 0;
}

static const char *ymd(struct arena *a, workday_date d)
{
	char s[11];
	workdays_format(d, s);
	return arena_strdup(a, s);
}

/* A UTC time on the local date d, at an hour that is the same date in Sweden all year. */
static const char *at_time(struct arena *a, workday_date d, const char *hhmm)
{
	char s[11];
	workdays_format(d, s);
	return arena_printf(a, "%sT%s:00Z", s, hhmm);
}

static const char *offset_date(struct arena *a, const struct demo_links *l, int days)
{
	return days == NO_DATE ? NULL : ymd(a, l->today + days);
}

static int put_dialogue(struct store *st, struct arena *a, const struct demo_links *l, const struct demo_dialogue *d,
			long long *id)
{
	long long dep = department_id_of(st, d->department);
	if (dep <= 0)
		return -1;
	bool own = dep == l->official_department;
	long long creator = own ? l->official : l->coordinator;
	workday_date created = l->today + (d->opens == NO_DATE ? -3 : d->opens - 21);
	struct dialogue row = {
		.title = d->title, .question = d->question, .background = d->background, .department_id = dep,
		.contact_account_id = own ? l->official : 0, .can_influence = d->can_influence,
		.cannot_influence = d->cannot_influence, .opens_on = offset_date(a, l, d->opens),
		.closes_on = offset_date(a, l, d->closes), .decision_on = offset_date(a, l, d->decision),
		.skr_level = d->skr_level, .coe_level = d->coe_level, .decision_stage = d->decision_stage,
		.report = {d->heard, d->decision_text, d->minutes_ref, d->link, d->used},
		.created_at = at_time(a, created, "08:00"), .updated_at = at_time(a, created + 1, "08:00"),
	};
	if (!dialogue_state_from_code(d->state, &row.state))
		return -1;
	bool reported = dialogue_is_reported(&row);
	if (reported)
		row.reported_at = at_time(a, l->today + d->decision + 10, "09:30");
	char *list = arena_strdup(a, d->principles), *save = NULL;
	for (char *p = strtok_r(list, "|", &save); p && row.nprinciples < DIALOGUE_PRINCIPLES_MAX;
	     p = strtok_r(NULL, "|", &save))
		row.principles[row.nprinciples++] = p;
	*id = dialogue_insert(st, &row, creator, reported ? l->coordinator : 0);
	if (*id <= 0)
		return -1;
	for (int i = 0; i < d->invite; i++) {
		long long org = invitee(l, i);
		if (!org)
			break;
		/* Not a hash of any token (not even hexadecimal), so no link opens these invitations;
		 * unique as the column requires. */
		const char *hash = arena_printf(a, "demo-%lld-%lld", *id, org);
		workday_date invited = l->today + (d->opens == NO_DATE ? 0 : d->opens) - 7;
		/* About half have been opened; the representative's always. A dialogue not yet open
		 * holds them prepared: they go out when it opens. */
		bool sent = row.state != DIALOGUE_DRAFT && row.state != DIALOGUE_PLANNED;
		bool opened = sent && (i < 2 || i % 2 == 0);
		const char *at = at_time(a, invited, "07:30");
		if (dialogue_invitation_insert(st, *id, org, hash, at, creator, sent ? 1 : 0, sent ? at : NULL,
					       opened ? at_time(a, invited + 1 + i % 3, "18:10") : NULL) != 1)
			return -1;
	}
	return 0;
}

/* The committee's code in capitals and the year: "KFN 2025/214", as a diarienummer looks. */
static const char *case_number(struct arena *a, struct store *st, long long department_id, workday_date d, int n)
{
	char *code = department_committee_code(st, department_id);
	char s[11];
	workdays_format(d, s);
	const char *out = arena_printf(a, "%s %.4s/%d", code ? code : "KS", s, 100 + n);
	for (char *p = (char *)out; *p && *p != ' '; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	free(code);
	return out;
}

/* One submission as it would stand after its history: arrival with due dates from the targets in
 * force, acknowledgement, answer or closing, and — for those whose dates have passed unmet — the
 * reminders and escalations the clock would already have sent. */
struct demo_sub_values {
	long long dialogue_id, department_id, account_id, organisation_id, handler;
	const char *kind, *title, *body, *answer, *note, *hidden, *case_number;
	enum submission_status status; /* when not answered */
	bool publish;
	workday_date received;
	int answer_after; /* -1: not answered */
};

static int put_submission(struct store *st, struct arena *a, const struct demo_links *l,
			  const struct feedback_targets *t, const struct demo_sub_values *v, long long *out_id)
{
	char received_on[11], ack_due[11], ans_due[11];
	workdays_format(v->received, received_on);
	feedback_due_dates(t, received_on, ack_due, ans_due);
	bool answered = v->answer_after >= 0;
	enum submission_status status = answered ? SUBMISSION_ANSWERED : v->status;
	bool acknowledged = answered || status != SUBMISSION_RECEIVED;
	int ack_after = answered && v->answer_after < 2 ? v->answer_after : 2;
	workday_date ack = workdays_add(v->received, ack_after);
	workday_date ans = answered ? workdays_add(v->received, v->answer_after) : 0;
	bool open = !answered && status != SUBMISSION_CLOSED;
	workday_date ackd, ansd;
	workdays_parse(ack_due, &ackd);
	workdays_parse(ans_due, &ansd);
	/* The clock's work so far: a reminder two working days before, escalation the day after. */
	bool ack_late = open && !acknowledged && ackd < l->today;
	bool ans_late = open && ansd < l->today;
	const char *received_at = at_time(a, v->received, "08:15");
	struct submission row = {
		.dialogue_id = v->dialogue_id, .department_id = v->department_id, .account_id = v->account_id,
		.organisation_id = v->organisation_id, .kind = v->kind, .title = v->title, .body = v->body,
		.status = status, .publish_consent = v->publish, .case_number = v->case_number,
		.received_at = received_at, .received_on = received_on, .acknowledge_due = ack_due, .answer_due = ans_due,
		.acknowledged_at = acknowledged ? at_time(a, ack, "10:20") : NULL,
		.answered_at = answered ? at_time(a, ans, "13:40") : NULL,
		.answered_on = answered ? ymd(a, ans) : NULL,
		.answer_workdays = answered ? workdays_between(v->received, ans) : -1,
		.answer = answered ? v->answer : NULL, .answered_by = answered ? v->handler : 0,
		.hidden_at = v->hidden ? at_time(a, workdays_add(v->received, 1), "11:00") : NULL,
		.hidden_reason = v->hidden, .hidden_by = v->hidden ? l->coordinator : 0,
		.updated_at = at_time(a, answered ? ans : acknowledged ? ack : v->received, "13:40"),
	};
	struct submission_clock_marks marks = {
		.acknowledge_reminded_at = ack_late ? at_time(a, workdays_add(ackd, -2), "05:00") : NULL,
		.acknowledge_escalated_at = ack_late ? at_time(a, workdays_add(ackd, 1), "05:00") : NULL,
		.answer_reminded_at = ans_late ? at_time(a, workdays_add(ansd, -2), "05:00") : NULL,
		.answer_escalated_at = ans_late ? at_time(a, workdays_add(ansd, 1), "05:00") : NULL,
	};
	long long id = submission_insert(st, &row, &marks);
	if (id <= 0)
		return -1;
	*out_id = id;
	if (submission_event_insert(st, id, received_at, v->account_id, SUBMISSION_RECEIVED, NULL) != 0)
		return -1;
	if (acknowledged && (!answered || v->answer_after > ack_after) &&
	    submission_event_insert(st, id, at_time(a, ack, "10:20"), v->handler, SUBMISSION_ACKNOWLEDGED, NULL) != 0)
		return -1;
	if (status == SUBMISSION_IN_PROGRESS &&
	    submission_event_insert(st, id, at_time(a, workdays_add(ack, 1), "09:00"), v->handler, SUBMISSION_IN_PROGRESS,
				    NULL) != 0)
		return -1;
	if (answered &&
	    submission_event_insert(st, id, at_time(a, ans, "13:40"), v->handler, SUBMISSION_ANSWERED, NULL) != 0)
		return -1;
	if (status == SUBMISSION_CLOSED &&
	    submission_event_insert(st, id, at_time(a, workdays_add(ack, 3), "15:00"), v->handler, SUBMISSION_CLOSED,
				    v->note) != 0)
		return -1;
	return 0;
}

static int put_dialogues(struct store *st, struct demo_result *out, char *err, size_t errsz)
{
	struct demo_links l;
	if (load_links(st, out, &l, err, errsz) != 0)
		return -1;
	struct feedback_targets targets;
	if (feedback_targets_load(st, &targets) != 0)
		return fail(err, errsz, "reading the feedback targets", st);
	struct arena a = ARENA_INIT;
	long long ids[COUNT(demo_dialogues)];
	int rc = 0;
	for (int i = 0; i < COUNT(demo_dialogues) && rc == 0; i++) {
		if (put_dialogue(st, &a, &l, &demo_dialogues[i], &ids[i]) != 0)
			rc = fail(err, errsz, "adding the dialogues", st);
		else
			out->dialogues++;
	}
	for (int i = 0; i < COUNT(demo_submissions) && rc == 0; i++) {
		const struct demo_submission *s = &demo_submissions[i];
		struct demo_sub_values v = {0};
		const char *dep_code = s->dialogue ? demo_dialogues[s->dialogue - 1].department : s->department;
		v.dialogue_id = s->dialogue ? ids[s->dialogue - 1] : 0;
		v.department_id = department_id_of(st, dep_code);
		v.organisation_id = sender_organisation(&l, s->sender);
		v.account_id = s->sender == SENDER_REPRESENTATIVE || s->sender == 1 || s->sender == 2 ? l.representative : 0;
		/* An organisation without a demo account of its own wrote through an account since removed. */
		v.handler = v.department_id == l.official_department ? l.official : l.coordinator;
		v.kind = s->kind;
		v.title = s->title;
		v.body = s->body;
		v.publish = s->publish;
		v.received = workdays_add(l.today, -s->ago);
		v.answer_after = s->answer_after;
		v.status = submission_status_from_code(s->status);
		v.answer = s->answer_after >= 0 ? s->answer : NULL;
		v.note = s->answer_after < 0 ? s->answer : NULL;
		v.hidden = s->hidden;
		v.case_number = v.status == SUBMISSION_RECEIVED
					? NULL
					: case_number(&a, st, v.department_id, v.received, i + 1);
		long long id;
		if (v.department_id <= 0 || put_submission(st, &a, &l, &targets, &v, &id) != 0)
			rc = fail(err, errsz, "adding the submissions", st);
		else
			out->submissions++;
	}
	arena_free(&a);
	return rc;
}

/* ---------------------------------------------------------------------------------------------
 * The benchmark's dialogue: many published submissions in one open dialogue.
 */

static const char *const bench_topics[] = {
	"Skolvägen", "Biblioteket", "Simhallen", "Busstiderna", "Föreningsbidragen", "Fritidsgården",
	"Strandstädningen", "Belysningen", "Lekplatsen", "Hembygdsgården", "Idrottshallen", "Färjan",
};

int demo_bench_dialogue(struct store *st, int n, long long *dialogue_id, char *err, size_t errsz)
{
	*dialogue_id = 0;
	if (n < 0 || n > DEMO_MAX_BENCH_SUBMISSIONS) {
		snprintf(err, errsz, "the number of submissions must be between 0 and %d", DEMO_MAX_BENCH_SUBMISSIONS);
		return -1;
	}
	if (store_begin(st) != 0)
		return fail(err, errsz, "starting the transaction", st);
	struct demo_result res = {0};
	/* The representative's organisations are not among the others the benchmark's views come from. */
	struct arena scratch = ARENA_INIT;
	struct account_organisation mine[2];
	int nmine = account_organisations(st, &scratch, account_id_by_email(st, demo_accounts[3].email), mine, 2);
	for (int k = 0; k < nmine; k++)
		res.represented[k] = mine[k].id;
	arena_free(&scratch);
	struct demo_links l;
	struct feedback_targets targets;
	int rc = load_links(st, &res, &l, err, errsz);
	if (rc == 0 && feedback_targets_load(st, &targets) != 0)
		rc = fail(err, errsz, "reading the feedback targets", st);
	struct arena a = ARENA_INIT;
	static const struct demo_dialogue bench = {
		"kommunledning", "Budget 2027: vad är viktigast?",
		"Vad ska kommunen prioritera i budgeten för 2027, och var kan vi spara?",
		"Kommunen har mindre pengar än tidigare år. Alla föreningar är välkomna att säga sitt.",
		"Prioriteringarna mellan verksamheterna.", "Skattesatsen.", -120, 30, 60, "konsultation",
		"consultation", "drafting", "open", "P2", 0, NULL, NULL, NULL, NULL, NULL,
	};
	if (rc == 0 && put_dialogue(st, &a, &l, &bench, dialogue_id) != 0)
		rc = fail(err, errsz, "adding the dialogue", st);
	long long dep = department_id_of(st, bench.department);
	for (int i = 0; i < n && rc == 0; i++) {
		struct demo_sub_values v = {0};
		v.dialogue_id = *dialogue_id;
		v.department_id = dep;
		v.organisation_id = l.norgs ? l.orgs[i % l.norgs] : 0;
		v.handler = l.coordinator;
		v.kind = i % 3 == 0 ? "proposal" : "view";
		const char *topic = bench_topics[i % COUNT(bench_topics)];
		v.title = arena_printf(&a, "%s: synpunkt %d om budgeten", topic, i + 1);
		v.body = arena_printf(&a, "%s behöver pengar även nästa år. Så här använder vi den i dag, och det här "
					  "skulle hända om den försvann.", topic);
		v.publish = true;
		int ago = 1 + (i * 7) % 80; /* spread over the dialogue's four months */
		int after = 2 + (i * 5) % 23; /* a few beyond the 20-day target */
		v.received = workdays_add(l.today, -ago);
		switch (i % 10) {
		case 6: v.status = SUBMISSION_RECEIVED; v.answer_after = -1; break;
		case 7: v.status = SUBMISSION_ACKNOWLEDGED; v.answer_after = -1; break;
		case 8: v.status = SUBMISSION_IN_PROGRESS; v.answer_after = -1; break;
		default: v.status = SUBMISSION_RECEIVED; v.answer_after = after < ago ? after : -1; break;
		}
		v.answer = "Tack för synpunkten. Den finns med i underlaget till budgetberedningen.";
		v.case_number = v.answer_after >= 0 ? case_number(&a, st, dep, v.received, i + 1) : NULL;
		long long id;
		if (put_submission(st, &a, &l, &targets, &v, &id) != 0)
			rc = fail(err, errsz, "adding the submissions", st);
		/* Keep the arena small over many rows: the strings are in the database now. */
		if ((i + 1) % 200 == 0) {
			arena_free(&a);
			a = (struct arena)ARENA_INIT;
		}
	}
	arena_free(&a);
	if (rc == 0 && store_commit(st) != 0)
		rc = fail(err, errsz, "committing", st);
	if (rc != 0) {
		store_rollback(st);
		*dialogue_id = 0;
	}
	return rc;
}

/* ---------------------------------------------------------------------------------------------
 * Collaboration areas and their goals: one goal of each source, with a year of typed values and
 * Kolada's values from the file shipped in share/ (made-up figures in Kolada's format). Each
 * through its owning module, as a coordinator would, so each is checked and audited.
 */

static long long committee_id_of(struct store *st, struct arena *a, const char *code)
{
	struct committee cs[32];
	int n = committee_list(st, a, cs, COUNT(cs));
	for (int i = 0; i < n; i++)
		if (strcmp(cs[i].code, code) == 0)
			return cs[i].id;
	return 0;
}

/* A goal of the demo; the strings not given are "". */
static long long put_goal(struct store *st, struct arena *a, const struct account *by, struct goal g)
{
	const char **texts[] = {&g.unit, &g.indicator, &g.district_code, &g.target_group_code, &g.period,
				&g.kolada_kpi, &g.kolada_municipality, &g.kolada_gender};
	for (int i = 0; i < COUNT(texts); i++)
		if (!*texts[i])
			*texts[i] = "";
	struct field_errors e = {0};
	long long id = 0;
	return goal_save(st, a, &g, by, &id, &e) == OUTCOME_OK ? id : 0;
}

static int put_goals(struct store *st, struct demo_result *out, char *err, size_t errsz)
{
	struct arena a = ARENA_INIT;
	struct account coordinator;
	int rc = -1;
	if (!account_load(st, account_id_by_email(st, demo_accounts[1].email), &coordinator)) {
		arena_free(&a);
		return fail(err, errsz, "reading the coordinator", st);
	}
	workday_date today = workdays_local_date(clock_now());
	int year = 0;
	sscanf(ymd(&a, today), "%d", &year);
	const char *last_year_end = arena_printf(&a, "%d-12-31", year - 1);
	const char *target_end = arena_printf(&a, "%d-12-31", year + 2);
	struct field_errors e = {0};

	struct area youth = {
		.title = "Mötesplatser för unga",
		.description = "Kultur- och fritidsnämnden och föreningarna ordnar fler mötesplatser för unga på öarna, "
			       "kvällar och helger, och följer upp hur många som kommer.",
		.committee_id = committee_id_of(st, &a, "kfn"),
		.status = "active",
		.starts_on = arena_printf(&a, "%d-01-01", year),
		.ends_on = target_end,
		.department_ids = {department_id_of(st, "kultur-fritid")},
		.ndepartments = 1,
		.principles = {"P1", "P4"},
		.nprinciples = 2,
		.partner_ids = {out->represented[0]},
		.npartners = out->represented[0] ? 1 : 0,
	};
	struct area answers = {
		.title = "Snabbare svar till föreningarna",
		.description = "Kommunstyrelsen följer hur snabbt föreningarnas synpunkter och förslag får svar, och "
			       "hur många organisationer som deltar i kommunens dialoger.",
		.committee_id = committee_id_of(st, &a, "ks"),
		.status = "active",
		.starts_on = arena_printf(&a, "%d-01-01", year),
		.ends_on = "",
		.department_ids = {department_id_of(st, "kommunledning")},
		.ndepartments = 1,
		.principles = {"P2", "P7", "P9"},
		.nprinciples = 3,
	};
	long long youth_id = 0, answers_id = 0;
	if (area_save(st, &a, &youth, &coordinator, &youth_id, &e) != OUTCOME_OK ||
	    area_save(st, &a, &answers, &coordinator, &answers_id, &e) != OUTCOME_OK) {
		snprintf(err, errsz, "adding the collaboration areas: %s",
			 field_errors_first(&e) ? field_errors_first(&e) : store_errmsg(st));
		goto done;
	}
	long long typed = put_goal(st, &a, &coordinator,
				   (struct goal){.area_id = youth_id, .statement = "Fler unga besöker föreningarnas "
										 "mötesplatser varje månad",
						 .unit = "besökare", .direction = "higher", .baseline_value = "120",
						 .baseline_on = last_year_end, .target_value = "200",
						 .target_on = target_end, .source = "typed"});
	long long kolada = put_goal(st, &a, &coordinator,
				    (struct goal){.area_id = youth_id,
						  .statement = "Nyckeltalet N00945 i Kolada når 20 för Ekerö",
						  .direction = "higher", .baseline_value = "14.2",
						  .baseline_on = arena_printf(&a, "%d-12-31", year - 5), .target_value = "20",
						  .target_on = target_end, .source = "kolada", .kolada_kpi = "N00945",
						  .kolada_municipality = "0125", .kolada_gender = "T"});
	long long taking_part = put_goal(st, &a, &coordinator,
					 (struct goal){.area_id = youth_id,
						       .statement = "Fler organisationer deltar med synpunkter och förslag",
						       .unit = "organisationer", .direction = "higher",
						       .baseline_value = "20", .baseline_on = last_year_end,
						       .target_value = "40", .target_on = target_end, .source = "computed",
						       .indicator = "organisations_taking_part", .period = "12m"});
	long long in_time = put_goal(st, &a, &coordinator,
				     (struct goal){.area_id = answers_id,
						   .statement = "Nio av tio synpunkter och förslag besvaras i tid",
						   .unit = "%", .direction = "higher", .baseline_value = "70",
						   .baseline_on = last_year_end, .target_value = "90",
						   .target_on = target_end, .source = "computed",
						   .indicator = "answered_in_time", .period = "12m"});
	long long median = put_goal(st, &a, &coordinator,
				    (struct goal){.area_id = answers_id,
						  .statement = "Svaren kommer inom tio arbetsdagar (median)",
						  .unit = "arbetsdagar", .direction = "lower", .baseline_value = "14",
						  .baseline_on = last_year_end, .target_value = "10", .target_on = target_end,
						  .source = "computed", .indicator = "median_answer_days", .period = "12m"});
	if (!typed || !kolada || !taking_part || !in_time || !median) {
		fail(err, errsz, "adding the goals", st);
		goto done;
	}
	/* A year of visitors counted each quarter, the latest a month ago. */
	static const struct {
		int days_ago;
		const char *value, *comment;
	} counted[] = {
		{330, "118", "Räknat vid entrén under januari."},
		{240, "131", ""},
		{150, "127", "Sommaruppehåll på två mötesplatser."},
		{60, "152", "Ny mötesplats på Munsö."},
	};
	for (int i = 0; i < COUNT(counted); i++) {
		struct field_errors ve = {0};
		if (goal_value_record(st, &a, typed, ymd(&a, today - counted[i].days_ago), counted[i].value,
				      counted[i].comment, &coordinator, &ve) != OUTCOME_OK) {
			fail(err, errsz, "adding the goal's values", st);
			goto done;
		}
	}
	const struct embedded_file *f = embedded_find("share/kolada-demo.json");
	struct kolada_result kr;
	const char *text = f ? arena_strndup(&a, (const char *)f->data, f->len) : NULL;
	if (!text || kolada_import(st, &text, 1, &kr) != OUTCOME_OK) {
		snprintf(err, errsz, "adding the Kolada values: %s", text ? kr.error : "share/kolada-demo.json is not built in");
		goto done;
	}
	if (goal_recompute_all(st, ymd(&a, today), NULL) != OUTCOME_OK) {
		fail(err, errsz, "computing the goals' values", st);
		goto done;
	}
	out->areas = 2;
	out->goals = 5;
	rc = 0;
done:
	arena_free(&a);
	return rc;
}

/* ---------------------------------------------------------------------------------------------
 * Two adopted action plans, of the departments that run the two areas: actions in every status,
 * serving principles and the areas' goals, with progress notes dated over the past year. Written
 * as the department's official and the coordinator would, through action_plan.c.
 */

struct demo_action {
	const char *what;
	int starts, due; /* calendar days from today */
	const char *principles;
	int goals[2];    /* 1-based indexes into the plan's goals; 0: none */
	struct {
		int days_ago;
		const char *status, *text;
	} notes[3];
};

static int put_plan(struct store *st, struct arena *a, const struct account *by, const char *department,
		    const char *title, const char *case_number, workday_date today, const long long *goals,
		    const struct demo_action *actions, int nactions)
{
	int year = 0, first = 0;
	sscanf(ymd(a, today), "%d", &year);
	sscanf(ymd(a, today - 330), "%d", &first);
	struct field_errors e = {0};
	struct action_plan p = {.department_id = department_id_of(st, department),
				.title = title,
				.period_start = arena_printf(a, "%d-01-01", first),
				.period_end = arena_printf(a, "%d-12-31", year)};
	long long plan_id = 0;
	if (action_plan_save(st, a, &p, by, &plan_id, &e) != OUTCOME_OK)
		return -1;
	struct account_choice handlers[4];
	int nh = account_handlers(st, a, p.department_id, handlers, 4);
	long long ids[8];
	for (int i = 0; i < nactions && i < 8; i++) {
		struct plan_action x = {.plan_id = plan_id,
					.what = actions[i].what,
					.responsible_account_id = nh > 0 ? handlers[i % nh].id : 0,
					.starts_on = ymd(a, today + actions[i].starts),
					.due_on = ymd(a, today + actions[i].due)};
		x.nprinciples = 0;
		for (const char *c = actions[i].principles; *c; c += strspn(c, " ")) {
			x.principles[x.nprinciples++] = arena_strndup(a, c, 2);
			c += 2;
		}
		for (int k = 0; k < 2; k++)
			if (actions[i].goals[k])
				x.goal_ids[x.ngoals++] = goals[actions[i].goals[k] - 1];
		if (plan_action_save(st, a, &x, by, &ids[i], &e) != OUTCOME_OK)
			return -1;
	}
	/* Adopted eleven months ago; the notes since then are the plan's history against version 1. */
	for (int round = 0; round < 2; round++) {
		if (round == 1) {
			int adopted = 0;
			sscanf(ymd(a, today - 320), "%d", &adopted);
			if (action_plan_adopt(st, a, plan_id, ymd(a, today - 320),
					      arena_printf(a, "%s %d/%d", case_number, adopted, 14 + nactions), by,
					      &e) != OUTCOME_OK)
				return -1;
		}
		for (int i = 0; i < nactions && i < 8; i++)
			for (int k = 0; k < 3; k++) {
				if (!actions[i].notes[k].text || (actions[i].notes[k].days_ago > 320) != (round == 0))
					continue;
				if (plan_action_progress(st, a, ids[i], actions[i].notes[k].status,
							 ymd(a, today - actions[i].notes[k].days_ago), actions[i].notes[k].text,
							 by, &e) != OUTCOME_OK)
					return -1;
			}
	}
	return 0;
}

static int put_plans(struct store *st, struct demo_result *out, char *err, size_t errsz)
{
	struct arena a = ARENA_INIT;
	struct account official, coordinator;
	int rc = -1;
	if (!account_load(st, account_id_by_email(st, demo_accounts[2].email), &official) ||
	    !account_load(st, account_id_by_email(st, demo_accounts[1].email), &coordinator)) {
		arena_free(&a);
		return fail(err, errsz, "reading the official and the coordinator", st);
	}
	struct goal goals[8];
	int ng = goal_list(st, &a, 0, goals, 8);
	if (ng < 5) {
		arena_free(&a);
		return fail(err, errsz, "reading the goals", st);
	}
	/* The demo's goals in id order: visitors, Kolada, organisations, answered in time, median. */
	long long youth[3] = {goals[0].id, goals[1].id, goals[2].id};
	long long answers[2] = {goals[3].id, goals[4].id};
	workday_date today = workdays_local_date(clock_now());
	static const struct demo_action culture[] = {
		{"Öppna en ny mötesplats för unga på Munsö tillsammans med föreningarna.", -330, -60, "P1 P4", {1, 0},
		 {{340, "in_progress", "Lokal hittad i bygdegården; avtal med två föreningar."},
		  {200, NULL, "Första kvällarna öppna, ett trettiotal besökare."},
		  {60, "done", "Mötesplatsen är öppen tre kvällar i veckan."}}},
		{"Räkna besökare varje månad och redovisa till nämnden varje kvartal.", -320, 40, "P9", {1, 0},
		 {{300, "in_progress", "Rutin för räkning vid entrén införd."}, {90, NULL, "Tredje kvartalet redovisat."}}},
		{"Bjud in föreningarna till dialog om sommarlovsaktiviteter.", -200, 20, "P2 P3", {3, 0},
		 {{180, "in_progress", "Inbjudan skickad till fyrtio föreningar."},
		  {120, "postponed", "Skjuts till våren: för få svar före sommaren."}}},
		{"Ta fram ett gemensamt bokningssystem för föreningslokaler.", -100, 200, "P6", {0, 0},
		 {{80, "cancelled", "Ersätts av kommunens nya bokningstjänst."}}},
		{"Följ upp Koladas nyckeltal för fritid med nämnden.", 10, 150, "P9", {2, 0}, {{0}}},
	};
	static const struct demo_action leadership[] = {
		{"Inför påminnelser när en synpunkt närmar sig sitt svarsdatum.", -330, -150, "P7", {1, 2},
		 {{325, "in_progress", "Påminnelserna testas på två förvaltningar."},
		  {160, "done", "Påminnelserna gäller alla förvaltningar."}}},
		{"Utbilda handläggare i att skriva svar i klarspråk.", -250, -20, "P7 P9", {2, 0},
		 {{240, "in_progress", "Första utbildningstillfället hållet."},
		  {30, "done", "Alla handläggare har gått utbildningen."}}},
		{"Publicera vad som hände efter varje dialog inom en månad.", -200, 60, "P8", {0, 0},
		 {{190, "in_progress", "Mall för återkoppling klar."}, {50, NULL, "Sex av åtta dialoger återkopplade."}}},
		{"Ta fram en årlig uppföljning av policyn till kommunfullmäktige.", -30, 25, "P9", {1, 0},
		 {{20, "in_progress", "Underlaget hämtas ur samverkan."}}},
		{"Se över svarstiderna i samhällsbyggnadsärenden.", 30, 180, "P7", {2, 0},
		 {{100, "postponed", "Väntar på ny organisation för förvaltningen."}}},
	};
	if (put_plan(st, &a, &official, "kultur-fritid", "Handlingsplan för samverkan med civilsamhället",
		     "KFN", today, youth, culture, COUNT(culture)) != 0 ||
	    put_plan(st, &a, &coordinator, "kommunledning", "Kommunledningens handlingsplan för samverkan", "KS",
		     today, answers, leadership, COUNT(leadership)) != 0) {
		fail(err, errsz, "adding the action plans", st);
		goto done;
	}
	out->plans = 2;
	rc = 0;
done:
	arena_free(&a);
	return rc;
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
	long long existing = organisation_count(st);
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
		rc = put_profile(st, err, errsz);
		if (rc == 0)
			rc = put_structure(st, out, err, errsz);
		if (rc == 0)
			rc = put_organisations(st, n, out, err, errsz);
		if (rc == 0)
			rc = put_accounts(st, out, err, errsz);
		if (rc == 0)
			rc = put_dialogues(st, out, err, errsz);
	}
	if (rc == 0 && store_commit(st) != 0)
		rc = fail(err, errsz, "committing", st);
	if (rc != 0) {
		store_rollback(st);
		struct demo_result empty = {0};
		*out = empty;
		return rc;
	}
	/* The made-up history had a running clock: what it would have sent up to now counts as sent, so
	 * a new demo server does not start by mailing reminders about days that never happened. */
	if (feedback_mark_due(st, clock_now()) != 0)
		return fail(err, errsz, "marking the feedback clock's past reminders", st);
	/* Areas and goals through their own modules, each change in its own audited transaction. */
	if (put_goals(st, out, err, errsz) != 0 || put_plans(st, out, err, errsz) != 0)
		return -1;
	if (store_analyze(st) != 0)
		return fail(err, errsz, "updating the planner's statistics", st);
	return 0;
}
