/* cmd_report.h — `dxtrack report`: the live documents (cmd_report.c) and the review
 * (cmd_report_review.c), which the `report` command tries first.
 */
#ifndef DXTRACK_CMD_REPORT_H
#define DXTRACK_CMD_REPORT_H

#include "cli.h"

/* The review's subcommands of `dxtrack report` (argv[0] is "report", argv[1] the subcommand):
 * draft, revise, submit, list, show, comment, answer, get. Returns the exit code, or -1 when
 * argv[1] is not one of them (nothing is printed then), so that the caller can try its own. */
int cmd_report_review(const struct cli *cli, int argc, char **argv);

#endif
