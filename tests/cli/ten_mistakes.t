# A hand-made file with ten different mistakes is rejected with ten precise messages,
# FILE:LINE: column: message, exit code 3, and nothing is written.
run dxtrack import units "$SAMPLE/units.csv"
status 0
run dxtrack import tasks "$SAMPLE/tasks.csv"
status 0
run dxtrack export tasks -o before.csv
status 0

run dxtrack import tasks "$DATA/ten_mistakes.csv"
status 3
F=$DATA/ten_mistakes.csv
err_is <<END
$F:3: year: year must be a whole number from 2000 to 2100
$F:4: investor: unknown unit "SKHONGCO": import it with \`dxtrack import units\` first
$F:5: status: unknown status "xong rồi": use planned, in_progress, completed, stopped, deferred (or chưa triển khai, đang triển khai, hoàn thành, dừng thực hiện, chuyển sang năm sau)
$F:6: disbursed_vnd: disbursed amount is more than the budget
$F:7: status: a completed task must have progress 100
$F:8: budget_vnd: amount must be whole đồng (no decimal comma)
$F:9: funding: unknown funding "ngân sách trung ương": use public_investment, recurrent or other
$F:10: progress_pct: progress must be a whole number from 0 to 100, got "150"
$F:11: start_date: no such date: "31/02/2023"
$F:12: tags: unknown tag "ai": use citizen_service, online_public_service, admin_reform, shared_infrastructure, information_security, de_an_06, sector_management or socio_economic
dxtrack: 10 problems; nothing was written
END
out_is </dev/null

# nothing changed: the same export, and the good rows of the bad file are not there
run dxtrack export tasks -o after.csv
status 0
same_files before.csv after.csv
run dxtrack task show 2023 OK-01
status 1
err_has 'no task OK-01 in 2023'
