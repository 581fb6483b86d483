# 'voce ... | head' stops quietly: SIGPIPE keeps its default action.
yes "ottimo servizio" | head -n 200000 | voce tokens | head -n 1
