/* assets: versioned URLs and conditional GET for the files in assets/ that are embedded at build time. */
#include "web/assets.h"
#include "base/embedded.h"
#include <stdio.h>
#include <string.h>

#define MAX_ASSETS 32

static struct {
	const struct embedded_file *file;
	const char *name; /* without "assets/" */
	char hash[17];
	char url[128];
	char etag[24];
} assets[MAX_ASSETS];
static int nassets;

void assets_init(void)
{
	nassets = 0;
	for (const struct embedded_file *f = embedded_files; f->name && nassets < MAX_ASSETS; f++) {
		if (strncmp(f->name, "assets/", 7) != 0)
			continue;
		unsigned long long h = 1469598103934665603ull;
		for (size_t i = 0; i < f->len; i++)
			h = (h ^ f->data[i]) * 1099511628211ull;
		assets[nassets].file = f;
		assets[nassets].name = f->name + 7;
		snprintf(assets[nassets].hash, sizeof assets[nassets].hash, "%016llx", h);
		snprintf(assets[nassets].url, sizeof assets[nassets].url, "/static/%016llx/%s", h, assets[nassets].name);
		snprintf(assets[nassets].etag, sizeof assets[nassets].etag, "\"%016llx\"", h);
		nassets++;
	}
}

const char *assets_url(const char *name)
{
	for (int i = 0; i < nassets; i++)
		if (strcmp(assets[i].name, name) == 0)
			return assets[i].url;
	return "/static/missing";
}

static const char *mime_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot) return "application/octet-stream";
	if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
	if (!strcmp(dot, ".svg")) return "image/svg+xml";
	if (!strcmp(dot, ".png")) return "image/png";
	if (!strcmp(dot, ".ico")) return "image/x-icon";
	if (!strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
	return "application/octet-stream";
}

void page_static_asset(struct request *r)
{
	const char *name = r->route_args[1];
	for (int i = 0; i < nassets; i++) {
		if (strcmp(assets[i].name, name) != 0)
			continue;
		response_header(r, "etag", assets[i].etag);
		/* An old version in the URL still gets today's file, but must not be cached for a year. */
		bool current = strcmp(r->route_args[0], assets[i].hash) == 0;
		response_header(r, "cache-control", current ? "public, max-age=31536000, immutable" : "no-cache");
		r->content_type = mime_type(name);
		if (r->if_none_match && strstr(r->if_none_match, assets[i].hash)) {
			r->status = 304;
			return;
		}
		r->status = 200;
		buf_append(&r->body, (const char *)assets[i].file->data, assets[i].file->len);
		return;
	}
	respond_not_found(r);
}
