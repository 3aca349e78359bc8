/* Fuzzes csv_read_memory (encoding, BOM, "sep=" and delimiter detection, quoting) and asserts every field is trimmed NFC UTF-8 without CR, that fields are split only where the file has a delimiter, and that writing the table back as CSV and reading it again gives the same rows. */
#include "base/buf.h"
#include "base/csv_reader.h"
#include "fuzz_common.h"

static void check_table(const struct csv_table *t, bool input_was_utf8)
{
	FUZZ_CHECK(t->nrows >= 1);
	FUZZ_CHECK(t->delimiter == ';' || t->delimiter == ',' || t->delimiter == '\t');
	FUZZ_CHECK(t->converted_from_cp1252 == !input_was_utf8);
	size_t prev_line = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		const struct csv_row *row = &t->rows[r];
		/* Each record starts on a later line than the one before it. */
		FUZZ_CHECK(row->line > prev_line);
		prev_line = row->line;
		FUZZ_CHECK(row->nfields >= 1 && row->nfields <= CSV_MAX_FIELDS_PER_ROW);
		bool any = false;
		for (size_t f = 0; f < row->nfields; f++)
			any |= fuzz_check_field(row->fields[f]);
		/* Blank records, and ";;;" rows Excel writes for formatting, are skipped. */
		FUZZ_CHECK(any);
	}
}

/* The table as Excel would save it: a "sep=" line naming the delimiter (so a one-column table
 * is not read with another), then every field quoted with its quotes doubled. */
static void write_csv(const struct csv_table *t, struct buf *out)
{
	buf_printf(out, "sep=%c\r\n", t->delimiter);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t f = 0; f < t->rows[r].nfields; f++) {
			if (f)
				buf_putc(out, t->delimiter);
			buf_putc(out, '"');
			for (const char *s = t->rows[r].fields[f]; *s; s++) {
				if (*s == '"')
					buf_putc(out, '"');
				buf_putc(out, *s);
			}
			buf_putc(out, '"');
		}
		buf_puts(out, "\r\n");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256] = "";
	struct csv_table *t = csv_read_memory((const char *)data, size, err, sizeof err);
	if (!t) {
		/* Every refusal says why. */
		FUZZ_CHECK(err[0] != 0 && memchr(err, 0, sizeof err));
		return 0;
	}
	/* The file is read as Windows-1252 exactly when it is not UTF-8 (a BOM is UTF-8). */
	bool utf8 = fuzz_utf8_ok((const char *)data, size);
	check_table(t, utf8);
	/* Every split between fields was a delimiter in the file: decoding must not make new
	 * ones (U+037E, the Greek question mark, is ';' in NFC). */
	size_t in_file = 0, splits = 0;
	for (size_t i = 0; i < size; i++)
		in_file += data[i] == (uint8_t)t->delimiter;
	for (size_t r = 0; r < t->nrows; r++)
		splits += t->rows[r].nfields - 1;
	FUZZ_CHECK(splits <= in_file);

	struct buf again = BUF_INIT;
	write_csv(t, &again);
	char err2[256] = "";
	struct csv_table *u = csv_read_memory(again.data, again.len, err2, sizeof err2);
	if (!u)
		fprintf(stderr, "re-reading failed: %s\n", err2);
	FUZZ_CHECK(u != NULL);
	FUZZ_CHECK(u->delimiter == t->delimiter && !u->converted_from_cp1252);
	FUZZ_CHECK(u->nrows == t->nrows);
	for (size_t r = 0; r < t->nrows; r++) {
		FUZZ_CHECK(u->rows[r].nfields == t->rows[r].nfields);
		for (size_t f = 0; f < t->rows[r].nfields; f++)
			FUZZ_CHECK(strcmp(u->rows[r].fields[f], t->rows[r].fields[f]) == 0);
	}
	csv_table_free(u);
	buf_free(&again);
	csv_table_free(t);
	return 0;
}
