#!/usr/bin/env bash
# Throughput and peak memory of `prepare` on a generated corpus (SyntheticCorpus: English-like lines over a
# 60,000-word made-up vocabulary), with 1 and 2 threads, the GPT-1 vocabulary of 40,478 tokens and the default
# tokenizer sample. Prints one line per run; not a test.
#
#   trainer/scripts/prepare-benchmark.sh [GIGABYTES=2] [HEAP=4g]
set -euo pipefail
cd "$(dirname "$0")/../.."
gigabytes="${1:-2}"
heap="${2:-4g}"

mvn -B -q -o -pl trainer -am package test-compile -DskipTests >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -cp trainer/target/test-classes:trainer/target/classes io.kubegpt.trainer.data.SyntheticCorpus \
  "$work/corpus.txt" "$((gigabytes * 1024))" >/dev/null
cat > "$work/job.yaml" <<YAML
apiVersion: kubegpt.io/v1alpha1
kind: GPTPretrain
metadata:
  name: prepare-benchmark
spec:
  data:
    path: $work/corpus.txt
YAML
bytes="$(stat -c %s "$work/corpus.txt")"
echo "corpus $((bytes >> 20)) MiB, -Xmx$heap, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for threads in 1 2; do
  rm -rf "$work/out"
  /usr/bin/time -f "%e %M" -o "$work/time" java -Xmx"$heap" -XX:ActiveProcessorCount="$threads" \
    -jar trainer/target/kubegpt-trainer.jar prepare "$work/job.yaml" --output "$work/out" > "$work/log" 2>&1
  read -r seconds rss_kb < "$work/time"
  tokens="$(grep -o '([0-9]* training + [0-9]* validation' "$work/log" | tr -dc '0-9 ' | awk '{print $1 + $2}')"
  awk -v t="$threads" -v s="$seconds" -v b="$bytes" -v r="$rss_kb" -v n="$tokens" 'BEGIN {
    printf "%d thread(s): %.1f s, %.1f MB/s, %d tokens, peak RSS %d MB\n", t, s, b / 1e6 / s, n, r / 1024 }'
  grep -h "tokenizer sample\|merges learned\|tokenizing the corpus: .* in " "$work/log" | sed 's/^INFO: /  /'
done
