"""Reports for people: the terminal view of one analysed document."""
