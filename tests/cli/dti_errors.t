# DTI (issue 6): mistakes are refused with a clear message and nothing is written — bad
# framework rows (FILE:LINE: column: message), unknown codes, values out of range for their
# kind, a value on an unbound year, a linked item's value, bad entry files; and the command line
# explains itself. Expected numbers are worked out by hand in the comments.
cat >units.csv <<'EOF'
code,name,kind,parent_code
VN,Việt Nam,nation,
T1,Tỉnh Một,province,VN
T2,Tỉnh Hai,province,VN
S1,Sở Một,agency,T1
EOF
run dxtrack import units units.csv
status 0

# G: M (100) = M1 percent linear + M2 yes_no; N (100) count linear target 10, no components
cat >g.csv <<'EOF'
framework,code,parent,name,points,kind,target,rule,evidence_required
G,M,,Chỉ số M,100,,,,no
G,M1,M,Tỷ lệ M1,,percent,100,linear,yes
G,M2,M,Có M2,,yes_no,,yes_no,có
G,N,,Chỉ số N,100,count,10,linear,không
EOF
run dxtrack dti framework import g.csv
status 0
out_has 'g.csv: 1 frameworks imported (1 new, 0 replaced, 0 unchanged; 4 items).'
run dxtrack dti framework import g.csv
status 0
out_has 'g.csv: 1 frameworks imported (0 new, 0 replaced, 1 unchanged; 4 items).'

# ---- bad framework rows: every problem reported on its line, nothing written (G not
# replaced by the G rows of the file, X not created). Cells that cannot be read are reported
# first; the structure is checked once every cell reads.
cat >bad_cells.csv <<'EOF'
framework,code,parent,name,points,kind,target,rule,evidence_required,weight
G,M,,Chỉ số M đổi tên,100,,,,no,
G,M1,M,Tỷ lệ M1,,percent,100,linear,yes,
X,XA,,Chỉ số XA,100,,,,no,
X,C1,XA,Thành phần 1,,percent,100,steps:1=0.5;0.5=1,yes,
X,C2,XA,Thành phần 2,,percent,100,linear,maybe,
X,XC,,Chỉ số XC,100,ratio,1,linear,yes,
X,C3,XA,Thành phần 3,,percent,100,linear,yes,two
X,C4,XA,Thành phần 4,,percent,abc,linear,yes,
EOF
run dxtrack dti framework import bad_cells.csv
status 3
err_has 'bad_cells.csv:5: rule: the values of the steps must increase'
err_has 'bad_cells.csv:6: evidence_required:'
err_has 'bad_cells.csv:7: kind:'
err_has 'bad_cells.csv:8: weight:'
err_has 'bad_cells.csv:9: target:'
err_lacks 'bad_cells.csv:2:'
err_lacks 'bad_cells.csv:3:'
err_lacks 'bad_cells.csv:4:'
err_has 'nothing was written'
cat >bad.csv <<'EOF'
framework,code,parent,name,points,kind,target,rule,evidence_required,weight
G,M,,Chỉ số M đổi tên,100,,,,no,
G,M1,M,Tỷ lệ M1,,percent,100,linear,yes,
X,XA,,Chỉ số XA,100,,,,no,
X,C1,XA,Thành phần 1,,percent,,linear,yes,
X,C2,XA,Thành phần 2,,yes_no,,threshold:1,yes,
X,C3,X9,Thành phần 3,,percent,100,linear,yes,
X,C1,XA,Trùng mã,,count,5,linear,no,
X,XB,,Chỉ số XB,,count,10,linear,yes,
X,C5,XA,Thành phần 5,,percent,120,linear,yes,
X,C7,XA,Thành phần 7,,percent,100,linear,yes,2
X,XD,,Chỉ số XD,100,percent,100,linear,yes,
X,C8,XD,Thành phần 8,,percent,100,linear,yes,
EOF
run dxtrack dti framework import bad.csv
status 3
err_has 'bad.csv:5: target: a linear rule needs a target above 0'
err_has 'bad.csv:6: rule: the yes_no rule goes with the yes_no kind, and only it'
err_has 'bad.csv:7: parent: X9 is not a main index listed before this row'
err_has 'bad.csv:8: code: C1 is listed twice'
err_has 'bad.csv:9: points: a main index needs its points (its weight out of 1000)'
err_has 'bad.csv:10: target: a percentage target is at most 100'
err_has 'bad.csv:11: weight: give a weight (or points) to every component of XA, or to none'
err_has 'bad.csv:12: rule: a main index with components is scored from them: leave its rule empty'
err_lacks 'bad.csv:2:'
err_lacks 'bad.csv:3:'
err_lacks 'bad.csv:4:'
err_lacks 'bad.csv:13:'
err_has 'nothing was written'
run dxtrack dti frameworks --format json
status 0
out_has '{"frameworks":[{"code":"G","items":4,'
out_lacks '"X"'
run dxtrack dti frameworks
out_lacks 'XA'
# A header without the columns the contract requires (app.h: framework,code,parent,name,points,
# kind,target,rule,evidence_required) is refused on its first line, before any row is read:
# without evidence_required every item would silently need no evidence and never be at risk.
printf 'framework,code,parent,name,points,kind,target,rule\nH,A,,Chỉ số A,100,percent,100,linear\n' >noevidence.csv
run dxtrack dti framework import noevidence.csv
status 3
err_has 'noevidence.csv:1:'
err_has 'evidence_required'
run dxtrack dti frameworks --format json
out_lacks '"H"'

# ---- binding a year
# two provinces are valid on 31/12/2023: the unit assessed must be named
run dxtrack dti use 2023 G
status 3
err_has 'province'
run dxtrack dti use 2023 NOPE --province T1
status 1
err_has 'NOPE'
run dxtrack dti use 2023 G --province T1
status 0
out_has '2023 is assessed under G (unit assessed: T1 — Tỉnh Một).'
run dxtrack dti frameworks --format json
out_has '"years":[{"year":2023,"framework":"G","province":"T1"}]}'

# ---- values
# unknown code; a main index with components is not entered (it is computed)
run dxtrack dti set 2023 ZZ --value 1
status 1
err_has 'ZZ'
run dxtrack dti set 2023 M --value 1
status 3
err_has 'M is a main index scored from its components: enter its components'
# out of range for the kind: percent 120, yes_no 2, count −1
run dxtrack dti set 2023 M1 --value 120
status 3
err_has 'a percentage is from 0 to 100'
run dxtrack dti set 2023 M2 --value 2
status 3
err_has 'a yes/no value is 1 (yes) or 0 (no)'
run dxtrack dti set 2023 N --value -1
status 3
err_has 'the value cannot be negative'
# an unknown unit; submitted without a value
run dxtrack dti set 2023 M1 --unit NOPE
status 3
err_has 'no unit NOPE'
run dxtrack dti set 2023 M2 --status submitted
status 3
err_has 'an item without a value cannot be submitted'
# a value on a year not bound to a framework
run dxtrack dti set 2022 M1 --value 50
status 1
err_has 'year 2022 is not bound to a DTI framework'
run dxtrack dti readiness 2022
status 1
err_has 'year 2022 is not bound to a DTI framework'
# nothing of the above was written: no value anywhere
run dxtrack dti readiness 2023 --format json
out_has '"score":0.0,"points":0.0,'
out_has '"missing_value":["M1","M2","N"],'

# a bad entry file: every row reported, nothing written
cat >entries.csv <<'EOF'
code,value,unit,due,status
M1,50,S1,2023-12-01,draft
ZZ,1,,,
M1,120,,,
M2,1,,31/02/2023,
N,3,,,done
M,1,,,
EOF
run dxtrack dti import 2023 entries.csv
status 3
err_has 'entries.csv:3: code:'
err_has 'entries.csv:4: value: a percentage is from 0 to 100'
err_has 'entries.csv:5: due:'
err_has 'entries.csv:6: status:'
err_has 'entries.csv:7: code:'
err_lacks 'entries.csv:2:'
err_has 'nothing was written'
run dxtrack dti show 2023 M1 --format json
out_has '"value":null,"unit":null,'
out_has '"version":0,'

# ---- a linked item fills itself from the indicator of the unit assessed (T1) for the year
cat >ind.csv <<'EOF'
code,name,measure,aggregation,numerator,denominator,multiplier,direction,decimals
TV,Thành viên tổ công nghệ số,người,sum,,,,up,0
EOF
run dxtrack import indicators ind.csv
status 0
printf 'indicator,unit,period,value,source\nTV,T1,2023,7,báo cáo\n' >values.csv
run dxtrack import values values.csv
status 0
run dxtrack dti set 2023 N --indicator NOPE
status 3
err_has 'no indicator NOPE'
run dxtrack dti set 2023 N --indicator TV
status 0
# G's points add up to 200, not 1000: N's maximum is 100 × 1000 / 200 = 500 of the 1000.
# N = 7 (TV of T1 in 2023), linear target 10 → 0.7 → 0.7 × 500 = 350 points, 0.35; N needs no
# evidence: nothing at risk
run dxtrack dti readiness 2023 --format json
out_has '"score":0.35,"points":350.0,"points_evidenced":350.0,"points_at_risk":0.0,'
out_has '{"code":"N","name":"Chỉ số N","value":0.7,"points":350.0,"points_max":500.0,'
# its value cannot be entered, from the command line or a file
run dxtrack dti set 2023 N --value 5
status 3
err_has 'the value comes from indicator TV: unlink it first to enter one'
printf 'code,value,unit\nN,5,\n' >linked.csv
run dxtrack dti import 2023 linked.csv
status 3
err_has 'linked.csv:2: value: the value comes from indicator TV'
# unlinked, it has no value of its own until one is entered
run dxtrack dti set 2023 N --indicator ""
status 0
run dxtrack dti set 2023 N --value 5
status 0
# 5 / 10 = 0.5 → 0.5 × 500 = 250 points, 0.25
run dxtrack dti readiness 2023 --format json
out_has '"score":0.25,"points":250.0,'

# ---- a framework that would lose an item with entries is refused
run dxtrack dti set 2023 M1 --value 50
status 0
cat >g2.csv <<'EOF'
framework,code,parent,name,points,kind,target,rule,evidence_required
G,M,,Chỉ số M,100,,,,no
G,M2,M,Có M2,,yes_no,,yes_no,yes
G,N,,Chỉ số N,100,count,10,linear,no
EOF
run dxtrack dti framework import g2.csv
status 3
err_has 'M1'
# renaming an item replaces the framework
sed 's/Có M2/Có M2 (đổi tên)/' g.csv >g3.csv
run dxtrack dti framework import g3.csv
status 0
out_has 'g3.csv: 1 frameworks imported (0 new, 1 replaced, 0 unchanged; 4 items).'
run dxtrack dti show 2023 M2 --format json
out_has '"name":"Có M2 (đổi tên)",'

# ---- evidence mistakes
run dxtrack dti evidence add 2023 ZZ --title "Văn bản" --date 2023-01-01
status 1
err_has 'ZZ'
run dxtrack dti evidence add 2022 M1 --title "Văn bản" --date 2022-01-01
status 1
err_has 'year 2022 is not bound'
run dxtrack dti evidence withdraw 99
status 1
err_has '99'
run dxtrack dti evidence get 99 -o x.pdf
status 1
run dxtrack dti show 2023 ZZ
status 1
err_has 'ZZ'

# ---- the command line
run dxtrack dti
status 2
run dxtrack dti frobnicate
status 2
err_has 'unknown subcommand "frobnicate"'
run dxtrack dti evidence
status 2
run dxtrack dti evidence frob 1
status 2
run dxtrack dti set 2023
status 2
err_has 'expected: dti set YEAR CODE'
run dxtrack dti set 2023 M1
status 2
err_has 'set needs at least one of'
run dxtrack dti set 2023 M1 --value 1 --clear-value
status 2
run dxtrack dti set 2023 M1 --value 1.2.3
status 2
err_has '--value:'
run dxtrack dti set 2023 M1 --value 1e3
status 2
run dxtrack dti set 2023 M1 --due 31/02/2023
status 2
err_has '--due:'
run dxtrack dti set 2023 M1 --status done
status 2
run dxtrack dti set 20x3 M1 --value 1
status 2
err_has '"20x3" is not a year'
run dxtrack dti readiness 2023 --value 1
status 2
err_has 'dti readiness does not take --value'
err_has "Try 'dxtrack dti readiness --help'."
run dxtrack dti readiness 2023 --format xml
status 2
run dxtrack dti evidence add 2023 M1 --title "Văn bản"
status 2
err_has '--title and --date are required'
run dxtrack dti evidence get 1
status 2
err_has '-o FILE is required'
run dxtrack dti evidence withdraw abc
status 2
run dxtrack dti --help
status 0
out_has 'Usage: dxtrack [--db PATH] dti framework import FILE.csv'
run dxtrack help dti
status 0
out_has 'Usage: dxtrack [--db PATH] dti'
run dxtrack --help
out_has 'dti'
for sub in "framework import" frameworks use set import "evidence add" "evidence list" \
	"evidence withdraw" "evidence get" "published import" readiness show; do
	# shellcheck disable=SC2086
	run dxtrack dti $sub --help
	status 0
	out_has 'Usage: dxtrack [--db PATH] dti'
done
run dxtrack dti set --help
out_has '--clear-value'
run dxtrack dti evidence --help
status 0
out_has 'tài liệu kiểm chứng'
