#!/bin/sh
# gen_indicator_values.sh — writes indicator_values_2023.csv: illustrative 2023 values of every
# commune and agency of units.csv that add up exactly to the figures of the source report
# (14/12/2023): phone density 90,5 per 100 inhabitants (ΣTB_DI_DONG / ΣDAN_SO = 181/200),
# 98 % health records (ΣHO_SO_SK / ΣDAN_SO = 49/50) — communes and districts differ, only the
# province's totals are fixed — 100 % 4G coverage and fibre-connected
# agencies, a community technology team in every commune with 1.134 members (over 1.000), and
# 81,9 % fibre users (over 80 %). Deterministic: run it again and the file is the same.
# Usage: sh gen_indicator_values.sh > indicator_values_2023.csv   (in this folder)
set -eu
grep ',commune,' units.csv | cut -d, -f1 | awk -v OFS=, '
{ c[NR] = $1 } END {
	n = NR; P = 0
	for (i = 1; i <= n; i++) { p[i] = 1800 + (i * 7919) % 2600; P += p[i] }
	r = P % 200; p[n] -= r; P -= r          # a multiple of 200: 90,5 % and 98 % are exact
	S = P * 181 / 200; H = P * 49 / 50
	# communes differ (phones 78–102 and records 94–100 per 100 inhabitants before scaling);
	# scaled so that the province totals are exact, the remainder added one by one
	ws = 0; wh = 0
	for (i = 1; i <= n; i++) {
		rs[i] = 78 + (i * 37) % 25; rh[i] = 94 + (i * 13) % 7
		ws += p[i] * rs[i]; wh += p[i] * rh[i]
	}
	s0 = 0; h0 = 0
	for (i = 1; i <= n; i++) {
		s[i] = int(p[i] * rs[i] * S / ws); s0 += s[i]
		h[i] = int(p[i] * rh[i] * H / wh); h0 += h[i]
		if (h[i] > p[i]) { h0 -= h[i] - p[i]; h[i] = p[i] }
	}
	for (i = 1; s0 < S; i = i % n + 1) { s[i]++; s0++ }
	for (i = 1; h0 < H; i = i % n + 1) if (h[i] < p[i]) { h[i]++; h0++ }
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
