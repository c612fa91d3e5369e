#!/bin/bash -eu
# OSS-Fuzz build script: every tests/fuzz/*_fuzzer.cpp becomes $OUT/<name>_fuzzer,
# with its seed corpus zipped beside it and its dictionary. Header-only, so no
# library is built first. Runs with OSS-Fuzz's CXX, CXXFLAGS and
# LIB_FUZZING_ENGINE; run by hand (see README.md) with clang and libFuzzer.
src=${SRC:-..}/envelope
json=${JSON_INCLUDE:-${SRC:-..}/json/include}
fuzz=$src/tests/fuzz
for source in "$fuzz"/*_fuzzer.cpp; do
  name=$(basename "$source" .cpp)
  short=${name%_fuzzer}
  $CXX $CXXFLAGS -std=c++17 -I"$src/include" -I"$json" -I"$fuzz" \
    "$source" -o "$OUT/$name" $LIB_FUZZING_ENGINE
  if [[ -d $fuzz/corpus/$short ]]; then
    (cd "$fuzz/corpus/$short" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
  fi
  if [[ -f $fuzz/$short.dict ]]; then
    cp "$fuzz/$short.dict" "$OUT/$name.dict"
  fi
  # The same bounds CI fuzzes with (tests/fuzz/run.sh).
  printf '[libfuzzer]\nmax_len = 65536\ntimeout = 10\nrss_limit_mb = 2048\n' > "$OUT/$name.options"
done
