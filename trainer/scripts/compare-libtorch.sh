#!/usr/bin/env bash
# The trainer's `bench` beside the libtorch baseline (../shared/bench/torch-gpt, or $TORCH_GPT_DIR) on this machine:
# ROUNDS rounds, each running `bench --threads THREADS` and the baseline at 1 and at THREADS threads, in turn, so a
# slow minute of a shared machine hits both. Prints every round, then the medians, the ratio to libtorch's best
# thread setting, and the CPU. Not a test: nothing here asserts a speed.
#
#   trainer/scripts/compare-libtorch.sh [--rounds 4] [--threads 2] [--layers 4] [--d-model 256] [--heads 8]
#                                       [--context 128] [--batch 8] [--vocab 256] [--warmup 100] [--steps 50]
#                                       [--torch-warmup 20] [--torch-steps 40]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=4 threads=2 layers=4 dmodel=256 heads=8 context=128 batch=8 vocab=256 warmup=100 steps=50
torch_warmup=20 torch_steps=40
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2" ;;
    --threads) threads="$2" ;;
    --layers) layers="$2" ;;
    --d-model) dmodel="$2" ;;
    --heads) heads="$2" ;;
    --context) context="$2" ;;
    --batch) batch="$2" ;;
    --vocab) vocab="$2" ;;
    --warmup) warmup="$2" ;;
    --steps) steps="$2" ;;
    --torch-warmup) torch_warmup="$2" ;;
    --torch-steps) torch_steps="$2" ;;
    *) echo "error: unknown option $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
  shift 2
done
baseline="${TORCH_GPT_DIR:-../shared/bench/torch-gpt}"
if [ ! -x "$baseline/run.sh" ]; then
  echo "error: no libtorch baseline at $baseline (set TORCH_GPT_DIR to the folder holding torch-gpt's run.sh)" >&2
  exit 2
fi
jar=trainer/target/kubegpt-trainer.jar
[ -f "$jar" ] || mvn -B -q -pl crds,trainer -am package -DskipTests
shape=(--layers "$layers" --heads "$heads" --context "$context" --batch "$batch" --vocab "$vocab")
torch_threads="1"
[ "$threads" != 1 ] && torch_threads="1 $threads"

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
field() { sed -n "s|.*$1=\([0-9.]*\).*|\1|p"; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
  java -jar "$jar" bench --threads "$threads" --d-model "$dmodel" "${shape[@]}" --warmup "$warmup" --steps "$steps" \
    > "$work/bench.out" 2>&1
  result="$(grep '^RESULT' "$work/bench.out")" || { cat "$work/bench.out" >&2; exit 1; }
  echo "$result" | field 'tokens/s' >> "$work/kubegpt"
  echo "$result" | field 'MFU' >> "$work/mfu"
  line="round $round: kubegpt $(echo "$result" | field 'tokens/s') tokens/s (MFU $(echo "$result" | field 'MFU')%)"
  for t in $torch_threads; do
    "$baseline/run.sh" "$t" --dmodel "$dmodel" "${shape[@]}" --warmup "$torch_warmup" --steps "$torch_steps" \
      > "$work/torch.out" 2>&1
    tokens="$(grep "^RESULT torch-javacpp threads=$t " "$work/torch.out" | tail -n 1 | sed -n 's/.*tokens\/s(median)=\([0-9.]*\).*/\1/p')"
    [ -n "$tokens" ] || { cat "$work/torch.out" >&2; exit 1; }
    echo "$tokens" >> "$work/torch$t"
    line="$line, libtorch $t thread(s) $tokens"
  done
  echo "$line"
done
echo "$(grep -m1 '^cpu:' "$work/bench.out")"
echo "$(grep '^RESULT' "$work/bench.out" | sed 's/^RESULT/last kubegpt run:/')"
kubegpt="$(median < "$work/kubegpt")"
echo "medians of $rounds rounds: kubegpt ($threads threads) $kubegpt tokens/s, MFU $(median < "$work/mfu")%"
best=0 best_threads=0
for t in $torch_threads; do
  tokens="$(median < "$work/torch$t")"
  echo "  libtorch $t thread(s): $tokens tokens/s"
  if awk -v a="$tokens" -v b="$best" 'BEGIN { exit !(a > b) }'; then best="$tokens" best_threads="$t"; fi
done
awk -v a="$kubegpt" -v b="$best" -v t="$best_threads" \
  'BEGIN { printf "ratio to libtorch at its best setting (%s thread(s)): %.2fx\n", t, a / b }'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
