# A survey tool's CSV: UTF-8 with a BOM, CRLF rows, quoted fields with commas and
# doubled quotes, a LF inside quotes (one record over two lines), an empty text,
# a header with spaces and a slash. Records pass through as read (the BOM
# dropped, LF line ends), a quoted field stays quoted.
voce classify --lexicon-only ../data/format-survey.csv
