# The committee's report (issue 7) from the sample: `dxtrack report docx|pdf|xlsx`. The judges
# are real clients: LibreOffice opens the DOCX and the XLSX (converted to PDF), pdftotext reads
# the text back. The figures must be those of `dxtrack summary` for the same day: 42 tasks,
# 67,2 tỷ đồng (67.150.000.000), 35,6 tỷ (35.600.000.000), 53,0 % — the sample's published
# figures (data/sample/backan-2023/README.md), not this program's output.
run dxtrack import units "$SAMPLE/units.csv"
status 0
run dxtrack import tasks "$SAMPLE/tasks.csv"
status 0
run dxtrack settings set signer_name "Nguyễn Văn A"
status 0

lo() { # FILE: LibreOffice's PDF of it, in lo/ (a fresh profile: gotcha 13 of c-stack.md)
	rm -rf lo && mkdir lo &&
		timeout 180 libreoffice "-env:UserInstallation=file://$PWD/lo-profile" --headless \
			--convert-to pdf --outdir lo "$1" >/dev/null 2>&1
}
artifacts=$REPO/build/report-artifacts
mkdir -p "$artifacts"

# ---- DOCX ----
run dxtrack report docx --year 2023 --as-of 2023-12-14 --number 125 -o bc.docx
status 0
run unzip -t bc.docx
status 0
out_has 'No errors detected'
# every part is well-formed XML, and the package names its parts and relations
parts() { unzip -Z1 "$1"; }
all_xml() { # FILE: each part through xmllint; prints the parts that fail
	parts "$1" | while IFS= read -r part; do
		unzip -p "$1" "$(printf '%s' "$part" | sed 's/[][*?]/\\&/g')" | xmllint --noout - 2>/dev/null ||
			echo "not XML: $part"
	done
}
run all_xml bc.docx
status 0
out_is <<'X'
X
run parts bc.docx
out_has '[Content_Types].xml'
out_has '_rels/.rels'
out_has 'word/document.xml'
out_has 'word/_rels/document.xml.rels'
run sh -c "unzip -p bc.docx '\\[Content_Types\\].xml'"
out_has 'wordprocessingml.document.main+xml'
out_has 'PartName="/word/header1.xml"'
run unzip -p bc.docx word/_rels/document.xml.rels
out_has 'Target="header1.xml"'
out_has 'Target="styles.xml"'
run lo bc.docx
status 0
run pdftotext -layout lo/bc.pdf -
status 0
out_has 'UBND TỈNH BẮC KẠN'
out_has 'BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ'
out_has 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'
out_has 'Độc lập - Tự do - Hạnh phúc'
out_has 'Số: 125/BC-BCĐ'
out_has 'Bắc Kạn, ngày 14 tháng 12 năm 2023'
out_has 'BÁO CÁO'
# the summary's figures, word for word as `dxtrack summary` writes them
out_has 'đã triển khai 42 nhiệm vụ'
out_has '67,2 tỷ'
out_has '67.150.000.000'
out_has '35,6 tỷ'
out_has '35.600.000.000'
out_has '53,0%'
out_has 'Nơi nhận:'
out_has 'Nguyễn Văn A'
cp lo/bc.pdf "$artifacts/report-docx-via-libreoffice.pdf" 2>/dev/null
pdftoppm -png -r 60 -f 1 -l 1 lo/bc.pdf "$artifacts/report-docx-page" 2>/dev/null

# the same data, the same bytes
run dxtrack report docx --year 2023 --as-of 2023-12-14 --number 125 -o again.docx
status 0
same_files bc.docx again.docx

# ---- PDF (native) ----
run dxtrack report pdf --year 2023 --as-of 2023-12-14 --number 125 -o bc.pdf
status 0
run pdftotext bc.pdf -
status 0
out_has 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'
out_has 'Bắc Kạn, ngày 14 tháng 12 năm 2023'
out_has 'Chuyển đổi số'
out_has 'Sở Thông tin và Truyền thông'
out_has 'Nơi nhận:'
run pdffonts bc.pdf
status 0
out_has 'LiberationSerif'
out_lacks 'Type 3'
pdftoppm -png -r 60 -f 1 -l 1 bc.pdf "$artifacts/report-pdf-page" 2>/dev/null
run dxtrack report pdf --year 2023 --as-of 2023-12-14 --number 125 -o again.pdf
status 0
same_files bc.pdf again.pdf

# ---- XLSX appendix: LibreOffice computes the formula totals = the sum of the rows ----
run dxtrack report xlsx --year 2023 --as-of 2023-12-14 -o pl.xlsx
status 0
run unzip -t pl.xlsx
status 0
run all_xml pl.xlsx
status 0
out_is <<'X'
X
run parts pl.xlsx
out_has 'xl/workbook.xml'
out_has 'xl/worksheets/sheet3.xml'
run sh -c "unzip -p pl.xlsx '\\[Content_Types\\].xml'"
out_has 'spreadsheetml.sheet.main+xml'
run lo pl.xlsx
status 0
run pdftotext -layout lo/pl.pdf -
status 0
out_has 'Sở Thông tin và Truyền thông'
out_has 'Tổng cộng'
# Σ budgets of the sample = 67.150.000.000, Σ disbursed = 35.600.000.000 (the sample README)
out_has '67,150,000,000'
out_has '35,600,000,000'

# ---- a template of one's own, and its mistakes ----
cat >t.txt <<'T'
# I. TỔNG HỢP
Năm {{year}}: {{tasks_total}} nhiệm vụ, {{budget_text}}.
{{block:investors}}
T
run dxtrack report pdf --year 2023 --template t.txt -o t.pdf
status 0
run pdftotext t.pdf -
out_has 'Năm 2023: 42 nhiệm vụ, 67,2 tỷ đồng.'
cat >bad.txt <<'T'
# I. TỔNG HỢP
{{if:dti}}
Năm {{nam}}.
{{block:bang}}
T
run dxtrack report docx --year 2023 --template bad.txt -o bad.docx
status 3
err_has 'bad.txt:3: template:'
err_has 'bad.txt:4: template:'
err_has 'bad.txt:2: template:'
run test -e bad.docx
status 1
# usage
run dxtrack report docx --year 2023
status 2
err_has '-o FILE is required'
run dxtrack report odt --year 2023 -o x
status 2
