#!/usr/bin/env bash
# Compares BpeTokenizer's GPT-2 encoding with Hugging Face tokenizers (Rust, through DJL): same ids, MB/s of each on
# one and two threads (TokenizerBenchmark). Fetches GPT-2's vocabulary first. Extra arguments go to Maven, e.g.
#   trainer/scripts/tokenizer-benchmark.sh -o -Dkubegpt.tokenizer.mb=64 -Dkubegpt.tokenizer.rounds=7
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bash "$root/trainer/scripts/fetch-gpt2-vocabulary.sh" >/dev/null
cd "$root"
mvn -B -q -pl trainer -am test -Dgroups=benchmark -DexcludedGroups= -Dtest=TokenizerBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false "$@"
