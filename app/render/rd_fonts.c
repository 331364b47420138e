/* rd_fonts.c — the bundled font through SDL_ttf: one copy of the file in memory, one TTF_Font per
 * (pixel size, weight) opened on demand, and the measuring functions views call through
 * fig_Measure. Not text rendering (rd_sdl.c) and not layout (the views). */
#include "rd_fonts.h"

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

struct rd_Fonts {
    uint8_t *file;    /* the whole font file; TTF_Fonts read from it */
    size_t file_len;
    TTF_Font *font[2][FIG_TEXT_MAX + 1];  /* [bold][size] */
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
    for (int b = 0; b < 2; b++)
        for (int s = 0; s <= FIG_TEXT_MAX; s++)
            if (f->font[b][s]) TTF_CloseFont(f->font[b][s]);
    TTF_Quit();
    free(f->file);
    free(f);
}

static int clamp_size(int size)
{
    return size < FIG_TEXT_MIN ? FIG_TEXT_MIN : size > FIG_TEXT_MAX ? FIG_TEXT_MAX : size;
}

void *rd_fonts_get(rd_Fonts *f, int size, bool bold)
{
    size = clamp_size(size);
    TTF_Font **slot = &f->font[bold ? 1 : 0][size];
    if (*slot) return *slot;
    SDL_RWops *rw = SDL_RWFromConstMem(f->file, (int)f->file_len);
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

/* Plain forms of the modifier letters that formulas use. */
static const char *plain_form(uint32_t cp)
{
    switch (cp) {
    case 0x1D40: return "^T";   /* ᵀ */
    case 0x1D57: return "^t";
    case 0x2096: return "_k";   /* ₖ */
    case 0x2099: return "_n";
    case 0x1D65: return "_v";
    case 0x2080: return "_0";
    case 0x2081: return "_1";
    case 0x2082: return "_2";
    case 0x2083: return "_3";
    case 0x2212: return "-";    /* minus sign */
    case 0x1D62: return "_i";   /* ᵢ */
    case 0x2C7C: return "_j";   /* ⱼ */
    case 0x1D63: return "_r";
    case 0x2090: return "_a";
    case 0x2091: return "_e";
    case 0x2092: return "_o";
    case 0x2093: return "_x";
    case 0x2095: return "_h";
    case 0x2097: return "_l";
    case 0x2098: return "_m";
    case 0x209A: return "_p";
    case 0x209B: return "_s";
    case 0x209C: return "_t";   /* ₜ */
    case 0x2084: return "_4";
    case 0x2085: return "_5";
    case 0x2086: return "_6";
    case 0x2087: return "_7";
    case 0x2088: return "_8";
    case 0x2089: return "_9";
    case 0x2070: return "^0";
    case 0x2071: return "^i";
    case 0x2074: return "^4";
    case 0x2075: return "^5";
    case 0x2076: return "^6";
    case 0x2077: return "^7";
    case 0x2078: return "^8";
    case 0x2079: return "^9";
    case 0x207A: return "^+";
    case 0x207B: return "^-";   /* ⁻ */
    case 0x207F: return "^n";
    case 0x1D4F: return "^k";
    default: return "?";
    }
}

void rd_fonts_clean(rd_Fonts *f, const char *utf8, char *out, size_t cap)
{
    TTF_Font *font = rd_fonts_get(f, 12, false);
    size_t used = 0;
    const unsigned char *s = (const unsigned char *)utf8;
    while (*s && used + 5 < cap) {
        uint32_t cp;
        int n = tf_utf8_decode((const char *)s, &cp);
        if (cp == 0xFFFD || cp < 0x20 || (cp >= 0x80 && font && !TTF_GlyphIsProvided32(font, cp))) {
            const char *p = cp < 0x20 ? " " : plain_form(cp);
            size_t k = strlen(p);
            if (used + k + 1 > cap) break;
            memcpy(out + used, p, k);
            used += k;
        } else {
            memcpy(out + used, s, (size_t)n);
            used += (size_t)n;
        }
        s += n;
    }
    out[used] = '\0';
}

static float m_width(void *ctx, const char *utf8, int size, bool bold)
{
    TTF_Font *font = rd_fonts_get(ctx, size, bold);
    char clean[1024];
    int w = 0, h = 0;
    rd_fonts_clean(ctx, utf8, clean, sizeof clean);
    if (!font || !clean[0] || TTF_SizeUTF8(font, clean, &w, &h) != 0) return 0;
    return (float)w;
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
    return (fig_Measure){f, m_width, m_height, m_ascent};
}
