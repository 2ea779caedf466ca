#!/usr/bin/env bash
# The GPT-1 paper's analysis of fine-tuning, small: the trainer's `analysis` command fine-tunes one task from the
# tiny pre-train (examples/pretrain-tiny-cpu.yaml) from scratch, then with 0, 1 and 2 of its layers transferred, each
# with and without the auxiliary language-model objective, and writes a table (analysis.md) and a picture of the
# score against the layers transferred (layers-transferred.png) into $OUT. Pre-trains first when runs/tiny holds no
# finished run.
#   examples/finetune-ablation.sh [FINETUNE.yaml] [--set PATH=VALUE ...]
# Default task: examples/finetune-classification.yaml (sentiment). On 2 CPU cores: about four minutes of
# pre-training, then a few minutes for the seven fine-tunes. Results measured here are in docs/finetune.md.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-trainer/target/kubegpt-trainer.jar}
TASK=${1:-examples/finetune-classification.yaml}
shift || true
OUT=${OUT:-runs/analysis/$(basename "$TASK" .yaml)}

if ! grep -q '"phase" : "Succeeded"' runs/tiny/summary.json 2>/dev/null; then
  java -jar "$JAR" pretrain examples/pretrain-tiny-cpu.yaml --output runs/tiny
fi
java -jar "$JAR" analysis "$TASK" --base runs/tiny --output "$OUT" "$@"
