#!/usr/bin/env bash
# The direction of every include: core/ includes nothing of generator/, checks/ or cli/; generator/ and
# checks/ include core/ only, never each other (their tests too); every include of ours is written from the
# repository root ("core/csv.h"), so a file's dependencies can be read off its includes.
#   usage: include_direction.sh REPO_ROOT
set -u
cd "$1" || exit 2
fails=0
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
while IFS= read -r line; do bad "core/ reaches outside itself: $line"; done < <(grep -HnE '#include +"(generator|checks|cli)/' core/*.h core/*.cpp)
while IFS= read -r line; do bad "generator/ includes checks/: $line"; done < <(grep -HnE '#include +"(checks|cli)/' generator/*.h generator/*.cpp)
while IFS= read -r line; do bad "checks/ includes generator/: $line"; done < <(grep -HnE '#include +"(generator|cli)/' checks/*.h checks/*.cpp)
# A relative include ("error.h", "../generator/x.h") hides which folder it reaches into.
while IFS= read -r line; do bad "include not written from the repository root: $line"; done < \
  <(grep -HnE '#include +"' core/*.h core/*.cpp generator/*.h generator/*.cpp checks/*.h checks/*.cpp cli/*.cpp | grep -vE '#include +"(core|generator|checks|cli)/')
files=$(ls core/*.h core/*.cpp generator/*.h generator/*.cpp checks/*.h checks/*.cpp cli/*.cpp | wc -l)
echo "$files files read; $fails wrong includes"
if [ "$fails" -eq 0 ]; then echo "1 passed, 0 failed"; exit 0; else echo "0 passed, 1 failed"; exit 1; fi
