# A failed write (a full disk) exits 4 with a message.
voce tokens reviews.txt >/dev/full
