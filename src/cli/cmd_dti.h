/* cmd_dti.h — `dxtrack dti`, shared by cmd_dti.c (help, options, dispatch), cmd_dti_entry.c
 * (frameworks, years, entries, published values), cmd_dti_show.c (readiness, one item) and
 * cmd_dti_evidence.c (tài liệu kiểm chứng: add, list, withdraw, get).
 */
#ifndef DXTRACK_CMD_DTI_H
#define DXTRACK_CMD_DTI_H

#include <stdbool.h>

#include <jansson.h>

#include "../core/dti.h"
#include "../lib/buf.h"
#include "cli.h"

/* dxtrack dti SUBCOMMAND ... (the command table's entry) */
int cmd_dti(const struct cli *cli, int argc, char **argv);

/* The options of every subcommand, parsed once; `given` says which were on the line. */
enum cmd_dti_option {
	CMD_DTI_O_AS = 1u << 0,
	CMD_DTI_O_FORMAT = 1u << 1,
	CMD_DTI_O_OUTPUT = 1u << 2,
	CMD_DTI_O_PROVINCE = 1u << 3,
	CMD_DTI_O_VALUE = 1u << 4,
	CMD_DTI_O_CLEAR_VALUE = 1u << 5,
	CMD_DTI_O_UNIT = 1u << 6,
	CMD_DTI_O_DUE = 1u << 7,
	CMD_DTI_O_STATUS = 1u << 8,
	CMD_DTI_O_INDICATOR = 1u << 9,
	CMD_DTI_O_NOTE = 1u << 10,
	CMD_DTI_O_VERSION = 1u << 11,
	CMD_DTI_O_TITLE = 1u << 12,
	CMD_DTI_O_DATE = 1u << 13,
	CMD_DTI_O_NUMBER = 1u << 14,
	CMD_DTI_O_SUMMARY = 1u << 15,
	CMD_DTI_O_FILE = 1u << 16,
	CMD_DTI_O_ALL = 1u << 17,
	CMD_DTI_O_AS_OF = 1u << 18,
};

struct cmd_dti_opts {
	const char *command; /* "dti set", for messages and the help hint */
	unsigned given;      /* enum cmd_dti_option bits */
	const char *actor;   /* --as */
	bool json;           /* --format json */
	const char *output;  /* -o */
	const char *province;
	struct app_dti_change change; /* --value, --clear-value, --unit, --due, --status, … */
	const char *title, *number, *summary, *file;
	struct date date;  /* --date: the document's date */
	struct date as_of; /* --as-of */
	bool all;
	int argc; /* the operands, after the subcommand's words */
	char **argv;
};

/* The subcommands: o->argv holds their operands, counted by the dispatcher. */
int cmd_dti_framework_import(const struct cli *cli, const struct cmd_dti_opts *o);
int cmd_dti_frameworks(const struct cli *cli, const struct cmd_dti_opts *o);
int cmd_dti_use(const struct cli *cli, const struct cmd_dti_opts *o);
int cmd_dti_set(const struct cli *cli, const struct cmd_dti_opts *o);
int cmd_dti_import(const struct cli *cli, const struct cmd_dti_opts *o);
int cmd_dti_published(const struct cli *cli, const struct cmd_dti_opts *o);
int cmd_dti_readiness(const struct cli *cli, const struct cmd_dti_opts *o);
int cmd_dti_show(const struct cli *cli, const struct cmd_dti_opts *o);
int cmd_dti_evidence_add(const struct cli *cli, const struct cmd_dti_opts *o);
int cmd_dti_evidence_list(const struct cli *cli, const struct cmd_dti_opts *o);
int cmd_dti_evidence_withdraw(const struct cli *cli, const struct cmd_dti_opts *o);
int cmd_dti_evidence_get(const struct cli *cli, const struct cmd_dti_opts *o);

/* One line of text: "#3  12/05/2023  811/KH-UBND  Title (tệp: a.pdf, 1.234 byte) …". */
void cmd_dti_evidence_line(struct buf *out, const struct dti_evidence *e);

/* A year operand (2000..2100): 0, or -1 after printing a usage error. */
int cmd_dti_year(const struct cmd_dti_opts *o, const char *s, int *year);
/* A number for people: at most `decimals` decimals, trailing zeros dropped, "," as decimal point
 * and "." grouping thousands (90,5; 1.234; 0,8002). */
void cmd_dti_number(struct buf *out, double v, int decimals);
/* Writes out to standard output; CLI_OK or CLI_FAILURE. */
int cmd_dti_print(const struct buf *out);
/* "14/12/2023", or "—" when unset. */
void cmd_dti_date(struct buf *out, struct date d);
/* An entry in one line: "giá trị 90,5; đơn vị STTTT; hạn 30/11/2023; dự thảo". */
void cmd_dti_entry_text(struct buf *out, const struct dti_entry *e);

#endif
