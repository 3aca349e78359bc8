/* Fuzzes xlsx_read_memory: raw bytes as an archive, and (mostly) workbooks whose sheet, shared strings, styles and workbook parts are the fuzzer's XML, zipped here so the XML readers are reached; asserts every field is trimmed NFC UTF-8 without CR, rows hold 1 to CSV_MAX_FIELDS_PER_ROW fields, and every refusal says why. */
#include "base/xlsx_reader.h"
#include "fuzz_common.h"
#include <zip.h>

static const char root_rels[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	"officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char book_rels[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>";
static const char default_book[] =
	"<workbook xmlns:r=\"r\"><sheets><sheet name=\"Blad1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

/* The parts as a zip archive in memory (stored, not compressed: the XML is what is fuzzed). */
static void *zip_parts(const char *const *names, char *const *parts, const size_t *lens, int n, size_t *out_len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	FUZZ_CHECK(src != NULL);
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	FUZZ_CHECK(z != NULL);
	for (int i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, parts[i], lens[i], 0);
		zip_int64_t idx = zip_file_add(z, names[i], s, ZIP_FL_OVERWRITE);
		FUZZ_CHECK(idx >= 0);
		zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	}
	FUZZ_CHECK(zip_close(z) == 0);
	FUZZ_CHECK(zip_source_open(src) == 0);
	zip_source_seek(src, 0, SEEK_END);
	zip_int64_t size = zip_source_tell(src);
	zip_source_seek(src, 0, SEEK_SET);
	void *data = malloc((size_t)size + 1);
	FUZZ_CHECK(data && zip_source_read(src, data, (zip_uint64_t)size) == size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*out_len = (size_t)size;
	return data;
}

static void check(const char *data, size_t len)
{
	char err[512] = "";
	struct csv_table *t = xlsx_read_memory_capped(data, len, NULL, 1 << 20, err, sizeof err);
	if (!t) {
		FUZZ_CHECK(err[0] != 0 && memchr(err, 0, sizeof err));
		return;
	}
	FUZZ_CHECK(t->nrows >= 1);
	for (size_t r = 0; r < t->nrows; r++) {
		const struct csv_row *row = &t->rows[r];
		FUZZ_CHECK(row->line >= 1 && row->line <= XLSX_MAX_ROWS);
		FUZZ_CHECK(row->nfields >= 1 && row->nfields <= CSV_MAX_FIELDS_PER_ROW);
		bool any = false;
		for (size_t f = 0; f < row->nfields; f++)
			any |= fuzz_check_field(row->fields[f]);
		FUZZ_CHECK(any); /* empty rows are dropped */
	}
	csv_table_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	if (fuzz_byte(&in) == 'R') {
		check((const char *)in.p, in.n); /* the bytes as an archive */
		return 0;
	}
	/* sheet \xFF shared strings \xFF styles \xFF workbook (default when empty) */
	static const char *const names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
					    "xl/workbook.xml", "_rels/.rels", "xl/_rels/workbook.xml.rels"};
	char *parts[6];
	size_t lens[6];
	for (int i = 0; i < 4; i++)
		parts[i] = fuzz_str(&in, 0xFF, &lens[i]);
	if (!lens[3]) {
		free(parts[3]);
		parts[3] = strdup(default_book);
		lens[3] = strlen(default_book);
	}
	parts[4] = strdup(root_rels);
	lens[4] = strlen(root_rels);
	parts[5] = strdup(book_rels);
	lens[5] = strlen(book_rels);
	size_t zlen;
	void *z = zip_parts(names, parts, lens, 6, &zlen);
	check(z, zlen);
	free(z);
	for (int i = 0; i < 6; i++)
		free(parts[i]);
	return 0;
}
