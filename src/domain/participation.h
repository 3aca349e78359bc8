/* participation: the fixed vocabularies a dialogue is placed on — SKR's ladder for citizen dialogue,
 * the Council of Europe code's levels and decision stages, and the policy's principles P1–P9 — with
 * a name and a one-sentence explanation of each, so participants know beforehand what is on offer. */
#ifndef SAMVERKAN_PARTICIPATION_H
#define SAMVERKAN_PARTICIPATION_H
#include <stdbool.h>

enum participation_scale {
	PART_SKR_LEVEL,      /* information, konsultation, dialog, inflytande, medbestammande */
	PART_COE_LEVEL,      /* information, consultation, dialogue, partnership */
	PART_DECISION_STAGE, /* agenda, drafting, decision, implementation, monitoring, reformulation */
	PART_PRINCIPLE,      /* P1 … P9 */
};

/* One step or principle: the code as stored, and the English msgids of its name and explanation
 * (translate with _() where they are shown). */
struct participation_term {
	const char *code;
	const char *label;
	const char *hint;
};

/* The scale's terms in their order (lowest level or earliest stage first); the count. */
int participation_terms(enum participation_scale s, const struct participation_term **out);
/* The code's position on the scale (0-based), or -1 when it is not one of the scale's codes. */
int participation_index(enum participation_scale s, const char *code);
bool participation_valid(enum participation_scale s, const char *code);
/* The principles a form ticked, as a dialogue or an area keeps them: codes[0..n) cut down to those
 * that are principles, each once, in their order; returns how many are kept. A code that is not
 * one adds "Choose principles from the list." to e at `field`. */
struct field_errors;
int participation_principles_keep(const char **codes, int n, struct field_errors *e, const char *field);
/* The name and the explanation in the thread's language; an unknown code is its own name and
 * has no explanation (""). */
const char *participation_label(enum participation_scale s, const char *code);
const char *participation_hint(enum participation_scale s, const char *code);

#endif
