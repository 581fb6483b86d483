# An unknown option prints the usage on stderr and exits 2.
voce tokens --bogus
