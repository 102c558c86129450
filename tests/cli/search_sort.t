# Search ignores case and Vietnamese diacritics (đ → d); sorting by name follows the
# Vietnamese alphabet (a ă â b c d đ e ê …), not byte order.
run dxtrack import units "$SAMPLE/units.csv"
status 0
cat > s.csv <<'END'
code,year,name,investor,budget_vnd,status
S-1,2025,Đào tạo kỹ năng số,STTTT,1,planned
S-2,2025,Dịch vụ công trực tuyến,STTTT,3,planned
S-3,2025,Ăn toàn thông tin,STTTT,2,planned
S-4,2025,An ninh mạng,STTTT,5,planned
S-5,2025,Chuyển đổi số nông nghiệp,SNNPTNT,4,planned
S-6,2025,Ứng dụng bản đồ số,STNMT,6,planned
S-7,2025,Ưu tiên số một,STNMT,7,planned
S-8,2025,Uỷ ban số,STNMT,8,planned
END
run dxtrack import tasks s.csv
status 0
run dxtrack tasks --year 2025 --sort name --format csv
status 0
out_is <<'END'
code,year,name,investor,category,funding,budget_vnd,disbursed_vnd,progress_pct,status,carried_from,tags,start_date,end_date,note
S-4,2025,An ninh mạng,STTTT,,,5,0,0,planned,,,,,
S-3,2025,Ăn toàn thông tin,STTTT,,,2,0,0,planned,,,,,
S-5,2025,Chuyển đổi số nông nghiệp,SNNPTNT,,,4,0,0,planned,,,,,
S-2,2025,Dịch vụ công trực tuyến,STTTT,,,3,0,0,planned,,,,,
S-1,2025,Đào tạo kỹ năng số,STTTT,,,1,0,0,planned,,,,,
S-8,2025,Uỷ ban số,STNMT,,,8,0,0,planned,,,,,
S-6,2025,Ứng dụng bản đồ số,STNMT,,,6,0,0,planned,,,,,
S-7,2025,Ưu tiên số một,STNMT,,,7,0,0,planned,,,,,
END
# "dao tao" finds "Đào tạo"; "d" alone finds both the d and the đ names
run dxtrack tasks --year 2025 --search "DAO TAO" --format csv
status 0
out_has 'S-1,2025,Đào tạo kỹ năng số'
out_lacks 'S-2'
run dxtrack tasks --year 2025 --search "chuyen doi so" --format csv
status 0
out_has 'S-5,2025,Chuyển đổi số nông nghiệp'
run dxtrack tasks --year 2025 --search "dich vu" --format csv
status 0
out_has 'S-2'
out_lacks 'S-1'
# searching the code works too, and words must all match
run dxtrack tasks --year 2025 --search "s-6 ban do" --format csv
status 0
out_has 'S-6'
out_lacks 'S-7'
# budget sorts largest first; --reverse flips it; --limit/--offset page
run dxtrack tasks --year 2025 --sort budget --limit 2 --format csv
status 0
out_has 'S-8,2025'
out_has 'S-7,2025'
out_lacks 'S-6,2025'
run dxtrack tasks --year 2025 --sort budget --reverse --limit 1 --offset 1 --format csv
status 0
out_has 'S-3,2025'
out_lacks 'S-1,2025'
# filters: investor, status (Vietnamese label), unit subtree
run dxtrack tasks --year 2025 --investor STNMT --format json
status 0
out_has '"code":"S-6"'
out_lacks '"code":"S-1"'
run dxtrack tasks --status "chưa triển khai" --unit 06 --year 2025
status 0
out_has '8 nhiệm vụ; kinh phí 36 đồng'
