/* tf_limits.h — every limit tfscope puts on what it reads, in one place (README.md, "Limits",
 * is the same table for readers of the documentation). A file past one of them is refused with
 * exit 2 and a message that names the file, the line or field where it applies, and the limit;
 * nothing is reserved before the count it depends on has been checked against the limit and
 * against what the file can hold. core/ uses the TF_MAX_ST_*, TF_MAX_JSON_* and TF_MAX_TRACE_*
 * ones; the others are the app's (lessons, window scripts, command-line ranges) and are here only
 * so that the list is complete. They are counts and sizes, not behaviour. */
#ifndef TF_LIMITS_H
#define TF_LIMITS_H

/* ---- safetensors files (models, traces, checkpoints, snapshots) ---- */
#define TF_MAX_ST_HEADER_BYTES (100u << 20) /* the JSON header; the reference reader's limit */
#define TF_MAX_ST_TENSORS 65536             /* tensors in one file (a 256+256-layer model: 10,760) */
#define TF_MAX_ST_META 4096                 /* metadata keys in one file */
/* Values (objects, arrays, strings, numbers, literals) in one JSON text: a safetensors header, or
 * a metadata value that holds JSON (vocabularies, token lists, a trace's steps, its beam log). The
 * parse tree costs about 100 bytes a value, so this keeps it near 100 MB whatever the text. */
#define TF_MAX_JSON_VALUES (1u << 20)

/* ---- traces ---- */
/* A trace's steps: at most one per stored tensor (each names one), and tokens at most the model's
 * max_len (itself at most 65,536, model.c). */
#define TF_MAX_TRACE_INPUTS 4               /* inputs of one step (TF_MAX_INPUTS, trace.h) */
/* What one traced pass of one sentence may take (its source, and a translation up to the decoding
 * limit): a longer sentence, or a model whose vocabularies or widths would make it larger, is
 * refused before anything is reserved. A command may hold a few traces (the window: the run, the
 * unchanged run, B, the lens, the search), so this keeps them within a few hundred MB (4 GB
 * before: a 13 MB model of 600,000 Korean words traced 254 MB for a 2-word sentence, the window
 * took 611 MB at 128 MB); the bundled model's longest sentence (64 tokens) takes 4 MB. */
#define TF_MAX_TRACE_BYTES ((size_t)64 << 20)

/* ---- lessons (app) ---- */
#define TF_MAX_LESSON_BYTES (1u << 20)      /* one lesson file */
#define TF_MAX_LESSONS 200                  /* lesson files (*.md) read from one folder */
/* Markdown nodes nested in one another: block quotes, lists and their items, emphasis, links
 * (a page's paragraph in a list in a quote is 4 deep) */
#define TF_MAX_LESSON_DEPTH 32
#define TF_MAX_LESSON_LINE 4096             /* bytes of one directive value with its continuations */
#define TF_MAX_DIRECTIVE_FIELDS 256         /* key: value fields of one tfscope block */
#define TF_MAX_LESSON_DIRECTIVES 512        /* tfscope blocks in one lesson (the longest has 11) */
#define TF_MAX_VARIANCE_DK 12               /* dₖ values of one variance: table */
#define TF_MIN_VARIANCE_DK 1
#define TF_MAX_VARIANCE_DK_VALUE 4096       /* the largest dₖ of that table */
#define TF_MIN_VARIANCE_SAMPLES 100
#define TF_MAX_VARIANCE_SAMPLES 100000      /* samples: of one variance: table */
/* samples × the sum of the dₖ values: the products one table draws (about 0.05 s a million) */
#define TF_MAX_VARIANCE_WORK 8000000
#define TF_MAX_PROGRESS_BYTES (64u << 10)   /* the lesson progress file */
#define TF_MAX_SNAPSHOTS 4096               /* snapshot files read from one folder */
/* Traces `lesson check` keeps for later directives (sentences, runs, snapshots): past it they are
 * let go before the next directive, try-it suggestion or claim, and run again when needed,
 * so that a lesson of thousands of distinct sentences does not keep thousands of traces. */
#define TF_MAX_CHECK_TRACE_BYTES ((size_t)128 << 20)

/* ---- the window (app) ---- */
/* The runs the window holds at once: the run on screen, the unchanged run kept beside a changed
 * one, B of the difference view, the run kept with K, a training snapshot, the logit lens, and
 * the run being made, each estimated from the model's config and the sentence's length before it
 * is made. Past it, B and the lens (made again when needed) are let go first; if that is not
 * enough the key is refused with a message on screen (a 1,600-token sentence on a model of
 * max_len 65,536 took 708 MB with every what-if key pressed). Three runs at TF_MAX_TRACE_BYTES,
 * so that the window stays under 400 MB with its figures; the bundled model's longest sentence
 * takes 4 MB a run. */
#define TF_MAX_WINDOW_BYTES ((size_t)192 << 20)

/* Attention lines drawn in one figure (lines view), and in all of the grid's thumbnails together:
 * past it the faintest lines are left out, so that a long sentence's figure stays a few MB (the
 * lines view of a 1,600-token sentence drew 185,000 lines of 100 bytes).
 * The bundled model's 8 heads of 64 × 64 tokens draw 32,768 at most, 4,096 a thumbnail. */
#define TF_MAX_FIGURE_LINES 65536
#define TF_MAX_GRID_LINES (4 * TF_MAX_FIGURE_LINES)

/* ---- window scripts (app) ---- */
#define TF_MAX_SCRIPT_LINE 8191             /* bytes of one script line, without its newline */
#define TF_MAX_SCRIPT_BYTES (4u << 20)      /* one script file */

/* ---- command line (app) ---- */
#define TF_MAX_EVAL_N 100000                /* eval --n: the task's test split holds fewer */

#endif
