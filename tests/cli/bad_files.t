# Files that are not CSV tables of tasks are rejected with the place and nothing is written.
run dxtrack import units "$SAMPLE/units.csv"
status 0

# invalid UTF-8 (a Windows-1258 export) is reported as such, with its line and column
printf 'code,year,name,investor,budget_vnd,status\nA-1,2023,Vi\xea\xf2t,STTTT,1,planned\n' > cp1258.csv
run dxtrack import tasks cp1258.csv
status 3
err_has 'cp1258.csv:2: name: invalid UTF-8 at byte 3 of the value (save the file as UTF-8)'

# an unknown column, and a missing required one, are named
printf 'code,year,ten,investor,budget_vnd,status\n' > header.csv
run dxtrack import tasks header.csv
status 3
err_has 'header.csv:1: unknown column "ten"'
err_has 'header.csv:1: missing required column "name"'

# a quoted field that never ends
printf 'code,year,name,investor,budget_vnd,status\nA-1,2023,"không đóng,STTTT,1,planned\nA-2,2023,x,STTTT,1,planned\n' > quote.csv
run dxtrack import tasks quote.csv
status 3
err_has 'quote.csv:2: unterminated quoted field'

# a row with too few fields, an empty required value, a duplicate, an unknown carried_from
printf 'code,year,name,investor,budget_vnd,status,carried_from\nA-1,2023,x,STTTT\nA-2,2023,,STTTT,1,planned,\nA-3,2023,x,STTTT,1,planned,\nA-3,2023,y,STTTT,1,planned,\nA-4,2023,z,STTTT,1,planned,NOPE\n' > rows.csv
run dxtrack import tasks rows.csv
status 3
err_has 'rows.csv:2: expected 7 fields as in the header, found 4'
err_has 'rows.csv:3: name: a value is required'
err_has 'rows.csv:5: code: task 2023/A-3 appears again (first on line 4)'
err_has 'rows.csv:6: carried_from: no task "NOPE" in a year before 2023'
err_has 'dxtrack: 4 problems; nothing was written'

# an empty file, and a missing one
: > empty.csv
run dxtrack import tasks empty.csv
status 3
err_has 'empty.csv: the file is empty: expected a header row'
run dxtrack import tasks nowhere.csv
status 1
err_has 'cannot open nowhere.csv'

# after all of that, the database holds no task
run dxtrack tasks --format csv
status 0
out_is <<'END'
code,year,name,investor,category,funding,budget_vnd,disbursed_vnd,progress_pct,status,carried_from,tags,start_date,end_date,note
END

# units: an unknown parent, a wrong kind, a parent of the wrong level; valid rows beside
# them (L1, L2) are not flagged
printf 'code,name,kind,parent_code\nX1,Xã Một,commune,NOPE\nX2,Xã Hai,village,06\nX3,Huyện Ba,district,01834\nL1,Huyện Vòng,district,L2\nL2,Tỉnh Vòng,province,VN\n' > units_bad.csv
run dxtrack import units units_bad.csv
status 3
err_has 'units_bad.csv:2: parent_code: unknown unit "NOPE"'
err_has 'units_bad.csv:3: kind: unknown kind "village": use nation, province, district, commune or agency'
err_has 'units_bad.csv:4: parent_code: a district cannot be under a commune (01834)'
err_lacks 'L1'
