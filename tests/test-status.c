/* test-status.c — status names and descriptions, the per-thread last error,
 * and the run-time version.
 *
 * The status table is checked against the enum as written in the public
 * header, read at run time from the source tree: a code added to the header
 * without a name and a description in status.c fails here. */
#include <check.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <steepest/steepest.h>
#include "check-run.h"

/* Every "STEEPEST_X = v" line of the SteepestStatus enum in the header. */
static GHashTable *
header_status_codes(void)
{
    char *path = g_build_filename(SRCDIR, "..", "include", "steepest", "steepest-status.h", NULL);
    char *text = NULL;
    ck_assert_msg(g_file_get_contents(path, &text, NULL, NULL), "cannot read %s", path);
    GRegex *re =
        g_regex_new("^\\s*STEEPEST_([A-Z0-9_]+)\\s*=\\s*(-?[0-9]+)\\s*,?", G_REGEX_MULTILINE, 0, NULL);
    GHashTable *codes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GMatchInfo *m = NULL;
    g_regex_match(re, text, 0, &m);
    while (g_match_info_matches(m)) {
        char *name = g_match_info_fetch(m, 1);
        char *value = g_match_info_fetch(m, 2);
        g_hash_table_insert(codes, name, GINT_TO_POINTER((int) g_ascii_strtoll(value, NULL, 10)));
        g_free(value);
        g_match_info_next(m, NULL);
    }
    g_match_info_free(m);
    g_regex_unref(re);
    g_free(text);
    g_free(path);
    return codes;
}

START_TEST(every_header_code_has_its_name_and_a_description)
{
    GHashTable *codes = header_status_codes();
    /* The enum has at least the codes this suite knows of. */
    ck_assert_uint_ge(g_hash_table_size(codes), 35);
    GHashTable *descriptions = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, codes);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        int code = GPOINTER_TO_INT(value);
        const char *name = steepest_status_name(code);
        const char *desc = steepest_status_describe(code);
        ck_assert_msg(strcmp(name, key) == 0, "status %d is named '%s', the header says '%s'", code, name,
                      (const char *) key);
        ck_assert_msg(desc != NULL && strlen(desc) >= 5 && strcmp(desc, "unknown status code") != 0,
                      "status %s has no description", (const char *) key);
        ck_assert_msg(!g_hash_table_contains(descriptions, desc), "two codes share the description '%s'",
                      desc);
        g_hash_table_add(descriptions, (gpointer) desc);
        /* Sign convention: failures negative, solver stops positive. */
        if (g_str_has_prefix(key, "ERROR_"))
            ck_assert_int_lt(code, 0);
        else if (g_str_has_prefix(key, "STOP_"))
            ck_assert_int_gt(code, 0);
        else
            ck_assert_str_eq(key, "OK");
    }
    g_hash_table_unref(descriptions);
    g_hash_table_unref(codes);
}
END_TEST

START_TEST(the_codes_are_the_documented_numbers)
{
    /* Part of the ABI: they never change meaning. */
    ck_assert_int_eq(STEEPEST_OK, 0);
    ck_assert_int_eq(STEEPEST_STOP_STATIONARY, 1);
    ck_assert_int_eq(STEEPEST_ERROR_INVALID_ARGUMENT, -1);
    ck_assert_int_eq(STEEPEST_ERROR_NOT_FINITE, -4);
    ck_assert_int_eq(STEEPEST_ERROR_SPEC, -5);
    ck_assert_int_eq(STEEPEST_ERROR_PLUGIN_INVALID, -10);
    /* The plugin ABI's codes equal the library's of the same meaning. */
    ck_assert_int_eq(STEEPEST_PLUGIN_E_INVALID, STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(STEEPEST_PLUGIN_E_NOMEM, STEEPEST_ERROR_NO_MEMORY);
    ck_assert_int_eq(STEEPEST_PLUGIN_E_DIMENSION, STEEPEST_ERROR_DIMENSION);
    ck_assert_int_eq(STEEPEST_PLUGIN_E_PARAMETER, STEEPEST_ERROR_PARAMETER);
    ck_assert_int_eq(STEEPEST_PLUGIN_E_FAILED, STEEPEST_ERROR_PLUGIN_FAILED);
    ck_assert_int_eq(STEEPEST_PLUGIN_E_UNSUPPORTED, STEEPEST_ERROR_UNSUPPORTED);
    ck_assert_int_eq(STEEPEST_PLUGIN_E_CANCELLED, STEEPEST_ERROR_CANCELLED);
}
END_TEST

START_TEST(unknown_codes_say_so)
{
    GHashTable *codes = header_status_codes();
    const int probes[] = { INT_MIN, -100000, -1000, 1000, 100000, INT_MAX };
    for (size_t i = 0; i < G_N_ELEMENTS(probes); i++) {
        ck_assert_str_eq(steepest_status_name(probes[i]), "UNKNOWN");
        ck_assert_str_eq(steepest_status_describe(probes[i]), "unknown status code");
    }
    /* Every value in the span of the enum that the header does not define. */
    for (int v = -200; v <= 200; v++) {
        gboolean defined = FALSE;
        GHashTableIter it;
        gpointer key, value;
        g_hash_table_iter_init(&it, codes);
        while (g_hash_table_iter_next(&it, &key, &value))
            defined |= GPOINTER_TO_INT(value) == v;
        if (!defined)
            ck_assert_msg(strcmp(steepest_status_name(v), "UNKNOWN") == 0, "undefined code %d is named %s", v,
                          steepest_status_name(v));
    }
    g_hash_table_unref(codes);
}
END_TEST

START_TEST(last_error_starts_empty_and_is_set_and_cleared)
{
    ck_assert_str_eq(steepest_last_error(), "");
    ck_assert_int_eq(steepest_last_status(), STEEPEST_OK);
    steepest_set_error(STEEPEST_ERROR_CALLBACK, "the callback said no");
    ck_assert_str_eq(steepest_last_error(), "the callback said no");
    ck_assert_int_eq(steepest_last_status(), STEEPEST_ERROR_CALLBACK);
    steepest_set_error(STEEPEST_ERROR_IO, NULL);
    ck_assert_str_eq(steepest_last_error(), "");
    ck_assert_int_eq(steepest_last_status(), STEEPEST_ERROR_IO);
    steepest_clear_error();
    ck_assert_str_eq(steepest_last_error(), "");
    ck_assert_int_eq(steepest_last_status(), STEEPEST_OK);
}
END_TEST

START_TEST(a_failing_call_leaves_its_status_and_message)
{
    SteepestNorm *norm = (SteepestNorm *) 0x1;
    ck_assert_int_eq(steepest_norm_new("l2", 3, NULL), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(steepest_last_status(), STEEPEST_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "out"));
    ck_assert_int_eq(steepest_norm_new("", 3, &norm), STEEPEST_ERROR_SPEC);
    ck_assert_ptr_null(norm);
    ck_assert_int_eq(steepest_last_status(), STEEPEST_ERROR_SPEC);
    ck_assert_ptr_nonnull(strstr(steepest_last_error(), "empty"));
}
END_TEST

START_TEST(long_messages_are_kept_whole)
{
    char msg[5000];
    memset(msg, 'x', sizeof msg - 1);
    msg[sizeof msg - 1] = '\0';
    steepest_set_error(STEEPEST_ERROR_IO, msg);
    ck_assert_str_eq(steepest_last_error(), msg);
}
END_TEST

typedef struct {
    int status;
    char message[64];
    gboolean saw_empty_at_start;
} ThreadResult;

static gpointer
thread_sets_its_own_error(gpointer data)
{
    ThreadResult *r = data;
    r->saw_empty_at_start = steepest_last_error()[0] == '\0' && steepest_last_status() == STEEPEST_OK;
    for (int i = 0; i < 2000; i++) {
        char msg[64];
        g_snprintf(msg, sizeof msg, "thread %d message %d", r->status, i);
        steepest_set_error(r->status, msg);
        if (strcmp(steepest_last_error(), msg) != 0 || steepest_last_status() != r->status)
            return NULL;
    }
    g_strlcpy(r->message, steepest_last_error(), sizeof r->message);
    return r;
}

START_TEST(errors_are_per_thread)
{
    steepest_set_error(STEEPEST_ERROR_STATE, "main thread's error");
    ThreadResult results[4];
    GThread *threads[4];
    for (int t = 0; t < 4; t++) {
        results[t].status = -1 - t;
        threads[t] = g_thread_new("err", thread_sets_its_own_error, &results[t]);
    }
    for (int t = 0; t < 4; t++) {
        ck_assert_ptr_eq(g_thread_join(threads[t]), &results[t]);
        ck_assert(results[t].saw_empty_at_start);
        char expect[64];
        g_snprintf(expect, sizeof expect, "thread %d message 1999", results[t].status);
        ck_assert_str_eq(results[t].message, expect);
    }
    ck_assert_str_eq(steepest_last_error(), "main thread's error");
    ck_assert_int_eq(steepest_last_status(), STEEPEST_ERROR_STATE);
}
END_TEST

START_TEST(version_matches_the_headers)
{
    char expect[32];
    g_snprintf(expect, sizeof expect, "%d.%d.%d", STEEPEST_VERSION_MAJOR, STEEPEST_VERSION_MINOR,
               STEEPEST_VERSION_MICRO);
    ck_assert_str_eq(steepest_version(), expect);
    ck_assert_str_eq(STEEPEST_VERSION_STRING, expect);
    ck_assert_uint_eq(steepest_version_number(), STEEPEST_VERSION_MAJOR * 10000u +
                                                     STEEPEST_VERSION_MINOR * 100u + STEEPEST_VERSION_MICRO);
    ck_assert(STEEPEST_CHECK_VERSION(STEEPEST_VERSION_MAJOR, STEEPEST_VERSION_MINOR, STEEPEST_VERSION_MICRO));
    ck_assert(STEEPEST_CHECK_VERSION(0, 0, 0));
    ck_assert(!STEEPEST_CHECK_VERSION(STEEPEST_VERSION_MAJOR + 1, 0, 0));
    ck_assert(
        !STEEPEST_CHECK_VERSION(STEEPEST_VERSION_MAJOR, STEEPEST_VERSION_MINOR, STEEPEST_VERSION_MICRO + 1));
    ck_assert(!STEEPEST_CHECK_VERSION(STEEPEST_VERSION_MAJOR, STEEPEST_VERSION_MINOR + 1, 0));
}
END_TEST

static Suite *
suite(void)
{
    Suite *s = suite_create("status");
    TCase *tc = tcase_create("codes");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, every_header_code_has_its_name_and_a_description);
    tcase_add_test(tc, the_codes_are_the_documented_numbers);
    tcase_add_test(tc, unknown_codes_say_so);
    suite_add_tcase(s, tc);
    tc = tcase_create("last_error");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, last_error_starts_empty_and_is_set_and_cleared);
    tcase_add_test(tc, a_failing_call_leaves_its_status_and_message);
    tcase_add_test(tc, long_messages_are_kept_whole);
    tcase_add_test(tc, errors_are_per_thread);
    suite_add_tcase(s, tc);
    tc = tcase_create("version");
    tcase_add_test(tc, version_matches_the_headers);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return steepest_check_run(suite(), 0);
}
