VOCE_DATA_DIR=/nonexistent voce tokens reviews.txt
