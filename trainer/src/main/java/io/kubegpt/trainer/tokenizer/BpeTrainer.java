package io.kubegpt.trainer.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Learns byte-level BPE merges from a corpus. The corpus is reduced once to a table of distinct pre-tokenized
 * words with their frequencies; pair counts are then kept up to date incrementally: a merge only revisits the
 * words that contain the merged pair (found through a per-pair word index), and the most frequent pair comes
 * from a heap whose stale entries are skipped when popped.
 */
final class BpeTrainer {

    /** A learned vocabulary: spellings by id (bytes first, then the caller's reserved ids, then merges). */
    record Result(List<String> spellings, List<String[]> merges) {
    }

    private record HeapEntry(long count, int left, int right) {
    }

    private final int[][] words;
    private final long[] frequencies;
    private final PairTable pairs = new PairTable();
    private final PriorityQueue<HeapEntry> heap = new PriorityQueue<>((x, y) -> x.count != y.count
            ? Long.compare(y.count, x.count)
            : x.left != y.left ? Integer.compare(x.left, y.left) : Integer.compare(x.right, y.right));
    /** Which merge last rewrote each word, so a word listed twice under one pair is rewritten once. */
    private final int[] lastVisit;

    private BpeTrainer(WordCounts wordCounts) {
        words = new int[wordCounts.distinct()][];
        frequencies = new long[words.length];
        int[] w = {0};
        wordCounts.forEach((word, count) -> {
            byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
            int[] symbols = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                symbols[i] = bytes[i] & 0xFF;
            }
            words[w[0]] = symbols;
            frequencies[w[0]] = count;
            w[0]++;
        });
        lastVisit = new int[words.length];
        Arrays.fill(lastVisit, -1);
    }

    /**
     * @param reserved spellings given the ids right after the 256 byte tokens
     * @param vocabSize the wanted size including bytes and reserved tokens; fewer when the corpus runs out of
     *                  pairs that occur at least twice
     */
    static Result train(WordCounts words, List<String> reserved, int vocabSize) {
        return new BpeTrainer(words).run(reserved, vocabSize);
    }

    private Result run(List<String> reserved, int vocabSize) {
        List<String> spellings = new ArrayList<>(vocabSize);
        List<byte[]> tokenBytes = new ArrayList<>(vocabSize);
        Map<String, Integer> ids = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            byte[] bytes = {(byte) b};
            spellings.add(ByteLevelAlphabet.spell(bytes));
            tokenBytes.add(bytes);
            ids.put(spellings.get(b), b);
        }
        for (String spelling : reserved) {
            spellings.add(spelling);
            tokenBytes.add(null);
        }
        countAllPairs();

        List<String[]> merges = new ArrayList<>();
        while (spellings.size() < vocabSize) {
            HeapEntry best = popBest();
            if (best == null || best.count < 2) {
                break;
            }
            byte[] merged = concat(tokenBytes.get(best.left), tokenBytes.get(best.right));
            String spelling = ByteLevelAlphabet.spell(merged);
            // Two different merges can spell the same bytes; the vocabulary keeps one id per spelling.
            Integer id = ids.get(spelling);
            if (id == null) {
                id = spellings.size();
                spellings.add(spelling);
                tokenBytes.add(merged);
                ids.put(spelling, id);
            }
            merges.add(new String[] {spellings.get(best.left), spellings.get(best.right)});
            applyMerge(best.left, best.right, id, merges.size());
        }
        return new Result(spellings, merges);
    }

    private void countAllPairs() {
        List<PairTable.Pair> touched = new ArrayList<>();
        for (int w = 0; w < words.length; w++) {
            addPairs(w, 1, null, 0, touched);
        }
        pushCurrent(touched);
    }

    private HeapEntry popBest() {
        HeapEntry top;
        while ((top = heap.poll()) != null) {
            PairTable.Pair pair = pairs.get(key(top.left, top.right));
            if (pair != null && pair.count == top.count) {
                return top;
            }
        }
        return null;
    }

    private void applyMerge(int left, int right, int mergedId, int mergeNumber) {
        PairTable.Pair merged = pairs.get(key(left, right));
        List<PairTable.Pair> touched = new ArrayList<>();
        for (int i = 0; i < merged.wordCount; i++) {
            int w = merged.words[i];
            if (lastVisit[w] == mergeNumber || !contains(words[w], left, right)) {
                continue;
            }
            lastVisit[w] = mergeNumber;
            int[] previous = words[w];
            addPairs(w, -1, null, mergeNumber, touched);
            words[w] = replace(previous, left, right, mergedId);
            addPairs(w, +1, previous, mergeNumber, touched);
        }
        merged.count = 0;
        merged.clearWords();
        pushCurrent(touched);
    }

    /**
     * Adds (or with sign -1 removes) word {@code w}'s pairs to the counts. A pair's word list gains {@code w} only
     * where {@code previous} (its symbols before a merge, or null) lacked the pair: the list has it already.
     */
    private void addPairs(int w, int sign, int[] previous, int mergeNumber, List<PairTable.Pair> touched) {
        int[] symbols = words[w];
        long delta = sign * frequencies[w];
        for (int i = 0; i + 1 < symbols.length; i++) {
            PairTable.Pair pair = pairs.getOrCreate(key(symbols[i], symbols[i + 1]));
            pair.count += delta;
            if (sign > 0 && (previous == null || !contains(previous, symbols[i], symbols[i + 1]))) {
                pair.addWord(w);
            }
            if (pair.touchedBy != mergeNumber) {
                pair.touchedBy = mergeNumber;
                touched.add(pair);
            }
        }
    }

    private void pushCurrent(List<PairTable.Pair> touched) {
        for (PairTable.Pair pair : touched) {
            if (pair.count > 0) {
                push(pair);
            } else {
                // no word holds the pair any more: its word list is all stale
                pair.clearWords();
            }
        }
        // every merge leaves stale entries behind; past a few per pair they would hold more memory than the pairs
        // themselves (about a gigabyte for a million distinct words), so the heap is built anew
        if (heap.size() > 4L * pairs.size() + 1024) {
            heap.clear();
            pairs.forEachLive(this::push);
        }
    }

    private void push(PairTable.Pair pair) {
        heap.add(new HeapEntry(pair.count, pair.left(), pair.right()));
    }

    private static boolean contains(int[] symbols, int left, int right) {
        for (int i = 0; i + 1 < symbols.length; i++) {
            if (symbols[i] == left && symbols[i + 1] == right) {
                return true;
            }
        }
        return false;
    }

    /** Left-to-right, non-overlapping: the same rule encoding uses, so training and encoding agree. */
    static int[] replace(int[] symbols, int left, int right, int merged) {
        int[] out = new int[symbols.length];
        int n = 0;
        for (int i = 0; i < symbols.length; i++) {
            if (i + 1 < symbols.length && symbols[i] == left && symbols[i + 1] == right) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = symbols[i];
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
