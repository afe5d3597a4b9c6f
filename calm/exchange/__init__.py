"""Data in and out of the practice log: CSV and FHIR export, import (a strict parse, then an
all-or-nothing apply), and made-up demo data. The SQL they need lives in calm/store/."""
