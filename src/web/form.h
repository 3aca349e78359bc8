/* form: the shared form components and the validator that collects field-by-field errors. */
#ifndef SAMVERKAN_FORM_H
#define SAMVERKAN_FORM_H
#include "base/outcome.h"
#include "web/request.h"

/* A posted field's value as typed, "" when it was not sent. */
const char *form_value(struct request *r, const char *name);

/* An error summary (role=alert, links to each field; a message without a field is shown as it is)
 * when there are errors. The errors are the domain's struct field_errors, rendered as they come. */
void form_error_summary(struct request *r, const struct field_errors *e);
/* <form method=post> with the CSRF token. */
void form_begin(struct request *r, const char *action);
void form_end(struct request *r, const char *submit_label);

struct form_option {
	const char *value;
	const char *label;
};

/* Each writes a label, the control with the value the user typed, a hint and the field's
 * error, tied together with aria-describedby / aria-invalid. `hint` may be NULL. */
void form_text(struct request *r, const char *name, const char *label, const char *value,
	       const char *hint, const struct field_errors *e, const char *type, const char *autocomplete);
/* A text input with an inputmode (such as "numeric" for a postcode, which may still hold a
 * space, so type=number would not do): the phone's keyboard fits what is typed. */
void form_text_mode(struct request *r, const char *name, const char *label, const char *value, const char *hint,
		    const struct field_errors *e, const char *autocomplete, const char *inputmode);
void form_textarea(struct request *r, const char *name, const char *label, const char *value,
		   const char *hint, const struct field_errors *e);
void form_select(struct request *r, const char *name, const char *label, const char *value,
		 const struct form_option *opts, int nopts, const struct field_errors *e, bool with_empty);
/* A fieldset of checkboxes; `checked` lists the values that are ticked. */
void form_checkboxes(struct request *r, const char *name, const char *legend, const struct form_option *opts,
		     int nopts, const char **checked, int nchecked, const struct field_errors *e);
void form_checkbox(struct request *r, const char *name, const char *label, bool checked);
/* A fieldset of radio buttons, one chosen (`value`, which may match none); the fieldset's id is
 * the name, so the error summary can link to it. `hint` may be NULL. */
void form_radios(struct request *r, const char *name, const char *legend, const char *hint, const char *value,
		 const struct form_option *opts, int nopts, const struct field_errors *e);
/* The same with an explanation under each choice (hints[i] for opts[i]), tied to its button. */
void form_radios_explained(struct request *r, const char *name, const char *legend, const char *hint, const char *value,
			   const struct form_option *opts, const char *const *hints, int nopts,
			   const struct field_errors *e);

#endif
