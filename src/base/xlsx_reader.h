/* xlsx_reader: one sheet of an Excel workbook (.xlsx) read into the same table of UTF-8 strings the CSV reader gives. */
#ifndef SAMVERKAN_XLSX_READER_H
#define SAMVERKAN_XLSX_READER_H
#include "base/csv_reader.h"
#include <stddef.h>

/*
 * What the reader does with a sheet, so that what comes out is what Excel shows:
 * - The first sheet of the workbook, or the one named (exactly, else ignoring case).
 * - Text from the shared strings (rich text runs joined, phonetic guides left out) or inline
 *   strings; Excel's _xHHHH_ escapes decoded.
 * - Numbers as Excel shows them in General format: integers without ".0" and without an
 *   exponent below 10^15 (an organisation number stored as 8020012343 stays "8020012343"),
 *   others with up to 15 significant digits.
 * - Cells whose number format is a date (built-in formats 14–22 and 45–47, or a custom format
 *   with d, m or y) as "YYYY-MM-DD", times as "HH:MM[:SS]", both as "YYYY-MM-DD HH:MM"; the
 *   1904 date system is honoured.
 * - Booleans as TRUE and FALSE; error cells as their text (#N/A); formulas as their cached value.
 * - Gaps in the cell references are empty fields; rows are numbered as Excel numbers them (a row
 *   after empty rows keeps its number), and empty rows are dropped as the CSV reader drops
 *   blank lines; every field is trimmed and in NFC (see csv_builder).
 * Refused, with a message saying which: files over CSV_MAX_BYTES, more than XLSX_MAX_UNCOMPRESSED
 * bytes of XML read from the archive (a zip bomb), a value beyond column CSV_MAX_FIELDS_PER_ROW
 * or row XLSX_MAX_ROWS, more than CSV_MAX_FIELDS_TOTAL fields or shared strings, XML with
 * entity declarations, and anything that is not an .xlsx workbook.
 * Messages are translated (_()) sentences without a final full stop.
 */

#define XLSX_MAX_UNCOMPRESSED ((size_t)100 * 1024 * 1024)
#define XLSX_MAX_ROWS 1048576 /* Excel's own limit */

/* sheet NULL or "" for the first. NULL and a message in err on failure. */
struct csv_table *xlsx_read_file(const char *path, const char *sheet, char *err, size_t errsz);
struct csv_table *xlsx_read_memory(const void *data, size_t len, const char *sheet, char *err, size_t errsz);
/* As xlsx_read_memory with a lower cap on the XML read (tests and the fuzzer; 0 for the default). */
struct csv_table *xlsx_read_memory_capped(const void *data, size_t len, const char *sheet, size_t max_xml,
					  char *err, size_t errsz);

/* A file of either kind, told apart by its content, not its name: a zip archive is read as a
 * workbook, an Excel 97–2003 file (or anything else named .xls) gets a message to save it as
 * .xlsx or CSV, everything else is read as CSV (sheet must then be NULL or ""). */
struct csv_table *table_read_file(const char *path, const char *sheet, char *err, size_t errsz);

#endif
