package io.kubegpt.trainer.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * GPT-2's vocabulary in the Hugging Face {@code tokenizers} library (through DJL's JNI binding), set up as GPT-2's
 * {@code tokenizer.json} does it: a BPE model behind the ByteLevel pre-tokenizer (GPT-2's regex, no prefix
 * space) and the ByteLevel decoder. Unlike GPT-2's file it declares no added tokens and no post-processor, so
 * its ids are exactly the BPE of the text, as {@link BpeTokenizer#encode} gives them.
 */
final class HuggingFaceGpt2 {

    private HuggingFaceGpt2() {
    }

    /** Writes {@code tokenizer.json} into {@code dir} from GPT-2's vocab.json and merges.txt, and loads it. */
    static HuggingFaceTokenizer load(Path gpt2, Path dir) throws IOException {
        ObjectNode byteLevel = JsonFiles.MAPPER.createObjectNode()
                .put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true).put("use_regex", true);
        ArrayNode merges = JsonFiles.MAPPER.createArrayNode();
        for (String line : Files.readAllLines(gpt2.resolve(BpeTokenizer.MERGES_FILE))) {
            if (!line.isEmpty() && !line.startsWith("#version")) {
                merges.add(line);
            }
        }
        ObjectNode model = JsonFiles.MAPPER.createObjectNode()
                .put("type", "BPE").putNull("dropout").putNull("unk_token")
                .put("continuing_subword_prefix", "").put("end_of_word_suffix", "")
                .put("fuse_unk", false).put("byte_fallback", false).put("ignore_merges", false);
        model.set("vocab", JsonFiles.readObject(gpt2.resolve(BpeTokenizer.VOCAB_FILE)));
        model.set("merges", merges);
        ObjectNode tokenizer = JsonFiles.MAPPER.createObjectNode().put("version", "1.0");
        tokenizer.putNull("truncation").putNull("padding").putArray("added_tokens");
        tokenizer.putNull("normalizer").set("pre_tokenizer", byteLevel);
        tokenizer.putNull("post_processor").set("decoder", byteLevel);
        tokenizer.set("model", model);
        Path file = dir.resolve("tokenizer.json");
        JsonFiles.MAPPER.writeValue(file.toFile(), tokenizer);
        return HuggingFaceTokenizer.newInstance(file, Map.of(
                "addSpecialTokens", "false", "truncation", "false", "padding", "false"));
    }
}
