/* themes.h -- the parts of voce_themes that survey.c needs beyond voce.h,
 * and the tunables of theme discovery (the public side is in voce.h). */
#ifndef VOCE_THEMES_H
#define VOCE_THEMES_H

#include <stdbool.h>
#include <stddef.h>

#include "voce.h"

/* k is chosen among 2..K_MAX, and never above n / PER_THEME for n
 * comments (a theme should gather a few comments at least). Below MIN_DOCS
 * comments everything is one theme. */
#define VOCE_THEMES_K_MAX 10
#define VOCE_THEMES_K_MAX_LIMIT 30 /* the most k_max may ask for */
#define VOCE_THEMES_PER_THEME 6
#define VOCE_THEMES_MIN_DOCS 8
/* Each language with this share of the comments (and MIN_DOCS of them)
 * is grouped apart when there are two such (voce_themes_k_of). */
#define VOCE_THEMES_LANG_SHARE 0.1
/* k is the smallest whose silhouette is at least NEARLY times the best. */
#define VOCE_THEMES_NEARLY 0.97
/* k-means runs from this many k-means++ seedings and keeps the tightest. */
#define VOCE_THEMES_RESTARTS 6
/* Silhouettes are measured on at most this many comments, and k is chosen
 * on at most SELECT_SAMPLE of them (the final clustering uses them all). */
#define VOCE_THEMES_SILHOUETTE_SAMPLE 1000
#define VOCE_THEMES_SELECT_SAMPLE 4000
/* A comment whose cosine to its theme's centre is below this goes to
 * "other", as do themes with fewer than max(2, MIN_SHARE * n) comments. */
#define VOCE_THEMES_MIN_SIMILARITY 0.05
#define VOCE_THEMES_MIN_SHARE 0.02
/* A label phrase is shared by at least PHRASE_SHARE of the theme's
 * comments (and two), and the second and third score at least
 * PHRASE_RATIO of the first. */
#define VOCE_THEMES_PHRASE_SHARE 0.15
#define VOCE_THEMES_PHRASE_RATIO 0.4
/* Labels: up to this many phrases, and quotes per theme. */
#define VOCE_THEMES_PHRASES 3
#define VOCE_THEMES_QUOTES 3
#define VOCE_THEMES_SEED_DEFAULT 42

/* Mark comment 'i' as one to group, or only to place near a theme, before
 * voce_themes_run(). */
void voce_themes_set_group(voce_themes *t, size_t i, bool group);

/* The cosine similarity of comment 'i' to the centre of its theme (0 when
 * it has none, or is in "other"). */
double voce_themes_similarity(const voce_themes *t, size_t i);

#endif
