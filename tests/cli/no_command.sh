# voce alone prints the command list on stderr and exits 2.
voce
