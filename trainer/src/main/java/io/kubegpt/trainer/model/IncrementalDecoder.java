package io.kubegpt.trainer.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link GPT#nextTokenLogits} in evaluation mode, computing each position once: the keys and values of the positions
 * already seen stay in a {@link KeyValueCache}, so a prompt costs one pass over its tokens and every token appended
 * after it one position.
 *
 * <p>Eager ND4J ops on the model's own weight arrays rather than a second SameDiff graph: the cache is written in
 * place into arrays allocated once and attended through views, with no graph session per step and no copy of the
 * cache into and out of placeholders. The math is GPT's graph written out a second time;
 * {@code IncrementalDecoderTest} holds it to GPT's logits.
 *
 * <p>Past the context the window slides as in {@link GPT#nextTokenLogits}: positions are learned and absolute, so
 * once the window has moved no cached position is valid and the last {@code context} tokens are computed afresh
 * for every new token (as fast as the full recompute, no faster).
 */
public final class IncrementalDecoder {

    private final int context;
    private final INDArray tokenEmbedding;
    private final INDArray positionEmbedding;
    private final List<CachedBlock> blocks;
    private final KeyValueCache cache;

    /** Cached positions outlive a change of {@code model}'s weights: decode a changed model with a new decoder. */
    public IncrementalDecoder(GPT model) {
        GPTConfig config = model.config();
        Map<String, INDArray> weights = model.parameters();
        context = config.context();
        tokenEmbedding = CachedBlock.parameter(weights, GPT.TOKEN_EMBEDDING);
        positionEmbedding = CachedBlock.parameter(weights, GPT.POSITION_EMBEDDING);
        blocks = IntStream.range(0, config.layers()).mapToObj(layer -> new CachedBlock(weights, config, layer)).toList();
        cache = new KeyValueCache(config.layers(), context, config.dModel(), model.dataType());
    }

    /** The logits for the token after {@code sequence}, from its last {@code context} tokens. */
    public float[] nextTokenLogits(int[] sequence) {
        if (sequence.length == 0) {
            throw new IllegalArgumentException("empty prompt");
        }
        int[] window = Arrays.copyOfRange(sequence, Math.max(0, sequence.length - context), sequence.length);
        // the last position is computed even when cached: its hidden state gives the logits
        int start = Math.min(cache.cachedPrefix(window), window.length - 1);
        cache.extend(window, start);
        INDArray x = tokenEmbedding.getRows(Arrays.copyOfRange(window, start, window.length))
                .addi(positionEmbedding.get(NDArrayIndex.interval(start, window.length), NDArrayIndex.all()));
        for (CachedBlock block : blocks) {
            x = block.forward(x, start, cache);
        }
        INDArray last = x.getRow(x.rows() - 1, true);
        return Nd4j.gemm(last, tokenEmbedding, false, true).castTo(DataType.FLOAT).toFloatVector();
    }
}
