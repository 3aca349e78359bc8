/* form: accessible form controls that show back what was typed and say what is wrong, field by field. */
#include "web/form.h"
#include "base/html.h"
#include "base/i18n.h"
#include <stdio.h>
#include <string.h>

const char *form_value(struct request *r, const char *name)
{
	const char *v = param_get(&r->form, name);
	return v ? v : "";
}

void form_error_summary(struct request *r, const struct field_errors *e)
{
	if (!e || !e->n)
		return;
	/* The plural form is a format with %d: fill it in first, then escape the result. */
	char heading[200];
	snprintf(heading, sizeof heading,
		 P_("There is a problem with %d field", "There are problems with %d fields", e->n), e->n);
	html_printf(&r->body,
		    "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus id=\"errors\">\n<h2>%s</h2>\n<ul>\n",
		    heading);
	for (int i = 0; i < e->n; i++) {
		if (e->items[i].field)
			html_printf(&r->body, "<li><a href=\"#%s\">%s</a></li>\n", e->items[i].field, e->items[i].message);
		else
			html_printf(&r->body, "<li>%s</li>\n", e->items[i].message);
	}
	html_printf(&r->body, "</ul>\n</div>\n");
}

void form_begin(struct request *r, const char *action)
{
	html_printf(&r->body,
		    "<form method=\"post\" action=\"%s\" novalidate>\n<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n",
		    action, request_csrf_token(r));
}

void form_end(struct request *r, const char *submit_label)
{
	html_printf(&r->body, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n",
		    submit_label);
}

static void field_open(struct request *r, const char *name, const char *label, const char *hint,
		       const char *error)
{
	html_printf(&r->body, "<div class=\"field%s\">\n<label for=\"%s\">%s</label>\n", error ? " has-error" : "",
		    name, label);
	if (hint)
		html_printf(&r->body, "<p class=\"hint\" id=\"%s-hint\">%s</p>\n", name, hint);
	if (error)
		html_printf(&r->body, "<p class=\"error\" id=\"%s-error\"><span class=\"visually-hidden\">%s </span>%s</p>\n",
			    name, _("Error:"), error);
}

static void described_by(struct request *r, const char *name, const char *hint, const char *error)
{
	if (!hint && !error)
		return;
	html_printf(&r->body, " aria-describedby=\"");
	if (hint)
		html_printf(&r->body, "%s-hint%s", name, error ? " " : "");
	if (error)
		html_printf(&r->body, "%s-error", name);
	html_raw(&r->body, error ? "\" aria-invalid=\"true\"" : "\"");
}

static void text_input(struct request *r, const char *name, const char *label, const char *value, const char *hint,
		       const struct field_errors *e, const char *type, const char *autocomplete, const char *inputmode)
{
	const char *error = field_error_for(e, name);
	field_open(r, name, label, hint, error);
	html_printf(&r->body, "<input type=\"%s\" id=\"%s\" name=\"%s\" value=\"%s\"", type ? type : "text", name,
		    name, value ? value : "");
	if (autocomplete)
		html_printf(&r->body, " autocomplete=\"%s\"", autocomplete);
	if (inputmode)
		html_printf(&r->body, " inputmode=\"%s\"", inputmode);
	described_by(r, name, hint, error);
	html_printf(&r->body, ">\n</div>\n");
}

void form_text(struct request *r, const char *name, const char *label, const char *value, const char *hint,
	       const struct field_errors *e, const char *type, const char *autocomplete)
{
	text_input(r, name, label, value, hint, e, type, autocomplete, NULL);
}

void form_text_mode(struct request *r, const char *name, const char *label, const char *value, const char *hint,
		    const struct field_errors *e, const char *autocomplete, const char *inputmode)
{
	text_input(r, name, label, value, hint, e, "text", autocomplete, inputmode);
}

void form_textarea(struct request *r, const char *name, const char *label, const char *value, const char *hint,
		   const struct field_errors *e)
{
	const char *error = field_error_for(e, name);
	field_open(r, name, label, hint, error);
	html_printf(&r->body, "<textarea id=\"%s\" name=\"%s\" rows=\"6\"", name, name);
	described_by(r, name, hint, error);
	html_printf(&r->body, ">%s</textarea>\n</div>\n", value ? value : "");
}

void form_select(struct request *r, const char *name, const char *label, const char *value,
		 const struct form_option *opts, int nopts, const struct field_errors *e, bool with_empty)
{
	const char *error = field_error_for(e, name);
	field_open(r, name, label, NULL, error);
	html_printf(&r->body, "<select id=\"%s\" name=\"%s\"", name, name);
	described_by(r, name, NULL, error);
	html_printf(&r->body, ">\n");
	if (with_empty)
		html_printf(&r->body, "<option value=\"\">%s</option>\n", _("– any –"));
	for (int i = 0; i < nopts; i++)
		html_printf(&r->body, "<option value=\"%s\"%s>%s</option>\n", opts[i].value,
			    value && strcmp(value, opts[i].value) == 0 ? " selected" : "", opts[i].label);
	html_printf(&r->body, "</select>\n</div>\n");
}

void form_checkboxes(struct request *r, const char *name, const char *legend, const struct form_option *opts,
		     int nopts, const char **checked, int nchecked, const struct field_errors *e)
{
	const char *error = field_error_for(e, name);
	html_printf(&r->body, "<fieldset class=\"checkboxes%s\" id=\"%s\">\n<legend>%s</legend>\n",
		    error ? " has-error" : "", name, legend);
	if (error)
		html_printf(&r->body, "<p class=\"error\">%s</p>\n", error);
	for (int i = 0; i < nopts; i++) {
		bool on = false;
		for (int j = 0; j < nchecked; j++)
			if (strcmp(checked[j], opts[i].value) == 0)
				on = true;
		html_printf(&r->body,
			    "<div><input type=\"checkbox\" id=\"%s-%s\" name=\"%s\" value=\"%s\"%s>"
			    "<label for=\"%s-%s\">%s</label></div>\n",
			    name, opts[i].value, name, opts[i].value, on ? " checked" : "", name, opts[i].value,
			    opts[i].label);
	}
	html_printf(&r->body, "</fieldset>\n");
}

void form_checkbox(struct request *r, const char *name, const char *label, bool checked)
{
	html_printf(&r->body,
		    "<div class=\"field checkbox\"><input type=\"checkbox\" id=\"%s\" name=\"%s\" value=\"1\"%s>"
		    "<label for=\"%s\">%s</label></div>\n",
		    name, name, checked ? " checked" : "", name, label);
}

void form_radios(struct request *r, const char *name, const char *legend, const char *hint, const char *value,
		 const struct form_option *opts, int nopts, const struct field_errors *e)
{
	form_radios_explained(r, name, legend, hint, value, opts, NULL, nopts, e);
}

void form_radios_explained(struct request *r, const char *name, const char *legend, const char *hint, const char *value,
			   const struct form_option *opts, const char *const *hints, int nopts,
			   const struct field_errors *e)
{
	const char *error = field_error_for(e, name);
	bool choices = hints != NULL; /* explained one by one */
	/* The group is described by its hint and error; aria-invalid belongs on controls, not here. */
	html_printf(&r->body, "<fieldset class=\"%s%s\" id=\"%s\"", choices ? "choices" : "checkboxes",
		    error ? " has-error" : "", name);
	if (hint || error)
		html_printf(&r->body, " aria-describedby=\"%s%s%s%s\"", hint ? name : "", hint ? "-hint" : "",
			    hint && error ? " " : "", error ? arena_printf(&r->arena, "%s-error", name) : "");
	html_printf(&r->body, ">\n<legend>%s</legend>\n", legend);
	if (hint)
		html_printf(&r->body, "<p class=\"hint\" id=\"%s-hint\">%s</p>\n", name, hint);
	if (error)
		html_printf(&r->body, "<p class=\"error\" id=\"%s-error\"><span class=\"visually-hidden\">%s </span>%s</p>\n",
			    name, _("Error:"), error);
	for (int i = 0; i < nopts; i++) {
		const char *checked = value && strcmp(value, opts[i].value) == 0 ? " checked" : "";
		if (choices)
			html_printf(&r->body,
				    "<div class=\"choice\"><input type=\"radio\" id=\"%s-%s\" name=\"%s\" value=\"%s\"%s "
				    "aria-describedby=\"%s-%s-hint\"><label for=\"%s-%s\">%s</label>"
				    "<p class=\"hint\" id=\"%s-%s-hint\">%s</p></div>\n",
				    name, opts[i].value, name, opts[i].value, checked, name, opts[i].value, name,
				    opts[i].value, opts[i].label, name, opts[i].value, hints[i]);
		else
			html_printf(&r->body,
				    "<div><input type=\"radio\" id=\"%s-%s\" name=\"%s\" value=\"%s\"%s>"
				    "<label for=\"%s-%s\">%s</label></div>\n",
				    name, opts[i].value, name, opts[i].value, checked, name, opts[i].value, opts[i].label);
	}
	html_printf(&r->body, "</fieldset>\n");
}
