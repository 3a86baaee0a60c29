module tongref

go 1.26
