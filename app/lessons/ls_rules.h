/* ls_rules.h — the checker's rules for pages that would teach less than they seem to
 * (ls_rules.c). Private to ls_check.c. */
#ifndef TF_LS_RULES_H
#define TF_LS_RULES_H

#include "ls_lesson.h"

/* Each page asks at most one quiz (the panel asks the first). */
void ls_rules_pages(const ls_Lesson *l, ls_Diags *d);
/* The quiz of directive i, answered a on tr: no mark on the answer, a clear winner, options that
 * length does not give away, a compute question the screen answers fairly. */
void ls_rules_quiz(ls_Checker *c, const ls_Lesson *l, int i, const tf_Trace *tr, const ls_Answer *a,
                   ls_Diags *d);
/* The scene keys of directive i have an effect on tr: a position no decoder token overrides,
 * outlines on what is drawn, a beam that changes the translation, a snapshot with snapshots. */
void ls_rules_scene(ls_Checker *c, const ls_Lesson *l, int i, const tf_Trace *tr, ls_Diags *d);

#endif
