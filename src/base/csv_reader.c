/* csv_reader: decodes, sniffs and splits an uploaded CSV file with libcsv, keeping every record's line number. */
#include "base/csv_reader.h"
#include "base/buf.h"
#include "base/text.h"
#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void set_err(char *err, size_t errsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errsz, const char *fmt, ...)
{
	if (!err || !errsz)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

/* Same policy as buf.c: a server that cannot allocate cannot go on. */
static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("out of memory\n", stderr);
		abort();
	}
	return p;
}

/* The 1-based line of byte off, with CRLF, LF and a lone CR each ending one line. */
static size_t line_at(const unsigned char *s, size_t off)
{
	size_t line = 1;
	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n')))
			line++;
	return line;
}

/* Windows-1252 differs from Latin-1 only in 0x80-0x9F; 0 marks the five bytes it leaves undefined. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static void cp1252_to_utf8(const unsigned char *s, size_t n, struct buf *out)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i];
		if (c < 0x80)
			continue;
		buf_append(out, (const char *)s + start, i - start);
		start = i + 1;
		unsigned cp = c;
		if (c < 0xA0)
			cp = cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xFFFD;
		char u[3];
		if (cp < 0x800) {
			u[0] = (char)(0xC0 | cp >> 6);
			u[1] = (char)(0x80 | (cp & 0x3F));
			buf_append(out, u, 2);
		} else {
			u[0] = (char)(0xE0 | cp >> 12);
			u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
			u[2] = (char)(0x80 | (cp & 0x3F));
			buf_append(out, u, 3);
		}
	}
	buf_append(out, (const char *)s + start, n - start);
}

static int is_blank(unsigned char c) { return c == ' ' || c == '\t'; }

/* Offset just past the line starting at i, its CR, LF or CRLF included. */
static size_t next_line(const unsigned char *s, size_t n, size_t i)
{
	while (i < n && s[i] != '\r' && s[i] != '\n')
		i++;
	if (i < n && s[i++] == '\r' && i < n && s[i] == '\n')
		i++;
	return i;
}

/*
 * Counts the candidates in the first record outside quotes. Ties, and a header with none of
 * them, choose ';' and then ',': ';' is what Swedish Excel writes, and commas are far more
 * common than semicolons inside free text, so a wrong guess on a one-column file splits less.
 */
static char detect_delimiter(const unsigned char *s, size_t n)
{
	size_t i = 0;
	for (;;) {
		size_t end = next_line(s, n, i);
		size_t k = i;
		while (k < end && (is_blank(s[k]) || s[k] == '\r' || s[k] == '\n'))
			k++;
		if (k < end || end >= n)
			break;
		i = end;
	}
	size_t semi = 0, comma = 0, tab = 0;
	int quoted = 0;
	for (; i < n; i++) {
		unsigned char c = s[i];
		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\r' || c == '\n')
			break;
		else if (c == ';')
			semi++;
		else if (c == ',')
			comma++;
		else if (c == '\t')
			tab++;
	}
	if (semi >= comma && semi >= tab)
		return ';';
	return comma >= tab ? ',' : '\t';
}

/* Collects fields while libcsv runs; strings live in one buffer as offsets until the end,
 * since the buffer moves as it grows. */
struct reader {
	struct buf text; /* every kept field, each followed by a NUL */
	size_t *offs; /* start of each field in text */
	size_t noffs, capoffs;
	struct rowrec {
		size_t line, first, n;
	} *rows;
	size_t nrows, caprows;
	size_t row_first, row_text; /* where the record being read began in offs and text */
	size_t line; /* line the record being read began on */
	int awaiting; /* between records: the next line with content starts one */
	int limit; /* 1: too many fields in a record, 2: in the file */
};

static int is_trimmed(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static void on_field(void *data, size_t len, void *arg)
{
	struct reader *r = arg;
	if (r->limit)
		return;
	if (r->noffs - r->row_first >= CSV_MAX_FIELDS_PER_ROW) {
		r->limit = 1;
		return;
	}
	if (r->noffs >= CSV_MAX_FIELDS_TOTAL) {
		r->limit = 2;
		return;
	}
	const unsigned char *s = data ? data : (const unsigned char *)"";
	if (!data)
		len = 0;
	while (len && is_trimmed(s[0])) {
		s++;
		len--;
	}
	while (len && is_trimmed(s[len - 1]))
		len--;
	/* Names typed on a Mac or pasted from a PDF may spell "Ö" as "O" and a combining mark;
	 * the register keeps one spelling (see text_nfc). Field by field, after splitting: over
	 * the whole file, U+037E (the Greek question mark, ';' in NFC) split its field in two. */
	size_t nfc_len;
	char *composed = text_has_non_ascii((const char *)s, len) ? text_nfc((const char *)s, len, &nfc_len) : NULL;
	if (composed) {
		s = (const unsigned char *)composed;
		len = nfc_len;
	}
	if (r->noffs == r->capoffs) {
		r->capoffs = r->capoffs ? r->capoffs * 2 : 256;
		r->offs = xrealloc(r->offs, r->capoffs * sizeof *r->offs);
	}
	r->offs[r->noffs++] = r->text.len;
	/* One line break inside a field, whatever the file's own: Excel writes LF for Alt+Enter. */
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '\r')
			continue;
		buf_append(&r->text, (const char *)s + start, i - start);
		buf_putc(&r->text, '\n');
		if (i + 1 < len && s[i + 1] == '\n')
			i++;
		start = i + 1;
	}
	buf_append(&r->text, (const char *)s + start, len - start);
	buf_append(&r->text, "", 1);
	free(composed);
}

static void on_record(int term, void *arg)
{
	struct reader *r = arg;
	(void)term; /* LF, CR or -1 at the end: where the record began is what matters */
	int empty = 1;
	for (size_t i = r->row_first; i < r->noffs && empty; i++)
		empty = r->text.data[r->offs[i]] == 0;
	if (empty || r->limit) {
		r->noffs = r->row_first;
		r->text.len = r->row_text;
		if (r->text.data)
			r->text.data[r->text.len] = 0;
	} else {
		if (r->nrows == r->caprows) {
			r->caprows = r->caprows ? r->caprows * 2 : 64;
			r->rows = xrealloc(r->rows, r->caprows * sizeof *r->rows);
		}
		r->rows[r->nrows++] = (struct rowrec){r->line, r->row_first, r->noffs - r->row_first};
	}
	r->row_first = r->noffs;
	r->row_text = r->text.len;
	r->awaiting = 1;
}

/* Whether libcsv will start a record on this line: it skips spaces, tabs (unless tab is the
 * delimiter) and line breaks between records, so anything else begins one. */
static int starts_record(const unsigned char *s, size_t n, char delim)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c == '\r' || c == '\n' || c == ' ' || (c == '\t' && delim != '\t'))
			continue;
		return 1;
	}
	return 0;
}

static size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

/* Moves what the reader collected into one allocation, so that freeing the table is one call. */
static struct csv_table *assemble(struct reader *r, char delim, int converted)
{
	size_t rows_at = align_up(sizeof(struct csv_table), _Alignof(struct csv_row));
	size_t ptrs_at = align_up(rows_at + r->nrows * sizeof(struct csv_row), _Alignof(char *));
	size_t text_at = ptrs_at + r->noffs * sizeof(char *);
	char *block = xrealloc(NULL, text_at + r->text.len + 1);
	struct csv_table *t = (struct csv_table *)block;
	char **ptrs = (char **)(block + ptrs_at);
	char *text = block + text_at;
	memcpy(text, buf_str(&r->text), r->text.len + 1);
	for (size_t i = 0; i < r->noffs; i++)
		ptrs[i] = text + r->offs[i];
	t->nrows = r->nrows;
	t->rows = (struct csv_row *)(block + rows_at);
	t->delimiter = delim;
	t->converted_from_cp1252 = converted;
	for (size_t i = 0; i < r->nrows; i++)
		t->rows[i] = (struct csv_row){r->rows[i].line, r->rows[i].n, ptrs + r->rows[i].first};
	return t;
}

/*
 * Feeds libcsv one line at a time, each piece ending at its CR or LF. A record can then only
 * end on a piece's last byte, so the line count between pieces tells where each record began
 * and where a quoting error is, which libcsv itself does not report.
 */
static struct csv_table *parse(const unsigned char *s, size_t n, size_t first_line, char delim,
			       int converted, char *err, size_t errsz)
{
	struct csv_parser p;
	/* Strict, because a lenient parser reopens a quote on `"a"b` and silently swallows
	 * the following fields and records into one. */
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		set_err(err, errsz, "out of memory");
		return NULL;
	}
	csv_set_delim(&p, (unsigned char)delim);
	struct reader r = {.text = BUF_INIT, .awaiting = 1, .line = first_line};
	struct csv_table *t = NULL;
	size_t line = first_line;
	int prev_cr = 0;
	size_t pos = 0;
	while (pos < n) {
		size_t end = pos;
		while (end < n && s[end] != '\r' && s[end] != '\n')
			end++;
		if (end < n)
			end++;
		if (r.awaiting && starts_record(s + pos, end - pos, delim)) {
			r.line = line;
			r.awaiting = 0;
		}
		size_t done = csv_parse(&p, s + pos, end - pos, on_field, on_record, &r);
		if (r.limit)
			goto limit;
		if (done < end - pos) {
			if (csv_error(&p) == CSV_EPARSE)
				set_err(err, errsz,
					"line %zu, field %zu: misplaced quote character (\"); a field that "
					"contains quotes must be enclosed in quotes, with each quote inside it "
					"written twice (\"\")",
					line, r.noffs - r.row_first + 1);
			else
				set_err(err, errsz, "line %zu: %s", line, csv_strerror(csv_error(&p)));
			goto out;
		}
		unsigned char last = s[end - 1];
		if (last == '\r' || (last == '\n' && !(prev_cr && end - pos == 1)))
			line++;
		prev_cr = last == '\r';
		pos = end;
	}
	if (csv_fini(&p, on_field, on_record, &r) != 0) {
		set_err(err, errsz,
			"line %zu: a quoted field is never closed (a \" is missing), so the rest of "
			"the file would become part of it",
			r.line);
		goto out;
	}
	if (r.limit)
		goto limit;
	if (r.nrows == 0) {
		set_err(err, errsz, "the file is empty");
		goto out;
	}
	t = assemble(&r, delim, converted);
	goto out;
limit:
	if (r.limit == 1)
		set_err(err, errsz, "line %zu: more than %d fields in one record", r.line,
			CSV_MAX_FIELDS_PER_ROW);
	else
		set_err(err, errsz, "the file has more than %d fields in all", CSV_MAX_FIELDS_TOTAL);
out:
	csv_free(&p);
	buf_free(&r.text);
	free(r.offs);
	free(r.rows);
	return t;
}

struct csv_table *csv_read_memory(const char *data, size_t len, char *err, size_t errsz)
{
	if (len > CSV_MAX_BYTES) {
		set_err(err, errsz, "the file is %.1f MB; the largest accepted is %zu MB",
			(double)len / (1024 * 1024), CSV_MAX_BYTES / (1024 * 1024));
		return NULL;
	}
	const unsigned char *s = (const unsigned char *)(data ? data : "");
	size_t n = data ? len : 0;
	/* Files people pick by mistake get a message that says what to do instead. */
	if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
		set_err(err, errsz,
			"the file is UTF-16 text (Excel's \"Unicode text\"); save it as \"CSV UTF-8\" instead");
		return NULL;
	}
	if (n >= 4 && (memcmp(s, "PK\x03\x04", 4) == 0 || memcmp(s, "\xD0\xCF\x11\xE0", 4) == 0)) {
		set_err(err, errsz,
			"this is an Excel workbook, not a CSV file; save it from Excel as \"CSV UTF-8\"");
		return NULL;
	}
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		n -= 3;
	}
	/* Text CSV has no control characters besides these; anything else is a binary file
	 * whose fields would only be noise, and NUL would cut the strings short. */
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') {
			set_err(err, errsz,
				"line %zu: control character 0x%02X; this does not look like a CSV text file",
				line_at(s, i), s[i]);
			return NULL;
		}
	}
	struct buf conv = BUF_INIT;
	int converted = 0;
	if (!text_utf8_valid((const char *)s, n)) {
		cp1252_to_utf8(s, n, &conv);
		s = (const unsigned char *)buf_str(&conv);
		n = conv.len;
		converted = 1;
	}
	/* Excel honours a first line "sep=;" and some exports write one; it names the delimiter. */
	size_t first_line = 1;
	char delim = 0;
	if (n >= 5 && memcmp(s, "sep=", 4) == 0 && (s[4] == ';' || s[4] == ',' || s[4] == '\t') &&
	    (n == 5 || s[5] == '\r' || s[5] == '\n')) {
		delim = (char)s[4];
		size_t skip = next_line(s, n, 0);
		s += skip;
		n -= skip;
		first_line = 2;
	} else {
		delim = detect_delimiter(s, n);
	}
	struct csv_table *t = parse(s, n, first_line, delim, converted, err, errsz);
	buf_free(&conv);
	return t;
}

struct csv_table *csv_read_file(const char *path, char *err, size_t errsz)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		set_err(err, errsz, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			set_err(err, errsz, "%s is a directory, not a file", path);
			fclose(f);
			return NULL;
		}
		if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > CSV_MAX_BYTES) {
			set_err(err, errsz, "the file is %.1f MB; the largest accepted is %zu MB",
				(double)st.st_size / (1024 * 1024), CSV_MAX_BYTES / (1024 * 1024));
			fclose(f);
			return NULL;
		}
	}
	/* Stops one chunk past the limit, so a pipe or a growing file cannot run us out of memory. */
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t got;
	while (b.len <= CSV_MAX_BYTES && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, got);
	struct csv_table *t = NULL;
	if (ferror(f))
		set_err(err, errsz, "cannot read %s: %s", path, strerror(errno));
	else if (b.len > CSV_MAX_BYTES)
		set_err(err, errsz, "the file is larger than %zu MB, the largest accepted",
			CSV_MAX_BYTES / (1024 * 1024));
	else
		t = csv_read_memory(b.data, b.len, err, errsz);
	fclose(f);
	buf_free(&b);
	return t;
}

void csv_table_free(struct csv_table *t) { free(t); }

struct csv_builder {
	struct reader r;
};

struct csv_builder *csv_builder_new(void)
{
	struct csv_builder *b = xrealloc(NULL, sizeof *b);
	*b = (struct csv_builder){.r = {.text = BUF_INIT, .awaiting = 1}};
	return b;
}

int csv_builder_field(struct csv_builder *b, const char *s, size_t len)
{
	on_field((void *)s, len, &b->r);
	return b->r.limit;
}

void csv_builder_record(struct csv_builder *b, size_t line)
{
	b->r.line = line;
	on_record(0, &b->r);
}

void csv_builder_free(struct csv_builder *b)
{
	if (!b)
		return;
	buf_free(&b->r.text);
	free(b->r.offs);
	free(b->r.rows);
	free(b);
}

struct csv_table *csv_builder_finish(struct csv_builder *b, char delimiter)
{
	struct csv_table *t = b->r.nrows ? assemble(&b->r, delimiter, 0) : NULL;
	csv_builder_free(b);
	return t;
}
