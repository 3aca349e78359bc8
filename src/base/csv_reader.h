/* csv_reader: reads a whole CSV file as Excel and association registers write it, into rows of UTF-8 strings. */
#ifndef SAMVERKAN_CSV_READER_H
#define SAMVERKAN_CSV_READER_H
#include <stddef.h>

/* Limits that keep one upload from taking the server's memory; each refusal says which was hit. */
#define CSV_MAX_BYTES ((size_t)50 * 1024 * 1024)
#define CSV_MAX_FIELDS_PER_ROW 1000
#define CSV_MAX_FIELDS_TOTAL 2000000

struct csv_row {
	size_t line; /* 1-based physical line on which the record starts */
	size_t nfields;
	char **fields; /* nfields NUL-terminated UTF-8 strings, trimmed; never NULL */
};

struct csv_table {
	size_t nrows; /* at least 1: a file without records is an error */
	struct csv_row *rows; /* the header, if the file has one, is rows[0] */
	char delimiter; /* ';', ',' or '\t' as detected */
	int converted_from_cp1252; /* 1 when the bytes were not UTF-8 and were read as Windows-1252 */
};

/*
 * What the reader accepts, and what it does with untidy input:
 * - UTF-8, with or without a BOM (dropped). Anything that is not valid UTF-8 is taken as
 *   Windows-1252, which is what "CSV" means in Excel on Swedish Windows; the whole file is
 *   converted, never a mix. The five bytes 1252 leaves undefined become U+FFFD.
 * - The delimiter is whichever of ';' ',' TAB occurs most often outside quotes in the first
 *   record; ties and a header with none of them choose ';', then ','.
 * - Records end at CRLF, LF or a lone CR. Quoted fields may hold delimiters, doubled quotes
 *   and line breaks; line breaks inside a field are stored as "\n" whatever the file used.
 * - Every field is trimmed of spaces and tabs at both ends.
 * - A record whose fields are all empty (a blank line, or ";;;;" which Excel writes for rows
 *   that only had formatting) is skipped; it still counts for line numbers.
 * - Rows keep the number of fields they had: ragged rows are the caller's to judge.
 * - Quotes must be well formed, because a misplaced quote otherwise swallows the following
 *   fields or records without a trace: a quote inside an unquoted field, text after a closing
 *   quote, and a quote never closed are errors naming the line. Excel never writes these;
 *   opening the file in Excel and saving it again repairs hand-made ones.
 * - Refused outright: files over CSV_MAX_BYTES, UTF-16 files, Excel workbooks (.xlsx/.xls:
 *   table_read_file in xlsx_reader.h reads those) and files with control characters other than
 *   TAB, CR and LF (binary data).
 * Error messages are English sentences without a final full stop, for the caller to wrap.
 */

/* Returns NULL and a message in err (when err is not NULL) on failure. */
struct csv_table *csv_read_file(const char *path, char *err, size_t errsz);
struct csv_table *csv_read_memory(const char *data, size_t len, char *err, size_t errsz);
/* The table is one allocation: rows and strings go with it. NULL is allowed. */
void csv_table_free(struct csv_table *t);

/* A table built field by field, for readers of other formats (xlsx_reader): each field is
 * trimmed, put in NFC and given one kind of line break as the CSV reader's are, a record whose
 * fields are all empty is dropped, and the same limits hold. */
struct csv_builder;
struct csv_builder *csv_builder_new(void);
/* Adds a field (len bytes of UTF-8, not NUL-terminated) to the record being built. Returns 0,
 * or 1 when the record has more than CSV_MAX_FIELDS_PER_ROW fields, 2 when the table has more
 * than CSV_MAX_FIELDS_TOTAL (the field is then dropped; the error stays). */
int csv_builder_field(struct csv_builder *b, const char *s, size_t len);
/* Ends the record, which is row `line` of the source (an empty one is dropped). */
void csv_builder_record(struct csv_builder *b, size_t line);
/* The table (NULL when no record was kept); frees the builder either way. */
struct csv_table *csv_builder_finish(struct csv_builder *b, char delimiter);
/* Frees a builder that is not finished. NULL is allowed. */
void csv_builder_free(struct csv_builder *b);

#endif
