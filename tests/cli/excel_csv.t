# A file as Excel saves it: UTF-8 BOM, CRLF, columns in another order, quoted fields with
# commas, quotes and a line break, Vietnamese status labels, money grouped with dots,
# DD/MM/YYYY dates, and a name typed with combining marks (NFD) — all accepted and stored
# normalised, so search and export see the same text.
run dxtrack import units "$SAMPLE/units.csv"
status 0
printf '\xef\xbb\xbfyear,code,name,investor,budget_vnd,disbursed_vnd,progress_pct,status,start_date,end_date,note,tags,funding\r\n' > excel.csv
printf '2024,X-01,"Cổng dịch vụ công, giai đoạn 2",STTTT,1.500.000.000,750.000.000,50%%,Đang triển khai,01/03/2024,31/12/2024,"Ghi chú ""quan trọng""\r\ndòng hai",citizen_service;online_public_service,vốn đầu tư công\r\n' >> excel.csv
printf '2024,X-02,"Nghe\xcc\xa3\xcc\x82 thua\xcc\xa3\xcc\x82t so\xcc\x82\xcc\x81",SYT,200000000,,100,hoàn thành,,,,,\r\n' >> excel.csv
printf '2024,X-03,"=HYPERLINK(""x"")",SYT,0,0,0,chưa triển khai,,,,,other\r\n' >> excel.csv
run dxtrack import tasks excel.csv
status 0
out_has '3 tasks imported (3 new, 0 updated, 0 unchanged)'

run dxtrack tasks --year 2024 --format json
status 0
out_has '{"code":"X-01","year":2024,"name":"Cổng dịch vụ công, giai đoạn 2","investor":"STTTT","category":null,"funding":"public_investment","budget_vnd":1500000000,"disbursed_vnd":750000000,"progress_pct":50,"status":"in_progress","carried_from":null,"tags":"citizen_service;online_public_service","start_date":"2024-03-01","end_date":"2024-12-31","note":"Ghi chú \"quan trọng\"\r\ndòng hai"'
# NFD in, NFC stored: the precomposed "Nghệ thuật số" is found byte for byte
out_has '"name":"Nghệ thuật số"'
out_has '"disbursed_vnd":0,"progress_pct":100,"status":"completed"'

# export guards the formula for spreadsheets, and import takes the guard off again
run dxtrack export tasks --year 2024
status 0
out_has "X-03,2024,\"'=HYPERLINK(\"\"x\"\")\",SYT"
run dxtrack export tasks --year 2024 -o round1.csv
status 0
DXTRACK_DB=$(new_db other)
run dxtrack import units "$SAMPLE/units.csv"
status 0
run dxtrack import tasks round1.csv
status 0
run dxtrack export tasks --year 2024 -o round2.csv
status 0
same_files round1.csv round2.csv
run dxtrack task show 2024 X-03 --format json
status 0
out_has '"name":"=HYPERLINK(\"x\")"'
