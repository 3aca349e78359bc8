/* log: one formatted line per call, written with a single write so threads never interleave. */
#include "base/log.h"
#include "base/buf.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

void log_stamp(char out[32], bool millis)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	struct tm tm;
	gmtime_r(&tv.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	if (millis)
		snprintf(out + n, 32 - n, ".%03dZ", (int)(tv.tv_usec / 1000));
	else
		snprintf(out + n, 32 - n, "Z");
}

static void log_line(const char *level, const char *fmt, va_list ap)
{
	char stamp[32];
	log_stamp(stamp, true);
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s %s ", stamp, level);
	buf_vprintf(&b, fmt, ap);
	buf_putc(&b, '\n');
	ssize_t ignored = write(2, b.data, b.len);
	(void)ignored;
	buf_free(&b);
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("info", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("error", fmt, ap);
	va_end(ap);
}

void log_bug(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_line("bug", fmt, ap);
	va_end(ap);
	const char *strict = getenv("SAMVERKAN_STRICT");
	if (strict && *strict && *strict != '0')
		abort();
}
