voce frobnicate
