/* cmd_alias: `samverkan alias add` — another word for a category, target group or legal form, as
 * the municipality's own register writes it. */
#include "cli/cli.h"
#include "domain/taxonomy.h"
#include <stdio.h>
#include <string.h>

int cmd_alias_add(int argc, char **argv)
{
	const char *db;
	int next, done = cli_db_options(argc, argv, "alias add",
				      "usage: samverkan alias add KIND TERM ALIAS [--db PATH]\n\n"
				      "Records ALIAS as another word for TERM in the list KIND (category, target_group or\n"
				      "legal_form). TERM is the term's code (e.g. icnpo4) or its name. Import, the register's\n"
				      "filters, the API and search then understand the alias; matching ignores case,\n"
				      "punctuation, spacing and the words och/eller/and/or.\n",
				      &db, &next);
	if (done >= 0)
		return done;
	if (argc - next != 3)
		return cli_usage_error("alias add", "give KIND, TERM and ALIAS");
	enum taxonomy t;
	const char *kind = argv[next], *term = argv[next + 1], *alias = argv[next + 2];
	if (!taxonomy_from_name(kind, &t) || t == TAX_DISTRICT)
		return cli_usage_error("alias add", "unknown KIND '%s' (category, target_group or legal_form)", kind);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	int rc = 1;
	char code[32];
	struct field_errors e = {0};
	if (!taxonomy_resolve(st, t, term, code)) {
		fprintf(stderr, "samverkan alias add: no %s '%s'", kind, term);
		struct term near[3];
		int n = taxonomy_suggest(st, t, term, near, 3);
		for (int i = 0; i < n; i++)
			fprintf(stderr, "%s%s (%s)", i ? ", " : "; did you mean ", near[i].code, near[i].name_sv);
		fprintf(stderr, "\n");
	} else {
		enum outcome o = taxonomy_alias_add(st, t, code, alias, 0, &e);
		if (o == OUTCOME_OK) {
			struct term all[64];
			int n = taxonomy_list(st, t, all, 64);
			const char *name = code;
			for (int i = 0; i < n; i++)
				if (strcmp(all[i].code, code) == 0)
					name = all[i].name_sv;
			printf("alias \"%s\" means %s %s (%s)\n", alias, kind, code, name);
			rc = 0;
		} else {
			static const char *const options[] = {"alias", "ALIAS", NULL};
			rc = cli_outcome_error("alias add", o, &e, options);
		}
	}
	store_close(st);
	return rc;
}
