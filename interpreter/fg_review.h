/* fg_review — answering `review` bundles (3101 事前分析 / 3102 事中分析).
 *
 * A review asks "what would the rules say?" about a patient, an encounter
 * and its fee lines before money moves (spec/EVENTS.md).  It is answered
 * against the existing history and changes no state at all.  The bundle is
 * unpacked into the events it stands for (a person, a registration or an
 * admission, fee lines), and these are evaluated in a forked copy of the
 * engine: the child sees all of the parent's state copy-on-write, its
 * changes die with it, and only the alerts come back through a pipe.  So
 * no rule, present or future, can leak state out of a review. */
#ifndef FG_REVIEW_H
#define FG_REVIEW_H
#include "fg_engine.h"

/* Evaluates the review event e->ev; its alerts are appended to e->out
 * (event_id: the review's id).  Returns the number of alerts. */
size_t fg_review_eval(fg_engine *e, const char *src, uint64_t lineno);

#endif
