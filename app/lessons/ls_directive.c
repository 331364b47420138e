/* ls_directive.c — the `tfscope` blocks of a lesson: their syntax (key: value lines or one
 * JSON object, known keys with "did you mean") and their meaning (typed scene, quiz, try-it and
 * widget directives), every problem reported with file and line. Part of ls_lesson.c's parser. */
#include <math.h>

#include "ls_lesson_int.h"

#include "tf_limits.h"

/* --- directive syntax ---------------------------------------------------------------------------- */

typedef enum { K_SCENE, K_QUIZ, K_TRY, K_TABLE1, K_VARIANCE, K_SCHEDULE, K_SAY, K_CLAIM, K_COUNT } KeyGroup;

typedef struct {
    const char *name;
    KeyGroup group;
    bool repeatable;
    bool text;          /* written for the learner: may differ between languages */
} KeyInfo;

static const KeyInfo KEYS[] = {
    {"sentence", K_SCENE, false, false},  {"decode", K_SCENE, false, false},
    {"tensor", K_SCENE, false, false},    {"step", K_SCENE, false, false},
    {"view", K_SCENE, false, false},      {"attention", K_SCENE, false, false},
    {"layer", K_SCENE, false, false},     {"heads", K_SCENE, false, false},
    {"token", K_SCENE, false, false},     {"position", K_SCENE, false, false},
    {"highlight", K_SCENE, true, false},  {"snapshots", K_SCENE, false, false},
    {"snapshot", K_SCENE, false, false},  {"intervene", K_SCENE, false, false},
    {"quiz", K_QUIZ, false, true},        {"answer", K_QUIZ, false, false},
    {"options", K_QUIZ, false, true},     {"right", K_QUIZ, false, true},
    {"wrong", K_QUIZ, false, true},       {"explain", K_QUIZ, false, true},
    {"try", K_TRY, false, true},          {"suggest", K_TRY, true, false},
    {"table1", K_TABLE1, false, false},   {"variance", K_VARIANCE, false, false},
    {"schedule", K_SCHEDULE, false, false},
    {"say", K_SAY, false, true},          {"claim", K_CLAIM, true, false},
    {"show", K_SAY, true, false},
};
#define N_KEYS (int)(sizeof KEYS / sizeof KEYS[0])

static const KeyInfo *key_info(const char *k)
{
    for (int i = 0; i < N_KEYS; i++)
        if (!strcmp(KEYS[i].name, k)) return &KEYS[i];
    return NULL;
}

bool ls_key_is_text(const char *key)
{
    const KeyInfo *k = key_info(key);
    return k && k->text;
}

/* The closest known key, for "did you mean". */
static const char *closest_key(const char *k)
{
    const char *best = NULL;
    int best_d = 3;
    for (int i = 0; i < N_KEYS; i++) {
        const char *a = k, *b = KEYS[i].name;
        int la = (int)strlen(a), lb = (int)strlen(b);
        if (la > 40 || lb > 40) continue;
        int row[41];
        for (int j = 0; j <= lb; j++) row[j] = j;
        for (int x = 1; x <= la; x++) {
            int prev = row[0];
            row[0] = x;
            for (int j = 1; j <= lb; j++) {
                int cur = row[j];
                int sub = prev + (a[x - 1] != b[j - 1]);
                int v = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;
                row[j] = v < sub ? v : sub;
                prev = cur;
            }
        }
        if (row[lb] < best_d) {
            best_d = row[lb];
            best = b;
        }
    }
    return best;
}

static void add_field(ls_Directive *dv, const char *key, const char *value, int line)
{
    dv->fields = realloc(dv->fields, (size_t)(dv->n_fields + 1) * sizeof *dv->fields);
    TF_ASSERT(dv->fields);
    ls_Field *f = &dv->fields[dv->n_fields++];
    f->key = tf_xstrdup(key);
    f->value = tf_xstrdup(value);
    f->line = line;
}

/* key: value lines; an indented line continues the value above; # starts a comment line. */
static bool fields_from_lines(Ctx *cx, ls_Directive *dv, const char *text, int first_line)
{
    bool ok = true;
    const char *p = text;
    int line = first_line;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *raw = strndup_(p, n);
        char *s = trim(raw);
        bool indented = n && (p[0] == ' ' || p[0] == '\t');
        if (!*s || s[0] == '#') {
            /* blank or comment */
        } else if (indented && dv->n_fields) {
            ls_Field *f = &dv->fields[dv->n_fields - 1];
            size_t have = strlen(f->value), more = strlen(s);
            if (have + 1 + more > TF_MAX_LESSON_LINE) {
                ls_diag(cx->d, cx->path, line, false, "'%s' is longer than %d bytes with its "
                        "continuation lines (TF_MAX_LESSON_LINE)", f->key, TF_MAX_LESSON_LINE);
                free(raw);
                return false;
            }
            f->value = realloc(f->value, have + 1 + more + 1);
            TF_ASSERT(f->value);
            f->value[have] = ' ';
            memcpy(f->value + have + 1, s, more + 1);
        } else if (dv->n_fields == TF_MAX_DIRECTIVE_FIELDS) {
            ls_diag(cx->d, cx->path, line, false, "more than %d fields in one tfscope block "
                    "(TF_MAX_DIRECTIVE_FIELDS)", TF_MAX_DIRECTIVE_FIELDS);
            free(raw);
            return false;
        } else {
            char *colon = strchr(s, ':');
            if (!colon) {
                ls_diag(cx->d, cx->path, line, false,
                        "'%s': a directive line is 'key: value' (keys: sentence, tensor, view, "
                        "heads, token, quiz, answer, try, … — see lessons/README.md)", s);
                ok = false;
            } else {
                *colon = 0;
                char *k = trim(s), *v = trim(colon + 1);
                for (char *q = k; *q; q++) *q = (char)tolower((unsigned char)*q);
                if (strlen(v) > TF_MAX_LESSON_LINE) {
                    ls_diag(cx->d, cx->path, line, false, "'%s' is longer than %d bytes "
                            "(TF_MAX_LESSON_LINE)", k, TF_MAX_LESSON_LINE);
                    ok = false;
                } else {
                    add_field(dv, k, v, line);
                }
            }
        }
        free(raw);
        line++;
        if (!e) break;
        p = e + 1;
    }
    return ok;
}

/* The line of a JSON key in the block, for messages (the block's first line if not found). */
static int json_key_line(const char *text, const char *key, int first_line)
{
    char pat[80];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *at = strstr(text, pat);
    if (!at) return first_line;
    int line = first_line;
    for (const char *p = text; p < at; p++)
        if (*p == '\n') line++;
    return line;
}

static bool json_scalar(const cJSON *v, char *out, size_t cap)
{
    if (cJSON_IsString(v)) snprintf(out, cap, "%s", v->valuestring);
    else if (cJSON_IsNumber(v)) {
        if (fabs(v->valuedouble) < 9e15 && v->valuedouble == (double)(long long)v->valuedouble)
            snprintf(out, cap, "%lld", (long long)v->valuedouble);
        else snprintf(out, cap, "%.17g", v->valuedouble);
    } else if (cJSON_IsBool(v)) snprintf(out, cap, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else return false;
    return true;
}

/* One JSON object: {"tensor": "...", "heads": [5, 6], "highlight": ["...", "..."]}. Arrays of a
 * repeatable key give one field each; other arrays are joined with commas (heads, dk lists). */
static bool fields_from_json(Ctx *cx, ls_Directive *dv, const char *text, int first_line)
{
    cJSON *root = cJSON_Parse(text);
    if (!root || !cJSON_IsObject(root)) {
        ls_diag(cx->d, cx->path, first_line, false,
                "this directive starts with '{' but is not a JSON object%s",
                root ? "" : " (a syntax error)");
        cJSON_Delete(root);
        return false;
    }
    bool ok = true;
    char buf[4096];
    int n_keys = 0;
    for (cJSON *it = root->child; it; it = it->next)
        if (++n_keys > TF_MAX_DIRECTIVE_FIELDS) {
            ls_diag(cx->d, cx->path, first_line, false, "more than %d keys in one tfscope block "
                    "(TF_MAX_DIRECTIVE_FIELDS)", TF_MAX_DIRECTIVE_FIELDS);
            cJSON_Delete(root);
            return false;
        }
    for (cJSON *it = root->child; it; it = it->next) {
        int line = json_key_line(text, it->string, first_line);
        if (cJSON_IsArray(it)) {
            const KeyInfo *k = key_info(it->string);
            char joined[4096] = "";
            for (cJSON *e = it->child; e; e = e->next) {
                if (!json_scalar(e, buf, sizeof buf)) {
                    ls_diag(cx->d, cx->path, line, false, "\"%s\": array items must be strings or numbers",
                            it->string);
                    ok = false;
                    break;
                }
                if (k && k->repeatable && dv->n_fields == TF_MAX_DIRECTIVE_FIELDS) {
                    ls_diag(cx->d, cx->path, line, false, "more than %d fields in one tfscope "
                            "block (TF_MAX_DIRECTIVE_FIELDS)", TF_MAX_DIRECTIVE_FIELDS);
                    ok = false;
                    break;
                }
                if (k && k->repeatable) add_field(dv, it->string, buf, line);
                else {
                    if (*joined) strncat(joined, ",", sizeof joined - strlen(joined) - 1);
                    strncat(joined, buf, sizeof joined - strlen(joined) - 1);
                }
            }
            if (!(k && k->repeatable)) add_field(dv, it->string, joined, line);
        } else if (json_scalar(it, buf, sizeof buf)) {
            add_field(dv, it->string, buf, line);
        } else {
            ls_diag(cx->d, cx->path, line, false, "\"%s\": values are strings, numbers or arrays",
                    it->string);
            ok = false;
        }
    }
    cJSON_Delete(root);
    return ok;
}

/* --- typed directives (the value parsers are in ls_values.c) -------------------------- */

/* The line of a key's first field in the block (the block's line when absent). */
static int field_line_of(const ls_Directive *dv, const char *key)
{
    for (int i = 0; i < dv->n_fields; i++)
        if (!strcmp(dv->fields[i].key, key)) return dv->fields[i].line;
    return dv->line;
}

/* Interprets the fields of one block. Returns false (after reporting) when it is unusable. */
static bool interpret(Ctx *cx, ls_Directive *dv, bool fields_ok)
{
    char why[400];
    bool ok = true;
    bool groups[K_COUNT] = {0};
    ls_Scene *sc = &dv->scene;
    sc->snapshot = -2;
    sc->position = -1;
    sc->beam = 1;
    dv->schedule.warmup = 0;
    for (int i = 0; i < dv->n_fields; i++) {
        const ls_Field *f = &dv->fields[i];
        const KeyInfo *k = key_info(f->key);
        if (!k) {
            const char *near = closest_key(f->key);
            ls_diag(cx->d, cx->path, f->line, false, "unknown key '%s'%s%s%s", f->key,
                    near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
            ok = false;
            continue;
        }
        groups[k->group] = true;
        if (!k->repeatable) {
            for (int j = 0; j < i; j++) {
                bool same = !strcmp(dv->fields[j].key, f->key) ||
                            ((!strcmp(f->key, "step") || !strcmp(f->key, "tensor")) &&
                             (!strcmp(dv->fields[j].key, "step") || !strcmp(dv->fields[j].key, "tensor")));
                if (same) {
                    ls_diag(cx->d, cx->path, f->line, false, "'%s' is given twice in this block (first on line %d)",
                            f->key, dv->fields[j].line);
                    ok = false;
                }
            }
        }
        const char *v = f->value;
        if (!*v) {
            ls_diag(cx->d, cx->path, f->line, false, "'%s' has no value", f->key);
            ok = false;
            continue;
        }
        bool good = true;
        why[0] = 0;
        if (!strcmp(f->key, "sentence")) {
            sc->set |= LS_SET_SENTENCE;
            free(sc->sentence);
            sc->sentence = strcmp(v, "figure3") ? tf_xstrdup(v) : NULL;
        } else if (!strcmp(f->key, "decode")) {
            sc->set |= LS_SET_DECODE;
            if (!strcmp(v, "greedy")) sc->beam = 1;
            else if (!strncmp(v, "beam ", 5)) good = parse_int(v + 5, 1, 16, &sc->beam);
            else good = false;
            if (!good) snprintf(why, sizeof why, "decode '%s': greedy or beam K (K 1-16)", v);
        } else if (!strcmp(f->key, "tensor") || !strcmp(f->key, "step")) {
            sc->set |= LS_SET_TENSOR;
            good = strlen(v) < TF_NAME_MAX && !strchr(v, ' ');
            if (good) snprintf(sc->tensor, sizeof sc->tensor, "%s", v);
            else snprintf(why, sizeof why, "'%s' is not a tensor name (e.g. enc.1.self_attn.weights)", v);
        } else if (!strcmp(f->key, "view")) {
            sc->set |= LS_SET_VIEW;
            good = false;
            for (int j = 1; j < LS_VIEW_COUNT; j++)
                if (!strcmp(v, ls_view_name((ls_View)j))) sc->view = (ls_View)j, good = true;
            if (!good) snprintf(why, sizeof why, "view '%s': step, matrix, lines, grid or arch", v);
        } else if (!strcmp(f->key, "attention")) {
            sc->set |= LS_SET_ATTN;
            good = false;
            for (int j = 1; j < LS_ATTN_COUNT; j++)
                if (!strcmp(v, ls_attn_name((ls_Attn)j))) sc->attn = (ls_Attn)j, good = true;
            if (!good) snprintf(why, sizeof why, "attention '%s': enc, dec or cross", v);
        } else if (!strcmp(f->key, "layer")) {
            sc->set |= LS_SET_LAYER;
            good = parse_int(v, 0, 63, &sc->layer);
            if (!good) snprintf(why, sizeof why, "layer '%s': a layer number from 0", v);
        } else if (!strcmp(f->key, "heads")) {
            sc->set |= LS_SET_HEADS;
            good = ls_parse_heads(v, sc, why, sizeof why);
        } else if (!strcmp(f->key, "token")) {
            sc->set |= LS_SET_TOKEN;
            if (strcmp(v, "none")) good = ls_parse_tokref(v, true, &sc->token, why, sizeof why);
            else memset(&sc->token, 0, sizeof sc->token);
        } else if (!strcmp(f->key, "position")) {
            sc->set |= LS_SET_POSITION;
            if (!strcmp(v, "all")) sc->position = -1;
            else good = parse_int(v, 0, 1 << 20, &sc->position);
            if (!good) snprintf(why, sizeof why, "position '%s': all, or a decoder position from 0", v);
        } else if (!strcmp(f->key, "highlight")) {
            sc->set |= LS_SET_HIGHLIGHT;
            if (!strcmp(v, "none")) sc->n_highlight = 0;
            else if (sc->n_highlight == LS_HIGHLIGHT_MAX) {
                good = false;
                snprintf(why, sizeof why, "at most %d highlighted cells", LS_HIGHLIGHT_MAX);
            } else {
                ls_CellRef *c = &sc->highlight[sc->n_highlight];
                good = ls_parse_cellref(v, c, NULL, why, sizeof why);
                if (good && (!c->row.set || !c->col.set)) {
                    good = false;
                    snprintf(why, sizeof why, "highlight '%s': a cell needs row R and col C", v);
                }
                if (good) sc->n_highlight++;
            }
        } else if (!strcmp(f->key, "snapshots")) {
            sc->set |= LS_SET_SNAPSHOTS;
            free(sc->snapshots);
            sc->snapshots = ls_resolve_path(cx->path, v);
            if (sc->snapshot == -2) sc->snapshot = 0;
        } else if (!strcmp(f->key, "snapshot")) {
            sc->set |= LS_SET_SNAPSHOT;
            if (!strcmp(v, "first")) sc->snapshot = 0;
            else if (!strcmp(v, "none")) sc->snapshot = -2;
            else if (!strcmp(v, "last")) sc->snapshot = -1;
            else good = parse_int(v, 0, 1 << 20, &sc->snapshot);
            if (!good) snprintf(why, sizeof why, "snapshot '%s': first, last, none or an index from 0", v);
        } else if (!strcmp(f->key, "intervene")) {
            sc->set |= LS_SET_INTERV;
            good = ls_parse_intervene(v, sc, why, sizeof why);
        } else if (!strcmp(f->key, "quiz")) {
            ls_set_str(&dv->quiz.question, v);
        } else if (!strcmp(f->key, "answer")) {
            ls_set_str(&dv->quiz.answer_src, v);
            good = ls_parse_answer(v, &dv->quiz.answer, why, sizeof why);
        } else if (!strcmp(f->key, "options")) {
            for (int j = 0; j < dv->quiz.n_options; j++) free(dv->quiz.options[j]);
            free(dv->quiz.options);
            dv->quiz.n_options = ls_parse_options(v, &dv->quiz.options);
            for (int j = 0; j < dv->quiz.n_options; j++)
                if (!*dv->quiz.options[j]) {
                    good = false;
                    snprintf(why, sizeof why, "options: option %d is empty (options are A | B | C)", j + 1);
                }
        } else if (!strcmp(f->key, "right")) {
            ls_set_str(&dv->quiz.right, v);
        } else if (!strcmp(f->key, "wrong")) {
            ls_set_str(&dv->quiz.wrong, v);
        } else if (!strcmp(f->key, "explain")) {
            ls_set_str(&dv->quiz.explain, v);
        } else if (!strcmp(f->key, "say")) {
            ls_set_str(&dv->say.text, v);
        } else if (!strcmp(f->key, "claim") || !strcmp(f->key, "show")) {
            ls_Claim cl;
            good = ls_parse_claim(v, f->key[1] == 'h', &cl, why, sizeof why);
            cl.line = f->line;
            if (good) {
                ls_Say *sy = &dv->say;
                sy->items = realloc(sy->items, (size_t)(sy->n + 1) * sizeof *sy->items);
                TF_ASSERT(sy->items);
                sy->items[sy->n++] = cl;
            } else {
                ls_claim_free(&cl);
            }
        } else if (!strcmp(f->key, "try")) {
            ls_set_str(&dv->try_.prompt, v);
        } else if (!strcmp(f->key, "suggest")) {
            ls_Try *t = &dv->try_;
            t->suggest = realloc(t->suggest, (size_t)(t->n_suggest + 1) * sizeof *t->suggest);
            TF_ASSERT(t->suggest);
            t->suggest[t->n_suggest++] = tf_xstrdup(v);
        } else if (!strcmp(f->key, "table1")) {
            KV kv[4];
            int n = ls_parse_kv(v, kv, 4, why, sizeof why);
            ls_Table1Spec *t = &dv->table1;
            t->n = t->d = 0;
            t->k = 3;
            t->r = 4;
            good = n >= 0;
            for (int j = 0; good && j < n; j++) {
                const char *kk = kv[j].key, *vv = kv[j].val;
                if (!strcmp(kk, "n") && !strcmp(vv, "src")) t->n = -1;
                else if (!strcmp(kk, "d") && !strcmp(vv, "model")) t->d = -1;
                else if (!strcmp(kk, "n")) good = parse_int(vv, 1, 1000000, &t->n);
                else if (!strcmp(kk, "d")) good = parse_int(vv, 1, 1000000, &t->d);
                else if (!strcmp(kk, "k")) good = parse_int(vv, 2, 1000, &t->k);
                else if (!strcmp(kk, "r")) good = parse_int(vv, 1, 1000000, &t->r);
                else good = false;
                if (!good) snprintf(why, sizeof why, "table1 '%.15s=%.100s': n=N|src, d=D|model, k=K (≥2), r=R", kk, vv);
            }
            if (good && (!t->n || !t->d)) {
                good = false;
                snprintf(why, sizeof why, "table1: needs n= and d= (n=src and d=model take them from the model)");
            }
        } else if (!strcmp(f->key, "variance")) {
            KV kv[4];
            int n = ls_parse_kv(v, kv, 4, why, sizeof why);
            ls_VarianceSpec *s = &dv->variance;
            s->samples = 4000;
            good = n >= 0;
            for (int j = 0; good && j < n; j++) {
                const char *kk = kv[j].key, *vv = kv[j].val;
                if (!strcmp(kk, "dk")) good = ls_parse_dk_list(vv, s);
                else if (!strcmp(kk, "samples"))
                    good = parse_int(vv, TF_MIN_VARIANCE_SAMPLES, TF_MAX_VARIANCE_SAMPLES, &s->samples);
                else if (!strcmp(kk, "from")) {
                    good = strlen(vv) < sizeof s->from;
                    if (good) memcpy(s->from, vv, strlen(vv) + 1);
                } else good = false;
                if (!good)
                    snprintf(why, sizeof why, "variance '%.15s=%.100s': dk=1,4,16,… (%d-%d, at most %d), "
                             "samples=N (%d-%d), from=enc.L.self_attn", kk, vv, TF_MIN_VARIANCE_DK,
                             TF_MAX_VARIANCE_DK_VALUE, TF_MAX_VARIANCE_DK, TF_MIN_VARIANCE_SAMPLES,
                             TF_MAX_VARIANCE_SAMPLES);
            }
            long long work = 0;
            for (int j = 0; j < s->n_dk; j++) work += (long long)s->dk[j] * s->samples;
            if (good && !s->n_dk) {
                good = false;
                snprintf(why, sizeof why, "variance: needs dk=… (the dₖ values of the table)");
            } else if (good && work > TF_MAX_VARIANCE_WORK) {
                good = false;
                snprintf(why, sizeof why, "variance: samples × the sum of dk is %lld; the limit is %d "
                         "(TF_MAX_VARIANCE_WORK): fewer samples or smaller dk", work, TF_MAX_VARIANCE_WORK);
            }
        } else if (!strcmp(f->key, "schedule")) {
            KV kv[4];
            int n = ls_parse_kv(v, kv, 4, why, sizeof why);
            ls_ScheduleSpec *s = &dv->schedule;
            s->steps = 0;
            good = n >= 0;
            for (int j = 0; good && j < n; j++) {
                const char *kk = kv[j].key, *vv = kv[j].val;
                if (!strcmp(kk, "warmup")) good = parse_int(vv, 1, 100000000, &s->warmup);
                else if (!strcmp(kk, "d") && !strcmp(vv, "model")) s->d_model = 0;
                else if (!strcmp(kk, "d")) good = parse_int(vv, 1, 1000000, &s->d_model);
                else if (!strcmp(kk, "steps")) good = parse_int(vv, 1, 100000000, &s->steps);
                else good = false;
                if (!good) snprintf(why, sizeof why, "schedule '%.15s=%.100s': warmup=W, d=D|model, steps=N", kk, vv);
            }
            if (good && !s->warmup) {
                good = false;
                snprintf(why, sizeof why, "schedule: needs warmup=W");
            }
            if (good && !s->steps) s->steps = 10 * s->warmup;
        }
        if (!good) {
            ls_diag(cx->d, cx->path, f->line, false, "%s", why[0] ? why : "bad value");
            ok = false;
        }
    }
    /* what kind of block this is */
    /* claim: lines back a say block's sentence, or a quiz's answer (a choice about the model) */
    if (groups[K_CLAIM] && !groups[K_QUIZ]) groups[K_SAY] = true;
    int kinds = groups[K_QUIZ] + groups[K_TRY] + groups[K_TABLE1] + groups[K_VARIANCE] + groups[K_SCHEDULE] +
                groups[K_SAY];
    if (kinds > 1) {
        ls_diag(cx->d, cx->path, dv->line, false,
                "one block holds at most one of quiz, try, table1, variance, schedule, say: split it");
        return false;
    }
    if (groups[K_CLAIM] && groups[K_QUIZ] && groups[K_SAY]) {
        ls_diag(cx->d, cx->path, dv->line, false, "a quiz's claims back its answer: 'say:' and 'show:' go in a block of their own");
        return false;
    }
    dv->kind = groups[K_QUIZ] ? LS_DIR_QUIZ : groups[K_TRY] ? LS_DIR_TRY : groups[K_TABLE1] ? LS_DIR_TABLE1
             : groups[K_VARIANCE] ? LS_DIR_VARIANCE : groups[K_SCHEDULE] ? LS_DIR_SCHEDULE
             : groups[K_SAY] ? LS_DIR_SAY : LS_DIR_SCENE;
    if (dv->kind == LS_DIR_SAY) {
        ls_Say *sy = &dv->say;
        if (!sy->text) {
            ls_diag(cx->d, cx->path, dv->line, false,
                    "a claim is a sentence for the learner: add 'say: SENTENCE' (with {1} for its value)");
            ok = false;
        } else if (!sy->n && ok) {
            ls_diag(cx->d, cx->path, dv->line, false,
                    "'say:' states what the numbers bear out: add 'claim: QUANTITY COMPARISON' (or 'show: QUANTITY')");
            ok = false;
        } else if (ok && !ls_say_check_placeholders(sy->text, sy->n, why, sizeof why)) {
            ls_diag(cx->d, cx->path, field_line_of(dv, "say"), false, "say: %s", why);
            ok = false;
        }
        if (sy->text) ls_inline_spans(cx, sy->text, &sy->spans, &sy->n_spans);
    }
    if (dv->kind == LS_DIR_QUIZ) {
        ls_Quiz *q = &dv->quiz;
        if (!q->question) {
            ls_diag(cx->d, cx->path, dv->line, false, "answer/options/right/wrong/explain belong to a quiz: add 'quiz: QUESTION'");
            ok = false;
        }
        if (!q->answer_src) {
            ls_diag(cx->d, cx->path, dv->line, false, "the quiz has no 'answer:' (e.g. answer: argmax enc.1.self_attn.weights head 5 row making)");
            ok = false;
        }
        if (!q->explain) {
            ls_diag(cx->d, cx->path, dv->line, false, "the quiz has no 'explain:' (said after any answer)");
            ok = false;
        }
        bool needs_options = q->answer_src &&
                             (q->answer.op == LS_ANS_CHOICE || q->answer.op == LS_ANS_CHEAPER);
        if (needs_options && q->answer.op == LS_ANS_CHEAPER && q->n_options != 2) {
            ls_diag(cx->d, cx->path, dv->line, false,
                    "'answer: cheaper' needs 'options: SELF-ATTENTION | RECURRENT' (two, in that order)");
            ok = false;
        } else if (needs_options && q->answer.op == LS_ANS_CHOICE && q->answer.choice > q->n_options) {
            ls_diag(cx->d, cx->path, dv->line, false, "'answer: choice %d' but the quiz has %d option%s",
                    q->answer.choice, q->n_options, q->n_options == 1 ? "" : "s");
            ok = false;
        } else if (!needs_options && q->n_options) {
            ls_diag(cx->d, cx->path, dv->line, false,
                    "options: only for 'answer: choice K' or 'answer: cheaper …' (other answers are picked in the view)");
            ok = false;
        }
    }
    if (dv->kind == LS_DIR_TRY && !dv->try_.prompt) {
        ls_diag(cx->d, cx->path, dv->line, false, "'suggest:' belongs to a try-it: add 'try: PROMPT'");
        ok = false;
    }
    if (dv->kind == LS_DIR_SCENE && !dv->n_fields && fields_ok) {
        ls_diag(cx->d, cx->path, dv->line, false, "empty tfscope block");
        ok = false;
    }
    return ok;
}

void ls_add_directive(Ctx *cx, const char *text, int fence_line)
{
    ls_grow_tried(cx);
    cx->tried[cx->l->n_pages - 1] = true;
    /* each block holds a whole scene (about 11 KB) and is folded into every later page's scene */
    if (++cx->n_blocks > TF_MAX_LESSON_DIRECTIVES) {
        if (cx->n_blocks == TF_MAX_LESSON_DIRECTIVES + 1)
            ls_diag(cx->d, cx->path, fence_line, false, "more than %d tfscope blocks in one lesson; "
                    "the limit is %d (TF_MAX_LESSON_DIRECTIVES)", TF_MAX_LESSON_DIRECTIVES,
                    TF_MAX_LESSON_DIRECTIVES);
        return;
    }
    ls_Directive dv;
    memset(&dv, 0, sizeof dv);
    dv.line = fence_line;
    dv.page = cx->l->n_pages - 1;
    const char *p = text;
    while (*p && isspace((unsigned char)*p)) p++;
    bool ok = *p == '{' ? fields_from_json(cx, &dv, text, fence_line + 1)
                        : fields_from_lines(cx, &dv, text, fence_line + 1);
    ok = interpret(cx, &dv, ok) && ok;
    if (!ok) {
        ls_directive_free(&dv);
        return;
    }
    ls_Lesson *l = cx->l;
    l->dirs = realloc(l->dirs, (size_t)(l->n_dirs + 1) * sizeof *l->dirs);
    TF_ASSERT(l->dirs);
    l->dirs[l->n_dirs] = dv;
    ls_Block *b = ls_add_block(cx->page, LS_BLOCK_DIRECTIVE, fence_line);
    b->dir = l->n_dirs++;
}
