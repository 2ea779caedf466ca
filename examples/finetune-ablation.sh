#!/usr/bin/env bash
# The GPT-1 paper's ablation, small: fine-tune one task from the tiny pre-train (examples/pretrain-tiny-cpu.yaml)
# and from random weights of the same shape and tokenizer, then compare their scores on the held-out
# evaluation file. Pre-trains first when runs/tiny holds no finished run.
#   examples/finetune-ablation.sh [FINETUNE.yaml] [--set PATH=VALUE ...]
# Default task: examples/finetune-multiple-choice.yaml (story endings: the right ending names the thing the
# story lost, which the pre-training stories teach). On 2 CPU cores: about a minute and a half of pre-training, then
# a minute or two per fine-tune. Results measured here are in docs/finetune.md.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-trainer/target/kubegpt-trainer.jar}
TASK=${1:-examples/finetune-multiple-choice.yaml}
shift || true
OUT=${OUT:-runs/ablation/$(basename "$TASK" .yaml)}

if ! grep -q '"phase" : "Succeeded"' runs/tiny/summary.json 2>/dev/null; then
  java -jar "$JAR" pretrain examples/pretrain-tiny-cpu.yaml --output runs/tiny
fi
rm -rf "$OUT"
java -jar "$JAR" finetune "$TASK" --base runs/tiny --output "$OUT/pretrained" "$@"
java -jar "$JAR" finetune "$TASK" --base runs/tiny --from-scratch --output "$OUT/scratch" "$@"

score() {
  python3 -c 'import json,sys; b=json.load(open(sys.argv[1]))["benchmark"]; print("%s final %.4f, best %.4f (epoch %d)" % (b["metric"], b["score"], b["bestScore"], b["bestEpoch"]))' "$1/summary.json"
}
echo "pre-trained:         $(score "$OUT/pretrained")"
echo "random initialised:  $(score "$OUT/scratch")"
