#!/bin/sh
# gen_indicator_values.sh — writes indicator_values_2023.csv: illustrative 2023 values of every
# commune and agency of units.csv that add up exactly to the figures of the source report
# (14/12/2023): phone density 90,5 per 100 inhabitants (ΣTB_DI_DONG / ΣDAN_SO = 181/200),
# 98 % health records (ΣHO_SO_SK / ΣDAN_SO = 49/50), 100 % 4G coverage and fibre-connected
# agencies, a community technology team in every commune with 1.134 members (over 1.000), and
# 81,9 % fibre users (over 80 %). Deterministic: run it again and the file is the same.
# Usage: sh gen_indicator_values.sh > indicator_values_2023.csv   (in this folder)
set -eu
grep ',commune,' units.csv | cut -d, -f1 | awk -v OFS=, '
{ c[NR] = $1 } END {
	n = NR; P = 0
	for (i = 1; i <= n; i++) { p[i] = 1800 + (i * 7919) % 2600; P += p[i] }
	r = P % 200; p[n] -= r; P -= r          # a multiple of 200: 90,5 % and 98 % are exact
	S = P * 181 / 200; H = P * 49 / 50; s0 = 0; h0 = 0
	for (i = 1; i <= n; i++) { s[i] = int(p[i] * 181 / 200); s0 += s[i]; h[i] = int(p[i] * 49 / 50); h0 += h[i] }
	for (i = 1; i <= S - s0; i++) s[i]++
	for (i = 1; i <= H - h0; i++) h[i]++
	print "indicator,unit,period,value,source"
	for (i = 1; i <= n; i++) {
		net = int(p[i] * 23 / 100); fib = int(net * 82 / 100)
		print "DAN_SO", c[i], "2023", p[i], "Chi cục Thống kê"
		print "TB_DI_DONG", c[i], "2023", s[i], "Sở TT&TT"
		print "PHU_SONG", c[i], "2023", 1, "Sở TT&TT"
		print "CAP_QUANG_CQ", c[i], "2023", 1, "Sở TT&TT"
		print "TB_INTERNET", c[i], "2023", net, "Sở TT&TT"
		print "TB_CAP_QUANG", c[i], "2023", fib, "Sở TT&TT"
		print "TO_CNS", c[i], "2023", 1, "UBND xã"
		print "TV_TO_CNS", c[i], "2023", 9 + i % 4, "UBND xã"
		print "HO_SO_SK", c[i], "2023", h[i], "Sở Y tế"
	}
}'
grep ',agency,' units.csv | cut -d, -f1 | awk -v OFS=, '{ print "CAP_QUANG_CQ", $1, "2023", 1, "Sở TT&TT" }'
