/* names.h — a set of names with an id each, for the readers' duplicate checks and look-ups by
 * name: one hash probe instead of a pass over everything read so far (which made a file of many
 * names quadratic to check). The names are not copied: they must outlive the index. Not a
 * general container; vocab.c keeps its own table, built the same way.
 *
 * Usage:
 *     tf_Names ix;
 *     tf_names_init(&ix, n);                         // room for n names
 *     if (tf_names_add(&ix, t->name, i) >= 0) ...;   // the name was there already
 *     int id = tf_names_find(&ix, "logits");         // -1 when absent
 *     tf_names_free(&ix);
 */
#ifndef TF_NAMES_H
#define TF_NAMES_H

#include "tf_base.h"

typedef struct {
    const char **name;  /* (cap) NULL = empty slot */
    int *id;            /* (cap) */
    uint32_t cap;       /* a power of two, at least twice the names it was made for */
    int n, max;
} tf_Names;

void tf_names_init(tf_Names *ix, int max_names);
void tf_names_free(tf_Names *ix);
/* Adds name with id unless it is present: returns -1 when added, else the id it already has.
 * At most max_names names are added. */
int tf_names_add(tf_Names *ix, const char *name, int id);
int tf_names_find(const tf_Names *ix, const char *name);

#endif
