"""The command line: a front-end beside ui/, over the same core. `cli.args.build_parser()`
names every command; each command's function takes what it needs from app.py's wiring."""
