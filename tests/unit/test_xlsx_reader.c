/* Tests for xlsx_reader: the fixture workbooks in tests/data (written by make_xlsx.py) read cell by cell, and the refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/xlsx_reader.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DATA "tests/data/"

static struct csv_table *read_ok(const char *path, const char *sheet)
{
	char err[512] = "";
	struct csv_table *t = table_read_file(path, sheet, err, sizeof err);
	if (!t)
		fail_msg("%s: %s", path, err);
	return t;
}

static void assert_row(const struct csv_table *t, size_t r, size_t line, size_t n, const char *const *want)
{
	assert_true(r < t->nrows);
	assert_int_equal(t->rows[r].line, line);
	assert_int_equal(t->rows[r].nfields, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(t->rows[r].fields[i], want[i]);
}

static void openpyxl_workbook_reads_as_excel_shows_it(void **state)
{
	struct csv_table *t = read_ok(DATA "register.xlsx", NULL);
	assert_int_equal(t->nrows, 4);
	assert_row(t, 0, 1, 8,
		   (const char *const[]){"Föreningsnamn", "Org.nr", "Bildad", "Medlemmar", "Andel", "Aktiv", "Tid", "Stort"});
	/* The organisation number stored as a number keeps all its digits; the date its format. */
	assert_row(t, 1, 2, 8,
		   (const char *const[]){"Adelsö hembygdsförening", "8020012343", "1948-05-17", "120", "3.5", "TRUE",
					 "18:30", "1.23456789012346E+18"});
	assert_row(t, 2, 3, 7,
		   (const char *const[]){"Munsö IK", "802001-2343", "2001-12-31", "0", "-0.25", "FALSE", "07:05:09"});
	/* Empty rows are dropped; the next keeps its own number and starts with an empty cell. */
	assert_row(t, 3, 6, 4, (const char *const[]){"", "efter tomma rader", "", "42"});
	csv_table_free(t);
}

static void a_sheet_is_chosen_by_name_ignoring_case(void **state)
{
	struct csv_table *t = read_ok(DATA "register.xlsx", "anteckningar");
	assert_int_equal(t->nrows, 2);
	assert_row(t, 1, 2, 1, (const char *const[]){"Andra bladet"});
	csv_table_free(t);
	char err[512] = "";
	assert_null(table_read_file(DATA "register.xlsx", "Blad9", err, sizeof err));
	assert_string_equal(err, "the workbook has no sheet named \"Blad9\"; its sheets are \"Föreningar\", \"Anteckningar\"");
	/* A sheet is for workbooks only. */
	assert_null(table_read_file(DATA "organisations-en.csv", "Blad1", err, sizeof err));
	assert_non_null(strstr(err, "--sheet"));
}

static void handmade_parts_inline_rich_gaps_escapes_1904(void **state)
{
	struct csv_table *t = read_ok(DATA "handmade.xlsx", NULL);
	assert_int_equal(t->nrows, 4);
	/* C1 after a gap, trimmed; the formatted but empty XFD1 costs nothing. */
	assert_row(t, 0, 1, 3, (const char *const[]){"Namn", "", "Tredje"});
	/* Rich text runs joined without the phonetic guide; _x000D__x000A_ one line break; cells
	 * without references follow each other. */
	assert_row(t, 1, 3, 3, (const char *const[]){"Ekerö kultur", "rad ett\nrad två _x0041_", "Inline rik"});
	/* 1904 dates: a custom d/m/yyyy, built-in 14, an elapsed time; a quoted "d" is no date. */
	assert_row(t, 2, 4, 4, (const char *const[]){"1904-01-01", "2027-03-16", "18:00", "12"});
	/* Cached formula text, an error, an exponent that is an integer, one too big, a boolean. */
	assert_row(t, 3, 5, 5, (const char *const[]){"ab", "#N/A", "8020012343", "1E+15", "FALSE"});
	csv_table_free(t);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *data = malloc(1 << 20);
	*len = fread(data, 1, 1 << 20, f);
	fclose(f);
	return data;
}

static void limits_and_refusals_say_why(void **state)
{
	size_t len;
	char *data = slurp(DATA "register.xlsx", &len);
	char err[512] = "";
	/* A cap on the XML unpacked, as a zip bomb would meet it. */
	assert_null(xlsx_read_memory_capped(data, len, NULL, 600, err, sizeof err));
	assert_non_null(strstr(err, "unpacks to more than"));
	/* A damaged archive. */
	assert_null(xlsx_read_memory(data, len / 2, NULL, err, sizeof err));
	assert_non_null(strstr(err, "not an Excel workbook"));
	free(data);

	/* An old Excel file by its content, and anything named .xls, get the same advice. */
	char dir[] = "/tmp/samverkan-test-xlsx-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char ole[64], named[64], fake[64];
	snprintf(ole, sizeof ole, "%s/register.dat", dir);
	snprintf(named, sizeof named, "%s/register.xls", dir);
	snprintf(fake, sizeof fake, "%s/register.xlsx", dir);
	FILE *f = fopen(ole, "wb");
	fwrite("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an OLE2 file", 1, 30, f);
	fclose(f);
	f = fopen(named, "wb");
	fputs("namn\nEkerö IF\n", f);
	fclose(f);
	f = fopen(fake, "wb");
	fputs("namn\nEkerö IF\n", f);
	fclose(f);
	const char *xls = "Excel 97–2003 files (.xls) cannot be read: save the file as .xlsx or CSV and try again.";
	assert_null(table_read_file(ole, NULL, err, sizeof err));
	assert_string_equal(err, xls);
	assert_null(table_read_file(named, NULL, err, sizeof err));
	assert_string_equal(err, xls);
	assert_null(table_read_file(fake, NULL, err, sizeof err));
	assert_non_null(strstr(err, "not an Excel workbook"));
	unlink(ole);
	unlink(named);
	unlink(fake);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(openpyxl_workbook_reads_as_excel_shows_it),
		cmocka_unit_test(a_sheet_is_chosen_by_name_ignoring_case),
		cmocka_unit_test(handmade_parts_inline_rich_gaps_escapes_1904),
		cmocka_unit_test(limits_and_refusals_say_why),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
