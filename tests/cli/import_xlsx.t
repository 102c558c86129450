# The committee's own Excel: `dxtrack import tasks FILE.xlsx` reads the first sheet as the CSV
# import reads a CSV file. tests/data/tasks.xlsx is data/sample/backan-2023/tasks.csv typed into a
# workbook (numbers as numbers, dates as dates shown dd/mm/yyyy, a second sheet that is not read);
# tasks_bad.xlsx has a note with a line break (row 3), an empty row (7) and two bad rows, 12 and
# 22. Both were made by tests/data/gen_tasks_xlsx.c.
run dxtrack import units "$SAMPLE/units.csv"
status 0
run dxtrack import tasks "$DATA/tasks.xlsx"
status 0
out_has 'tasks.xlsx: 46 tasks imported (46 new, 0 updated, 0 unchanged)'
run dxtrack summary --year 2023 --format json
status 0
cp "$work/.out" from_xlsx.json
out_has '{"year":2023,"tasks":42,"budget_vnd":67150000000,"disbursed_vnd":35600000000,"disbursement_pct":53.0,'
run dxtrack export tasks -o from_xlsx.csv
status 0

# the same figures and the same stored rows as the CSV import
DXTRACK_DB=$(new_db csv)
run dxtrack import units "$SAMPLE/units.csv"
status 0
run dxtrack import tasks "$SAMPLE/tasks.csv"
status 0
run dxtrack summary --year 2023 --format json
status 0
cp "$work/.out" from_csv.json
same_files from_xlsx.json from_csv.json
run dxtrack export tasks -o from_csv.csv
status 0
same_files from_xlsx.csv from_csv.csv

# two bad rows: FILE:SHEET!ROW with the sheet's own row numbers, and nothing written
DXTRACK_DB=$(new_db bad)
run dxtrack import units "$SAMPLE/units.csv"
status 0
cp "$DATA/tasks_bad.xlsx" tasks.xlsx
run dxtrack import tasks tasks.xlsx
status 3
err_is <<'END'
tasks.xlsx:Nhiệm vụ!12: budget_vnd: amount must be whole đồng (no decimal comma)
tasks.xlsx:Nhiệm vụ!22: status: unknown status "xong": use planned, in_progress, completed, stopped, deferred (or chưa triển khai, đang triển khai, hoàn thành, dừng thực hiện, chuyển sang năm sau)
dxtrack: 2 problems; nothing was written
END
run dxtrack tasks --format csv
status 0
out_is <<'END'
code,year,name,investor,category,funding,budget_vnd,disbursed_vnd,progress_pct,status,carried_from,tags,start_date,end_date,note
END

# standard input is read as bytes too
run bash -c "\"$bin\" import tasks - < tasks.xlsx"
status 3
err_has '-:Nhiệm vụ!12: budget_vnd: amount must be whole đồng'

# a workbook cut short is one problem about the file
head -c 4000 "$DATA/tasks.xlsx" > cut.xlsx
run dxtrack import tasks cut.xlsx
status 3
err_is <<'END'
cut.xlsx: not an .xlsx file: not a ZIP archive
dxtrack: 1 problem; nothing was written
END

# an old .xls (an OLE compound file) is named as such
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 and the rest' > old.xls
run dxtrack import tasks old.xls
status 3
err_has 'old.xls: an Excel 97-2003 workbook (.xls) or a password-protected one: save it as an Excel Workbook (.xlsx) without a password, or as CSV UTF-8'
