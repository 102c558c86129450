/* dti.h — the digital-transformation index (DTI): frameworks, scoring rules, and what a year's
 * self-assessment scores, what is backed by evidence and what is at risk. Pure: no I/O.
 *
 * A FRAMEWORK (one per ministry decision: QĐ 922/QĐ-BTTTT for DTI 2021–2023, QĐ 405/QĐ-BKHCN
 * from DTI 2024) is a list of items in file order: MAIN INDICES (no parent; points = the index's
 * weight out of the framework's total, 1,000) and COMPONENTS (parent = a main index). A main
 * index without components is scored like a component, from its own value.
 *
 * SCORING (shared/reference/dti/README.md §1.2, checked against the published 2022 ranking):
 *   component score s ∈ [0, 1] from its value by its rule (no value: 0):
 *     linear        min(1, max(0, value / target))
 *     yes_no        1 when value is 1, else 0
 *     threshold:T   1 when value ≥ T, else 0
 *     steps:V1=S1;… the score Si of the largest Vi ≤ value (0 below every Vi)
 *   main-index value = Σ w·s / Σ w over its components, where w is the component's `weight`
 *     when the file gives weights, else its `points` when it gives points, else 1 (all the
 *     components of one index use the same kind of weight);
 *   DTI score = Σ (main value × main points) / Σ main points;  points = score × 1000.
 *
 * POINTS AT RISK. A scored item's maximum is its share of the 1,000 points (main: points ×
 * 1000 / Σ points; component: its index's maximum × w / Σ w); it contributes maximum × s. The
 * contribution of an item that requires evidence and has no evidence dated within the assessment
 * year is at risk: the ministry would not count it. points_evidenced = points − points_at_risk.
 *
 * OWED and OVERDUE (the reminders list). An item is owed by its responsible unit while it has no
 * value, or requires evidence and has none in the year, or is not yet submitted (missing or
 * draft). It is overdue when it is owed and its due date is before the as-of day.
 */
#ifndef DXTRACK_DTI_H
#define DXTRACK_DTI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lib/buf.h"
#include "date.h"

#define DTI_CODE_MAX 32       /* bytes of a framework or item code: [A-Za-z0-9._-] */
#define DTI_NAME_MAX 500      /* code points of an item's name */
#define DTI_POINTS_TOTAL 1000 /* the scale of the published score */
#define DTI_STEPS_MAX 16      /* steps of a steps: rule */
#define DTI_VALUE_MAX 1e12    /* the largest magnitude of a value or target */
#define DTI_ITEMS_MAX 2000    /* items of one framework */
#define DTI_TEXT_MAX 2000     /* code points of an evidence title, summary or note */
#define DTI_NUMBER_MAX 100    /* code points of a document number, "811/KH-UBND" */
#define DTI_EVIDENCE_MAX_BYTES ((size_t)50 * 1024 * 1024) /* an evidence file at most */

/* What a value measures. */
enum dti_kind { DTI_PERCENT, DTI_COUNT, DTI_YES_NO, DTI_LEVEL, DTI_KIND_COUNT };

enum dti_rule_kind {
	DTI_RULE_NONE,
	DTI_RULE_LINEAR,
	DTI_RULE_YES_NO,
	DTI_RULE_THRESHOLD,
	DTI_RULE_STEPS
};

struct dti_rule {
	enum dti_rule_kind kind; /* NONE: a main index scored from its components */
	double threshold;        /* THRESHOLD */
	size_t n_steps;          /* STEPS: values ascending, scores in [0, 1] */
	double step_value[DTI_STEPS_MAX];
	double step_score[DTI_STEPS_MAX];
};

/* Where a self-assessment item stands. */
enum dti_status { DTI_MISSING, DTI_DRAFT, DTI_SUBMITTED, DTI_VERIFIED, DTI_STATUS_COUNT };

/* One row of a framework file. Strings malloc'd (dti_item_clear). */
struct dti_item {
	char *code;
	char *parent; /* NULL for a main index */
	char *name;
	bool has_points;
	double points; /* main: weight out of the total; component: optional, used as weight */
	bool has_kind; /* false only for a main index with components */
	enum dti_kind kind;
	bool has_target;
	double target; /* linear: > 0 */
	struct dti_rule rule;
	bool evidence_required;
	bool has_weight;
	double weight; /* component only, > 0 */
	bool official; /* false: an illustrative row, not from the official list */
	char *source;  /* where the row comes from; may be NULL */
};

void dti_item_clear(struct dti_item *it);

/* Names of the CSV and JSON forms ("percent", "count", "yes_no", "level"; "missing", "draft",
 * "submitted", "verified") and Vietnamese labels for people. parse: 0, or -1 when unknown. */
const char *dti_kind_name(enum dti_kind k);
int dti_kind_parse(const char *s, enum dti_kind *out);
const char *dti_kind_label_vi(enum dti_kind k); /* "tỷ lệ %", "số lượng", "có/không", "mức" */
const char *dti_status_name(enum dti_status s);
const char *
dti_status_label_vi(enum dti_status s); /* "chưa có", "dự thảo", "đã gửi", "đã thẩm định" */
int dti_status_parse(const char *s, enum dti_status *out);

/* Parses a rule ("linear", "yes_no", "threshold:80", "steps:1=0.25;2=0.5;3=1"; numbers with
 * '.' or ',' as decimal point). 0, or -1 with a message in *why (static). */
int dti_rule_parse(const char *s, struct dti_rule *out, const char **why);
/* The rule in its file form (the inverse of dti_rule_parse), appended to out. */
void dti_rule_format(const struct dti_rule *r, struct buf *out);

/* Whether value is acceptable for kind: percent 0..100, count and level ≥ 0, yes_no 0 or 1.
 * 0, or -1 with a message in *why (static). */
int dti_value_check(enum dti_kind kind, double value, const char **why);

/* The score in [0, 1] that value earns under rule r with target (linear). */
double dti_rule_score(const struct dti_rule *r, double target, double value);

/* Checks a whole framework (items in file order): codes unique and well-formed; a parent is a
 * main index listed before; a main index has points ≥ 0 and the total is > 0; a scored item has a
 * kind and a rule (not NONE) and a main index with components has no rule; linear needs a target
 * > 0; yes_no rules go with the yes_no kind; weights (and component points used as weights) are
 * > 0 and given for all or none of one index's components; at most DTI_ITEMS_MAX items.
 * Each problem is reported with the item's index (n for the file as a whole) and the CSV column;
 * returns how many. */
int dti_framework_check(const struct dti_item *items, size_t n,
                        void (*report)(void *ctx, size_t item, const char *column,
                                       const char *message),
                        void *ctx);

/* True when items[i] is scored from its own value: a component, or a main index that no item
 * of items[0..n) names as parent. */
bool dti_item_scored(const struct dti_item *items, size_t n, size_t i);
/* True when a and b are the same row (every field). */
bool dti_item_equal(const struct dti_item *a, const struct dti_item *b);

/* The self-assessment of one item for a year. Strings malloc'd (dti_entry_clear). */
struct dti_entry {
	bool has_value;
	double value;
	char *unit;      /* the responsible unit's code; NULL when not assigned */
	char *unit_name; /* filled by app/ for display; may be NULL */
	struct date due; /* unset: no due date */
	enum dti_status status;
	char *indicator;  /* a linked indicator's code (the value fills itself); NULL */
	char *note;       /* may be NULL */
	int64_t version;  /* 0: never written */
	char *updated_at; /* UTC; NULL when never written */
	char *author;
	size_t evidence;         /* evidence items on record */
	size_t evidence_in_year; /* of those, dated within the assessment year */
};

void dti_entry_clear(struct dti_entry *e);

/* An item of evidence (tài liệu kiểm chứng): a document reference and optionally its file, kept
 * by its SHA-256. Strings malloc'd (dti_evidence_clear). */
struct dti_evidence {
	int64_t id;
	int year;
	char *code;           /* the item it backs */
	char *number;         /* số hiệu: "811/KH-UBND"; may be "" */
	char *title;          /* tên văn bản */
	struct date doc_date; /* ngày văn bản */
	char *summary;        /* trích yếu; may be "" */
	bool has_file;
	char *file_name;  /* as uploaded (no directories) */
	char *media_type; /* "application/pdf", … */
	int64_t size_bytes;
	char sha256[65]; /* lower-case hex */
	char *recorded_at;
	char *author;
	char *withdrawn_at; /* NULL while it counts */
	char *withdrawn_by;
};

void dti_evidence_clear(struct dti_evidence *e);

/* True when a document dated d backs an item of assessment year `year`: d is within that year. */
bool dti_evidence_counts(int year, struct date d);

/* The ministry's published results of the year before an assessment, matched to its main
 * indices by name (frameworks change codes between decisions, not names). */
struct dti_previous {
	int year;             /* 0: nothing was published (or entered) for it */
	bool has_score;       /* the DTI was published, or every scored main index was */
	bool score_published; /* score is the published DTI; else computed with dti_total */
	double score;
	bool *has_value; /* per item of the assessment; main indices only */
	double *value;
};

/* True when evidence e backs its item now: it is not withdrawn and dti_evidence_counts. */
bool dti_evidence_backs(const struct dti_evidence *e);

/* A year's assessment: the framework's items and their entries (parallel arrays, owned), and what
 * dti_assess computes from them. */
struct dti_assessment {
	int year;
	char *framework;
	char *province; /* the unit assessed; may be NULL */
	struct date as_of;
	struct dti_item *items;
	struct dti_entry *entries;
	size_t n;
	/* computed by dti_assess: */
	double score; /* 0..1 */
	double points, points_evidenced, points_at_risk;
	double points_total; /* Σ main points as in the file (1,000 for the official frameworks) */
	double *item_score;  /* 0..1; a main index: its value */
	double *item_max_points; /* of DTI_POINTS_TOTAL */
	double *item_points;     /* contributed: max × score (a main index: its components' sum) */
	double *item_at_risk;
	bool *scored;  /* item is scored from its own value (a component or a main index without) */
	bool *owed;    /* scored items only */
	bool *overdue; /* scored items only */
	size_t *main_of;              /* index of the item's main index (itself for a main index) */
	struct dti_previous previous; /* filled by the caller; arrays allocated by init */
};

/* Prepares a for n items (zeroed arrays, owned by a); items and entries are filled by the
 * caller (strings malloc'd), then dti_assess computes. */
void dti_assessment_init(struct dti_assessment *a, size_t n);
void dti_assessment_clear(struct dti_assessment *a);
/* Computes the score, points, contributions, risks, owed and overdue items of a (which must
 * pass dti_framework_check). */
void dti_assess(struct dti_assessment *a);

/* The DTI score of main-index values: Σ value_i × points_i / Σ points_i (0 when Σ points is
 * 0). The published results are computed this way (dti_2022_published_main_indices.csv). */
double dti_total(const double *values, const double *points, size_t n);

#endif
