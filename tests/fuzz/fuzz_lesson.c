/* fuzz_lesson.c — libFuzzer target: arbitrary bytes as a lesson file, read as English or Korean
 * (the last byte picks), through the Markdown reader and the directive interpreter, then printed
 * as `tfscope lesson N --text` prints it (variance tables computed, no model). The reader reports
 * problems as diagnostics; it must not crash, stall or run out of memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ls_lesson.h"

int tf_fuzz_lesson(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink) sink = fopen("/dev/null", "w");
    const char *path = size && (data[size - 1] & 1) ? "lessons/ko/07-fuzz.md" : "lessons/en/07-fuzz.md";
    ls_Lesson l;
    ls_Diags d = {0};
    if (ls_lesson_parse(path, (const char *)data, size, &l, &d) == TF_OK && sink)
        ls_lesson_print(&l, -1, NULL, sink);
    for (int i = 0; i < d.n; i++)
        if (!d.items[i].msg[0]) abort();  /* every diagnostic says something */
    ls_lesson_free(&l);
    ls_diags_free(&d);
    return 0;
}

#ifndef TF_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return tf_fuzz_lesson(data, size); }
#endif
