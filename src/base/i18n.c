/* i18n: parses the embedded .po files into one hash table per language and looks messages up. */
#include "base/i18n.h"
#include "base/buf.h"
#include "base/embedded.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The languages the site speaks; index 0 is the default. */
enum lang { LANG_SV, LANG_EN, LANG_COUNT };
static const char *const lang_names[LANG_COUNT] = {"sv", "en"};

/* Swedish and English both have two forms, chosen by n != 1. A language with other plural rules
 * would need the Plural-Forms expression evaluated; until then such a header is rejected so the
 * mistake shows at start-up rather than as wrong words on a page. */
#define NFORMS 2

struct entry {
	char *key; /* NULL marks an empty slot; one malloc'd block holding the key and the forms */
	size_t keylen;
	uint32_t hash;
	bool translated; /* false: empty msgstr; kept only so duplicates are still caught */
	bool plural;
	const char *form[NFORMS]; /* point into the key's block */
};

/* Open addressing with linear probing, at most half full, so a miss ends soon. */
struct table {
	struct entry *slots;
	size_t cap; /* a power of two, or 0 when nothing is loaded */
	size_t count;
};

static struct table tables[LANG_COUNT];

/* Each worker serves one request at a time, so the request's language is the thread's. */
static _Thread_local enum lang current = LANG_SV;

/* FNV-1a, fed in pieces so a lookup with a context needs no joined copy of the key. */
#define FNV_START 2166136261u
static uint32_t fnv(uint32_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->slots[i].key);
	free(t->slots);
	*t = (struct table){0};
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);
	if (!p) {
		fputs("out of memory\n", stderr);
		abort();
	}
	return p;
}

/* Moves e into a free slot; the caller has made sure one exists and that the key is new. */
static void table_place(struct table *t, const struct entry *e)
{
	size_t i = e->hash & (t->cap - 1);
	while (t->slots[i].key)
		i = (i + 1) & (t->cap - 1);
	t->slots[i] = *e;
	t->count++;
}

static void table_grow(struct table *t)
{
	struct table bigger = {xcalloc(t->cap ? t->cap * 2 : 64, sizeof(struct entry)),
			       t->cap ? t->cap * 2 : 64, 0};
	for (size_t i = 0; i < t->cap; i++)
		if (t->slots[i].key)
			table_place(&bigger, &t->slots[i]);
	free(t->slots);
	*t = bigger;
}

/* ctxt may be NULL; the key is then msgid alone, otherwise ctxt "\004" msgid as in gettext. */
static const struct entry *table_find(const struct table *t, const char *ctxt, const char *msgid)
{
	if (!t->cap)
		return NULL;
	size_t cl = ctxt ? strlen(ctxt) : 0, il = strlen(msgid);
	uint32_t h = FNV_START;
	if (ctxt) {
		h = fnv(h, ctxt, cl);
		h = fnv(h, "\004", 1);
	}
	h = fnv(h, msgid, il);
	size_t keylen = ctxt ? cl + 1 + il : il;
	for (size_t i = h & (t->cap - 1); t->slots[i].key; i = (i + 1) & (t->cap - 1)) {
		const struct entry *e = &t->slots[i];
		if (e->hash != h || e->keylen != keylen)
			continue;
		if (!ctxt && memcmp(e->key, msgid, il) == 0)
			return e;
		if (ctxt && memcmp(e->key, ctxt, cl) == 0 && e->key[cl] == '\004' &&
		    memcmp(e->key + cl + 1, msgid, il) == 0)
			return e;
	}
	return NULL;
}

/* ---- The .po parser ---------------------------------------------------------------------- */

/* One entry as it is read: the strings collect continuation lines until the next keyword. */
struct parser {
	const char *file;
	int line;
	struct table t;
	bool header_seen;
	int entry_line; /* where the current entry began, for errors found when it ends */
	bool has_ctxt, has_id, has_plural, fuzzy;
	int nstr;
	struct buf ctxt, id, plural, str[NFORMS];
	struct buf *cur; /* the string a continuation line "..." extends */
};

__attribute__((format(printf, 3, 4))) static int fail(const struct parser *ps, int line,
						       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s:%d: ", ps->file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return -1;
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

static void entry_reset(struct parser *ps)
{
	ps->entry_line = 0;
	ps->has_ctxt = ps->has_id = ps->has_plural = ps->fuzzy = false;
	ps->nstr = 0;
	buf_reset(&ps->ctxt);
	buf_reset(&ps->id);
	buf_reset(&ps->plural);
	for (int i = 0; i < NFORMS; i++)
		buf_reset(&ps->str[i]);
	ps->cur = NULL;
}

/* Finds "name:" at the start of a header line (case-insensitive) and returns the value, trimmed,
 * as a pointer and length; false when the header has no such line. */
static bool header_field(const char *hdr, const char *name, const char **val, size_t *vlen)
{
	size_t nl = strlen(name);
	for (const char *l = hdr; *l;) {
		const char *eol = strchr(l, '\n');
		if (!eol)
			eol = l + strlen(l);
		if ((size_t)(eol - l) > nl && strncasecmp(l, name, nl) == 0 && l[nl] == ':') {
			const char *s = l + nl + 1, *e = eol;
			while (s < e && is_blank(*s))
				s++;
			while (e > s && is_blank(e[-1]))
				e--;
			*val = s;
			*vlen = (size_t)(e - s);
			return true;
		}
		l = *eol ? eol + 1 : eol;
	}
	return false;
}

/* We hand the bytes out unconverted, so they must already be UTF-8, and the plural rule must be
 * the one i18n_plural applies. */
static int check_header(const struct parser *ps, const char *hdr)
{
	const char *v;
	size_t n;
	if (header_field(hdr, "Content-Type", &v, &n)) {
		const char *cs = NULL;
		for (size_t i = 0; i + 8 <= n; i++)
			if (strncasecmp(v + i, "charset=", 8) == 0) {
				cs = v + i + 8;
				break;
			}
		size_t cl = 0;
		while (cs && cs + cl < v + n && cs[cl] != ';' && !is_blank(cs[cl]))
			cl++;
		if (!cs || cl != 5 || strncasecmp(cs, "UTF-8", 5) != 0)
			return fail(ps, ps->entry_line, "header: Content-Type must say charset=UTF-8");
	}
	if (header_field(hdr, "Plural-Forms", &v, &n)) {
		char norm[64];
		size_t k = 0;
		for (size_t i = 0; i < n && k < sizeof norm - 1; i++)
			if (!is_blank(v[i]))
				norm[k++] = v[i];
		while (k && norm[k - 1] == ';')
			k--;
		norm[k] = 0;
		if (strcmp(norm, "nplurals=2;plural=(n!=1)") != 0 &&
		    strcmp(norm, "nplurals=2;plural=n!=1") != 0)
			return fail(ps, ps->entry_line,
				    "header: unsupported Plural-Forms (only nplurals=2; plural=(n != 1);)");
	}
	return 0;
}

static int entry_finish(struct parser *ps)
{
	if (!ps->has_id)
		return ps->has_ctxt ? fail(ps, ps->entry_line, "msgctxt without msgid") : 0;
	if (ps->nstr == 0)
		return fail(ps, ps->entry_line, "msgid without msgstr");
	if (ps->has_plural && ps->nstr != NFORMS)
		return fail(ps, ps->entry_line, "plural entry needs msgstr[0] and msgstr[1]");

	int rc = 0;
	if (!ps->has_ctxt && ps->id.len == 0) {
		/* The header describes the file; it is not a message anyone looks up. */
		if (ps->header_seen)
			rc = fail(ps, ps->entry_line, "second header entry (msgid \"\")");
		else
			rc = check_header(ps, buf_str(&ps->str[0]));
		ps->header_seen = true;
	} else if (!ps->fuzzy) {
		/* Fuzzy entries are guesses by msgmerge that no translator has confirmed; gettext
		 * leaves them out, and so do we. */
		size_t cl = ps->has_ctxt ? ps->ctxt.len + 1 : 0;
		size_t keylen = cl + ps->id.len, size = keylen + 1;
		bool translated = true;
		for (int i = 0; i < ps->nstr; i++) {
			size += ps->str[i].len + 1;
			if (ps->str[i].len == 0)
				translated = false; /* a half-translated plural would mix languages */
		}
		char *block = malloc(size);
		if (!block) {
			fputs("out of memory\n", stderr);
			abort();
		}
		if (ps->has_ctxt) {
			memcpy(block, buf_str(&ps->ctxt), ps->ctxt.len);
			block[ps->ctxt.len] = '\004';
		}
		memcpy(block + cl, buf_str(&ps->id), ps->id.len + 1);
		struct entry e = {block, keylen, fnv(FNV_START, block, keylen), translated,
				  ps->has_plural, {NULL}};
		char *p = block + keylen + 1;
		for (int i = 0; i < ps->nstr; i++) {
			memcpy(p, buf_str(&ps->str[i]), ps->str[i].len + 1);
			e.form[i] = p;
			p += ps->str[i].len + 1;
		}
		const char *ctxt = ps->has_ctxt ? buf_str(&ps->ctxt) : NULL;
		if (table_find(&ps->t, ctxt, buf_str(&ps->id))) {
			free(block);
			rc = fail(ps, ps->entry_line, "duplicate message definition");
		} else {
			if ((ps->t.count + 1) * 2 > ps->t.cap)
				table_grow(&ps->t);
			table_place(&ps->t, &e);
		}
	}
	entry_reset(ps);
	return rc;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends the C-style string literal at s (up to the line's end e) to out. */
static int parse_string(struct parser *ps, const char *s, const char *e, struct buf *out)
{
	if (s >= e || *s != '"')
		return fail(ps, ps->line, "expected a string in double quotes");
	s++;
	for (;;) {
		const char *run = s;
		while (s < e && *s != '"' && *s != '\\')
			s++;
		buf_append(out, run, (size_t)(s - run));
		if (s >= e)
			return fail(ps, ps->line, "unterminated string");
		if (*s == '"')
			break;
		if (++s >= e)
			return fail(ps, ps->line, "unterminated string");
		char c = *s++;
		switch (c) {
		case 'n': buf_putc(out, '\n'); break;
		case 't': buf_putc(out, '\t'); break;
		case 'r': buf_putc(out, '\r'); break;
		case 'a': buf_putc(out, '\a'); break;
		case 'b': buf_putc(out, '\b'); break;
		case 'f': buf_putc(out, '\f'); break;
		case 'v': buf_putc(out, '\v'); break;
		case '"': case '\\': case '\'': case '?': buf_putc(out, c); break;
		case 'x': {
			int v = 0, digits = 0, d;
			while (s < e && digits < 2 && (d = hexval(*s)) >= 0) {
				v = v * 16 + d;
				s++, digits++;
			}
			if (!digits || !v)
				return fail(ps, ps->line, "bad \\x escape");
			buf_putc(out, (char)v);
			break;
		}
		default:
			if (c >= '0' && c <= '7') {
				int v = c - '0', digits = 1;
				while (s < e && digits < 3 && *s >= '0' && *s <= '7') {
					v = v * 8 + (*s++ - '0');
					digits++;
				}
				/* A NUL would cut the C string short; >0377 does not fit a byte. */
				if (!v || v > 0377)
					return fail(ps, ps->line, "bad octal escape");
				buf_putc(out, (char)v);
				break;
			}
			return fail(ps, ps->line, "unknown escape sequence \\%c", c);
		}
	}
	for (s++; s < e; s++)
		if (!is_blank(*s))
			return fail(ps, ps->line, "unexpected text after string");
	return 0;
}

/* "#, fuzzy, c-format": true when the word fuzzy is among the flags. */
static bool flags_fuzzy(const char *s, const char *e)
{
	while (s < e) {
		while (s < e && (*s == ',' || is_blank(*s)))
			s++;
		const char *w = s;
		while (s < e && *s != ',' && !is_blank(*s))
			s++;
		if (s - w == 5 && memcmp(w, "fuzzy", 5) == 0)
			return true;
	}
	return false;
}

static int parse_line(struct parser *ps, const char *s, const char *e)
{
	bool complete = ps->has_id && ps->nstr > 0;
	if (*s == '#') {
		/* "#~" lines are obsolete entries msgmerge keeps for reference; all comments are
		 * skipped, but they belong to the entry that follows, so the one before ends here. */
		if (complete && entry_finish(ps) < 0)
			return -1;
		if (s + 1 < e && s[1] == ',' && flags_fuzzy(s + 2, e))
			ps->fuzzy = true;
		return 0;
	}
	if (*s == '"') {
		if (!ps->cur)
			return fail(ps, ps->line, "string without a keyword before it");
		return parse_string(ps, s, e, ps->cur);
	}

	const char *kw = s;
	while (s < e && ((*s >= 'a' && *s <= 'z') || *s == '_'))
		s++;
	size_t kwlen = (size_t)(s - kw);
	int index = -1;
	if (s < e && *s == '[') {
		index = 0;
		for (s++; s < e && *s >= '0' && *s <= '9' && index < 100; s++)
			index = index * 10 + (*s - '0');
		if (s >= e || *s != ']' || s[-1] == '[')
			return fail(ps, ps->line, "bad msgstr[N] index");
		s++;
	}
	while (s < e && is_blank(*s))
		s++;
#define KW(name) (kwlen == sizeof name - 1 && memcmp(kw, name, kwlen) == 0)
	if (KW("msgctxt") && index < 0) {
		if (complete && entry_finish(ps) < 0)
			return -1;
		if (ps->has_ctxt || ps->has_id)
			return fail(ps, ps->line, "msgctxt must come before msgid");
		if (!ps->entry_line)
			ps->entry_line = ps->line;
		ps->has_ctxt = true;
		ps->cur = &ps->ctxt;
	} else if (KW("msgid") && index < 0) {
		if (complete && entry_finish(ps) < 0)
			return -1;
		if (ps->has_id)
			return fail(ps, ps->line, "msgid without msgstr before it");
		if (!ps->entry_line)
			ps->entry_line = ps->line;
		ps->has_id = true;
		ps->cur = &ps->id;
	} else if (KW("msgid_plural") && index < 0) {
		if (!ps->has_id || ps->has_plural || ps->nstr)
			return fail(ps, ps->line, "msgid_plural must follow msgid");
		ps->has_plural = true;
		ps->cur = &ps->plural;
	} else if (KW("msgstr")) {
		if (!ps->has_id)
			return fail(ps, ps->line, "msgstr without msgid");
		if (ps->has_plural && index < 0)
			return fail(ps, ps->line, "plural entry needs msgstr[N], not msgstr");
		if (!ps->has_plural && index >= 0)
			return fail(ps, ps->line, "msgstr[N] without msgid_plural");
		if (!ps->has_plural && ps->nstr)
			return fail(ps, ps->line, "second msgstr");
		if (ps->has_plural && index != ps->nstr)
			return fail(ps, ps->line, "msgstr[%d] out of order", index);
		if (ps->has_plural && index >= NFORMS)
			return fail(ps, ps->line, "more plural forms than nplurals=%d", NFORMS);
		ps->cur = &ps->str[ps->nstr++];
	} else {
		return fail(ps, ps->line, "unknown keyword '%.*s'", (int)(e - kw), kw);
	}
#undef KW
	return parse_string(ps, s, e, ps->cur);
}

/* Returns the offset of the first byte that is not well-formed UTF-8, or len. */
static size_t utf8_invalid(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		unsigned lo = 0x80, hi = 0xBF;
		if (c == 0)
			return i; /* not UTF-8's fault, but a NUL cannot be in a C string */
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			if (c == 0xE0)
				lo = 0xA0; /* overlong */
			if (c == 0xED)
				hi = 0x9F; /* surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F;
		} else {
			return i;
		}
		if (i + n >= len)
			return i; /* cut short by the end of the text */
		if (s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (size_t k = 2; k <= n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return i;
		i += n + 1;
	}
	return len;
}

static enum lang lang_index(const char *lang)
{
	for (int i = 0; i < LANG_COUNT; i++)
		if (lang && strcmp(lang, lang_names[i]) == 0)
			return (enum lang)i;
	return LANG_COUNT;
}

static int load(const char *file, const char *lang, const char *text, size_t len)
{
	struct parser ps = {.file = file, .line = 1};
	enum lang li = lang_index(lang);
	if (li == LANG_COUNT)
		return fail(&ps, 1, "language '%s' is not one the site speaks (sv, en)", lang);

	size_t bad = utf8_invalid((const unsigned char *)text, len);
	if (bad < len) {
		for (size_t i = 0; i < bad; i++)
			ps.line += text[i] == '\n';
		return fail(&ps, ps.line, "not valid UTF-8 (or a NUL byte)");
	}

	table_grow(&ps.t); /* so that a loaded language, even one with no entries, has cap > 0 */
	int rc = 0;
	const char *p = text, *end = text + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3; /* a byte-order mark some editors write */
	for (; p < end && rc == 0; ps.line++) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *s = p, *e = eol;
		while (s < e && is_blank(*s))
			s++;
		while (e > s && is_blank(e[-1]))
			e--;
		if (s < e)
			rc = parse_line(&ps, s, e);
		p = eol + 1;
	}
	if (rc == 0) {
		ps.line--;
		rc = entry_finish(&ps);
	}

	buf_free(&ps.ctxt);
	buf_free(&ps.id);
	buf_free(&ps.plural);
	for (int i = 0; i < NFORMS; i++)
		buf_free(&ps.str[i]);
	if (rc < 0) {
		table_free(&ps.t);
		return -1;
	}
	table_free(&tables[li]);
	tables[li] = ps.t;
	return 0;
}

int i18n_load_po(const char *lang, const char *text, size_t len)
{
	char file[64];
	snprintf(file, sizeof file, "po/%s.po", lang ? lang : "(null)");
	return load(file, lang, text, len);
}

int i18n_init(void)
{
	i18n_free();
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		size_t n = strlen(f->name);
		if (n <= 6 || strncmp(f->name, "po/", 3) != 0 || strcmp(f->name + n - 3, ".po") != 0)
			continue;
		char lang[16];
		if (n - 6 >= sizeof lang) {
			fprintf(stderr, "%s:1: language name too long\n", f->name);
			i18n_free();
			return -1;
		}
		memcpy(lang, f->name + 3, n - 6);
		lang[n - 6] = 0;
		if (load(f->name, lang, (const char *)f->data, f->len) < 0) {
			i18n_free();
			return -1;
		}
	}
	/* Swedish is the site's first language; without it every page would quietly be English. */
	if (!tables[LANG_SV].cap) {
		fputs("po/sv.po:1: not embedded in the binary\n", stderr);
		return -1;
	}
	return 0;
}

void i18n_free(void)
{
	for (int i = 0; i < LANG_COUNT; i++)
		table_free(&tables[i]);
}

/* ---- Lookups ----------------------------------------------------------------------------- */

void i18n_set_lang(const char *lang)
{
	enum lang li = lang_index(lang);
	current = li == LANG_COUNT ? LANG_SV : li;
}

const char *i18n_lang(void) { return lang_names[current]; }

const char *i18n_translate(const char *msgid)
{
	if (!msgid)
		return msgid;
	const struct entry *e = table_find(&tables[current], NULL, msgid);
	return e && e->translated ? e->form[0] : msgid;
}

const char *i18n_translate_ctx(const char *ctxt, const char *msgid)
{
	if (!msgid)
		return msgid;
	const struct entry *e = table_find(&tables[current], ctxt, msgid);
	return e && e->translated ? e->form[0] : msgid;
}

const char *i18n_plural(const char *singular, const char *plural, long n)
{
	int form = n != 1;
	const struct entry *e = singular ? table_find(&tables[current], NULL, singular) : NULL;
	if (e && e->translated && e->plural)
		return e->form[form];
	return form ? plural : singular;
}

/* ---- Accept-Language (RFC 9110 12.5.4) --------------------------------------------------- */

/* Parses a qvalue ("0", "0.8", "1.000") into thousandths by hand, since strtod follows the
 * locale's decimal point. Returns -1 when it is not one. */
static int parse_qvalue(const char **pp)
{
	const char *p = *pp;
	if (*p != '0' && *p != '1')
		return -1;
	int q = (*p++ - '0') * 1000;
	if (*p == '.') {
		p++;
		for (int scale = 100; scale && *p >= '0' && *p <= '9'; scale /= 10)
			q += (*p++ - '0') * scale;
	}
	if (q > 1000 || (*p >= '0' && *p <= '9'))
		return -1;
	*pp = p;
	return q;
}

const char *i18n_negotiate(const char *h)
{
	int q[LANG_COUNT];
	size_t pos[LANG_COUNT];
	for (int i = 0; i < LANG_COUNT; i++) {
		q[i] = -1; /* not named in the header */
		pos[i] = SIZE_MAX;
	}
	int wildcard = -1;
	for (size_t idx = 0; h && *h; idx++) {
		while (*h == ',' || *h == ' ' || *h == '\t')
			h++;
		if (!*h)
			break;
		const char *tag = h;
		while (*h && *h != ',' && *h != ';' && *h != ' ' && *h != '\t')
			h++;
		size_t taglen = (size_t)(h - tag), prim = 0;
		while (prim < taglen && tag[prim] != '-')
			prim++;

		/* Parameters: only q matters; a range we cannot read is left out, not guessed at. */
		int qv = 1000;
		bool ok = taglen > 0;
		while (*h && *h != ',') {
			if (*h == ' ' || *h == '\t') {
				h++;
			} else if (*h == ';') {
				h++;
				while (*h == ' ' || *h == '\t')
					h++;
				if ((*h == 'q' || *h == 'Q') && h[1] == '=') {
					h += 2;
					qv = parse_qvalue(&h);
					if (qv < 0)
						ok = false;
				}
				while (*h && *h != ',' && *h != ';' && *h != ' ' && *h != '\t')
					h++;
			} else {
				ok = false;
				h++;
			}
		}
		if (!ok)
			continue;
		if (taglen == 1 && tag[0] == '*') {
			if (qv > wildcard)
				wildcard = qv;
			continue;
		}
		/* "sv-SE" and "sv-FI" are both Swedish to us: the primary subtag decides. */
		for (int i = 0; i < LANG_COUNT; i++)
			if (prim == strlen(lang_names[i]) && strncasecmp(tag, lang_names[i], prim) == 0) {
				if (qv > q[i])
					q[i] = qv;
				if (pos[i] == SIZE_MAX)
					pos[i] = idx;
			}
	}

	/* Highest q wins; on a tie the one named first, as browsers list in order of preference. */
	int best = LANG_SV, best_q = 0;
	size_t best_pos = SIZE_MAX;
	for (int i = 0; i < LANG_COUNT; i++) {
		int eff = q[i] >= 0 ? q[i] : wildcard;
		if (eff > best_q || (eff == best_q && eff > 0 && pos[i] < best_pos)) {
			best = i;
			best_q = eff;
			best_pos = pos[i];
		}
	}
	return lang_names[best];
}
