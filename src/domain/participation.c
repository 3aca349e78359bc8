/* participation: SKR's ladder, the Council of Europe code and the policy principles as tables of
 * codes, names and explanations; the codes match the CHECK constraints of the dialogue tables. */
#include "domain/participation.h"
#include "base/i18n.h"
#include "base/outcome.h"
#include <stddef.h>
#include <string.h>

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* SKR's ladder for citizen dialogue (delaktighetstrappan), from informing to deciding together. */
static const struct participation_term skr_levels[] = {
	{"information", N_("Information"),
	 N_("The municipality tells you about plans and decisions; there is no room to change them.")},
	{"konsultation", N_("Consultation"),
	 N_("The municipality asks for your views on a proposal it has prepared, for example in a survey or at a "
	    "meeting.")},
	{"dialog", N_("Dialogue"),
	 N_("You and the municipality talk the question through together, so that different views are heard and "
	    "weighed before a proposal is made.")},
	{"inflytande", N_("Influence"),
	 N_("You take part over a longer time and help shape the proposals that are then decided.")},
	{"medbestammande", N_("Co-determination"),
	 N_("You and the municipality decide together, or the municipality hands the responsibility for the question "
	    "to you.")},
};

/* The Council of Europe's Code of Good Practice for Civil Participation: four levels of
 * participation, from the least to the most involvement. */
static const struct participation_term coe_levels[] = {
	{"information", N_("Information"),
	 N_("One-way: the municipality gives information, which every other level of participation builds on.")},
	{"consultation", N_("Consultation"),
	 N_("The municipality asks civil society for its opinion on a particular question or proposal.")},
	{"dialogue", N_("Dialogue"),
	 N_("A two-way exchange built on shared interests, in which both sides listen and explain their views.")},
	{"partnership", N_("Partnership"),
	 N_("Shared responsibility with civil society at each step, from setting the agenda to carrying out the "
	    "decision.")},
};

/* The same code's six stages of a political decision, in the order they happen. */
static const struct participation_term decision_stages[] = {
	{"agenda", N_("Agenda setting"), N_("Deciding which problems and needs the municipality should act on.")},
	{"drafting", N_("Drafting"), N_("Preparing the proposal, for example a plan, a programme or a set of rules.")},
	{"decision", N_("Decision"), N_("The committee or the municipal council decides.")},
	{"implementation", N_("Implementation"), N_("The decision is carried out.")},
	{"monitoring", N_("Monitoring"), N_("Following up whether the decision achieves what it was meant to.")},
	{"reformulation", N_("Reformulation"),
	 N_("Revising the decision or the policy in the light of what was learnt.")},
};

/* The policy for collaboration with civil society, principle by principle (see the policy text). */
static const struct participation_term principles[] = {
	{"P1", N_("Inventory"),
	 N_("Find the areas where the municipality and civil society can work together, with goals that can be "
	    "followed up.")},
	{"P2", N_("In dialogue"),
	 N_("Invite a breadth of civil society to dialogue on shared challenges, listen and give feedback.")},
	{"P3", N_("Diversity"),
	 N_("Make it easier for under-represented groups to take part in civil society and public life.")},
	{"P4", N_("Network meetings and workshops"),
	 N_("Bring civil-society actors and citizens together on current questions.")},
	{"P5", N_("Knowledge"),
	 N_("Build knowledge in the departments of how civil society is organised and what it needs.")},
	{"P6", N_("Openness and accessibility"),
	 N_("An open and accessible decision process, with current information that is easy to use.")},
	{"P7", N_("Responsiveness"), N_("Listen, and give feedback on every proposal and view.")},
	{"P8", N_("Communication"),
	 N_("Tell civil society about the municipality's mandate and limits, and lift up civil society's own "
	    "initiatives.")},
	{"P9", N_("Department action plans"),
	 N_("Each department draws up its own action plan for collaboration with civil society.")},
};

int participation_terms(enum participation_scale s, const struct participation_term **out)
{
	switch (s) {
	case PART_SKR_LEVEL: *out = skr_levels; return COUNT(skr_levels);
	case PART_COE_LEVEL: *out = coe_levels; return COUNT(coe_levels);
	case PART_DECISION_STAGE: *out = decision_stages; return COUNT(decision_stages);
	case PART_PRINCIPLE: *out = principles; return COUNT(principles);
	}
	*out = NULL;
	return 0;
}

int participation_index(enum participation_scale s, const char *code)
{
	const struct participation_term *t;
	int n = participation_terms(s, &t);
	for (int i = 0; code && i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return i;
	return -1;
}

bool participation_valid(enum participation_scale s, const char *code) { return participation_index(s, code) >= 0; }

int participation_principles_keep(const char **codes, int n, struct field_errors *e, const char *field)
{
	int kept = 0;
	for (int i = 0; i < n; i++) {
		if (!participation_valid(PART_PRINCIPLE, codes[i])) {
			field_error(e, field, _("Choose principles from the list."));
			continue;
		}
		bool seen = false;
		for (int j = 0; j < kept && !seen; j++)
			seen = strcmp(codes[j], codes[i]) == 0;
		if (!seen)
			codes[kept++] = codes[i];
	}
	return kept;
}

const char *participation_label(enum participation_scale s, const char *code)
{
	const struct participation_term *t;
	participation_terms(s, &t);
	int i = participation_index(s, code);
	return i < 0 ? (code ? code : "") : _(t[i].label);
}

const char *participation_hint(enum participation_scale s, const char *code)
{
	const struct participation_term *t;
	participation_terms(s, &t);
	int i = participation_index(s, code);
	return i < 0 ? "" : _(t[i].hint);
}
