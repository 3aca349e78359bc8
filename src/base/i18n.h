/* i18n: translations from the embedded po/<lang>.po files, looked up in the request's language. */
#ifndef SAMVERKAN_I18N_H
#define SAMVERKAN_I18N_H
#include <stddef.h>

/* Message ids in the code are English; po/sv.po gives the Swedish. English needs no .po file
 * (a po/en.po, if one is ever embedded, may still override wording).
 *
 * Life cycle: i18n_init() once before the worker threads start; from then on the tables are
 * read-only and every lookup is safe from any thread. i18n_free() at exit. Returned strings live
 * in the tables (or are the argument itself) and stay valid until i18n_free(). */

/* Marks a string for xgettext and translates it now. */
#define _(s) i18n_translate(s)
/* Marks a string for xgettext without translating it, for tables translated later with _(). */
#define N_(s) (s)
/* Singular or plural form for the count n, translated. */
#define P_(s, p, n) i18n_plural(s, p, n)
/* Translation of s in the context c, for one English word that needs two Swedish ones. */
#define C_(c, s) i18n_translate_ctx(c, s)

/* Loads every embedded po/<lang>.po; po/sv.po must be among them. Returns 0, or -1 after
 * printing "file:line: reason" to stderr (then nothing is loaded). */
int i18n_init(void);
/* Parses one .po text for lang ("sv" or "en") and replaces that language's table. On error
 * prints "po/<lang>.po:line: reason" to stderr, keeps the previous table and returns -1.
 * Only before the worker threads start: it writes the shared tables. */
int i18n_load_po(const char *lang, const char *text, size_t len);
/* Frees every table; lookups afterwards return the msgid. */
void i18n_free(void);

/* The calling thread's language: "sv" or "en"; anything else, NULL included, means "sv".
 * Each thread starts in "sv". */
void i18n_set_lang(const char *lang);
/* "sv" or "en" (static strings). */
const char *i18n_lang(void);

/* The translation of msgid in the thread's language, or msgid itself when there is none. */
const char *i18n_translate(const char *msgid);
/* As i18n_translate for an entry with msgctxt ctxt; falls back to msgid (without the context). */
const char *i18n_translate_ctx(const char *ctxt, const char *msgid);
/* The form for the count n (both languages: singular when n == 1, else plural), translated
 * through the entry whose msgid is singular; falls back to singular or plural. */
const char *i18n_plural(const char *singular, const char *plural, long n);

/* "sv" or "en" from an Accept-Language header value, honouring q-values; "sv" when neither is
 * acceptable or the header is NULL or empty. */
const char *i18n_negotiate(const char *accept_language);

#endif
