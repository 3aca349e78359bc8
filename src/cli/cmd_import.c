/* cmd_import: `samverkan import organisations FILE` — a CSV file or Excel workbook into the register, all rows or none. */
#include "cli/cli.h"
#include "domain/organisation_import.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --map and --map-value pairs, from all the options given. */
#define MAX_PAIRS 256

#define BAR_WIDTH 30

struct progress {
	int last_permille;
};

/* "\r[=====>    ] 1234/5000" on the terminal; redrawn only when it moves, so it costs nothing. */
static void show_progress(size_t done, size_t total, void *ctx)
{
	struct progress *p = ctx;
	int permille = total ? (int)(done * 1000 / total) : 1000;
	if (permille == p->last_permille && done != total)
		return;
	p->last_permille = permille;
	int filled = permille * BAR_WIDTH / 1000;
	char bar[BAR_WIDTH + 1];
	for (int i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < filled ? '=' : i == filled ? '>' : ' ';
	bar[BAR_WIDTH] = 0;
	fprintf(stderr, "\r[%s] %zu/%zu", bar, done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

static char *trimmed(char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = 0;
	return s;
}

/*
 * "A=x,B=y" into pairs (the text is modified in place and must outlive them). A piece without
 * '=' belongs to the one before it, so a term's name may hold commas ("Juridik, intresse…"); the
 * last '=' of a piece splits it. Returns false with a message for a piece with nothing on one side.
 */
static bool parse_pairs(const char *cmd, const char *option, char *spec, struct import_pair *pairs, size_t *n)
{
	char *pieces[MAX_PAIRS];
	size_t np = 0;
	for (char *p = spec; p;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = 0;
		if (np > 0 && !strchr(p, '='))
			p[-1] = ','; /* part of the piece before it: undo the cut */
		else if (np < MAX_PAIRS)
			pieces[np++] = p;
		p = comma ? comma + 1 : NULL;
	}
	for (size_t i = 0; i < np; i++) {
		char *eq = strrchr(pieces[i], '=');
		if (eq)
			*eq = 0;
		char *from = trimmed(pieces[i]), *to = eq ? trimmed(eq + 1) : "";
		if (!eq || !*from || !*to || *n >= MAX_PAIRS) {
			cli_usage_error(cmd, "%s: write \"their words=ours\", several separated by commas", option);
			return false;
		}
		pairs[(*n)++] = (struct import_pair){from, to};
	}
	return true;
}

static const char *action_word(enum import_action_kind k)
{
	return k == IMPORT_CREATE ? "create" : k == IMPORT_UPDATE ? "update" : "unchanged";
}

int cmd_import_organisations(int argc, char **argv)
{
	const char *cmd = "import organisations";
	const char *db = cli_default_db();
	struct import_options opt = {0};
	static struct import_pair header_map[MAX_PAIRS], value_map[MAX_PAIRS];
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"skip-invalid", no_argument, NULL, 's'},
		{"dry-run", no_argument, NULL, 'n'},
		{"sheet", required_argument, NULL, 'S'},
		{"map", required_argument, NULL, 'm'},
		{"map-value", required_argument, NULL, 'v'},
		{"add-aliases", no_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:snS:m:v:ah", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 's': opt.skip_invalid = true; break;
		case 'n': opt.dry_run = true; break;
		case 'S': opt.sheet = optarg; break;
		case 'a': opt.add_aliases = true; break;
		case 'm':
			if (!parse_pairs(cmd, "--map", optarg, header_map, &opt.nheader_map))
				return EXIT_USAGE;
			break;
		case 'v':
			if (!parse_pairs(cmd, "--map-value", optarg, value_map, &opt.nvalue_map))
				return EXIT_USAGE;
			break;
		case 'h':
			printf("usage: samverkan import organisations FILE [--db PATH] [--sheet NAME] [--map \"HEADING=field,...\"]\n"
			       "       [--map-value \"VALUE=TERM,...\" [--add-aliases]] [--skip-invalid] [--dry-run]\n\n"
			       "Reads organisations from an Excel workbook (.xlsx: the first sheet, or --sheet NAME) or a\n"
			       "CSV file (as Excel saves it: ; or , or tab, UTF-8 or Windows-1252), told apart by content;\n"
			       "an old Excel file (.xls) must be saved as .xlsx or CSV first. The header row names the\n"
			       "columns, in English or Swedish or as registers head them (Föreningsnamn, Org.nr, Typ,\n"
			       "Kategori, Hemsida, Epost, Telefonnummer, Adress, Postnummer, Postort, Postadress,\n"
			       "Ordförande, Kontaktperson …; case and punctuation do not matter). The fields:\n"
			       "  %s\n"
			       "Other columns are listed once as a warning and left out; --map \"Their heading=field\"\n"
			       "imports one (\"Heading=-\" leaves it out quietly). Only the name is required.\n\n"
			       "Several values in one field are separated by |. Legal form, categories, target groups\n"
			       "and districts are given by code, name or alias; a value we do not know is an error with\n"
			       "the closest terms. --map-value \"Their word=code or name\" says what it means, and\n"
			       "--add-aliases records each such word as an alias, so filters and the API know it too.\n"
			       "No category is fine (the organisation is unclassified). Without a legal form a new\n"
			       "organisation is an informal group, or with an organisation number the form its first\n"
			       "digit stands for (5 aktiebolag, 7 ekonomisk förening, 8 ideell förening).\n"
			       "An address written whole in one cell, \"Box 12, 123 45 Storby\", is split into street,\n"
			       "postcode and town; a postcode in a district's list places the organisation there.\n"
			       "public is ja/nej (yes/no, 1/0); empty means yes. address_public: empty means no.\n\n"
			       "A row updates the organisation with its organisation number (8020012343, 802001-2343\n"
			       "and 802001 2343 are the same), or else the organisation without a number that has\n"
			       "exactly the same name; other rows create organisations. Columns missing from the file\n"
			       "are left as they are; an empty cell clears its field. Rows that change nothing are\n"
			       "left alone.\n\n"
			       "Every row is checked first. If any is wrong (the same organisation on two lines too),\n"
			       "the problems are listed as FILE:LINE: column: message and nothing is imported (exit 1).\n"
			       "  --skip-invalid  import the rows that are right and list the others\n"
			       "  --dry-run       check, and print line by line what would be created, updated or\n"
			       "                  left unchanged, but change nothing\n"
			       "Exit status: 0 imported, 1 nothing imported, 2 wrong use of the command.\n",
			       organisation_import_columns());
			return 0;
		case ':': return cli_usage_error(cmd, "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	opt.header_map = header_map;
	opt.value_map = value_map;
	if (opt.add_aliases && opt.nvalue_map == 0)
		return cli_usage_error(cmd, "--add-aliases records the words given with --map-value; give them too");
	if (optind >= argc)
		return cli_usage_error(cmd, "give the file to import (.xlsx or CSV)");
	if (optind + 1 < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	const char *path = argv[optind];

	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct progress progress = {-1};
	if (isatty(STDERR_FILENO)) {
		opt.progress = show_progress;
		opt.progress_ctx = &progress;
	}
	struct import_result res;
	enum import_status status = organisation_import_file(st, path, &opt, &res);
	store_close(st);

	for (size_t i = 0; i < res.nwarnings; i++) {
		const struct import_problem *p = &res.warnings[i];
		if (p->line)
			fprintf(stderr, "%s:%zu: warning: %s\n", path, p->line, p->message);
		else
			fprintf(stderr, "%s: warning: %s\n", path, p->message);
	}
	for (size_t i = 0; i < res.nproblems; i++) {
		const struct import_problem *p = &res.problems[i];
		if (*p->column)
			fprintf(stderr, "%s:%zu: %s: %s\n", path, p->line, p->column, p->message);
		else
			fprintf(stderr, "%s:%zu: %s\n", path, p->line, p->message);
	}
	int rc = 0;
	switch (status) {
	case IMPORT_FAILED:
		fprintf(stderr, "samverkan %s: %s: %s\n", cmd, path, res.error);
		rc = 1;
		break;
	case IMPORT_INVALID:
		if (res.skipped)
			fprintf(stderr, "%zu of %zu rows have problems; nothing was imported (--skip-invalid imports the rest)\n",
				res.skipped, res.rows);
		else
			fprintf(stderr, "the header has problems; nothing was imported\n");
		rc = 1;
		break;
	case IMPORT_OK:
		if (opt.dry_run)
			for (size_t i = 0; i < res.nactions; i++) {
				const struct import_action *a = &res.actions[i];
				printf("line %zu: %s '%s'", a->line, action_word(a->kind), a->name);
				printf(*a->changed ? " (%s)\n" : "\n", a->changed);
			}
		printf("%s %zu (created %zu, updated %zu, unchanged %zu), skipped %zu%s\n",
		       opt.dry_run ? "would import" : "imported", res.created + res.updated + res.unchanged, res.created,
		       res.updated, res.unchanged, res.skipped, opt.dry_run ? " (dry run: nothing was changed)" : "");
		if (res.aliases_added)
			printf("%s %zu alias%s\n", opt.dry_run ? "would add" : "added", res.aliases_added,
			       res.aliases_added == 1 ? "" : "es");
		break;
	}
	import_result_free(&res);
	return rc;
}
