/* Tests for csv_reader: encodings, delimiters, line endings, quoting, line numbers, limits and garbage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/csv_reader.h"
#include "base/text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char err[256];

static struct csv_table *read_ok(const char *data, size_t len)
{
	err[0] = 0;
	struct csv_table *t = csv_read_memory(data, len, err, sizeof err);
	if (!t)
		fail_msg("unexpected error: %s", err);
	return t;
}
/* Literals may hold NULs and high bytes, so their length comes from sizeof. */
#define READ_OK(lit) read_ok((lit), sizeof(lit) - 1)

static void expect_error(const char *data, size_t len, const char *fragment)
{
	err[0] = 0;
	struct csv_table *t = csv_read_memory(data, len, err, sizeof err);
	if (t) {
		csv_table_free(t);
		fail_msg("expected an error containing \"%s\"", fragment);
	}
	if (!strstr(err, fragment))
		fail_msg("error \"%s\" does not contain \"%s\"", err, fragment);
}
#define EXPECT_ERROR(lit, fragment) expect_error((lit), sizeof(lit) - 1, (fragment))

static void bom_is_stripped(void **state)
{
	struct csv_table *t = READ_OK("\xEF\xBB\xBFnamn;telefon\r\nEkerö IF;08-123\r\n");
	assert_int_equal(t->nrows, 2);
	assert_string_equal(t->rows[0].fields[0], "namn");
	assert_int_equal(t->converted_from_cp1252, 0);
	csv_table_free(t);
}

static void semicolon_is_detected(void **state)
{
	/* The comma inside the first field must not outvote the semicolons. */
	struct csv_table *t = READ_OK("namn, kort;telefon;e-post\nA;1;a@x.se\n");
	assert_int_equal(t->delimiter, ';');
	assert_int_equal(t->rows[0].nfields, 3);
	assert_string_equal(t->rows[0].fields[0], "namn, kort");
	assert_string_equal(t->rows[1].fields[2], "a@x.se");
	csv_table_free(t);
}

static void comma_is_detected(void **state)
{
	/* Semicolons inside quotes do not count. */
	struct csv_table *t = READ_OK("name,\"a;b;c;d\",phone\nX,y,z\n");
	assert_int_equal(t->delimiter, ',');
	assert_int_equal(t->rows[0].nfields, 3);
	assert_string_equal(t->rows[0].fields[1], "a;b;c;d");
	csv_table_free(t);
}

static void tab_is_detected(void **state)
{
	struct csv_table *t = READ_OK("namn\ttelefon\tort\nMunsö IF\t08-1\tMunsö\n");
	assert_int_equal(t->delimiter, '\t');
	assert_int_equal(t->rows[1].nfields, 3);
	assert_string_equal(t->rows[1].fields[2], "Munsö");
	csv_table_free(t);
}

static void header_without_delimiter_chooses_semicolon(void **state)
{
	struct csv_table *t = READ_OK("namn\nFöreningen X, Ekerö\n");
	assert_int_equal(t->delimiter, ';');
	assert_int_equal(t->rows[1].nfields, 1);
	assert_string_equal(t->rows[1].fields[0], "Föreningen X, Ekerö");
	csv_table_free(t);
}

static void excel_sep_line_names_the_delimiter(void **state)
{
	struct csv_table *t = READ_OK("sep=,\r\nnamn;x,telefon\r\nA;b,1\r\n");
	assert_int_equal(t->delimiter, ',');
	assert_int_equal(t->nrows, 2);
	assert_string_equal(t->rows[0].fields[0], "namn;x");
	assert_int_equal(t->rows[0].line, 2);
	assert_int_equal(t->rows[1].line, 3);
	csv_table_free(t);
}

static void crlf_ends_records(void **state)
{
	struct csv_table *t = READ_OK("a;b\r\nc;d\r\ne;f\r\n");
	assert_int_equal(t->nrows, 3);
	assert_string_equal(t->rows[1].fields[1], "d");
	assert_int_equal(t->rows[2].line, 3);
	csv_table_free(t);
}

static void lone_cr_ends_records(void **state)
{
	struct csv_table *t = READ_OK("a;b\rc;d\r\re;f");
	assert_int_equal(t->nrows, 3);
	assert_string_equal(t->rows[2].fields[0], "e");
	assert_int_equal(t->rows[1].line, 2);
	assert_int_equal(t->rows[2].line, 4);
	csv_table_free(t);
}

static void quoted_newline_keeps_later_line_numbers(void **state)
{
	struct csv_table *t = READ_OK("namn;beskrivning\r\n"
				      "A;\"rad ett\r\nrad två\r\n\r\nrad fyra\"\r\n"
				      "B;\"x\ny\"\n"
				      "C;z\n");
	assert_int_equal(t->nrows, 4);
	assert_int_equal(t->rows[1].line, 2);
	/* Line breaks inside fields are stored as LF whatever the file used. */
	assert_string_equal(t->rows[1].fields[1], "rad ett\nrad två\n\nrad fyra");
	assert_int_equal(t->rows[2].line, 6);
	assert_string_equal(t->rows[2].fields[1], "x\ny");
	assert_int_equal(t->rows[3].line, 8);
	csv_table_free(t);
}

static void doubled_quotes_become_one(void **state)
{
	struct csv_table *t = READ_OK("namn;beskrivning\n\"Föreningen \"\"Vänner\"\"\";\"a;b\"\n");
	assert_string_equal(t->rows[1].fields[0], "Föreningen \"Vänner\"");
	assert_string_equal(t->rows[1].fields[1], "a;b");
	assert_int_equal(t->rows[1].nfields, 2);
	csv_table_free(t);
}

static void swedish_letters_stay_intact(void **state)
{
	struct csv_table *t = READ_OK("namn;område\nÅkerö Örnar Ängsö;Färingsö é € – ’\n");
	assert_int_equal(t->converted_from_cp1252, 0);
	assert_string_equal(t->rows[0].fields[1], "område");
	assert_string_equal(t->rows[1].fields[0], "Åkerö Örnar Ängsö");
	assert_string_equal(t->rows[1].fields[1], "Färingsö é € – ’");
	csv_table_free(t);
}

static void decomposed_letters_are_composed(void **state)
{
	/* Numbers on a Mac writes "Ö" as "O" and U+0308: the fields come out as typed elsewhere. */
	struct csv_table *t = READ_OK("namn;omra\xCC\x8A" "de\nO\xCC\x88stra Ekero\xCC\x88 IK;Ekero\xCC\x88\n");
	assert_string_equal(t->rows[0].fields[1], "område");
	assert_string_equal(t->rows[1].fields[0], "Östra Ekerö IK");
	assert_string_equal(t->rows[1].fields[1], "Ekerö");
	csv_table_free(t);
}

static void cp1252_is_converted(void **state)
{
	struct csv_table *t = READ_OK("F\xf6rening;\xc5land\r\n"
				      "\xe5\xe4\xf6\xc5\xc4\xd6\xe9;\x80 \x96 \x92 \x81\r\n");
	assert_int_equal(t->converted_from_cp1252, 1);
	assert_string_equal(t->rows[0].fields[0], "Förening");
	assert_string_equal(t->rows[0].fields[1], "Åland");
	assert_string_equal(t->rows[1].fields[0], "åäöÅÄÖé");
	/* 0x81 is undefined in Windows-1252 and becomes U+FFFD. */
	assert_string_equal(t->rows[1].fields[1], "€ – ’ \xEF\xBF\xBD");
	csv_table_free(t);
}

static void overlong_utf8_is_not_taken_for_utf8(void **state)
{
	/* C0 AF would be an overlong "/" if accepted as UTF-8. */
	struct csv_table *t = READ_OK("a;\xC0\xAF\n");
	assert_int_equal(t->converted_from_cp1252, 1);
	assert_string_equal(t->rows[0].fields[1], "À¯");
	csv_table_free(t);
}

/* Surrogates, code points past U+10FFFF and a sequence cut short are not UTF-8 either
 * (text_utf8_valid, on libutf8proc): the file is read as Windows-1252. */
static void strict_utf8_decides_the_encoding(void **state)
{
	static const char *const not_utf8[] = {"a;\xED\xA0\x80\n", "a;\xF4\x90\x80\x80\n", "a;b\xC3\n"};
	for (size_t i = 0; i < sizeof not_utf8 / sizeof not_utf8[0]; i++) {
		struct csv_table *t = read_ok(not_utf8[i], strlen(not_utf8[i]));
		assert_int_equal(t->converted_from_cp1252, 1);
		csv_table_free(t);
	}
	struct csv_table *t = READ_OK("a;\xC3\xB6\xF0\x9F\x98\x80\n");
	assert_int_equal(t->converted_from_cp1252, 0);
	assert_string_equal(t->rows[0].fields[1], "ö\xF0\x9F\x98\x80");
	csv_table_free(t);
	assert_true(text_utf8_valid("a\0b", 3));
	assert_false(text_utf8_valid("\xC3", 1));
}

static void empty_file_is_an_error(void **state)
{
	EXPECT_ERROR("", "the file is empty");
	EXPECT_ERROR("\xEF\xBB\xBF", "the file is empty");
	EXPECT_ERROR("\r\n\n  \n\t\r", "the file is empty");
	EXPECT_ERROR(";;;\r\n;;;\r\n", "the file is empty");
	assert_null(csv_read_memory(NULL, 0, err, sizeof err));
	assert_string_equal(err, "the file is empty");
}

static void empty_lines_are_skipped_but_counted(void **state)
{
	struct csv_table *t = READ_OK("\n\nnamn;x\n\n   \nA;1\r\n\r\n;;\r\nB;2");
	assert_int_equal(t->nrows, 3);
	assert_int_equal(t->rows[0].line, 3);
	assert_int_equal(t->rows[1].line, 6);
	assert_string_equal(t->rows[1].fields[0], "A");
	assert_int_equal(t->rows[2].line, 9);
	assert_string_equal(t->rows[2].fields[1], "2");
	csv_table_free(t);
}

static void ragged_rows_are_kept_as_they_are(void **state)
{
	struct csv_table *t = READ_OK("a;b;c\nd;e\nf;g;h;i\nj;;\n");
	assert_int_equal(t->nrows, 4);
	assert_int_equal(t->rows[0].nfields, 3);
	assert_int_equal(t->rows[1].nfields, 2);
	assert_int_equal(t->rows[2].nfields, 4);
	assert_string_equal(t->rows[2].fields[3], "i");
	assert_int_equal(t->rows[3].nfields, 3);
	assert_string_equal(t->rows[3].fields[2], "");
	csv_table_free(t);
}

static void fields_are_trimmed(void **state)
{
	struct csv_table *t = READ_OK("  namn \t;\t \" quoted \"  ; \"\nx\n\" \n");
	assert_string_equal(t->rows[0].fields[0], "namn");
	assert_string_equal(t->rows[0].fields[1], "quoted");
	assert_string_equal(t->rows[0].fields[2], "x");
	csv_table_free(t);
}

static void misplaced_quote_is_an_error_naming_the_line(void **state)
{
	EXPECT_ERROR("namn;x\nA;1\nFöreningen \"Vänner\";2\n", "line 3, field 1: misplaced quote");
	EXPECT_ERROR("namn;x\n\"a\nb\";1\n\"Ekerö\" IF;2\n", "line 4, field 1: misplaced quote");
	EXPECT_ERROR("namn;x\nA;\"a\"b\n", "line 2, field 2: misplaced quote");
}

static void unclosed_quote_is_an_error_naming_the_line(void **state)
{
	EXPECT_ERROR("namn;x\r\nA;1\r\nB;\"öppen\r\nC;3\r\n", "line 3: a quoted field is never closed");
}

static void binary_files_are_refused(void **state)
{
	EXPECT_ERROR("PK\x03\x04\x14\x00\x06\x00", "Excel workbook");
	EXPECT_ERROR("\xFF\xFEn\x00""a\x00", "UTF-16");
	EXPECT_ERROR("namn;x\nA;\x00\x01\n", "line 2: control character 0x00");
}

static void files_over_the_limit_are_refused(void **state)
{
	char *big = calloc(CSV_MAX_BYTES + 1, 1);
	assert_non_null(big);
	assert_null(csv_read_memory(big, CSV_MAX_BYTES + 1, err, sizeof err));
	assert_non_null(strstr(err, "the largest accepted is 50 MB"));
	free(big);

	char path[] = "/tmp/test_csv_reader_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)CSV_MAX_BYTES + 1), 0);
	close(fd);
	assert_null(csv_read_file(path, err, sizeof err));
	unlink(path);
	assert_non_null(strstr(err, "the largest accepted is 50 MB"));
}

static void too_many_fields_in_a_record_is_an_error(void **state)
{
	size_t n = 2 * CSV_MAX_FIELDS_PER_ROW;
	char *s = malloc(2 * n + 8);
	assert_non_null(s);
	strcpy(s, "a;b\n");
	size_t len = 4;
	for (size_t i = 0; i < n; i++) {
		s[len++] = 'x';
		s[len++] = ';';
	}
	expect_error(s, len, "line 2: more than 1000 fields");
	free(s);
}

static void read_file_reads_and_reports_missing_files(void **state)
{
	char path[] = "/tmp/test_csv_reader_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char body[] = "namn;ort\nAdelsö hembygdsförening;Adelsö\n";
	assert_int_equal(write(fd, body, sizeof body - 1), (ssize_t)(sizeof body - 1));
	close(fd);
	struct csv_table *t = csv_read_file(path, err, sizeof err);
	unlink(path);
	assert_non_null(t);
	assert_int_equal(t->nrows, 2);
	assert_string_equal(t->rows[1].fields[0], "Adelsö hembygdsförening");
	csv_table_free(t);

	assert_null(csv_read_file("/nonexistent/x.csv", err, sizeof err));
	assert_non_null(strstr(err, "cannot open /nonexistent/x.csv"));
}

static int valid_utf8(const unsigned char *s)
{
	while (*s) {
		size_t len = *s < 0x80 ? 1 : *s < 0xC2 ? 0 : *s < 0xE0 ? 2 : *s < 0xF0 ? 3 : *s < 0xF5 ? 4 : 0;
		if (!len)
			return 0;
		for (size_t k = 1; k < len; k++)
			if ((s[k] & 0xC0) != 0x80)
				return 0;
		s += len;
	}
	return 1;
}

static uint64_t rng = 0x9E3779B97F4A7C15u;
static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 32);
}

/* Whatever the bytes, the reader returns either a table of valid UTF-8 rows in line order or
 * an error message, and ASan sees no bad access or leak. */
static void random_bytes_do_not_crash(void **state)
{
	static const char csvish[] = "\";,\t\r\n a\xC3\xB6\xF6\x80\xEF\xBB\xBF\x00";
	unsigned char data[600];
	int tables = 0, errors = 0;
	for (int round = 0; round < 20000; round++) {
		size_t len = next_rand() % sizeof data;
		int mode = round % 3;
		for (size_t i = 0; i < len; i++) {
			unsigned r = next_rand();
			if (mode == 0)
				data[i] = (unsigned char)r;
			else if (mode == 1 || r % 8)
				data[i] = (unsigned char)csvish[(r >> 8) % (sizeof csvish - 1)];
			else
				data[i] = (unsigned char)(r >> 8);
		}
		/* Mode 2 keeps to text with few quotes, so that whole tables get checked too. */
		if (mode == 2)
			for (size_t i = 0; i < len; i++)
				if ((data[i] < 0x20 && data[i] != '\t' && data[i] != '\r' && data[i] != '\n') ||
				    (data[i] == '"' && next_rand() % 16))
					data[i] = 'x';
		err[0] = 0;
		struct csv_table *t = csv_read_memory((const char *)data, len, err, sizeof err);
		if (!t) {
			assert_true(err[0] != 0);
			errors++;
			continue;
		}
		tables++;
		assert_true(t->nrows > 0);
		for (size_t r = 0; r < t->nrows; r++) {
			assert_true(t->rows[r].line >= 1 && t->rows[r].line <= len + 1);
			if (r)
				assert_true(t->rows[r].line > t->rows[r - 1].line);
			assert_true(t->rows[r].nfields >= 1);
			for (size_t f = 0; f < t->rows[r].nfields; f++) {
				assert_non_null(t->rows[r].fields[f]);
				assert_true(valid_utf8((const unsigned char *)t->rows[r].fields[f]));
			}
		}
		csv_table_free(t);
	}
	/* Both paths must actually have been exercised. */
	assert_true(tables > 1000);
	assert_true(errors > 1000);
}

/* Appends LF, CRLF or CR, never LF right after a CR, which would make one CRLF of two breaks. */
static void put_break(char *file, size_t *len)
{
	static const char *const breaks[] = {"\n", "\r\n", "\r"};
	unsigned k = next_rand() % 3;
	if (k == 0 && *len && file[*len - 1] == '\r')
		k = 1;
	*len += (size_t)sprintf(file + *len, "%s", breaks[k]);
}

/* Appends a random value that needs no trimming, with the characters that force quoting. */
static size_t random_value(char *out, int header)
{
	static const char *const parts[] = {"a", "Ö", "å", "é", "€", " ", ";", ",", "\t", "\"", "\n", "x"};
	size_t len = 0;
	out[len++] = 'v';
	for (unsigned k = next_rand() % 6; k > 0; k--) {
		const char *p = header ? "h" : parts[next_rand() % 12];
		len += (size_t)sprintf(out + len, "%s", p);
	}
	out[len++] = 'z';
	out[len] = 0;
	return len;
}

/* Well-formed files made from a known table, with every kind of line break, blank lines and
 * quoted line breaks, must read back as that table on the right lines. */
static void generated_files_read_back_exactly(void **state)
{
	static const char delims[] = ";,\t";
	enum { ROWS = 12, COLS = 5 };
	for (int round = 0; round < 500; round++) {
		char delim = delims[round % 3];
		char want[ROWS][COLS][64];
		size_t nf[ROWS], want_line[ROWS];
		char file[ROWS * COLS * 160];
		size_t len = 0, line = 1;
		for (int r = 0; r < ROWS; r++) {
			while (next_rand() % 3 == 0) {
				if (next_rand() % 2)
					len += (size_t)sprintf(file + len, "  ");
				put_break(file, &len);
				line++;
			}
			want_line[r] = line;
			nf[r] = r == 0 ? COLS : 1 + next_rand() % COLS;
			for (size_t f = 0; f < nf[r]; f++) {
				char v[64];
				random_value(v, r == 0);
				char *w = want[r][f];
				if (f)
					file[len++] = delim;
				int quote = strpbrk(v, "\";,\t\n") != NULL || next_rand() % 4 == 0;
				if (quote)
					file[len++] = '"';
				for (const char *c = v; *c; c++) {
					if (*c == '"')
						file[len++] = '"';
					if (*c == '\n') {
						put_break(file, &len);
						line++;
					} else {
						file[len++] = *c;
					}
					*w++ = *c;
				}
				*w = 0;
				if (quote)
					file[len++] = '"';
			}
			if (r < ROWS - 1 || next_rand() % 2) {
				put_break(file, &len);
				line++;
			}
		}
		struct csv_table *t = read_ok(file, len);
		assert_int_equal(t->delimiter, delim);
		assert_int_equal(t->nrows, ROWS);
		for (int r = 0; r < ROWS; r++) {
			assert_int_equal(t->rows[r].line, want_line[r]);
			assert_int_equal(t->rows[r].nfields, nf[r]);
			for (size_t f = 0; f < nf[r]; f++)
				assert_string_equal(t->rows[r].fields[f], want[r][f]);
		}
		csv_table_free(t);
	}
}

/* The sample files are read from the repository root, where `make check` runs the tests. */
static struct csv_table *read_sample(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, "tests/data/%s", name);
	if (access(path, R_OK) != 0)
		skip();
	struct csv_table *t = csv_read_file(path, err, sizeof err);
	if (!t)
		fail_msg("%s: %s", path, err);
	return t;
}

static void sample_excel_file_reads_as_excel_wrote_it(void **state)
{
	struct csv_table *t = read_sample("organisations-excel-sv.csv");
	assert_int_equal(t->delimiter, ';');
	assert_int_equal(t->converted_from_cp1252, 0);
	assert_int_equal(t->nrows, 9);
	assert_string_equal(t->rows[0].fields[0], "namn");
	assert_string_equal(t->rows[0].fields[4], "målgrupper");
	size_t line = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		assert_int_equal(t->rows[r].nfields, 14);
		assert_true(t->rows[r].line > line);
		line = t->rows[r].line;
	}
	/* Mälarljus's description spans lines 5 and 6, so the records after it move down a line. */
	assert_int_equal(t->rows[4].line, 5);
	assert_non_null(strstr(t->rows[4].fields[6], "kulturskolan.\nVälkommen"));
	assert_non_null(strstr(t->rows[4].fields[6], "slott; vi"));
	assert_int_equal(t->rows[5].line, 7);
	assert_int_equal(t->rows[8].line, 10);
	/* The informal group has no organisation number. */
	assert_string_equal(t->rows[8].fields[1], "");
	csv_table_free(t);
}

static void sample_english_file_reads(void **state)
{
	struct csv_table *t = read_sample("organisations-en.csv");
	assert_int_equal(t->delimiter, ',');
	assert_int_equal(t->nrows, 6);
	assert_string_equal(t->rows[0].fields[1], "org_number");
	for (size_t r = 0; r < t->nrows; r++)
		assert_int_equal(t->rows[r].nfields, 14);
	csv_table_free(t);
}

static void sample_bad_file_reads_as_csv(void **state)
{
	struct csv_table *t = read_sample("organisations-bad.csv");
	assert_int_equal(t->delimiter, ';');
	assert_int_equal(t->nrows, 7);
	assert_string_equal(t->rows[4].fields[0], "");
	assert_int_equal(t->rows[4].line, 5);
	csv_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bom_is_stripped),
		cmocka_unit_test(semicolon_is_detected),
		cmocka_unit_test(comma_is_detected),
		cmocka_unit_test(tab_is_detected),
		cmocka_unit_test(header_without_delimiter_chooses_semicolon),
		cmocka_unit_test(excel_sep_line_names_the_delimiter),
		cmocka_unit_test(crlf_ends_records),
		cmocka_unit_test(lone_cr_ends_records),
		cmocka_unit_test(quoted_newline_keeps_later_line_numbers),
		cmocka_unit_test(doubled_quotes_become_one),
		cmocka_unit_test(swedish_letters_stay_intact),
		cmocka_unit_test(decomposed_letters_are_composed),
		cmocka_unit_test(cp1252_is_converted),
		cmocka_unit_test(overlong_utf8_is_not_taken_for_utf8),
		cmocka_unit_test(strict_utf8_decides_the_encoding),
		cmocka_unit_test(empty_file_is_an_error),
		cmocka_unit_test(empty_lines_are_skipped_but_counted),
		cmocka_unit_test(ragged_rows_are_kept_as_they_are),
		cmocka_unit_test(fields_are_trimmed),
		cmocka_unit_test(misplaced_quote_is_an_error_naming_the_line),
		cmocka_unit_test(unclosed_quote_is_an_error_naming_the_line),
		cmocka_unit_test(binary_files_are_refused),
		cmocka_unit_test(files_over_the_limit_are_refused),
		cmocka_unit_test(too_many_fields_in_a_record_is_an_error),
		cmocka_unit_test(read_file_reads_and_reports_missing_files),
		cmocka_unit_test(random_bytes_do_not_crash),
		cmocka_unit_test(generated_files_read_back_exactly),
		cmocka_unit_test(sample_excel_file_reads_as_excel_wrote_it),
		cmocka_unit_test(sample_english_file_reads),
		cmocka_unit_test(sample_bad_file_reads_as_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
