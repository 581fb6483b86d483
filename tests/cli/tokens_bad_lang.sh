voce tokens --lang fr
