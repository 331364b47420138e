/* cli_translate.c — `tfscope translate`: greedy translation of an argument or of stdin lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *USAGE =
    "usage: tfscope translate [--model M] [--beam K] [--max-len N] [--ablate SPEC] [--no-pos]\n"
    "                         [--no-scale] [TEXT ...]\n\n"
    "Translates TEXT (all arguments joined by spaces), or else every line of standard input,\n"
    "and prints one translation per line. Decoding is greedy by default: at each position the\n"
    "most probable token is taken, until <eos> or the length limit.\n\n"
    "  --model M     model file (default: the bundled model)\n"
    "  --beam K      beam search with K beams and the paper's length penalty (alpha = 0.6);\n"
    "                K = 1 is greedy\n"
    "  --max-len N   stop after N output tokens (default: the model's max_len)\n\n"
    "Lines that cannot be translated (unknown words, too long) print an empty line and a\n"
    "message on stderr; the exit code is then 2.\n\n"
    "Interventions (--no-mask is refused: decoding needs the mask):\n";

static bool translate_line(const tf_Model *m, const tf_Interv *iv, const char *text, int line_no,
                           int max_out, int beam)
{
    tf_Err err;
    int *src = NULL, S = 0;
    tf_Status s = tf_tokenize(&m->src_vocab, text, &src, &S, &err);
    if (!s) s = tf_check_sequence(m, src, S, 0, &err);
    if (s) {
        if (line_no > 0) fprintf(stderr, "tfscope translate: line %d: %s\n", line_no, err.msg);
        else fprintf(stderr, "tfscope translate: %s\n", err.msg);
        putchar('\n');
        free(src);
        return false;
    }
    int *out;
    int n = beam > 1 ? tf_beam_decode_with(m, iv, src, S, max_out, beam, 0.6, &out, NULL)
                     : tf_greedy_decode_with(m, iv, src, S, max_out, &out, NULL);
    for (int i = 0, first = 1; i < n; i++) {
        if (out[i] == m->tgt_vocab.eos) break;
        printf("%s%s", first ? "" : " ", m->tgt_vocab.tokens[out[i]]);
        first = 0;
    }
    putchar('\n');
    free(out);
    free(src);
    return true;
}

static char *join_args(const char **pos, int n)
{
    size_t len = 1;
    for (int i = 0; i < n; i++) len += strlen(pos[i]) + 1;
    char *s = tf_xmalloc(len);
    s[0] = 0;
    for (int i = 0; i < n; i++) {
        if (i) strcat(s, " ");
        strcat(s, pos[i]);
    }
    return s;
}

int cli_translate_cmd(int argc, char **argv)
{
    const char *model = NULL, *beam = NULL, *max_len = NULL;
    cli_IntervArgs ia = {0};
    cli_Opt opts[] = {{"model", true, &model}, {"beam", true, &beam}, {"max-len", true, &max_len},
                      CLI_INTERV_OPTS(ia)};
    const char *pos[256];
    int n_pos, k = 1;
    bool help;
    if (!cli_parse_opts(argc, argv, opts, 3 + CLI_N_INTERV_OPTS, pos, 256, &n_pos, &help))
        return CLI_EXIT_USAGE;
    if (help) {
        printf("%s%s", USAGE, CLI_INTERV_USAGE);
        return CLI_EXIT_OK;
    }
    if (beam && !cli_parse_int("beam", beam, 1, 64, &k)) return CLI_EXIT_USAGE;
    tf_Model m;
    int max_out = 1 << 16;
    if (max_len && !cli_parse_int("max-len", max_len, 1, 1 << 16, &max_out)) return CLI_EXIT_USAGE;
    if (!cli_load_model(model ? model : cli_default_model(), &m, NULL)) return CLI_EXIT_BAD_INPUT;
    if (max_out > m.cfg.max_len) max_out = m.cfg.max_len;
    tf_Interv *iv = tf_xmalloc(sizeof *iv);
    bool ok = cli_interv_build("translate", &ia, &m.cfg, true, iv);
    if (!ok) goto done;
    if (n_pos > 0) {
        char *text = join_args(pos, n_pos);
        ok = translate_line(&m, iv, text, 0, max_out, k);
        free(text);
    } else {
        char *line = NULL;
        size_t cap = 0;
        int no = 0;
        while (getline(&line, &cap, stdin) > 0)
            ok = translate_line(&m, iv, line, ++no, max_out, k) && ok;
        free(line);
    }
done:
    free(iv);
    tf_model_free(&m);
    return ok ? CLI_EXIT_OK : CLI_EXIT_BAD_INPUT;
}
