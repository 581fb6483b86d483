# 'voce explain' with the shipped models: the verdict line, then the cues in
# text order. A score that rounds to nothing prints as 0.0000, as classify
# prints it, not "-0.0000" (a mixed verdict's score is the positive
# probability less the negative one, which can fall a hair below zero).
printf '%s\n' "non è affatto male, ma il servizio clienti è lento" "good product but slow shipping" |
    voce explain --models ../../models |
    grep -E '^(>|  lang|  topics|  (rule|negator|term|contrast|topic) )'
