#!/usr/bin/env bash
# Lints the example agency's content without building it (front matter, topics, dates, CSVs, links, PDFs).
set -eu
python3 "$2/tests/tools/check-example-content.py"
