/* export_file: the CSV quoting and the temporary files of the register's export and the yearly
 * follow-up, written once. */
#include "domain/export_file.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* RFC 4180: a field with a comma, a quote or a line break is quoted and its quotes doubled. */
void export_csv_field(struct buf *b, const char *s, bool first)
{
	if (!first)
		buf_putc(b, ',');
	if (!s[strcspn(s, ",\"\r\n")]) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

const char *export_tmpdir(void)
{
	const char *d = getenv("TMPDIR");
	return d && *d ? d : "/tmp";
}

bool export_temp_path(char path[4096])
{
	snprintf(path, 4096, "%s/samverkan-export-XXXXXX", export_tmpdir());
	int fd = mkstemp(path);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

int export_file_take(const char *path, struct buf *out)
{
	int rc = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		rc = 1;
	if (f) {
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_append(out, chunk, n);
		if (ferror(f))
			rc = 1;
		fclose(f);
	}
	unlink(path);
	return rc;
}
