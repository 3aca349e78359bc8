/* export_file: what every file the domain writes for download shares — a CSV field quoted by RFC
 * 4180, the directory for temporary files, and reading a written file back into a buffer. */
#ifndef SAMVERKAN_EXPORT_FILE_H
#define SAMVERKAN_EXPORT_FILE_H
#include "base/buf.h"
#include <stdbool.h>

/* Appends s as one CSV field to b, after a comma unless it is the line's first: quoted, its
 * quotes doubled, when it holds a comma, a quote or a line break. */
void export_csv_field(struct buf *b, const char *s, bool first);
/* $TMPDIR, else /tmp: where libxlsxwriter writes its temporary files and the workbooks. */
const char *export_tmpdir(void);
/* A path for a new temporary file in export_tmpdir (created empty, so the name is ours) in
 * path[4096]; false when none could be made. */
bool export_temp_path(char path[4096]);
/* Appends the file's bytes to out and removes it. 0, or 1 when it could not be read. */
int export_file_take(const char *path, struct buf *out);

#endif
