/* interv.c — interventions: the ablation spec, the set of ablated heads, and the text and JSON
 * forms a trace and a person read. Not their effect: the forward pass applies them. */
#include "interv.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_in.h"

static const char *KIND_NAMES[TF_ATTN_COUNT] = {
    [TF_ATTN_NONE] = "none", [TF_ATTN_ENC] = "enc", [TF_ATTN_DEC] = "dec",
    [TF_ATTN_CROSS] = "cross"};

const char *tf_attn_kind_name(tf_AttnKind k) { return k < TF_ATTN_COUNT ? KIND_NAMES[k] : "unknown"; }

static int find(const tf_Interv *iv, tf_AttnKind kind, int layer, int head)
{
    for (int i = 0; i < iv->n_ablated; i++) {
        const tf_Head *h = &iv->ablated[i];
        if (h->kind == kind && h->layer == layer && h->head == head) return i;
    }
    return -1;
}

bool tf_interv_head(const tf_Interv *iv, tf_AttnKind kind, int layer, int head)
{
    return iv && find(iv, kind, layer, head) >= 0;
}

bool tf_interv_set_head(tf_Interv *iv, tf_AttnKind kind, int layer, int head, bool on)
{
    int i = find(iv, kind, layer, head);
    if (!on) {
        if (i >= 0) {
            memmove(&iv->ablated[i], &iv->ablated[i + 1],
                    (size_t)(iv->n_ablated - i - 1) * sizeof *iv->ablated);
            iv->n_ablated--;
        }
        return true;
    }
    if (i >= 0) return true;
    if (iv->n_ablated == TF_MAX_ABLATED) return false;
    iv->ablated[iv->n_ablated++] = (tf_Head){kind, layer, head};
    return true;
}

bool tf_interv_any(const tf_Interv *iv)
{
    return iv && (iv->no_pos || iv->no_mask || iv->no_scale || iv->n_ablated > 0);
}

bool tf_interv_equal(const tf_Interv *a, const tf_Interv *b)
{
    if (!tf_interv_any(a) || !tf_interv_any(b)) return tf_interv_any(a) == tf_interv_any(b);
    if (a->no_pos != b->no_pos || a->no_mask != b->no_mask || a->no_scale != b->no_scale ||
        a->n_ablated != b->n_ablated)
        return false;
    for (int i = 0; i < a->n_ablated; i++)
        if (!tf_interv_head(b, a->ablated[i].kind, a->ablated[i].layer, a->ablated[i].head))
            return false;
    return true;
}

/* A decimal number from 0 to max at *s, advancing it; -1 when there is none or it is larger. */
static long number(const char **s, long max)
{
    bool minus = **s == '-';
    if ((*s)[minus] < '0' || (*s)[minus] > '9') return -1;
    char *end;
    errno = 0;
    long v = strtol(*s, &end, 10);
    *s = end;
    return errno || v < 0 || v > max ? max + 1 : v;
}

static tf_Status parse_item(tf_Interv *iv, const tf_Config *c, const char *item, size_t n,
                            tf_Err *err)
{
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return tf_fail(err, TF_ERR_INPUT, "'%.*s' is not KIND.LAYER.HEAD (KIND enc, dec or "
                       "cross)", (int)(n < 40 ? n : 40), item);
    memcpy(buf, item, n);
    buf[n] = '\0';
    tf_AttnKind kind = TF_ATTN_NONE;
    size_t k = strcspn(buf, ".");
    for (int i = TF_ATTN_ENC; i < TF_ATTN_COUNT; i++)
        if (strlen(KIND_NAMES[i]) == k && !strncmp(buf, KIND_NAMES[i], k)) kind = (tf_AttnKind)i;
    const char *s = buf + k;
    int layers = kind == TF_ATTN_ENC ? c->n_enc : c->n_dec;
    long layer = -1, head = -1;
    if (*s == '.') {
        s++;
        layer = number(&s, layers);
    }
    if (layer >= 0 && *s == '.') {
        s++;
        head = number(&s, c->nhead);
    }
    if (kind == TF_ATTN_NONE || layer < 0 || head < 0 || *s)
        return tf_fail(err, TF_ERR_INPUT, "'%s' is not KIND.LAYER.HEAD (KIND enc, dec or cross; "
                       "e.g. enc.0.3)", buf);
    if (layer >= layers)
        return tf_fail(err, TF_ERR_INPUT, "'%s': the model has %s layers 0 to %d", buf,
                       kind == TF_ATTN_ENC ? "encoder" : "decoder", layers - 1);
    if (head >= c->nhead)
        return tf_fail(err, TF_ERR_INPUT, "'%s': the model has heads 0 to %d", buf,
                       c->nhead - 1);
    if (!tf_interv_set_head(iv, kind, (int)layer, (int)head, true))
        return tf_fail(err, TF_ERR_INPUT, "more than %d heads", TF_MAX_ABLATED);
    return TF_OK;
}

/* err's message, with what it is about in front */
static tf_Status about(tf_Err *err, tf_Status st, const char *what)
{
    if (!err) return st;
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err->msg);
    return tf_fail(err, st, "%s: %s", what, msg);
}

tf_Status tf_interv_parse_ablate(tf_Interv *iv, const tf_Config *c, const char *spec,
                                 tf_Err *err)
{
    for (const char *s = spec;; s++) {
        size_t n = strcspn(s, ",");
        if (parse_item(iv, c, s, n, err)) return about(err, TF_ERR_INPUT, "--ablate");
        s += n;
        if (!*s) return TF_OK;
    }
}

static void head_name(const tf_Head *h, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s.%d.%d", tf_attn_kind_name(h->kind), h->layer, h->head);
}

void tf_interv_describe(const tf_Interv *iv, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
#define PUT(...) used += (size_t)snprintf(buf + used, used < cap ? cap - used : 0, __VA_ARGS__)
    for (int i = 0; iv && i < iv->n_ablated; i++) {
        char h[48];
        head_name(&iv->ablated[i], h, sizeof h);
        PUT("%s%s", i ? " " : "ablate ", h);
    }
    static const char *FLAGS[3] = {"no-pos", "no-mask", "no-scale"};
    bool on[3] = {iv && iv->no_pos, iv && iv->no_mask, iv && iv->no_scale};
    for (int i = 0; i < 3; i++)
        if (on[i]) PUT("%s%s", used ? "; " : "", FLAGS[i]);
    if (!used) PUT("none");
#undef PUT
    if (used >= cap && cap > 4) strcpy(buf + cap - 4, "...");
}

char *tf_interv_to_json(const tf_Interv *iv)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *a = cJSON_AddArrayToObject(o, "ablate");
    for (int i = 0; i < iv->n_ablated; i++) {
        char h[48];
        head_name(&iv->ablated[i], h, sizeof h);
        cJSON_AddItemToArray(a, cJSON_CreateString(h));
    }
    cJSON_AddBoolToObject(o, "no_pos", iv->no_pos);
    cJSON_AddBoolToObject(o, "no_mask", iv->no_mask);
    cJSON_AddBoolToObject(o, "no_scale", iv->no_scale);
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    TF_ASSERT(s);
    return s;
}

tf_Status tf_interv_from_json(tf_Interv *iv, const tf_Config *c, const char *json, tf_Err *err)
{
    memset(iv, 0, sizeof *iv);
    cJSON *o = NULL;
    tf_Status s = tf_json_parse(json, strlen(json), TF_MAX_ABLATED + 16,
                                "metadata 'interventions'", &o, err);
    if (s) return s;
    if (!cJSON_IsObject(o)) {
        s = tf_fail(err, TF_ERR_FORMAT, "metadata 'interventions' is not a JSON object");
        goto done;
    }
    static const char *KEYS[3] = {"no_pos", "no_mask", "no_scale"};
    bool *flags[3] = {&iv->no_pos, &iv->no_mask, &iv->no_scale};
    for (int i = 0; i < 3; i++) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, KEYS[i]);
        if (f && !cJSON_IsBool(f)) {
            s = tf_fail(err, TF_ERR_FORMAT, "metadata 'interventions': %s is not true or false",
                        KEYS[i]);
            goto done;
        }
        *flags[i] = cJSON_IsTrue(f);
    }
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "ablate"), *e;
    if (a && !cJSON_IsArray(a)) {
        s = tf_fail(err, TF_ERR_FORMAT, "metadata 'interventions': ablate is not an array");
        goto done;
    }
    cJSON_ArrayForEach(e, a) {
        if (!cJSON_IsString(e)) {
            s = tf_fail(err, TF_ERR_FORMAT, "metadata 'interventions': an ablated head is not a "
                        "string");
            goto done;
        }
        if (parse_item(iv, c, e->valuestring, strlen(e->valuestring), err)) {
            s = about(err, TF_ERR_FORMAT, "metadata 'interventions'");
            goto done;
        }
    }
done:
    cJSON_Delete(o);
    return s;
}
