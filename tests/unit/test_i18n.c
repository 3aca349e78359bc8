/* test_i18n: the .po parser, per-thread language, lookups, plurals and Accept-Language. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "base/i18n.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define HEADER                                                                                     \
	"msgid \"\"\n"                                                                             \
	"msgstr \"\"\n"                                                                            \
	"\"Language: sv\\n\"\n"                                                                    \
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n"                                         \
	"\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n"                                      \
	"\n"

static int load_sv(const char *text) { return i18n_load_po("sv", text, strlen(text)); }

static int setup(void **state)
{
	i18n_set_lang("sv");
	return i18n_init();
}

static int teardown(void **state)
{
	i18n_free();
	i18n_set_lang("sv");
	return 0;
}

static void embedded_sv_po_gives_swedish_after_set_lang_sv(void **state)
{
	assert_non_null(embedded_find("po/sv.po"));
	i18n_set_lang("en");
	i18n_set_lang("sv");
	assert_string_equal(i18n_lang(), "sv");
	assert_string_equal(_("Organisations"), "Organisationer");
	assert_string_equal(_("Search"), "Sök");
	assert_string_equal(_("Log in"), "Logga in");
	assert_string_equal(_("Log out"), "Logga ut");
	assert_string_equal(_("Skip to main content"), "Hoppa till huvudinnehållet");
	assert_string_equal(_("Accessibility statement"), "Tillgänglighetsredogörelse");
	assert_string_equal(_("Start"), "Start");
	assert_string_equal(_("Name"), "Namn");
	assert_string_equal(_("E-mail"), "E-post");
	assert_string_equal(_("Password"), "Lösenord");
}

static void english_returns_the_msgid_itself(void **state)
{
	const char *msgid = "Organisations";
	i18n_set_lang("en");
	assert_string_equal(i18n_lang(), "en");
	assert_ptr_equal(_(msgid), msgid);
	assert_string_equal(_("Password"), "Password");
}

static void unknown_msgid_falls_back_to_itself(void **state)
{
	const char *msgid = "No such message anywhere";
	assert_ptr_equal(_(msgid), msgid);
	assert_ptr_equal(C_("menu", msgid), msgid);
	assert_string_equal(_(""), "");
}

static void n_marks_without_translating(void **state)
{
	static const char *const labels[] = {N_("Name"), N_("Password")};
	assert_string_equal(labels[0], "Name");
	assert_string_equal(_(labels[1]), "Lösenord");
}

static void any_language_but_sv_or_en_means_swedish(void **state)
{
	const char *odd[] = {"de", "", "EN", "english", "sv-SE", NULL};
	for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
		i18n_set_lang("en");
		i18n_set_lang(odd[i]);
		assert_string_equal(i18n_lang(), "sv");
	}
}

static void *lang_of_fresh_thread(void *arg) { return (void *)i18n_lang(); }

static void each_thread_starts_in_swedish(void **state)
{
	i18n_set_lang("en");
	pthread_t t;
	void *lang;
	assert_int_equal(pthread_create(&t, NULL, lang_of_fresh_thread, NULL), 0);
	assert_int_equal(pthread_join(t, &lang), 0);
	assert_string_equal((const char *)lang, "sv");
	assert_string_equal(i18n_lang(), "en");
}

/* Two workers set different languages and then look up at the same time; cmocka's asserts are
 * not for other threads, so each counts its own wrong answers. */
struct worker {
	const char *lang, *want;
	pthread_barrier_t *barrier;
	int wrong;
};

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	i18n_set_lang(w->lang);
	pthread_barrier_wait(w->barrier);
	for (int i = 0; i < 20000; i++) {
		if (strcmp(_("Organisations"), w->want) != 0 || strcmp(i18n_lang(), w->lang) != 0)
			w->wrong++;
		if (i == 10000)
			pthread_barrier_wait(w->barrier); /* both are surely mid-loop together */
	}
	return NULL;
}

static void two_threads_with_different_languages_each_get_their_own(void **state)
{
	pthread_barrier_t barrier;
	pthread_barrier_init(&barrier, NULL, 2);
	struct worker sv = {"sv", "Organisationer", &barrier, 0};
	struct worker en = {"en", "Organisations", &barrier, 0};
	pthread_t a, b;
	assert_int_equal(pthread_create(&a, NULL, worker_run, &sv), 0);
	assert_int_equal(pthread_create(&b, NULL, worker_run, &en), 0);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	pthread_barrier_destroy(&barrier);
	assert_int_equal(sv.wrong, 0);
	assert_int_equal(en.wrong, 0);
}

static void multiline_and_escaped_strings_are_joined_and_unescaped(void **state)
{
	assert_int_equal(load_sv(HEADER
				 "#: src/web/page.c:12\n"
				 "#. A translator's note.\n"
				 "msgid \"\"\n"
				 "\"A long \"\n"
				 "\"message\\n\"\n"
				 "\"with \\\"quotes\\\", a\\ttab and a backslash \\\\\"\n"
				 "msgstr \"\"\n"
				 "\"Ett långt \"\n"
				 "   \"meddelande\\n\"   \n"
				 "\"med \\\"citat\\\", en\\ttabb och ett omvänt snedstreck \\\\\"\n"),
			 0);
	assert_string_equal(_("A long message\nwith \"quotes\", a\ttab and a backslash \\"),
			    "Ett långt meddelande\nmed \"citat\", en\ttabb och ett omvänt snedstreck \\");
	/* The embedded file's entries are gone: the load replaced the table. */
	assert_string_equal(_("Organisations"), "Organisations");
}

static void octal_and_hex_escapes_give_bytes(void **state)
{
	assert_int_equal(load_sv(HEADER "msgid \"bell\"\nmsgstr \"\\101\\x42\\a\"\n"), 0);
	assert_string_equal(_("bell"), "AB\a");
}

static void msgctxt_keeps_same_words_apart(void **state)
{
	assert_int_equal(load_sv(HEADER
				 "msgctxt \"menu\"\n"
				 "msgid \"Open\"\n"
				 "msgstr \"Öppna\"\n"
				 "\n"
				 "msgctxt \"status\"\n"
				 "msgid \"Open\"\n"
				 "msgstr \"Öppen\"\n"
				 "\n"
				 "msgid \"Open\"\n"
				 "msgstr \"Öppet\"\n"),
			 0);
	assert_string_equal(C_("menu", "Open"), "Öppna");
	assert_string_equal(C_("status", "Open"), "Öppen");
	assert_string_equal(_("Open"), "Öppet");
	assert_string_equal(_("menu\004Open"), "Öppna"); /* the gettext key, joined by hand */
	assert_string_equal(C_("door", "Open"), "Open");
	i18n_set_lang("en");
	assert_string_equal(C_("menu", "Open"), "Open");
}

static void plural_picks_form_by_n_not_equal_one(void **state)
{
	assert_int_equal(load_sv(HEADER
				 "#, c-format\n"
				 "msgid \"%ld organisation\"\n"
				 "msgid_plural \"%ld organisations\"\n"
				 "msgstr[0] \"%ld organisation\"\n"
				 "msgstr[1] \"%ld organisationer\"\n"),
			 0);
	assert_string_equal(P_("%ld organisation", "%ld organisations", 1), "%ld organisation");
	assert_string_equal(P_("%ld organisation", "%ld organisations", 0), "%ld organisationer");
	assert_string_equal(P_("%ld organisation", "%ld organisations", 2), "%ld organisationer");
	assert_string_equal(P_("%ld organisation", "%ld organisations", -1), "%ld organisationer");
	assert_string_equal(_("%ld organisation"), "%ld organisation");
	assert_string_equal(P_("%ld file", "%ld files", 1), "%ld file");
	assert_string_equal(P_("%ld file", "%ld files", 5), "%ld files");
	i18n_set_lang("en");
	assert_string_equal(P_("%ld organisation", "%ld organisations", 1), "%ld organisation");
	assert_string_equal(P_("%ld organisation", "%ld organisations", 7), "%ld organisations");
}

static void fuzzy_and_empty_entries_fall_back_to_msgid(void **state)
{
	assert_int_equal(load_sv(HEADER
				 "#, fuzzy\n"
				 "msgid \"Guess\"\n"
				 "msgstr \"Gissning\"\n"
				 "\n"
				 "#, c-format, fuzzy\n"
				 "msgid \"Guess %d\"\n"
				 "msgstr \"Gissning %d\"\n"
				 "\n"
				 "msgid \"Untranslated\"\n"
				 "msgstr \"\"\n"
				 "\n"
				 "msgid \"Half\"\n"
				 "msgid_plural \"Halves\"\n"
				 "msgstr[0] \"Halva\"\n"
				 "msgstr[1] \"\"\n"
				 "\n"
				 "#, c-format\n"
				 "msgid \"Sure\"\n"
				 "msgstr \"Säker\"\n"),
			 0);
	assert_string_equal(_("Guess"), "Guess");
	assert_string_equal(_("Guess %d"), "Guess %d");
	assert_string_equal(_("Untranslated"), "Untranslated");
	assert_string_equal(P_("Half", "Halves", 1), "Half");
	assert_string_equal(P_("Half", "Halves", 2), "Halves");
	assert_string_equal(_("Sure"), "Säker"); /* the fuzzy flag did not leak onward */
}

static void obsolete_and_previous_comments_are_skipped(void **state)
{
	assert_int_equal(load_sv(HEADER
				 "#| msgid \"Old\"\n"
				 "msgid \"New\"\n"
				 "msgstr \"Ny\"\n"
				 "#~ msgid \"Gone\"\n"
				 "#~ msgstr \"Borta\"\n"),
			 0);
	assert_string_equal(_("New"), "Ny");
	assert_string_equal(_("Gone"), "Gone");
	assert_string_equal(_("Old"), "Old");
}

static void crlf_line_ends_and_byte_order_mark_are_accepted(void **state)
{
	assert_int_equal(load_sv("\xEF\xBB\xBFmsgid \"\"\r\nmsgstr \"\"\r\n"
				 "\"Content-Type: text/plain; charset=UTF-8\\n\"\r\n\r\n"
				 "msgid \"Yes\"\r\nmsgstr \"Ja\"\r\n"),
			 0);
	assert_string_equal(_("Yes"), "Ja");
}

static void many_entries_are_all_found(void **state)
{
	struct buf po = BUF_INIT;
	buf_puts(&po, HEADER);
	for (int i = 0; i < 3000; i++)
		buf_printf(&po, "msgid \"message %d\"\nmsgstr \"meddelande %d\"\n\n", i, i);
	assert_int_equal(i18n_load_po("sv", po.data, po.len), 0);
	buf_free(&po);
	for (int i = 0; i < 3000; i++) {
		char id[32], want[32];
		snprintf(id, sizeof id, "message %d", i);
		snprintf(want, sizeof want, "meddelande %d", i);
		assert_string_equal(_(id), want);
	}
	assert_string_equal(_("message 3000"), "message 3000");
}

/* Runs i18n_load_po with stderr sent to a temporary file and returns what it printed. */
static int load_capturing(const char *lang, const char *text, char *err, size_t errsize)
{
	fflush(stderr);
	int saved = dup(2);
	FILE *tmp = tmpfile();
	assert_non_null(tmp);
	dup2(fileno(tmp), 2);
	int rc = i18n_load_po(lang, text, strlen(text));
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	size_t n = fread(err, 1, errsize - 1, tmp);
	err[n] = 0;
	fclose(tmp);
	return rc;
}

static void malformed_po_is_rejected_with_file_and_line(void **state)
{
	static const struct {
		const char *text, *where;
	} bad[] = {
		{"msgid \"a\"\nmsgstr \"b\n", "po/sv.po:2:"},               /* unterminated */
		{"msgid \"a\"\nmsgstr \"b\\q\"\n", "po/sv.po:2:"},          /* unknown escape */
		{"msgid \"a\"\nmsgstr \"b\" junk\n", "po/sv.po:2:"},        /* text after string */
		{"msgstr \"b\"\n", "po/sv.po:1:"},                          /* msgstr first */
		{"\"loose\"\n", "po/sv.po:1:"},                             /* string without keyword */
		{"msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"c\"\n", "po/sv.po:3:"}, /* msgid twice */
		{"msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"c\"\n", "po/sv.po:4:"}, /* no msgstr at end */
		{"msgid \"a\"\nmsgstr \"b\"\nmsgid \"a\"\nmsgstr \"c\"\n", "po/sv.po:3:"}, /* dup */
		{"msgid \"a\"\nmsgtxt \"b\"\n", "po/sv.po:2:"},             /* unknown keyword */
		{"msgid \"a\"\nmsgstr[0] \"b\"\n", "po/sv.po:2:"},          /* [N] without plural */
		{"msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"b\"\n", "po/sv.po:3:"},
		{"msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\n", "po/sv.po:1:"},
		{"msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[1] \"b\"\n", "po/sv.po:3:"},
		{"msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\nmsgstr[1] \"c\"\n"
		 "msgstr[2] \"d\"\n", "po/sv.po:5:"},
		{"msgid \"a\"\nmsgctxt \"c\"\nmsgstr \"b\"\n", "po/sv.po:2:"}, /* ctxt after id */
		{"msgid \"a\"\nmsgstr \"b\\000\"\n", "po/sv.po:2:"},        /* NUL escape */
		{"msgid \"a\"\nmsgstr \"\xC3\"\n", "po/sv.po:2:"},          /* broken UTF-8 */
		{"msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n",
		 "po/sv.po:1:"},
		{"\n\nmsgid \"\"\nmsgstr \"Plural-Forms: nplurals=3; plural=(n%10==1 ? 0 : 1);\\n\"\n",
		 "po/sv.po:3:"},
		{"msgid \"\"\nmsgstr \"\"\n\nmsgid \"\"\nmsgstr \"\"\n", "po/sv.po:4:"}, /* 2 headers */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char err[512];
		int rc = load_capturing("sv", bad[i].text, err, sizeof err);
		if (rc != -1 || strncmp(err, bad[i].where, strlen(bad[i].where)) != 0)
			fail_msg("case %zu: rc %d, stderr \"%s\", wanted it to start \"%s\"", i, rc,
				 err, bad[i].where);
		/* A rejected file leaves the loaded translations in place. */
		assert_string_equal(_("Organisations"), "Organisationer");
	}
}

static void language_the_site_does_not_speak_is_rejected(void **state)
{
	char err[256];
	assert_int_equal(load_capturing("de", HEADER, err, sizeof err), -1);
	assert_non_null(strstr(err, "po/de.po:1:"));
}

static void lookups_after_free_return_msgid(void **state)
{
	i18n_free();
	assert_string_equal(_("Organisations"), "Organisations");
	assert_string_equal(P_("a", "b", 2), "b");
}

static void accept_language_is_negotiated_by_q_value(void **state)
{
	assert_string_equal(i18n_negotiate("en-GB,en;q=0.9"), "en");
	assert_string_equal(i18n_negotiate("sv-SE"), "sv");
	assert_string_equal(i18n_negotiate("de"), "sv");
	assert_string_equal(i18n_negotiate("de, en;q=0.5, sv;q=0.8"), "sv");
	assert_string_equal(i18n_negotiate(""), "sv");
	assert_string_equal(i18n_negotiate(NULL), "sv");
	assert_string_equal(i18n_negotiate("de, en;q=0.8, sv;q=0.5"), "en");
	assert_string_equal(i18n_negotiate("EN-us"), "en");
	assert_string_equal(i18n_negotiate("sv;q=0, en;q=0.1"), "en");
	assert_string_equal(i18n_negotiate("sv;q=0, *"), "en");
	assert_string_equal(i18n_negotiate("*"), "sv");
	assert_string_equal(i18n_negotiate("en;q=0"), "sv");
	assert_string_equal(i18n_negotiate("en, sv"), "en"); /* equal q: the first named */
	assert_string_equal(i18n_negotiate("sv ; q=0.7 , en ; q=0.70"), "sv");
	assert_string_equal(i18n_negotiate("en;q=1.000, sv;q=0.999"), "en");
	assert_string_equal(i18n_negotiate("en;q=2, sv;q=0.1"), "sv");    /* bad q: range left out */
	assert_string_equal(i18n_negotiate("en;q=1.5, sv;q=0.1"), "sv");
	assert_string_equal(i18n_negotiate("en;q=0.5555, sv;q=0.1"), "sv");
	assert_string_equal(i18n_negotiate("english, sv;q=0.1"), "sv");  /* not the "en" subtag */
	assert_string_equal(i18n_negotiate(",,, ;q=0.5, en"), "en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(embedded_sv_po_gives_swedish_after_set_lang_sv, setup,
						teardown),
		cmocka_unit_test_setup_teardown(english_returns_the_msgid_itself, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_msgid_falls_back_to_itself, setup, teardown),
		cmocka_unit_test_setup_teardown(n_marks_without_translating, setup, teardown),
		cmocka_unit_test_setup_teardown(any_language_but_sv_or_en_means_swedish, setup,
						teardown),
		cmocka_unit_test_setup_teardown(each_thread_starts_in_swedish, setup, teardown),
		cmocka_unit_test_setup_teardown(two_threads_with_different_languages_each_get_their_own,
						setup, teardown),
		cmocka_unit_test_setup_teardown(multiline_and_escaped_strings_are_joined_and_unescaped,
						setup, teardown),
		cmocka_unit_test_setup_teardown(octal_and_hex_escapes_give_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(msgctxt_keeps_same_words_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(plural_picks_form_by_n_not_equal_one, setup, teardown),
		cmocka_unit_test_setup_teardown(fuzzy_and_empty_entries_fall_back_to_msgid, setup,
						teardown),
		cmocka_unit_test_setup_teardown(obsolete_and_previous_comments_are_skipped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(crlf_line_ends_and_byte_order_mark_are_accepted, setup,
						teardown),
		cmocka_unit_test_setup_teardown(many_entries_are_all_found, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_po_is_rejected_with_file_and_line, setup,
						teardown),
		cmocka_unit_test_setup_teardown(language_the_site_does_not_speak_is_rejected, setup,
						teardown),
		cmocka_unit_test_setup_teardown(lookups_after_free_return_msgid, setup, teardown),
		cmocka_unit_test(accept_language_is_negotiated_by_q_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
