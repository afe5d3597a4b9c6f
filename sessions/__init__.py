"""The built-in practice scripts, one TOML file per practice (see docs/script-format.md)."""
