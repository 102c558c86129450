# The audit log: one row per write, newest first, with who, when (UTC), what and the details;
# filtered by actor, action (exact, or a prefix ending in "."), object text and days. A refused
# write leaves no row.
run dxtrack import units "$SAMPLE/units.csv"
status 0
me=$(id -un)
cat > t.csv <<'END'
code,year,name,investor,budget_vnd,disbursed_vnd,progress_pct,status
A-1,2023,Hệ thống họp trực tuyến,STTTT,100000000,0,10,in_progress
A-2,2023,Số hóa hồ sơ,SYT,20000000,0,0,planned
END
DXTRACK_NOW=2023-12-15T09:00:00Z run dxtrack import tasks t.csv --as "Nguyễn Văn A"
status 0
DXTRACK_NOW=2023-12-16T10:00:00Z run dxtrack task update 2023 A-1 --progress 50 --as "Trần Thị B"
status 0
DXTRACK_NOW=2023-12-16T11:00:00Z run dxtrack task update 2023 A-2 --disbursed 5.000.000 --note "Tạm ứng" --as "Trần Thị B"
status 0
# refused (more than the budget): no row
DXTRACK_NOW=2023-12-16T12:00:00Z run dxtrack task update 2023 A-2 --disbursed 20.000.001 --as "Trần Thị B"
status 3

run dxtrack audit --format json
status 0
out_is <<END
[{"id":4,"at":"2023-12-16T11:00:00Z","actor":"Trần Thị B","action":"task.update","object":"task 2023/A-2","detail":{"new":{"disbursed_vnd":5000000,"note":"Tạm ứng","progress_pct":0,"status":"planned"},"old":{"disbursed_vnd":0,"progress_pct":0,"status":"planned"},"version":2}},{"id":3,"at":"2023-12-16T10:00:00Z","actor":"Trần Thị B","action":"task.update","object":"task 2023/A-1","detail":{"new":{"disbursed_vnd":0,"note":"","progress_pct":50,"status":"in_progress"},"old":{"disbursed_vnd":0,"progress_pct":10,"status":"in_progress"},"version":2}},{"id":2,"at":"2023-12-15T09:00:00Z","actor":"Nguyễn Văn A","action":"import.tasks","object":"t.csv","detail":{"inserted":2,"rows":2,"unchanged":0,"updated":0}},{"id":1,"at":"2023-12-14T08:00:00Z","actor":"$me","action":"import.units","object":"$SAMPLE/units.csv","detail":{"inserted":137,"rows":137,"unchanged":0,"updated":0}}]
END

# by actor, as a table
run dxtrack audit --actor "Trần Thị B"
status 0
out_is <<'END'
Thời điểm (UTC)       Người thực hiện  Thao tác     Đối tượng      Chi tiết
--------------------  ---------------  -----------  -------------  ----------------------------------------------------------------------------------------------------------------------------------------------------------------
2023-12-16T11:00:00Z  Trần Thị B       task.update  task 2023/A-2  {"new":{"disbursed_vnd":5000000,"note":"Tạm ứng","progress_pct":0,"status":"planned"},"old":{"disbursed_vnd":0,"progress_pct":0,"status":"planned"},"version":2}
2023-12-16T10:00:00Z  Trần Thị B       task.update  task 2023/A-1  {"new":{"disbursed_vnd":0,"note":"","progress_pct":50,"status":"in_progress"},"old":{"disbursed_vnd":0,"progress_pct":10,"status":"in_progress"},"version":2}

2 rows, newest first.
END
# the actor is matched exactly
run dxtrack audit --actor "Trần"
status 0
out_has '0 rows, newest first.'

# actions: a prefix ending in "." or the exact name
run dxtrack audit --action import.
status 0
out_has 'import.tasks'
out_has 'import.units'
out_has '2 rows, newest first.'
run dxtrack audit --action import
status 0
out_has '0 rows, newest first.'
run dxtrack audit --action import.tasks --format json
status 0
out_is <<'END'
[{"id":2,"at":"2023-12-15T09:00:00Z","actor":"Nguyễn Văn A","action":"import.tasks","object":"t.csv","detail":{"inserted":2,"rows":2,"unchanged":0,"updated":0}}]
END

# a piece of the object, taken literally (a "_" or "%" is not a wildcard)
run dxtrack audit --search A-1 --format json
status 0
out_has '"object":"task 2023/A-1"'
out_lacks '"object":"task 2023/A-2"'
out_lacks 'import'
run dxtrack audit --search "_"
status 0
out_has '0 rows, newest first.'
run dxtrack audit --search "%"
status 0
out_has '0 rows, newest first.'

# days, in either date format, both ends included
run dxtrack audit --since 16/12/2023 --format json
status 0
out_has '"id":4,'
out_has '"id":3,'
out_lacks '"id":2,'
run dxtrack audit --until 2023-12-15 --format json
status 0
out_has '"id":2,'
out_has '"id":1,'
out_lacks '"id":3,'
run dxtrack audit --since 2023-12-15 --until 15/12/2023
status 0
out_is <<'END'
Thời điểm (UTC)       Người thực hiện  Thao tác      Đối tượng  Chi tiết
--------------------  ---------------  ------------  ---------  -------------------------------------------------
2023-12-15T09:00:00Z  Nguyễn Văn A     import.tasks  t.csv      {"inserted":2,"rows":2,"unchanged":0,"updated":0}

1 row, newest first.
END

# limits: the newest N; 0 is all
run dxtrack audit --limit 1 --format json
status 0
out_has '[{"id":4,'
out_lacks '"id":3,'
run dxtrack audit --limit 0
status 0
out_has '4 rows, newest first.'

# usage errors
run dxtrack audit --since 2023-13-01
status 2
err_has '--since:'
err_has "Try 'dxtrack audit --help'."
run dxtrack audit --until yesterday
status 2
run dxtrack audit --limit many
status 2
run dxtrack audit --format csv
status 2
run dxtrack audit task.update
status 2
run dxtrack audit --help
status 0
out_has 'Usage: dxtrack [--db PATH] audit [--actor NAME] [--action A] [--search TEXT]'
