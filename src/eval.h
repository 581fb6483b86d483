/* eval.h -- what eval.c offers beyond voce.h's voce_metrics. */
#ifndef VOCE_EVAL_H
#define VOCE_EVAL_H

#include "voce.h"

/* Replace the contents of 'dst' with those of 'src', and empty 'src'. */
void voce_metrics_take(voce_metrics *dst, voce_metrics *src);

#endif
