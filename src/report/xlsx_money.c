/* xlsx_money.c — amounts of đồng in spreadsheet cells (xlsx_money.h). */
#include "xlsx_money.h"

#include <stdbool.h>
#include <stdio.h>

#define XLSX_MONEY_EXACT ((int64_t)1 << 53)

static bool xlsx_money_exact(int64_t vnd)
{
	return vnd <= XLSX_MONEY_EXACT && vnd >= -XLSX_MONEY_EXACT;
}

lxw_error xlsx_money_write(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int64_t vnd,
                           lxw_format *f)
{
	if (xlsx_money_exact(vnd))
		return worksheet_write_number(ws, row, col, (double)vnd, f);
	char digits[24];
	snprintf(digits, sizeof digits, "%lld", (long long)vnd);
	return worksheet_write_string(ws, row, col, digits, f);
}

double xlsx_money_cached(int64_t vnd)
{
	return xlsx_money_exact(vnd) ? (double)vnd : 0;
}
