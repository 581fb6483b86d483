# A missing input is reported; the other files are still read; exit 4.
voce tokens no-such-file.txt reviews.txt | wc -l
exit $(voce tokens no-such-file.txt >/dev/null 2>&1; echo $?)
