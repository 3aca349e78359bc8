/* xlsx_reader: reads the workbook's parts out of the zip archive with libzip and streams their XML through expat into a csv_builder. */
#include "base/xlsx_reader.h"
#include "base/buf.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/workdays.h"
#include <ctype.h>
#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zip.h>

/* Shared strings, styles and relationships are capped like the cells: a file cannot make us
 * keep more of them than a sheet could use. */
#define MAX_STYLES 65536
#define MAX_SHEETS 1024
#define MAX_RELS 4096

static void set_err(char *err, size_t errsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errsz, const char *fmt, ...)
{
	if (!err || !errsz || *err)
		return; /* the first problem is the one to tell */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("out of memory\n", stderr);
		abort();
	}
	return p;
}

/* A list of strings kept in one buffer as offsets (the buffer moves as it grows). */
struct strings {
	struct buf text;
	size_t *offs;
	size_t n, cap;
};

static void strings_add(struct strings *s, const char *v, size_t len)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->offs = xrealloc(s->offs, s->cap * sizeof *s->offs);
	}
	s->offs[s->n++] = s->text.len;
	buf_append(&s->text, v, len);
	buf_append(&s->text, "", 1);
}

static const char *strings_at(const struct strings *s, size_t i) { return s->text.data + s->offs[i]; }

static void strings_free(struct strings *s)
{
	buf_free(&s->text);
	free(s->offs);
	*s = (struct strings){0};
}

/* What a cell's number format makes of its number. */
enum numkind { NUM_PLAIN, NUM_DATE, NUM_TIME, NUM_DATETIME };

struct workbook {
	zip_t *zip;
	size_t xml_left; /* bytes of XML we may still read */
	char *err;
	size_t errsz;
	bool date1904;
	struct strings sheet_names, sheet_rels; /* in workbook order */
	struct strings rel_ids, rel_targets, rel_types;
	struct strings shared;
	struct strings fmt_codes; /* custom numFmt codes … */
	int *fmt_ids;             /* … and their ids */
	unsigned char *xf_kind;   /* cellXfs index → enum numkind */
	size_t nxf;
	XML_Parser parser; /* the part being read */
};

/* Every part's context starts with its workbook, so handlers common to all parts find it. */
static struct workbook *wb_of(void *ctx) { return *(struct workbook **)ctx; }

/* Stops reading the part after a problem already put in wb->err. */
static void halt(struct workbook *wb) { XML_StopParser(wb->parser, XML_FALSE); }

/* ---------------------------------------------------------------------------------------------
 * XML plumbing.
 */

/* The element or attribute name without its namespace prefix: "x:row" is "row". */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (int i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* Entity declarations have no place in a workbook and are how "billion laughs" files grow. */
static void XMLCALL refuse_entity(void *ctx, const XML_Char *name, int pe, const XML_Char *value, int len,
				  const XML_Char *base, const XML_Char *sys, const XML_Char *pub, const XML_Char *notation)
{
	struct workbook *wb = wb_of(ctx);
	set_err(wb->err, wb->errsz, "%s", _("the workbook declares XML entities, which Excel never writes"));
	halt(wb);
}

/* Streams the archive member `name` through a new parser with these handlers. 1 when the
 * member is not there, 0 when it was read, -1 on an error (in wb->err). */
static int read_part(struct workbook *wb, const char *name, void *ctx, XML_StartElementHandler start,
		     XML_EndElementHandler end, XML_CharacterDataHandler chars)
{
	zip_stat_t zs;
	zip_stat_init(&zs);
	if (zip_stat(wb->zip, name, 0, &zs) != 0)
		return 1;
	if ((zs.valid & ZIP_STAT_SIZE) && zs.size > wb->xml_left) {
		set_err(wb->err, wb->errsz, _("the workbook unpacks to more than %zu MB, the most we read"),
			XLSX_MAX_UNCOMPRESSED / (1024 * 1024));
		return -1;
	}
	zip_file_t *f = zip_fopen(wb->zip, name, 0);
	if (!f) {
		set_err(wb->err, wb->errsz, _("the workbook is damaged: %s cannot be unpacked (%s)"), name,
			zip_strerror(wb->zip));
		return -1;
	}
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (!p)
		abort();
	XML_SetUserData(p, ctx);
	XML_SetElementHandler(p, start, end);
	if (chars)
		XML_SetCharacterDataHandler(p, chars);
	XML_SetEntityDeclHandler(p, refuse_entity);
	wb->parser = p;
	int rc = 0;
	char chunk[65536];
	for (;;) {
		zip_int64_t got = zip_fread(f, chunk, sizeof chunk);
		if (got < 0) {
			set_err(wb->err, wb->errsz, _("the workbook is damaged: %s cannot be unpacked (%s)"), name,
				zip_file_strerror(f));
			rc = -1;
			break;
		}
		if ((size_t)got > wb->xml_left) {
			set_err(wb->err, wb->errsz, _("the workbook unpacks to more than %zu MB, the most we read"),
				XLSX_MAX_UNCOMPRESSED / (1024 * 1024));
			rc = -1;
			break;
		}
		wb->xml_left -= (size_t)got;
		enum XML_Status s = XML_Parse(p, chunk, (int)got, got == 0);
		if (s == XML_STATUS_SUSPENDED)
			s = XML_STATUS_ERROR;
		if (s != XML_STATUS_OK) {
			/* A handler that stopped the parser has said why already. */
			set_err(wb->err, wb->errsz, _("the workbook is damaged: %s, line %lu: %s"), name,
				(unsigned long)XML_GetCurrentLineNumber(p), XML_ErrorString(XML_GetErrorCode(p)));
			rc = -1;
			break;
		}
		if (got == 0)
			break;
	}
	XML_ParserFree(p);
	wb->parser = NULL;
	zip_fclose(f);
	return rc;
}

/* ---------------------------------------------------------------------------------------------
 * Relationships: _rels/.rels names the workbook; the workbook's .rels name its sheets, shared
 * strings and styles.
 */

struct rels_ctx {
	struct workbook *wb;
};

static void XMLCALL rels_start(void *ctx, const XML_Char *name, const XML_Char **atts)
{
	struct rels_ctx *c = ctx;
	if (strcmp(local(name), "Relationship") != 0 || c->wb->rel_ids.n >= MAX_RELS)
		return;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target"), *type = attr(atts, "Type");
	if (!id || !target)
		return;
	strings_add(&c->wb->rel_ids, id, strlen(id));
	strings_add(&c->wb->rel_targets, target, strlen(target));
	strings_add(&c->wb->rel_types, type ? type : "", type ? strlen(type) : 0);
}

static void XMLCALL ignore_end(void *ctx, const XML_Char *name) {}

static int read_rels(struct workbook *wb, const char *name)
{
	strings_free(&wb->rel_ids);
	strings_free(&wb->rel_targets);
	strings_free(&wb->rel_types);
	struct rels_ctx c = {wb};
	return read_part(wb, name, &c, rels_start, ignore_end, NULL);
}

/* The target of the relationship whose type ends with suffix, or whose id is id. */
static const char *rel_find(const struct workbook *wb, const char *id, const char *type_suffix)
{
	for (size_t i = 0; i < wb->rel_ids.n; i++) {
		if (id && strcmp(strings_at(&wb->rel_ids, i), id) == 0)
			return strings_at(&wb->rel_targets, i);
		if (type_suffix) {
			const char *t = strings_at(&wb->rel_types, i);
			size_t tl = strlen(t), sl = strlen(type_suffix);
			if (tl >= sl && strcmp(t + tl - sl, type_suffix) == 0)
				return strings_at(&wb->rel_targets, i);
		}
	}
	return NULL;
}

/* A target relative to the directory `dir` ("xl/"), or absolute ("/xl/worksheets/sheet1.xml"),
 * as an archive member name in out. */
static void resolve_target(const char *dir, const char *target, char *out, size_t outsz)
{
	if (target[0] == '/')
		snprintf(out, outsz, "%s", target + 1);
	else
		snprintf(out, outsz, "%s%s", dir, target);
	/* "xl/worksheets/../sharedStrings.xml": drop each "dir/../". */
	char *up;
	while ((up = strstr(out, "/../")) != NULL) {
		char *start = up;
		while (start > out && start[-1] != '/')
			start--;
		memmove(start, up + 4, strlen(up + 4) + 1);
	}
}

/* ---------------------------------------------------------------------------------------------
 * The workbook part: sheet names and the date system.
 */

static void XMLCALL workbook_start(void *ctx, const XML_Char *name, const XML_Char **atts)
{
	struct rels_ctx *c = ctx;
	struct workbook *wb = c->wb;
	const char *n = local(name);
	if (strcmp(n, "workbookPr") == 0) {
		const char *d = attr(atts, "date1904");
		wb->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
	} else if (strcmp(n, "sheet") == 0 && wb->sheet_names.n < MAX_SHEETS) {
		const char *sn = attr(atts, "name"), *id = attr(atts, "id");
		if (!sn || !id)
			return;
		strings_add(&wb->sheet_names, sn, strlen(sn));
		strings_add(&wb->sheet_rels, id, strlen(id));
	}
}

/* ---------------------------------------------------------------------------------------------
 * Shared strings and inline strings: the text of <t> elements, except inside phonetic runs.
 */

struct text_collect {
	struct buf text;
	int in_t;   /* inside <t> */
	int in_rph; /* inside <rPh> (phonetic guide: not part of the value) */
};

static void text_start(struct text_collect *tc, const char *n)
{
	if (strcmp(n, "rPh") == 0)
		tc->in_rph++;
	else if (strcmp(n, "t") == 0)
		tc->in_t++;
}

static void text_end(struct text_collect *tc, const char *n)
{
	if (strcmp(n, "rPh") == 0 && tc->in_rph)
		tc->in_rph--;
	else if (strcmp(n, "t") == 0 && tc->in_t)
		tc->in_t--;
}

/* Excel writes characters XML cannot hold (a CR, a tab) as _xHHHH_, and a literal "_x" that
 * would look like one as _x005F_x. Decodes them in place; NUL and surrogates stay as written. */
static void decode_escapes(struct buf *b)
{
	if (!b->len || !memchr(b->data, '_', b->len))
		return;
	char *s = b->data, *w = s;
	size_t n = b->len;
	for (size_t i = 0; i < n;) {
		if (i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_' && isxdigit((unsigned char)s[i + 2]) &&
		    isxdigit((unsigned char)s[i + 3]) && isxdigit((unsigned char)s[i + 4]) &&
		    isxdigit((unsigned char)s[i + 5])) {
			char hex[5] = {s[i + 2], s[i + 3], s[i + 4], s[i + 5], 0};
			int v = (int)strtol(hex, NULL, 16);
			if (v != 0 && (v < 0xD800 || v > 0xDFFF)) {
				if (v < 0x80) {
					*w++ = (char)v;
				} else if (v < 0x800) {
					*w++ = (char)(0xC0 | v >> 6);
					*w++ = (char)(0x80 | (v & 0x3F));
				} else {
					*w++ = (char)(0xE0 | v >> 12);
					*w++ = (char)(0x80 | (v >> 6 & 0x3F));
					*w++ = (char)(0x80 | (v & 0x3F));
				}
				i += 7;
				continue;
			}
		}
		*w++ = s[i++];
	}
	b->len = (size_t)(w - s);
	s[b->len] = 0;
}

struct sst_ctx {
	struct workbook *wb;
	struct text_collect tc;
	bool in_si;
};

static void XMLCALL sst_start(void *ctx, const XML_Char *name, const XML_Char **atts)
{
	struct sst_ctx *c = ctx;
	const char *n = local(name);
	if (strcmp(n, "si") == 0) {
		c->in_si = true;
		buf_reset(&c->tc.text);
		c->tc.in_t = c->tc.in_rph = 0;
	} else if (c->in_si) {
		text_start(&c->tc, n);
	}
}

static void XMLCALL sst_end(void *ctx, const XML_Char *name)
{
	struct sst_ctx *c = ctx;
	const char *n = local(name);
	if (strcmp(n, "si") == 0 && c->in_si) {
		c->in_si = false;
		if (c->wb->shared.n >= CSV_MAX_FIELDS_TOTAL) {
			set_err(c->wb->err, c->wb->errsz, _("the workbook has more than %d texts"), CSV_MAX_FIELDS_TOTAL);
			halt(c->wb);
			return;
		}
		decode_escapes(&c->tc.text);
		strings_add(&c->wb->shared, buf_str(&c->tc.text), c->tc.text.len);
	} else if (c->in_si) {
		text_end(&c->tc, n);
	}
}

static void XMLCALL sst_chars(void *ctx, const XML_Char *s, int len)
{
	struct sst_ctx *c = ctx;
	if (c->in_si && c->tc.in_t && !c->tc.in_rph)
		buf_append(&c->tc.text, s, (size_t)len);
}

/* ---------------------------------------------------------------------------------------------
 * Styles: which cell formats are dates.
 */

/* A custom number format's kind, from its letters outside quotes, brackets and escapes. */
static enum numkind format_kind(const char *code)
{
	bool date = false, time = false, month = false;
	for (const char *p = code; *p; p++) {
		char c = *p;
		if (c == '"') {
			const char *q = strchr(p + 1, '"');
			if (!q)
				break;
			p = q;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (p[1])
				p++;
		} else if (c == '[') {
			/* [h], [mm], [ss] are elapsed times; [Red], [$-41D] are not letters of the format. */
			const char *q = strchr(p, ']');
			if (!q)
				break;
			if (p[1] == 'h' || p[1] == 'H' || p[1] == 's' || p[1] == 'S' ||
			    ((p[1] == 'm' || p[1] == 'M') && (p[2] == 'm' || p[2] == 'M' || p[2] == ']')))
				time = true;
			p = q;
		} else if (c == ';') {
			break; /* the first section decides */
		} else {
			switch (c | 0x20) {
			case 'd': case 'y': date = true; break;
			case 'h': case 's': time = true; break;
			case 'm': month = true; break;
			default: break;
			}
		}
	}
	if (month && !time)
		date = true;
	return date && time ? NUM_DATETIME : date ? NUM_DATE : time ? NUM_TIME : NUM_PLAIN;
}

static enum numkind builtin_kind(int id)
{
	if (id >= 14 && id <= 17)
		return NUM_DATE;
	if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
		return NUM_TIME;
	if (id == 22)
		return NUM_DATETIME;
	return NUM_PLAIN;
}

struct styles_ctx {
	struct workbook *wb;
	bool in_xfs;
};

static void XMLCALL styles_start(void *ctx, const XML_Char *name, const XML_Char **atts)
{
	struct styles_ctx *c = ctx;
	struct workbook *wb = c->wb;
	const char *n = local(name);
	if (strcmp(n, "numFmt") == 0 && wb->fmt_codes.n < MAX_STYLES) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (!id || !code)
			return;
		wb->fmt_ids = xrealloc(wb->fmt_ids, (wb->fmt_codes.n + 1) * sizeof *wb->fmt_ids);
		wb->fmt_ids[wb->fmt_codes.n] = atoi(id);
		strings_add(&wb->fmt_codes, code, strlen(code));
	} else if (strcmp(n, "cellXfs") == 0) {
		c->in_xfs = true;
	} else if (strcmp(n, "xf") == 0 && c->in_xfs) {
		if (wb->nxf >= MAX_STYLES)
			return; /* more formats than Excel allows: the rest are plain */
		const char *id = attr(atts, "numFmtId");
		int fid = id ? atoi(id) : 0;
		enum numkind k = builtin_kind(fid);
		for (size_t i = 0; i < wb->fmt_codes.n; i++)
			if (wb->fmt_ids[i] == fid)
				k = format_kind(strings_at(&wb->fmt_codes, i));
		wb->xf_kind = xrealloc(wb->xf_kind, wb->nxf + 1);
		wb->xf_kind[wb->nxf++] = (unsigned char)k;
	}
}

static void XMLCALL styles_end(void *ctx, const XML_Char *name)
{
	struct styles_ctx *c = ctx;
	if (strcmp(local(name), "cellXfs") == 0)
		c->in_xfs = false;
}

/* ---------------------------------------------------------------------------------------------
 * The sheet.
 */

struct sheet_ctx {
	struct workbook *wb;
	struct csv_builder *out;
	struct text_collect tc; /* <is> of an inline string */
	struct buf v;           /* <v> */
	bool in_v, in_is, in_cell, stopped;
	long row;       /* the row being read (1-based), 0 between rows */
	long last_row;  /* the row before it */
	long next_col;  /* the column a cell without a reference has (0-based) */
	long fields;    /* fields written in this row */
	long col;       /* the cell's column */
	char type[16];
	long style;
	char ref[24];
};

static void stop(struct sheet_ctx *c)
{
	c->stopped = true;
	halt(c->wb);
}

/* "BC12" → column 54 (0-based) and its row 12; -1 when it is not a cell reference. */
static long column_of_ref(const char *ref, long *row)
{
	long col = 0;
	int letters = 0;
	const char *p = ref;
	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
		if (++letters > 3)
			return -1;
		col = col * 26 + ((*p | 0x20) - 'a' + 1);
	}
	if (!letters)
		return -1;
	long r = 0;
	int digits = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (++digits > 7)
			return -1;
		r = r * 10 + (*p - '0');
	}
	if (*p)
		return -1;
	*row = r;
	return col - 1;
}

/* The cell's name for messages: its reference, or one made from where it is. */
static const char *cell_name(struct sheet_ctx *c)
{
	if (!c->ref[0]) {
		char letters[8];
		int n = 0;
		for (long k = c->col + 1; k > 0 && n < 7; k = (k - 1) / 26)
			letters[n++] = (char)('A' + (k - 1) % 26);
		for (int i = 0; i < n / 2; i++) {
			char t = letters[i];
			letters[i] = letters[n - 1 - i];
			letters[n - 1 - i] = t;
		}
		letters[n] = 0;
		snprintf(c->ref, sizeof c->ref, "%s%ld", letters, c->row);
	}
	return c->ref;
}

static void XMLCALL sheet_start(void *ctx, const XML_Char *name, const XML_Char **atts)
{
	struct sheet_ctx *c = ctx;
	if (c->stopped)
		return;
	const char *n = local(name);
	if (strcmp(n, "row") == 0) {
		const char *r = attr(atts, "r");
		long row = c->last_row + 1;
		if (r) {
			char *end;
			errno = 0;
			row = strtol(r, &end, 10);
			if (*end || errno || row < 1)
				row = c->last_row + 1;
		}
		if (row > XLSX_MAX_ROWS) {
			set_err(c->wb->err, c->wb->errsz, _("the sheet has a row numbered %ld; the most is %d"), row,
				XLSX_MAX_ROWS);
			stop(c);
			return;
		}
		c->row = row;
		c->next_col = 0;
		c->fields = 0;
	} else if (strcmp(n, "c") == 0 && c->row) {
		c->in_cell = true;
		buf_reset(&c->v);
		buf_reset(&c->tc.text);
		c->tc.in_t = c->tc.in_rph = 0;
		const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		long ref_row = 0;
		long col = r ? column_of_ref(r, &ref_row) : -1;
		c->col = col >= 0 ? col : c->next_col;
		c->next_col = c->col + 1;
		snprintf(c->ref, sizeof c->ref, "%s", r && col >= 0 ? r : "");
		snprintf(c->type, sizeof c->type, "%s", t ? t : "n");
		c->style = s ? atol(s) : 0;
	} else if (c->in_cell && strcmp(n, "v") == 0) {
		c->in_v = true;
	} else if (c->in_cell && strcmp(n, "is") == 0) {
		c->in_is = true;
	} else if (c->in_is) {
		text_start(&c->tc, n);
	}
}

/* A day number of the workbook's date system (fractional: the time of day) as text. */
static void format_serial(double serial, enum numkind kind, bool date1904, struct buf *out)
{
	double whole = floor(serial);
	long days = (long)whole;
	int secs = (int)lround((serial - whole) * 86400.0);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	if (secs < 0)
		secs = 0;
	char date[16];
	workday_date d;
	if (date1904)
		d = workdays_from_ymd(1904, 1, 1) + days;
	else if (days >= 61)
		d = workdays_from_ymd(1899, 12, 30) + days; /* Excel counts a 29 February 1900 */
	else
		d = workdays_from_ymd(1899, 12, 31) + days;
	workdays_format(d, date);
	char time[32];
	if (secs % 60)
		snprintf(time, sizeof time, "%02d:%02d:%02d", secs / 3600 % 24, secs / 60 % 60, secs % 60);
	else
		snprintf(time, sizeof time, "%02d:%02d", secs / 3600 % 24, secs / 60 % 60);
	if (kind == NUM_TIME)
		buf_puts(out, time);
	else if (kind == NUM_DATE || secs == 0)
		buf_puts(out, date);
	else
		buf_printf(out, "%s %s", date, time);
}

/* A number cell's text, as Excel shows it in General format (or as a date when its format is). */
static void format_number(struct sheet_ctx *c, const char *v, struct buf *out)
{
	char *end;
	double x = strtod(v, &end);
	while (*end == ' ')
		end++;
	if (end == v || *end || !isfinite(x)) {
		buf_puts(out, v); /* not a number after all: keep what the file says */
		return;
	}
	enum numkind kind = c->style >= 0 && (size_t)c->style < c->wb->nxf ? c->wb->xf_kind[c->style] : NUM_PLAIN;
	/* Day 2958465 is 9999-12-31, Excel's last date. */
	if (kind != NUM_PLAIN && x >= 0 && x < 2958466) {
		format_serial(x, kind, c->wb->date1904, out);
		return;
	}
	if (x == floor(x) && fabs(x) < 1e15) {
		buf_printf(out, "%.0f", x == 0 ? 0.0 : x);
		return;
	}
	buf_printf(out, "%.15G", x);
}

static void XMLCALL sheet_end(void *ctx, const XML_Char *name)
{
	struct sheet_ctx *c = ctx;
	if (c->stopped)
		return;
	const char *n = local(name);
	if (strcmp(n, "v") == 0) {
		c->in_v = false;
	} else if (strcmp(n, "is") == 0) {
		c->in_is = false;
	} else if (c->in_is) {
		text_end(&c->tc, n);
	} else if (strcmp(n, "c") == 0 && c->in_cell) {
		c->in_cell = false;
		struct buf value = BUF_INIT;
		const char *v = buf_str(&c->v);
		const char *t = c->type;
		if (strcmp(t, "s") == 0) {
			char *e;
			errno = 0;
			unsigned long i = strtoul(v, &e, 10);
			if (*v && !*e && !errno && i < c->wb->shared.n) {
				buf_puts(&value, strings_at(&c->wb->shared, i));
			} else if (*v) {
				set_err(c->wb->err, c->wb->errsz,
					_("cell %s refers to text number %s, which the workbook does not have"), cell_name(c),
					v);
				stop(c);
			}
		} else if (strcmp(t, "inlineStr") == 0) {
			decode_escapes(&c->tc.text);
			buf_append(&value, buf_str(&c->tc.text), c->tc.text.len);
		} else if (strcmp(t, "str") == 0) {
			decode_escapes(&c->v);
			buf_puts(&value, buf_str(&c->v));
		} else if (strcmp(t, "b") == 0) {
			if (*v)
				buf_puts(&value, strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ? "TRUE" : "FALSE");
		} else if (strcmp(t, "d") == 0) {
			/* An ISO date cell (strict Open XML): midnight is a date. */
			size_t len = strlen(v);
			if (len > 10 && (strcmp(v + 10, "T00:00:00") == 0 || strcmp(v + 10, "T00:00:00Z") == 0))
				len = 10;
			buf_append(&value, v, len);
		} else if (strcmp(t, "e") == 0) {
			buf_puts(&value, v);
		} else if (*v) {
			format_number(c, v, &value);
		}
		if (!c->stopped && value.len) {
			/* Only cells with a value count: formatting far to the right costs nothing. */
			if (c->col >= CSV_MAX_FIELDS_PER_ROW) {
				set_err(c->wb->err, c->wb->errsz, _("cell %s is beyond column %d, the last we read"),
					cell_name(c), CSV_MAX_FIELDS_PER_ROW);
				stop(c);
			} else if (c->col < c->fields) {
				set_err(c->wb->err, c->wb->errsz, _("cell %s comes after a cell to its right"), cell_name(c));
				stop(c);
			} else {
				int lim = 0;
				while (!lim && c->fields < c->col) {
					lim = csv_builder_field(c->out, "", 0);
					c->fields++;
				}
				if (!lim)
					lim = csv_builder_field(c->out, value.data, value.len);
				c->fields++;
				if (lim) {
					set_err(c->wb->err, c->wb->errsz, _("the sheet has more than %d cells with values"),
						CSV_MAX_FIELDS_TOTAL);
					stop(c);
				}
			}
		}
		buf_free(&value);
	} else if (strcmp(n, "row") == 0 && c->row) {
		csv_builder_record(c->out, (size_t)c->row);
		c->last_row = c->row;
		c->row = 0;
	}
}

static void XMLCALL sheet_chars(void *ctx, const XML_Char *s, int len)
{
	struct sheet_ctx *c = ctx;
	if (c->stopped)
		return;
	if (c->in_v)
		buf_append(&c->v, s, (size_t)len);
	else if (c->in_is && c->tc.in_t && !c->tc.in_rph)
		buf_append(&c->tc.text, s, (size_t)len);
}

/* ---------------------------------------------------------------------------------------------
 * The whole.
 */

/* The directory part of an archive member name, with its '/', in out ("xl/workbook.xml" → "xl/"). */
static void dir_of(const char *name, char *out, size_t outsz)
{
	const char *slash = strrchr(name, '/');
	size_t n = slash ? (size_t)(slash - name + 1) : 0;
	snprintf(out, outsz, "%.*s", (int)n, name);
}

static struct csv_table *read_workbook(zip_t *zip, const char *sheet, size_t max_xml, char *err, size_t errsz)
{
	struct workbook wb = {.zip = zip, .xml_left = max_xml ? max_xml : XLSX_MAX_UNCOMPRESSED, .err = err, .errsz = errsz};
	struct csv_table *t = NULL;
	char book[512], dir[512], rels[600], part[1024];

	/* The workbook part is named by the package's relationships; always xl/workbook.xml in
	 * practice, which is also where we look when those are missing. */
	int rc = read_rels(&wb, "_rels/.rels");
	if (rc < 0)
		goto out;
	const char *target = rc == 0 ? rel_find(&wb, NULL, "/officeDocument") : NULL;
	resolve_target("", target ? target : "xl/workbook.xml", book, sizeof book);
	struct rels_ctx rc_book = {&wb};
	rc = read_part(&wb, book, &rc_book, workbook_start, ignore_end, NULL);
	if (rc != 0) {
		set_err(err, errsz, "%s", _("this is a zip archive but not an Excel workbook (.xlsx)"));
		goto out;
	}
	if (wb.sheet_names.n == 0) {
		set_err(err, errsz, "%s", _("the workbook has no sheets"));
		goto out;
	}
	size_t which = 0;
	if (sheet && *sheet) {
		which = wb.sheet_names.n;
		for (size_t i = 0; i < wb.sheet_names.n && which == wb.sheet_names.n; i++)
			if (strcmp(strings_at(&wb.sheet_names, i), sheet) == 0)
				which = i;
		char a[256], b[256];
		for (size_t i = 0; i < wb.sheet_names.n && which == wb.sheet_names.n; i++)
			if (text_fold(strings_at(&wb.sheet_names, i), a, sizeof a, false) &&
			    text_fold(sheet, b, sizeof b, false) && strcmp(a, b) == 0)
				which = i;
		if (which == wb.sheet_names.n) {
			struct buf names = BUF_INIT;
			for (size_t i = 0; i < wb.sheet_names.n; i++)
				buf_printf(&names, "%s\"%s\"", i ? ", " : "", strings_at(&wb.sheet_names, i));
			set_err(err, errsz, _("the workbook has no sheet named \"%s\"; its sheets are %s"), sheet,
				buf_str(&names));
			buf_free(&names);
			goto out;
		}
	}

	dir_of(book, dir, sizeof dir);
	snprintf(rels, sizeof rels, "%s_rels/%s.rels", dir, book + strlen(dir));
	if (read_rels(&wb, rels) < 0)
		goto out;
	const char *sheet_target = rel_find(&wb, strings_at(&wb.sheet_rels, which), NULL);
	if (!sheet_target) {
		set_err(err, errsz, _("the workbook is damaged: sheet \"%s\" has no part"),
			strings_at(&wb.sheet_names, which));
		goto out;
	}
	char sheet_part[1024];
	resolve_target(dir, sheet_target, sheet_part, sizeof sheet_part);

	const char *sst = rel_find(&wb, NULL, "/sharedStrings");
	resolve_target(dir, sst ? sst : "sharedStrings.xml", part, sizeof part);
	struct sst_ctx sc = {.wb = &wb, .tc = {.text = BUF_INIT}};
	rc = read_part(&wb, part, &sc, sst_start, sst_end, sst_chars);
	buf_free(&sc.tc.text);
	if (rc < 0)
		goto out;

	const char *sty = rel_find(&wb, NULL, "/styles");
	resolve_target(dir, sty ? sty : "styles.xml", part, sizeof part);
	struct styles_ctx yc = {.wb = &wb};
	if (read_part(&wb, part, &yc, styles_start, styles_end, NULL) < 0)
		goto out;

	struct sheet_ctx shc = {.wb = &wb, .out = csv_builder_new(), .tc = {.text = BUF_INIT}, .v = BUF_INIT};
	rc = read_part(&wb, sheet_part, &shc, sheet_start, sheet_end, sheet_chars);
	if (rc == 1)
		set_err(err, errsz, _("the workbook is damaged: sheet \"%s\" has no part"),
			strings_at(&wb.sheet_names, which));
	buf_free(&shc.tc.text);
	buf_free(&shc.v);
	if (rc != 0 || shc.stopped) {
		csv_builder_free(shc.out);
		goto out;
	}
	t = csv_builder_finish(shc.out, ';');
	if (!t)
		set_err(err, errsz, _("sheet \"%s\" is empty"), strings_at(&wb.sheet_names, which));
out:
	strings_free(&wb.sheet_names);
	strings_free(&wb.sheet_rels);
	strings_free(&wb.rel_ids);
	strings_free(&wb.rel_targets);
	strings_free(&wb.rel_types);
	strings_free(&wb.shared);
	strings_free(&wb.fmt_codes);
	free(wb.fmt_ids);
	free(wb.xf_kind);
	return t;
}

struct csv_table *xlsx_read_memory_capped(const void *data, size_t len, const char *sheet, size_t max_xml,
					  char *err, size_t errsz)
{
	if (err && errsz)
		*err = 0;
	if (len > CSV_MAX_BYTES) {
		set_err(err, errsz, _("the file is %.1f MB; the largest accepted is %zu MB"), (double)len / (1024 * 1024),
			CSV_MAX_BYTES / (1024 * 1024));
		return NULL;
	}
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	zip_t *zip = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!zip) {
		set_err(err, errsz, _("the file is not an Excel workbook (.xlsx) that can be read: %s"),
			zip_error_strerror(&ze));
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		return NULL;
	}
	zip_error_fini(&ze);
	struct csv_table *t = read_workbook(zip, sheet, max_xml, err, errsz);
	zip_discard(zip);
	return t;
}

struct csv_table *xlsx_read_memory(const void *data, size_t len, const char *sheet, char *err, size_t errsz)
{
	return xlsx_read_memory_capped(data, len, sheet, 0, err, errsz);
}

struct csv_table *xlsx_read_file(const char *path, const char *sheet, char *err, size_t errsz)
{
	if (err && errsz)
		*err = 0;
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > CSV_MAX_BYTES) {
		set_err(err, errsz, _("the file is %.1f MB; the largest accepted is %zu MB"),
			(double)st.st_size / (1024 * 1024), CSV_MAX_BYTES / (1024 * 1024));
		return NULL;
	}
	int ze = 0;
	zip_t *zip = zip_open(path, ZIP_RDONLY, &ze);
	if (!zip) {
		zip_error_t e;
		zip_error_init_with_code(&e, ze);
		set_err(err, errsz, _("the file is not an Excel workbook (.xlsx) that can be read: %s"),
			zip_error_strerror(&e));
		zip_error_fini(&e);
		return NULL;
	}
	struct csv_table *t = read_workbook(zip, sheet, 0, err, errsz);
	zip_discard(zip);
	return t;
}

static bool ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

struct csv_table *table_read_file(const char *path, const char *sheet, char *err, size_t errsz)
{
	if (err && errsz)
		*err = 0;
	unsigned char magic[4] = {0};
	size_t got = 0;
	FILE *f = fopen(path, "rb");
	if (f) {
		got = fread(magic, 1, sizeof magic, f);
		fclose(f);
	}
	bool zip = got == 4 && (memcmp(magic, "PK\x03\x04", 4) == 0 || memcmp(magic, "PK\x05\x06", 4) == 0);
	bool ole2 = got == 4 && memcmp(magic, "\xD0\xCF\x11\xE0", 4) == 0;
	if (f && (ole2 || (!zip && ends_with_ci(path, ".xls")))) {
		set_err(err, errsz, "%s",
			_("Excel 97–2003 files (.xls) cannot be read: save the file as .xlsx or CSV and try again."));
		return NULL;
	}
	if (zip)
		return xlsx_read_file(path, sheet, err, errsz);
	if (f && ends_with_ci(path, ".xlsx")) {
		set_err(err, errsz, "%s", _("the file is named .xlsx but is not an Excel workbook; save it again from Excel"));
		return NULL;
	}
	if (sheet && *sheet) {
		set_err(err, errsz, "%s", _("--sheet is only for Excel workbooks (.xlsx); this file is read as CSV"));
		return NULL;
	}
	return csv_read_file(path, err, errsz);
}
