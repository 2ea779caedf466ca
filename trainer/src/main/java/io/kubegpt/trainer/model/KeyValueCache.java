package io.kubegpt.trainer.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Per layer, the attention keys and values of the positions computed so far, one [context, dModel] row per
 * position, and the tokens they were computed from. Position p's keys and values depend on tokens 0..p only,
 * so they stay valid for any sequence that starts with the same tokens.
 */
final class KeyValueCache {

    private final INDArray[] keys;
    private final INDArray[] values;
    private final int[] tokens;
    private int length;

    KeyValueCache(int layers, int context, int dModel, DataType dataType) {
        keys = new INDArray[layers];
        values = new INDArray[layers];
        for (int layer = 0; layer < layers; layer++) {
            keys[layer] = Nd4j.zeros(dataType, context, dModel);
            values[layer] = Nd4j.zeros(dataType, context, dModel);
        }
        tokens = new int[context];
    }

    /** How many leading positions of {@code window} are cached: the length of the common prefix. */
    int cachedPrefix(int[] window) {
        int shared = 0;
        while (shared < Math.min(length, window.length) && tokens[shared] == window[shared]) {
            shared++;
        }
        return shared;
    }

    /**
     * Takes {@code window} as the sequence from position {@code start} on: the positions before it stay, those from
     * it on are what {@link #store} fills next for every layer.
     */
    void extend(int[] window, int start) {
        System.arraycopy(window, start, tokens, start, window.length - start);
        length = window.length;
    }

    /** The keys and values [length - start, dModel] of {@code layer} for positions {@code start..length-1}. */
    void store(int layer, int start, INDArray layerKeys, INDArray layerValues) {
        keys[layer].get(NDArrayIndex.interval(start, length), NDArrayIndex.all()).assign(layerKeys);
        values[layer].get(NDArrayIndex.interval(start, length), NDArrayIndex.all()).assign(layerValues);
    }

    /** The keys [length, dModel] of {@code layer}'s positions so far: a view, no copy. */
    INDArray keys(int layer) {
        return keys[layer].get(NDArrayIndex.interval(0, length), NDArrayIndex.all());
    }

    INDArray values(int layer) {
        return values[layer].get(NDArrayIndex.interval(0, length), NDArrayIndex.all());
    }
}
