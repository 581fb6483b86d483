# English requests and questions with the shipped models: "Please call me
# back", "Please cancel my order" ask for something and judge nothing, so they
# are neutral (corpus/GUIDELINES.md), as are the questions. These texts were
# written apart from the corpus records that taught the imperative form
# (corpus/README.md, "Requests in the imperative"); the shipped model of
# before called five of them negative. All are neutral now: "Please cancel my
# order." and "Please remove me from your mailing list." turned once the
# models stopped reading their final period (config.h, FINAL_SEPARATOR).
voce classify --models ../../models -o tsv --lang en classify_requests_en.txt | cut -f1,3
