/* trace_site.c — where a traced tensor sits in the model, and its name: the forward pass names
 * each node from its site (tf_site_name), and a trace read from a file gets its sites back from
 * the names (tf_site_parse), the one place that reads traced names. Not the trace itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

static const char *STACK_NAMES[TF_STACK_COUNT] = {
    [TF_STACK_SOURCE] = "source", [TF_STACK_ENCODER] = "encoder", [TF_STACK_TARGET] = "target",
    [TF_STACK_DECODER] = "decoder", [TF_STACK_OUTPUT] = "output"};

/* The last component(s) of a name; attention parts follow "self_attn." or "cross_attn.". */
static const char *PART_NAMES[TF_PART_COUNT] = {
    [TF_PART_EMBED] = "embed",        [TF_PART_POS] = "pos",         [TF_PART_X] = "x",
    [TF_PART_Q] = "q",                [TF_PART_K] = "k",             [TF_PART_V] = "v",
    [TF_PART_SCORES] = "scores",      [TF_PART_WEIGHTS] = "weights", [TF_PART_CONTEXT] = "context",
    [TF_PART_ATTN_OUT] = "out",       [TF_PART_FFN_HIDDEN] = "ffn.hidden",
    [TF_PART_FFN_OUT] = "ffn.out",    [TF_PART_ADD] = "add",         [TF_PART_NORM] = "norm",
    [TF_PART_LOGITS] = "logits",      [TF_PART_PROBS] = "probs",     [TF_PART_OTHER] = "other"};

const char *tf_stack_name(tf_Stack s) { return s < TF_STACK_COUNT ? STACK_NAMES[s] : "unknown"; }
const char *tf_part_name(tf_Part p) { return p < TF_PART_COUNT ? PART_NAMES[p] : "unknown"; }

static bool is_attn_part(tf_Part p) { return p >= TF_PART_Q && p <= TF_PART_ATTN_OUT; }

tf_Site tf_site_attn(tf_AttnKind a, int layer, tf_Part part)
{
    return (tf_Site){a == TF_ATTN_ENC ? TF_STACK_ENCODER : TF_STACK_DECODER, layer,
                     a == TF_ATTN_CROSS ? 2 : 1, a, part};
}

bool tf_site_equal(tf_Site a, tf_Site b)
{
    return a.stack == b.stack && a.layer == b.layer && a.sublayer == b.sublayer &&
           a.attn == b.attn && a.part == b.part;
}

static const char *SIDES[] = {"src", "enc", "tgt", "dec"};  /* by stack, output has none */

const char *tf_site_name(tf_Site s, char *buf)
{
    const char *part = tf_part_name(s.part);
    if (s.stack >= TF_STACK_OUTPUT)
        snprintf(buf, TF_NAME_MAX, "%s", part);
    else if (s.layer < 0)
        snprintf(buf, TF_NAME_MAX, "%s.%s", SIDES[s.stack], part);
    else if (is_attn_part(s.part))
        snprintf(buf, TF_NAME_MAX, "%s.%d.%s.%s", SIDES[s.stack], s.layer,
                 s.attn == TF_ATTN_CROSS ? "cross_attn" : "self_attn", part);
    else if (s.part == TF_PART_ADD || s.part == TF_PART_NORM)
        snprintf(buf, TF_NAME_MAX, "%s.%d.%s%d", SIDES[s.stack], s.layer, part, s.sublayer);
    else
        snprintf(buf, TF_NAME_MAX, "%s.%d.%s", SIDES[s.stack], s.layer, part);
    return buf;
}

/* Whether the forward pass records a tensor at this site (for some configuration). */
static bool recorded(tf_Site s)
{
    switch (s.stack) {
    case TF_STACK_SOURCE:
    case TF_STACK_TARGET: return s.layer < 0 && s.part <= TF_PART_X;
    case TF_STACK_OUTPUT: return s.part == TF_PART_LOGITS || s.part == TF_PART_PROBS;
    default: break;
    }
    if (s.layer < 0) return s.part == TF_PART_NORM;
    int subs = s.stack == TF_STACK_DECODER ? 3 : 2;
    if (is_attn_part(s.part))
        return s.attn == (s.stack == TF_STACK_ENCODER ? TF_ATTN_ENC
                          : s.sublayer == 1           ? TF_ATTN_DEC : TF_ATTN_CROSS) &&
               s.sublayer <= subs - 1;
    if (s.part == TF_PART_FFN_HIDDEN || s.part == TF_PART_FFN_OUT) return s.sublayer == subs;
    return (s.part == TF_PART_ADD || s.part == TF_PART_NORM) && s.sublayer >= 1 &&
           s.sublayer <= subs;
}

static tf_Part part_of(const char *s)
{
    for (int p = 0; p < TF_PART_OTHER; p++)
        if (!strcmp(s, PART_NAMES[p])) return (tf_Part)p;
    return TF_PART_OTHER;
}

/* A candidate site read from the name's pieces; tf_site_parse keeps it only when it is one the
 * forward pass records and it names back to the same name. */
static tf_Site guess(const char *name)
{
    tf_Site s = {TF_STACK_OUTPUT, -1, 0, TF_ATTN_NONE, TF_PART_OTHER};
    for (int i = 0; i < 4; i++)
        if (!strncmp(name, SIDES[i], 3) && name[3] == '.') s.stack = (tf_Stack)i;
    if (s.stack == TF_STACK_OUTPUT) {
        s.part = part_of(name);
        return s;
    }
    const char *rest = name + 4;
    char *end;
    long layer = strtol(rest, &end, 10);
    if (end == rest || *end != '.' || layer < 0 || layer > 1 << 20) {
        s.part = part_of(rest);
        return s;
    }
    s.layer = (int)layer;
    rest = end + 1;
    bool dec = s.stack == TF_STACK_DECODER;
    if (!strncmp(rest, "self_attn.", 10) || !strncmp(rest, "cross_attn.", 11)) {
        s.attn = rest[0] == 'c' ? TF_ATTN_CROSS : dec ? TF_ATTN_DEC : TF_ATTN_ENC;
        s.sublayer = s.attn == TF_ATTN_CROSS ? 2 : 1;
        s.part = part_of(strchr(rest, '.') + 1);
    } else if (!strncmp(rest, "ffn.", 4)) {
        s.sublayer = dec ? 3 : 2;
        s.part = part_of(rest);
    } else if (!strncmp(rest, "add", 3) || !strncmp(rest, "norm", 4)) {
        s.part = rest[0] == 'a' ? TF_PART_ADD : TF_PART_NORM;
        s.sublayer = rest[s.part == TF_PART_ADD ? 3 : 4] - '0';
    }
    return s;
}

tf_Site tf_site_parse(const char *name)
{
    tf_Site s = guess(name);
    char back[TF_NAME_MAX];
    if (s.part != TF_PART_OTHER && recorded(s) && !strcmp(tf_site_name(s, back), name)) return s;
    return (tf_Site){s.stack, -1, 0, TF_ATTN_NONE, TF_PART_OTHER};
}
