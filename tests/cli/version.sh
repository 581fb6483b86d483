# voce version says where the lexicons were found (the path varies: show its end).
voce version | sed 's|^lexicons: .*/lexicons (|lexicons: .../lexicons (|'
