package io.kubegpt.trainer.tokenizer;

import io.kubegpt.trainer.data.SampleCorpus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The incremental trainer must learn exactly what recounting every pair before every merge learns. */
class BpeTrainerTest {

    @Test
    void incrementalPairCountsMatchFullRecounting() {
        String corpus = SampleCorpus.generate(5, 8_000) + " aaaa aaaaaa abab bab éé😀😀 x";
        List<String> reserved = List.of("<|r|>");
        WordCounts words = new WordCounts();
        words.add(corpus);
        BpeTrainer.Result fast = BpeTrainer.train(words, reserved, 450);
        List<String[]> slow = recountingMerges(corpus, 450 - 257);
        assertThat(fast.merges()).hasSize(slow.size());
        for (int i = 0; i < slow.size(); i++) {
            assertThat(fast.merges().get(i)).as("merge %d", i).containsExactly(slow.get(i));
        }
        assertThat(fast.spellings().get(256)).isEqualTo("<|r|>");
    }

    /** Reference: recount all pairs each time; ties go to the lowest (left id, right id), as in the trainer. */
    private static List<String[]> recountingMerges(String corpus, int maxNewTokens) {
        Map<String, Integer> frequencies = new LinkedHashMap<>();
        PreTokenizer.forEachPiece(corpus, piece -> frequencies.merge(piece, 1, Integer::sum));
        List<List<Integer>> words = new ArrayList<>();
        for (String word : frequencies.keySet()) {
            List<Integer> symbols = new ArrayList<>();
            for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
                symbols.add(b & 0xFF);
            }
            words.add(symbols);
        }
        List<Integer> counts = new ArrayList<>(frequencies.values());
        List<String> spellings = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            spellings.add(ByteLevelAlphabet.spell(new byte[] {(byte) b}));
        }
        spellings.add("<|r|>");
        List<String[]> merges = new ArrayList<>();
        while (spellings.size() - 257 < maxNewTokens) {
            Map<Long, Long> pairCounts = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                List<Integer> s = words.get(w);
                for (int i = 0; i + 1 < s.size(); i++) {
                    pairCounts.merge(BpeTrainer.key(s.get(i), s.get(i + 1)), (long) counts.get(w), Long::sum);
                }
            }
            long bestKey = -1;
            long bestCount = 1;
            for (Map.Entry<Long, Long> e : pairCounts.entrySet()) {
                if (e.getValue() > bestCount || (e.getValue() == bestCount && bestKey >= 0 && e.getKey() < bestKey)) {
                    bestKey = e.getKey();
                    bestCount = e.getValue();
                }
            }
            if (bestKey < 0) {
                break;
            }
            int left = (int) (bestKey >>> 32);
            int right = (int) bestKey;
            String merged = spellings.get(left) + spellings.get(right);
            int id = spellings.indexOf(merged);
            if (id < 0) {
                id = spellings.size();
                spellings.add(merged);
            }
            merges.add(new String[] {spellings.get(left), spellings.get(right)});
            for (int w = 0; w < words.size(); w++) {
                int[] replaced = BpeTrainer.replace(words.get(w).stream().mapToInt(Integer::intValue).toArray(),
                        left, right, id);
                words.set(w, new ArrayList<>(Arrays.stream(replaced).boxed().toList()));
            }
        }
        return merges;
    }
}
