#!/usr/bin/env bash
# The trainer's `bench` against the libtorch baseline of the same model (../shared/bench/torch-gpt, or $TORCH_GPT_DIR)
# at equal thread counts: 1 and THREADS. For each count the first round finds libtorch's fastest setting with its
# best.sh (attention written out or fused, the threads split between its OpenMP and OpenBLAS pools); every round then
# runs `bench --threads T` and libtorch in that setting in turn, so a slow minute of a shared machine hits both.
# Prints every round, the medians with the worst round, both ratios, what a second thread gains on each side (and in
# ND4J's matmul alone, `bench`'s peak measured in the same runs: what the machine's second core gives), and the CPU.
# Not a test: nothing here asserts a speed.
#
#   trainer/scripts/compare-libtorch.sh [--rounds 3] [--threads 2] [--layers 4] [--d-model 256] [--heads 8]
#                                       [--context 128] [--batch 8] [--vocab 256] [--warmup 100] [--steps 50]
#                                       [--torch-warmup 20] [--torch-steps 40]
# GPT-1's width: --layers 12 --d-model 768 --heads 12 --context 512 --vocab 40478 --batch 2 --rounds 3 --warmup 8
#                --steps 4 --torch-warmup 2 --torch-steps 4
# (`bench` warms up at least --warmup steps, then times windows of --steps until the JVM's compilers are quiet in one:
# at this width, after 20-30 steps)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=3 threads=2 layers=4 dmodel=256 heads=8 context=128 batch=8 vocab=256 warmup=100 steps=50
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
if [ ! -x "$baseline/best.sh" ]; then
  echo "error: no libtorch baseline at $baseline (set TORCH_GPT_DIR to the folder holding torch-gpt's best.sh)" >&2
  exit 2
fi
jar=trainer/target/kubegpt-trainer.jar
[ -f "$jar" ] || mvn -B -q -pl crds,trainer -am package -DskipTests
shape=(--layers "$layers" --heads "$heads" --context "$context" --batch "$batch" --vocab "$vocab")
torch_args=(--dmodel "$dmodel" "${shape[@]}" --warmup "$torch_warmup" --steps "$torch_steps")
counts="1"
[ "$threads" != 1 ] && counts="1 $threads"

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
worst() { sort -g | head -n 1; }
field() { sed -n "s|.*$1=\([0-9.]*\).*|\1|p"; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
  for t in $counts; do
    java -jar "$jar" bench --threads "$t" --d-model "$dmodel" "${shape[@]}" --warmup "$warmup" --steps "$steps" \
      > "$work/bench.out" 2>&1
    result="$(grep '^RESULT' "$work/bench.out")" || { cat "$work/bench.out" >&2; exit 1; }
    echo "$result" | field 'tokens/s' >> "$work/kubegpt$t"
    echo "$result" | sed -n 's|.*MFU=\([0-9.]*\)%.*|\1|p' >> "$work/mfu$t"
    echo "$result" | field 'peak matmul GFLOP/s' >> "$work/peak$t"
    if [ "$round" = 1 ]; then
      "$baseline/best.sh" "$t" "${torch_args[@]}" > "$work/best$t.out" 2>&1 || { cat "$work/best$t.out" >&2; exit 1; }
      sed -n 's/^RESULT torch-best .*setting=//p' "$work/best$t.out" > "$work/setting$t"
      tokens="$(sed -n 's/^RESULT torch-best .*tokens\/s(median)=\([0-9.]*\).*/\1/p' "$work/best$t.out")"
    else
      read -r attn omp blas < <(sed 's/attn=\([a-z]*\) openmp=\([0-9]*\) openblas=\([0-9]*\)/\1 \2 \3/' "$work/setting$t")
      TORCH_GPT_BLAS_THREADS="$blas" "$baseline/run.sh" "$omp" --attn "$attn" "${torch_args[@]}" > "$work/torch.out" 2>&1
      tokens="$(grep "^RESULT torch-javacpp threads=$omp " "$work/torch.out" | tail -n 1 \
        | sed -n 's/.*tokens\/s(median)=\([0-9.]*\).*/\1/p')"
    fi
    [ -n "$tokens" ] || { cat "$work"/best*.out "$work"/torch.out >&2 2>/dev/null; exit 1; }
    echo "$tokens" >> "$work/torch$t"
    echo "round $round, $t thread(s): kubegpt $(echo "$result" | field 'tokens/s') tokens/s" \
      "(MFU $(tail -n 1 "$work/mfu$t")%, after $(echo "$result" | field warmup) warm-up steps)," \
      "libtorch $tokens ($(cat "$work/setting$t"))"
  done
done
echo "$(grep -m1 '^cpu:' "$work/bench.out")"
echo "$(grep '^MFU counts' "$work/bench.out")"
for t in $counts; do
  k="$(median < "$work/kubegpt$t")" l="$(median < "$work/torch$t")"
  echo "$t thread(s), medians of $rounds round(s) (worst): kubegpt $k ($(worst < "$work/kubegpt$t")) tokens/s," \
    "MFU $(median < "$work/mfu$t")%; libtorch $l ($(worst < "$work/torch$t")), $(cat "$work/setting$t")"
  awk -v a="$k" -v b="$l" -v t="$t" 'BEGIN { printf "ratio at %s thread(s): %.2fx\n", t, a / b }'
done
if [ "$threads" != 1 ]; then
  awk -v k1="$(median < "$work/kubegpt1")" -v kn="$(median < "$work/kubegpt$threads")" \
      -v l1="$(median < "$work/torch1")" -v ln="$(median < "$work/torch$threads")" -v n="$threads" \
      -v p1="$(median < "$work/peak1")" -v pn="$(median < "$work/peak$threads")" \
      'BEGIN { printf "%s threads against 1: kubegpt %.2fx, libtorch %.2fx; the matmul peak %.2fx\n",
               n, kn / k1, ln / l1, pn / p1 }'
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
