/* submission_api: published views and proposals and their answers as open data — never a person's
 * name or address, only an organisation's name. */
#include "web/pages.h"
#include "web/api.h"
#include "base/i18n.h"
#include "domain/submission.h"
#include <stdio.h>
#include <string.h>

#define API_PER_PAGE 20
#define API_PER_PAGE_MAX 100
#define API_ID_MAX 1000000000000000LL
#define HISTORY_MAX 200

static void set_text(json_t *j, const char *key, const char *s)
{
	json_object_set_new(j, key, s ? json_string(s) : json_null());
}

/* A local date from an ISO time, or null. */
static void set_local_date(json_t *j, const char *key, const char *iso)
{
	char day[11];
	submission_local_date(iso, day);
	json_object_set_new(j, key, *day ? json_string(day) : json_null());
}

/* The public fields of a published submission; the history only when given (the single view). */
static json_t *submission_json(const struct submission *s, const struct submission_event *ev, int nev)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(s->id));
	json_object_set_new(j, "dialogue_id", s->dialogue_id ? json_integer(s->dialogue_id) : json_null());
	json_t *dep = json_object();
	json_object_set_new(dep, "id", json_integer(s->department_id));
	set_text(dep, "name", s->department_name);
	json_object_set_new(j, "department", dep);
	set_text(j, "kind", s->kind);
	set_text(j, "title", s->title);
	set_text(j, "text", s->body);
	if (submission_organisation_shown(s, NULL)) {
		json_t *org = json_object();
		json_object_set_new(org, "id", json_integer(s->organisation_id));
		set_text(org, "name", s->organisation_name);
		json_object_set_new(j, "organisation", org);
	} else if (s->organisation_id) {
		/* An organisation hidden from the public register: that it was one, not which. */
		json_t *org = json_object();
		json_object_set_new(org, "id", json_null());
		json_object_set_new(org, "name", json_null());
		json_object_set_new(j, "organisation", org);
	} else {
		/* A private person: who they are is not public. */
		json_object_set_new(j, "organisation", json_null());
	}
	set_text(j, "status", submission_status_code(s->status));
	set_text(j, "received_on", s->received_on);
	set_text(j, "acknowledge_due", s->acknowledge_due);
	set_text(j, "answer_due", s->answer_due);
	set_local_date(j, "acknowledged_on", s->acknowledged_at);
	set_text(j, "answered_on", s->answered_on);
	json_object_set_new(j, "answer_workdays", s->answer_workdays >= 0 ? json_integer(s->answer_workdays) : json_null());
	set_text(j, "answer", s->answer);
	set_text(j, "case_number", s->case_number);
	if (ev) {
		json_t *h = json_array();
		for (int i = 0; i < nev; i++) {
			json_t *e = json_object();
			set_text(e, "status", submission_status_code(ev[i].status));
			set_local_date(e, "date", ev[i].at);
			json_array_append_new(h, e);
		}
		json_object_set_new(j, "history", h);
	}
	char url[48];
	snprintf(url, sizeof url, "/synpunkter/%lld", s->id);
	json_object_set_new(j, "url", json_string(url));
	return j;
}

void api_submission_list(struct request *r)
{
	struct submission_filter f = {0};
	long long page, per_page, dialogue, department;
	if (!api_number_param(r, "page", 1, API_PAGE_MAX, 1, &page) ||
	    !api_number_param(r, "per_page", 1, API_PER_PAGE_MAX, API_PER_PAGE, &per_page) ||
	    !api_number_param(r, "dialogue", 1, API_ID_MAX, 0, &dialogue) ||
	    !api_number_param(r, "department", 1, API_ID_MAX, 0, &department))
		return;
	const char *status = param_get(&r->query, "status");
	f.status = submission_status_from_code(status);
	if (status && !f.status) {
		api_bad_parameter(r, arena_printf(&r->arena, _("The parameter %s must be one of: %s."), "status",
					      "received, acknowledged, in_progress, answered, closed"));
		return;
	}
	f.dialogue_id = dialogue;
	f.department_id = department;
	/* Open data: published ones only, whoever asks. */
	f.manager = NULL;
	f.page = (int)page;
	f.per_page = (int)per_page;
	struct submission *items = arena_alloc(&r->arena, sizeof *items * (size_t)per_page);
	long long total = 0;
	int n = submission_list(r->store, &r->arena, &f, items, &total);
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, submission_json(&items[i], NULL, 0));
	api_public_page(r, arr, total, f.page, f.per_page);
}

void api_submission_show(struct request *r)
{
	long long id = route_id(r, 0);
	struct submission s;
	enum outcome o = id ? submission_load(r->store, &r->arena, id, &s) : OUTCOME_NOT_FOUND;
	/* Unpublished and hidden ones do not exist here, even for their authors and handlers. */
	if (o == OUTCOME_OK && !submission_is_public(&s))
		o = OUTCOME_NOT_FOUND;
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	struct submission_event *ev = arena_alloc(&r->arena, sizeof *ev * HISTORY_MAX);
	int nev = submission_events(r->store, &r->arena, id, ev, HISTORY_MAX);
	if (nev < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	api_public(r, submission_json(&s, ev, nev));
}
