/* log: messages to stderr with a time stamp, one line each, safe from several threads. */
#ifndef SAMVERKAN_LOG_H
#define SAMVERKAN_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
