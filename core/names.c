/* names.c — open addressing with linear probing over FNV-1a hashes (names.h). */
#include "names.h"

#include <stdlib.h>
#include <string.h>

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

void tf_names_init(tf_Names *ix, int max_names)
{
    TF_ASSERT(max_names >= 0 && max_names <= (1 << 29));
    memset(ix, 0, sizeof *ix);
    ix->cap = 16;
    while (ix->cap < 2u * (uint32_t)max_names) ix->cap *= 2;
    ix->name = tf_xcalloc(ix->cap, sizeof *ix->name);
    ix->id = tf_xcalloc(ix->cap, sizeof *ix->id);
    ix->max = max_names;
}

void tf_names_free(tf_Names *ix)
{
    free(ix->name);
    free(ix->id);
    memset(ix, 0, sizeof *ix);
}

static uint32_t slot_of(const tf_Names *ix, const char *name)
{
    uint32_t i = hash_str(name) & (ix->cap - 1);
    while (ix->name[i] && strcmp(ix->name[i], name)) i = (i + 1) & (ix->cap - 1);
    return i;
}

int tf_names_add(tf_Names *ix, const char *name, int id)
{
    uint32_t i = slot_of(ix, name);
    if (ix->name[i]) return ix->id[i];
    TF_ASSERT(ix->n < ix->max);
    ix->name[i] = name;
    ix->id[i] = id;
    ix->n++;
    return -1;
}

int tf_names_find(const tf_Names *ix, const char *name)
{
    if (!ix->cap) return -1;
    uint32_t i = slot_of(ix, name);
    return ix->name[i] ? ix->id[i] : -1;
}
