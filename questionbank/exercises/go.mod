module loupe/exercises

go 1.27
