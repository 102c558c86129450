/* xlsx_money.h — amounts of đồng in libxlsxwriter cells, one rule for every workbook we write
 * (report/plan_xlsx.c, report/appendix_xlsx.c). A cell holds a double, exact for whole numbers
 * up to 2^53 (about 9 triệu tỷ đồng, far beyond any budget): money is converted only there. */
#ifndef DXTRACK_XLSX_MONEY_H
#define DXTRACK_XLSX_MONEY_H

#include <stdint.h>

#include <xlsxwriter.h>

/* Writes vnd as a number; a larger amount as its digits in a text cell rather than rounded. */
lxw_error xlsx_money_write(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int64_t vnd,
                           lxw_format *f);
/* A money formula's cached result: vnd when a double holds it exactly, else 0 (the reader
 * computes the formula). */
double xlsx_money_cached(int64_t vnd);

#endif
