# UTF-16LE with a BOM and CRLF (what Windows tools export as "Unicode text"),
# an emoji outside the BMP included: read, converted, written as UTF-8.
voce classify --lexicon-only ../data/format-utf16le.txt
