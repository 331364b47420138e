/* fuzz_script.c — libFuzzer target: arbitrary bytes as a window script (`view --script`), read
 * into events by win_script_parse (no window needed). Accepted or refused with "PATH:LINE:", each
 * text event is then cut for SDL as the player cuts it (win_script.c): whole characters, at most
 * 31 bytes, always moving on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "utf8.h"
#include "win_script_parse.h"

int tf_fuzz_script(const uint8_t *data, size_t size)
{
    win_Script sc;
    char err[1024] = "";
    if (!win_script_parse("fuzz.txt", data, size, &sc, err, sizeof err)) {
        if (strncmp(err, "fuzz.txt:", 9)) abort();  /* the reason names the file */
        return 0;
    }
    for (int i = 0; i < sc.n; i++) {
        if (sc.ev[i].line < 1) abort();
        const char *s = sc.ev[i].kind == WIN_EV_TEXT ? sc.ev[i].arg : NULL;
        while (s && *s) {
            size_t n = 0;
            while (s[n] && n < 28) n = tf_utf8_next(s, n);
            if (n == 0 || n > 31) abort();  /* always progresses, never past SDL's 31 bytes */
            s += n;
        }
    }
    win_script_free(&sc);
    return 0;
}

#ifndef TF_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return tf_fuzz_script(data, size); }
#endif
