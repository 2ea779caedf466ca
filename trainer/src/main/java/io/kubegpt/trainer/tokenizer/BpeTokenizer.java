package io.kubegpt.trainer.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubegpt.trainer.InvalidInputException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Byte-level BPE as GPT-2 does it: text is pre-tokenized with GPT-2's regex, each piece's UTF-8 bytes start
 * as one token each, and the learned merges are applied lowest rank first until none applies. Every byte has a
 * token, so any text round-trips. Stored as GPT-2 stores it: {@code vocab.json} (spelling to id, bytes spelled
 * with GPT-2's byte alphabet), {@code merges.txt} (one merge per line in rank order), plus
 * {@code special_tokens.json} naming the ids of our {@link SpecialToken}s. Thread-safe.
 */
public final class BpeTokenizer {

    public static final String VOCAB_FILE = "vocab.json";
    public static final String MERGES_FILE = "merges.txt";
    public static final String SPECIAL_TOKENS_FILE = "special_tokens.json";
    /** GPT-2's document separator; treated as a special token when a loaded vocabulary has it. */
    public static final String GPT2_END_OF_TEXT = "<|endoftext|>";

    private static final String MERGES_HEADER = "#version: 0.2";
    private static final int CACHE_LOG2_SLOTS = 17;
    /** What {@link #merges} gives for a pair that does not merge; above every (rank, id). */
    private static final long NO_MERGE = Long.MAX_VALUE;

    /** Spellings by id, as in vocab.json. */
    private final String[] spellings;
    /** Bytes by id; null for special tokens. */
    private final byte[][] tokenBytes;
    private final int[] byteIds = new int[256];
    /** Pair key ({@link BpeTrainer#key}) to (rank << 32 | merged id). */
    private final LongLongMap merges;
    private final List<String[]> mergeList;
    private final Map<SpecialToken, Integer> specials;
    private final PieceCache cache = new PieceCache(CACHE_LOG2_SLOTS);

    private BpeTokenizer(List<String> spellings, List<String[]> mergeList, Map<SpecialToken, Integer> specials) {
        this.spellings = spellings.toArray(String[]::new);
        this.mergeList = List.copyOf(mergeList);
        merges = new LongLongMap(this.mergeList.size());
        this.specials = specials.isEmpty() ? Map.of() : new EnumMap<>(specials);
        tokenBytes = new byte[this.spellings.length][];
        Map<String, Integer> regularIds = new HashMap<>();
        for (int id = 0; id < this.spellings.length; id++) {
            String spelling = this.spellings[id];
            if (specials.containsValue(id) || spelling.equals(GPT2_END_OF_TEXT)) {
                continue;
            }
            byte[] bytes = ByteLevelAlphabet.bytesOf(spelling);
            if (bytes == null || bytes.length == 0) {
                throw new IllegalArgumentException("vocabulary entry " + id + " '" + spelling
                        + "' is neither byte-level nor a declared special token");
            }
            tokenBytes[id] = bytes;
            if (regularIds.put(spelling, id) != null) {
                throw new IllegalArgumentException("vocabulary spells '" + spelling + "' twice");
            }
        }
        for (int b = 0; b < 256; b++) {
            Integer id = regularIds.get(String.valueOf(ByteLevelAlphabet.charOf(b)));
            if (id == null) {
                throw new IllegalArgumentException("vocabulary lacks a token for byte " + b);
            }
            byteIds[b] = id;
        }
        for (int rank = 0; rank < this.mergeList.size(); rank++) {
            String[] pair = this.mergeList.get(rank);
            Integer left = regularIds.get(pair[0]);
            Integer right = regularIds.get(pair[1]);
            Integer merged = regularIds.get(pair[0] + pair[1]);
            if (left == null || right == null || merged == null) {
                throw new IllegalArgumentException("merge " + (rank + 1) + " '" + pair[0] + " " + pair[1]
                        + "' uses or makes a token that is not in the vocabulary");
            }
            merges.putIfAbsent(BpeTrainer.key(left, right), ((long) rank << 32) | merged);
        }
    }

    /**
     * Learns a vocabulary of {@code vocabSize} tokens from {@code corpus}: 256 byte tokens, the
     * {@link SpecialToken}s (ids 256 on, in declaration order), then merges. Stops early when no pair of
     * tokens occurs twice; {@link #vocabSize()} tells the real size.
     */
    public static BpeTokenizer train(String corpus, int vocabSize) {
        WordCounts words = new WordCounts();
        words.add(corpus);
        return train(words, vocabSize);
    }

    /** As {@link #train(String, int)}, from the word counts of a corpus (or of a sample of it). */
    public static BpeTokenizer train(WordCounts words, int vocabSize) {
        int minimum = 256 + SpecialToken.values().length;
        if (vocabSize < minimum) {
            throw new InvalidInputException("spec.tokenizer.vocabSize",
                    "vocabulary size " + vocabSize + " is below " + minimum + " (256 byte tokens + "
                            + SpecialToken.values().length + " special tokens)");
        }
        List<String> reserved = Arrays.stream(SpecialToken.values()).map(SpecialToken::spelling).toList();
        BpeTrainer.Result learned = BpeTrainer.train(words, reserved, vocabSize);
        Map<SpecialToken, Integer> specials = new EnumMap<>(SpecialToken.class);
        for (SpecialToken t : SpecialToken.values()) {
            specials.put(t, 256 + t.ordinal());
        }
        return new BpeTokenizer(learned.spellings(), learned.merges(), specials);
    }

    /**
     * Loads a tokenizer saved by {@link #save} or by GPT-2's tools ({@code vocab.json} + {@code merges.txt};
     * {@code special_tokens.json} is optional).
     *
     * @param field the spec field or CLI option that named {@code dir}, for the error message
     */
    public static BpeTokenizer load(Path dir, String field) {
        try {
            ObjectNode vocab = JsonFiles.readObject(dir.resolve(VOCAB_FILE));
            String[] byId = new String[vocab.size()];
            for (Map.Entry<String, JsonNode> e : vocab.properties()) {
                int id = idValue(e.getValue(), e.getKey());
                if (id >= byId.length || byId[id] != null) {
                    throw new IllegalArgumentException("vocab.json ids are not 0.." + (byId.length - 1)
                            + " each once (" + id + " for '" + e.getKey() + "')");
                }
                byId[id] = e.getKey();
            }
            List<String[]> mergeList = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve(MERGES_FILE))) {
                if (line.isEmpty() || line.startsWith("#version")) {
                    continue;
                }
                String[] pair = line.split(" ");
                if (pair.length != 2) {
                    throw new IllegalArgumentException("merges.txt line '" + line + "' is not two tokens");
                }
                mergeList.add(pair);
            }
            Map<SpecialToken, Integer> specials = new EnumMap<>(SpecialToken.class);
            Path specialsFile = dir.resolve(SPECIAL_TOKENS_FILE);
            if (Files.exists(specialsFile)) {
                ObjectNode declared = JsonFiles.readObject(specialsFile);
                for (SpecialToken t : SpecialToken.values()) {
                    JsonNode id = declared.get(t.key());
                    if (id != null) {
                        int value = idValue(id, t.key());
                        if (value >= byId.length || !t.spelling().equals(byId[value])) {
                            throw new IllegalArgumentException(SPECIAL_TOKENS_FILE + " gives " + t.key() + " id "
                                    + value + ", which vocab.json does not spell " + t.spelling());
                        }
                        specials.put(t, value);
                    }
                }
            }
            return new BpeTokenizer(Arrays.asList(byId), mergeList, specials);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(field, "tokenizer folder " + dir + " lacks " + e.getFile());
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot read tokenizer in " + dir + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "tokenizer in " + dir + " is invalid: " + e.getMessage(), e);
        }
    }

    private static int idValue(JsonNode value, String name) {
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new IllegalArgumentException("'" + name + "' has id " + value + ", not a non-negative integer");
        }
        return value.intValue();
    }

    /** Writes {@code vocab.json}, {@code merges.txt} and {@code special_tokens.json} into {@code dir}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> file : files().entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
    }

    /**
     * SHA-256, in hex, of the files {@link #save} writes: the vocabulary, the merges in rank order and the special
     * tokens. A saved and loaded tokenizer has the hash of the original, however the files it was first loaded
     * from were formatted.
     */
    public String sha256() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> file : files().entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                digest.update((file.getKey() + "\n" + content.length + "\n").getBytes(StandardCharsets.UTF_8));
                digest.update(content);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The contents of the saved files by name, in a fixed order. */
    private Map<String, String> files() throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int id = 0; id < spellings.length; id++) {
            vocab.put(spellings[id], id);
        }
        StringBuilder mergesText = new StringBuilder(MERGES_HEADER).append('\n');
        for (String[] pair : mergeList) {
            mergesText.append(pair[0]).append(' ').append(pair[1]).append('\n');
        }
        Map<String, Integer> declared = new LinkedHashMap<>();
        specials.forEach((t, id) -> declared.put(t.key(), id));
        Map<String, String> files = new LinkedHashMap<>();
        files.put(VOCAB_FILE, JsonFiles.write(vocab));
        files.put(MERGES_FILE, mergesText.toString());
        files.put(SPECIAL_TOKENS_FILE, JsonFiles.write(declared));
        return files;
    }

    public int[] encode(String text) {
        TokenBuffer out = new TokenBuffer(text.length() / 3);
        for (int start = 0, end; start < text.length(); start = end) {
            end = PreTokenizer.pieceEnd(text, start);
            if (!cache.appendCached(text, start, end, out)) {
                encodePiece(text, start, end, out);
            }
        }
        return out.toArray();
    }

    /** Appends the ids of {@code text[start, end)}, one pre-tokenized piece, and caches them. */
    private void encodePiece(String text, int start, int end, TokenBuffer out) {
        byte[] bytes = text.substring(start, end).getBytes(StandardCharsets.UTF_8);
        int[] symbols = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            symbols[i] = byteIds[bytes[i] & 0xFF];
        }
        int count = applyMerges(symbols);
        cache.put(text, start, end, symbols, count);
        out.append(symbols, 0, count);
    }

    /**
     * Merges the lowest-ranked pair present, every occurrence left to right, until no pair merges. Works in
     * {@code symbols}, whose first elements become the ids; returns how many. {@code pairs[i]} holds the merge of
     * symbols i and i + 1.
     */
    private int applyMerges(int[] symbols) {
        int n = symbols.length;
        long[] pairs = new long[Math.max(0, n - 1)];
        while (true) {
            long best = NO_MERGE;
            for (int i = 0; i + 1 < n; i++) {
                pairs[i] = merges.get(BpeTrainer.key(symbols[i], symbols[i + 1]), NO_MERGE);
                best = Math.min(best, pairs[i]);
            }
            if (best == NO_MERGE) {
                return n;
            }
            int kept = 0;
            for (int i = 0; i < n; i++, kept++) {
                // a pair's (rank, id) is unique, so an equal value is an occurrence of the pair being merged
                if (i + 1 < n && pairs[i] == best) {
                    symbols[kept] = (int) best;
                    i++;
                } else {
                    symbols[kept] = symbols[i];
                }
            }
            n = kept;
        }
    }

    /**
     * The text the ids stand for; special tokens come out as their spelling. Byte sequences that are not valid
     * UTF-8 (possible only for id sequences that no text encodes to) become U+FFFD.
     */
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            if (id < 0 || id >= spellings.length) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + spellings.length);
            }
            byte[] bytes = tokenBytes[id] != null ? tokenBytes[id] : spellings[id].getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public int vocabSize() {
        return spellings.length;
    }

    public int mergeCount() {
        return mergeList.size();
    }

    /** Whether all four fine-tuning tokens are present; a GPT-2 vocabulary loaded as it is has none of them. */
    public boolean hasSpecialTokens() {
        return specials.size() == SpecialToken.values().length;
    }

    /**
     * This vocabulary with the fine-tuning tokens it lacks appended after its last id, in declaration order (a GPT-2
     * vocabulary gets ids 50257 to 50260); this tokenizer itself when it has them all.
     */
    public BpeTokenizer withSpecialTokens() {
        if (hasSpecialTokens()) {
            return this;
        }
        List<String> extended = new ArrayList<>(Arrays.asList(spellings));
        Map<SpecialToken, Integer> all = new EnumMap<>(SpecialToken.class);
        all.putAll(specials);
        for (SpecialToken t : SpecialToken.values()) {
            if (!all.containsKey(t)) {
                all.put(t, extended.size());
                extended.add(t.spelling());
            }
        }
        return new BpeTokenizer(extended, mergeList, all);
    }

    /** @throws IllegalStateException when this vocabulary lacks the token (see {@link #hasSpecialTokens()}) */
    public int specialId(SpecialToken token) {
        Integer id = specials.get(token);
        if (id == null) {
            throw new IllegalStateException("this tokenizer has no " + token.spelling() + " token");
        }
        return id;
    }

    /** The spelling of one token as in {@code vocab.json} (bytes in GPT-2's byte alphabet). */
    public String spelling(int id) {
        return spellings[id];
    }
}
