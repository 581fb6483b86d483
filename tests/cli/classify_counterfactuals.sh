# Counterfactuals with the shipped models: "poteva andare meglio" and "could
# have gone better" are complaints, "poteva andare peggio" and "could have been
# worse" relief. The shipped models of before had all eight Italian texts wrong
# and five of the seven English ones. Three English verdicts are still wrong
# ("could have been worse", "not half bad", "it could have gone worse"): the
# English lexicon has them right (tests/data/scorer_en.tsv), the English model
# outweighs it. This output changes when a retrained model mends or breaks one.
voce classify --models ../../models -o tsv --lang it classify_counterfactuals.it.txt | cut -f1,3
voce classify --models ../../models -o tsv --lang en classify_counterfactuals.en.txt | cut -f1,3 | tail -n +2
