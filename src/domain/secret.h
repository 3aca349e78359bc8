/* secret: the server's named signing keys, kept in the database so every node signs alike. */
#ifndef SAMVERKAN_SECRET_H
#define SAMVERKAN_SECRET_H
#include "store/store.h"
#include <sodium.h>
#include <stdbool.h>

#define SECRET_KEY_BYTES crypto_auth_KEYBYTES

/* The key called name (one per purpose: "unsubscribe", "csrf"); with create, made first when
 * there is none (every node then reads the one that won). 0, 1 when there is none and create is
 * false, -1 on a database error. */
int secret_key(struct store *st, const char *name, bool create, unsigned char key[SECRET_KEY_BYTES]);

#endif
