#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan + UBSan + libFuzzer) into build-fuzz/ (or $OIT_FUZZ_BUILD).
# Each module is compiled once with coverage instrumentation and linked into the harnesses that need it.
#   usage: fuzz/build.sh [NAME...]        (default: every harness)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${OIT_FUZZ_BUILD:-$repo/build-fuzz}
cxx=${CXX_FUZZ:-clang++}
mkdir -p "$out/obj"
flags=(-std=c++20 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
       -include "$repo/cmake/toml_assert.h" -I"$repo")

# harness → the modules (without .cpp) and libraries it needs
declare -A mods libs
mods[frontmatter_split]="generator/frontmatter generator/config generator/url_policy core/thai_date core/error core/control_chars core/text core/toml_node"
mods[frontmatter_meta]="${mods[frontmatter_split]}"
mods[csv]="core/csv core/encoding core/error core/control_chars core/text"
mods[template]="core/template core/template_values core/template_lexer core/template_parser core/template_render core/template_filters core/text core/source_file core/error core/control_chars"
mods[markdown]="generator/markdown generator/url_policy core/error core/control_chars core/text"
mods[extract]="checks/extract checks/html_tree checks/url core/error core/control_chars core/text core/url_path"
mods[url]="checks/url core/error core/control_chars core/text core/url_path"
mods[thai_date]="core/thai_date core/error core/control_chars core/text"
mods[period_evidence]="checks/period_evidence checks/match_text core/thai_date core/error core/control_chars core/text"
mods[office_text]="checks/office_text checks/extract checks/html_tree checks/url core/url_path core/csv core/encoding core/text core/error core/control_chars"
libs[frontmatter_split]="-lyaml-cpp"
libs[frontmatter_meta]="-lyaml-cpp"
libs[markdown]="-lcmark-gfm-extensions -lcmark-gfm"
libs[extract]="-lgumbo -lpsl"
libs[url]="-lpsl"
libs[office_text]="-lzip -lexpat -lgumbo -lpsl"

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(frontmatter_split frontmatter_meta csv template markdown extract url thai_date period_evidence office_text)

compile() {  # source → object, rebuilt when the source or a header of its folder is newer
  local src=$1 obj=$2 extra=${3:-}
  if [ ! -f "$obj" ] || [ -n "$(find "$src" "$(dirname "$src")" -maxdepth 1 \( -name '*.h' -o -samefile "$src" \) -newer "$obj" 2>/dev/null | head -1)" ]; then
    echo "  CXX $src"
    "$cxx" "${flags[@]}" $extra -c "$src" -o "$obj"
  fi
}

for name in "${names[@]}"; do
  [ -n "${mods[$name]+x}" ] || { echo "unknown harness: $name" >&2; exit 2; }
  objs=()
  for m in ${mods[$name]}; do
    obj=$out/obj/${m//\//_}.o
    compile "$repo/$m.cpp" "$obj" -fsanitize=fuzzer-no-link
    objs+=("$obj")
  done
  compile "$repo/fuzz/$name.cpp" "$out/obj/fuzz_$name.o" -fsanitize=fuzzer-no-link
  echo "  LINK $out/fuzz_$name"
  # shellcheck disable=SC2086
  "$cxx" "${flags[@]}" -fsanitize=fuzzer "$out/obj/fuzz_$name.o" "${objs[@]}" ${libs[$name]:-} -o "$out/fuzz_$name"
done
