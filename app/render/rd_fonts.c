/* rd_fonts.c — the bundled font through SDL_ttf: one copy of the file in memory, one TTF_Font per
 * (pixel size, weight) opened on demand, and the measuring functions views call through
 * fig_Measure. Not text rendering (rd_sdl.c) and not layout (the views). */
#include "rd_fonts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "utf8.h"

#ifndef TF_SOURCE_ASSETS
#define TF_SOURCE_ASSETS "assets"
#endif

#define FONT_FILE "fonts/NanumGothic.ttf"
#define MONO_NAME "NanumGothicCoding.ttf"

struct rd_Fonts {
    uint8_t *file;    /* the whole font file; TTF_Fonts read from it */
    size_t file_len;
    uint8_t *mono;    /* the monospaced face's file, or NULL */
    size_t mono_len;
    TTF_Font *font[RD_FACE_COUNT][FIG_TEXT_MAX + 1];  /* [face][size] */
};

static bool file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    fclose(f);
    return true;
}

bool rd_fonts_path(char *out, size_t cap)
{
    const char *dirs[2] = {getenv("TFSCOPE_DATA"), TF_SOURCE_ASSETS};
    for (int i = 0; i < 2; i++) {
        if (!dirs[i] || !dirs[i][0]) continue;
        int n = snprintf(out, cap, "%s/%s", dirs[i], FONT_FILE);
        if (n > 0 && (size_t)n < cap && file_exists(out)) return true;
    }
    return false;
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *buf = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n > 0 && fseek(f, 0, SEEK_SET) == 0) {
            buf = malloc((size_t)n);
            if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
                free(buf);
                buf = NULL;
            }
            *len = (size_t)n;
        }
    }
    fclose(f);
    return buf;
}

rd_Fonts *rd_fonts_open(const char *path, char *err, size_t err_cap)
{
    char found[1024];
    if (!path) {
        if (!rd_fonts_path(found, sizeof found)) {
            snprintf(err, err_cap,
                     "font %s not found in $TFSCOPE_DATA or %s (set TFSCOPE_DATA to the folder "
                     "that holds fonts/)", FONT_FILE, TF_SOURCE_ASSETS);
            return NULL;
        }
        path = found;
    }
    rd_Fonts *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, err_cap, "out of memory");
        return NULL;
    }
    f->file = slurp(path, &f->file_len);
    if (!f->file) {
        snprintf(err, err_cap, "%s: cannot read the font file", path);
        free(f);
        return NULL;
    }
    /* the monospaced face beside it (tables); without it, tables use the plain face */
    char mono[1024];
    const char *slash = strrchr(path, '/');
    int dir = slash ? (int)(slash - path) + 1 : 0;
    if (snprintf(mono, sizeof mono, "%.*s%s", dir, path, MONO_NAME) < (int)sizeof mono)
        f->mono = slurp(mono, &f->mono_len);
    /* TTF_Init counts its callers; every rd_Fonts holds one reference */
    if (TTF_Init() != 0) {
        snprintf(err, err_cap, "SDL_ttf: %s", TTF_GetError());
        free(f->file);
        free(f);
        return NULL;
    }
    if (!rd_fonts_get(f, 12, false)) {
        snprintf(err, err_cap, "%s: not a usable font: %s", path, TTF_GetError());
        rd_fonts_close(f);
        return NULL;
    }
    return f;
}

void rd_fonts_close(rd_Fonts *f)
{
    if (!f) return;
    for (int b = 0; b < RD_FACE_COUNT; b++)
        for (int s = 0; s <= FIG_TEXT_MAX; s++)
            if (f->font[b][s]) TTF_CloseFont(f->font[b][s]);
    TTF_Quit();
    free(f->mono);
    free(f->file);
    free(f);
}

static int clamp_size(int size)
{
    return size < FIG_TEXT_MIN ? FIG_TEXT_MIN : size > FIG_TEXT_MAX ? FIG_TEXT_MAX : size;
}

void *rd_fonts_get(rd_Fonts *f, int size, int face)
{
    size = clamp_size(size);
    if (face < 0 || face >= RD_FACE_COUNT || (face == RD_FACE_MONO && !f->mono)) face = 0;
    bool bold = face == RD_FACE_BOLD, mono = face == RD_FACE_MONO;
    TTF_Font **slot = &f->font[face][size];
    if (*slot) return *slot;
    SDL_RWops *rw = mono ? SDL_RWFromConstMem(f->mono, (int)f->mono_len)
                         : SDL_RWFromConstMem(f->file, (int)f->file_len);
    if (!rw) return NULL;
    TTF_Font *font = TTF_OpenFontRW(rw, 1, size);
    if (!font) return NULL;
    /* fixed, so that pixels do not depend on SDL_ttf's defaults */
    TTF_SetFontHinting(font, TTF_HINTING_NORMAL);
    TTF_SetFontKerning(font, 1);
    TTF_SetFontStyle(font, bold ? TTF_STYLE_BOLD : TTF_STYLE_NORMAL);
    *slot = font;
    return font;
}

/* Sub- and superscript letters the font may lack, as the plain letter and where it sits. */
typedef struct {
    uint32_t cp;
    char plain;
    rd_Script script;
} Script;

static const Script SCRIPTS[] = {
    {0x1D40, 'T', RD_SUPER}, {0x1D57, 't', RD_SUPER}, {0x1D4F, 'k', RD_SUPER},
    {0x2070, '0', RD_SUPER}, {0x00B9, '1', RD_SUPER}, {0x00B2, '2', RD_SUPER},
    {0x00B3, '3', RD_SUPER}, {0x2071, 'i', RD_SUPER}, {0x2074, '4', RD_SUPER},
    {0x2075, '5', RD_SUPER}, {0x2076, '6', RD_SUPER}, {0x2077, '7', RD_SUPER},
    {0x2078, '8', RD_SUPER}, {0x2079, '9', RD_SUPER}, {0x207A, '+', RD_SUPER},
    {0x207B, '-', RD_SUPER}, {0x207F, 'n', RD_SUPER}, {0x1D48, 'd', RD_SUPER},
    {0x2080, '0', RD_SUB}, {0x2081, '1', RD_SUB}, {0x2082, '2', RD_SUB},
    {0x2083, '3', RD_SUB}, {0x2084, '4', RD_SUB}, {0x2085, '5', RD_SUB},
    {0x2086, '6', RD_SUB}, {0x2087, '7', RD_SUB}, {0x2088, '8', RD_SUB},
    {0x2089, '9', RD_SUB}, {0x208A, '+', RD_SUB}, {0x208B, '-', RD_SUB},
    {0x2090, 'a', RD_SUB}, {0x2091, 'e', RD_SUB}, {0x2092, 'o', RD_SUB},
    {0x2093, 'x', RD_SUB}, {0x2095, 'h', RD_SUB}, {0x2096, 'k', RD_SUB},
    {0x2097, 'l', RD_SUB}, {0x2098, 'm', RD_SUB}, {0x2099, 'n', RD_SUB},
    {0x209A, 'p', RD_SUB}, {0x209B, 's', RD_SUB}, {0x209C, 't', RD_SUB},
    {0x1D62, 'i', RD_SUB}, {0x2C7C, 'j', RD_SUB}, {0x1D63, 'r', RD_SUB},
    {0x1D65, 'v', RD_SUB},
};

/* What stands in for a character the font lacks that is not a script letter. */
static const char *stand_in(uint32_t cp)
{
    switch (cp) {
    case 0x2212: return "\xE2\x80\x93";  /* minus sign: the en dash, as wide as a digit's stroke */
    default: return "?";
    }
}

static const Script *script_of(uint32_t cp)
{
    for (size_t i = 0; i < sizeof SCRIPTS / sizeof SCRIPTS[0]; i++)
        if (SCRIPTS[i].cp == cp) return &SCRIPTS[i];
    return NULL;
}

int rd_fonts_runs(rd_Fonts *f, const char *utf8, rd_Run *runs, int max_runs)
{
    TTF_Font *font = rd_fonts_get(f, 12, false);
    const unsigned char *s = (const unsigned char *)utf8;
    int n = 0;
    while (*s) {
        uint32_t cp;
        int k = tf_utf8_decode((const char *)s, &cp);
        const Script *sc = NULL;
        const char *put = NULL;
        char one[2] = {0, 0};
        if (cp == 0xFFFD || cp < 0x20) {
            put = cp < 0x20 ? " " : "?";
        } else if (cp >= 0x80 && font && !TTF_GlyphIsProvided32(font, cp)) {
            sc = script_of(cp);
            if (sc) {
                one[0] = sc->plain;
                put = one;
            } else {
                put = stand_in(cp);
            }
        }
        rd_Script kind = sc ? sc->script : RD_PLAIN;
        if (!put && cp >= 0x2190 && cp <= 0x2193) kind = RD_ARROW;  /* the font's are tiny */
        size_t len = put ? strlen(put) : (size_t)k;
        if (!n || runs[n - 1].script != kind || runs[n - 1].len + len + 1 > sizeof runs[0].text) {
            if (n == max_runs) break;
            runs[n] = (rd_Run){.script = kind};
            n++;
        }
        rd_Run *r = &runs[n - 1];
        memcpy(r->text + r->len, put ? put : (const char *)s, len);
        r->len += len;
        r->text[r->len] = '\0';
        s += k;
    }
    return n;
}

int rd_fonts_arrow_w(int size)
{
    return (int)lroundf((float)size * 1.1f);
}

int rd_fonts_run_size(int size, rd_Script script)
{
    float k = script == RD_SUB || script == RD_SUPER ? 0.66f : 1.0f;
    int z = (int)lroundf((float)size * k);
    return z < FIG_TEXT_MIN ? FIG_TEXT_MIN : z > FIG_TEXT_MAX ? FIG_TEXT_MAX : z;
}

int rd_fonts_run_dy(rd_Fonts *f, int size, rd_Script script)
{
    TTF_Font *base = rd_fonts_get(f, size, false),
             *run = rd_fonts_get(f, rd_fonts_run_size(size, script), false);
    if (!base || !run || script == RD_PLAIN || script == RD_ARROW) return 0;
    int ascent_gap = TTF_FontAscent(base) - TTF_FontAscent(run);
    /* a subscript hangs a fifth of the size below the baseline, a superscript rises to the cap
     * height */
    return script == RD_SUB ? ascent_gap + (int)lroundf((float)size * 0.2f)
                            : ascent_gap - (int)lroundf((float)size * 0.36f);
}

void rd_fonts_clean(rd_Fonts *f, const char *utf8, char *out, size_t cap)
{
    rd_Run runs[RD_RUNS_MAX];
    int n = rd_fonts_runs(f, utf8, runs, RD_RUNS_MAX);
    size_t used = 0;
    for (int i = 0; i < n; i++) {
        const char *pre = runs[i].script == RD_SUB ? "_" : runs[i].script == RD_SUPER ? "^" : "";
        int w = snprintf(out + used, cap - used, "%s%s", pre, runs[i].text);
        if (w < 0 || (size_t)w >= cap - used) break;
        used += (size_t)w;
    }
    out[used < cap ? used : cap - 1] = '\0';
}

static float face_width(void *ctx, const char *utf8, int size, int face)
{
    rd_Run runs[RD_RUNS_MAX];
    int n = rd_fonts_runs(ctx, utf8, runs, RD_RUNS_MAX);
    float total = 0;
    for (int i = 0; i < n; i++) {
        int z = rd_fonts_run_size(size, runs[i].script), w = 0, h = 0;
        TTF_Font *font = rd_fonts_get(ctx, z, face);
        if (runs[i].script == RD_ARROW)
            total += (float)(rd_fonts_arrow_w(size) * (int)(runs[i].len / 3));
        else if (font && runs[i].text[0] && TTF_SizeUTF8(font, runs[i].text, &w, &h) == 0)
            total += (float)w;
    }
    return total;
}

static float m_width(void *ctx, const char *utf8, int size, bool bold)
{
    return face_width(ctx, utf8, size, bold ? RD_FACE_BOLD : RD_FACE_REGULAR);
}

static float m_width_mono(void *ctx, const char *utf8, int size)
{
    return face_width(ctx, utf8, size, RD_FACE_MONO);
}

static float m_height(void *ctx, int size)
{
    TTF_Font *font = rd_fonts_get(ctx, size, false);
    return font ? (float)TTF_FontHeight(font) : (float)size;
}

static float m_ascent(void *ctx, int size)
{
    TTF_Font *font = rd_fonts_get(ctx, size, false);
    return font ? (float)TTF_FontAscent(font) : (float)size * 0.8f;
}

fig_Measure rd_fonts_measure(rd_Fonts *f)
{
    return (fig_Measure){f, m_width, m_height, m_ascent, m_width_mono};
}
