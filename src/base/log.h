/* log: messages to stderr with a time stamp, one line each, safe from several threads. */
#ifndef SAMVERKAN_LOG_H
#define SAMVERKAN_LOG_H

#include <stdbool.h>

/* The time now in UTC as the logs write it: "2026-12-07T17:42:05Z", or with `millis`
 * "2026-12-07T17:42:05.123Z". out needs 32 bytes. */
void log_stamp(char out[32], bool millis);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A helper was asked for something it cannot do (a programming error, such as a full table of
 * response headers): never silent. Logged as "bug"; when $SAMVERKAN_STRICT is set (the test suites
 * set it) the program then aborts, so a test that reaches it fails where it happened. */
void log_bug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
