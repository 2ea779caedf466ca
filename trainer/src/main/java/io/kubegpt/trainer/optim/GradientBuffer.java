package io.kubegpt.trainer.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every parameter's gradient in one contiguous, flat array, back to back in ascending name order. Each
 * parameter's gradient is a view into it, so a data-parallel reducer can all-reduce whole ranges of the buffer
 * (several parameters per collective call) without gathering or scattering anything.
 */
public final class GradientBuffer {

    /** One parameter's gradient: {@code length} elements from {@code offset} of the flat buffer. */
    public record Segment(String name, long offset, long length) {
    }

    private final INDArray flat;
    private final List<Segment> segments;
    private final List<INDArray> views;

    /** A zeroed buffer laid out for {@code parameters} (iterated in ascending name order); all must share one data type. */
    public GradientBuffer(SortedMap<String, INDArray> parameters) {
        DataType type = null;
        long total = 0;
        List<Segment> layout = new ArrayList<>();
        for (var entry : parameters.entrySet()) {
            INDArray parameter = entry.getValue();
            if (type != null && parameter.dataType() != type) {
                throw new IllegalArgumentException("parameters mix data types: " + entry.getKey() + " is "
                        + parameter.dataType() + ", others " + type);
            }
            type = parameter.dataType();
            layout.add(new Segment(entry.getKey(), total, parameter.length()));
            total += parameter.length();
        }
        this.flat = Nd4j.zeros(type == null ? DataType.FLOAT : type, Math.max(total, 1));
        this.segments = Collections.unmodifiableList(layout);
        List<INDArray> arrays = new ArrayList<>();
        for (var entry : parameters.entrySet()) {
            Segment segment = layout.get(arrays.size());
            long[] shape = entry.getValue().shape();
            arrays.add(Nd4j.create(flat.data(), shape, Nd4j.getStrides(shape, 'c'), segment.offset(), 'c', flat.dataType()));
        }
        this.views = Collections.unmodifiableList(arrays);
    }

    /** The whole buffer, a contiguous vector. */
    public INDArray flat() {
        return flat;
    }

    public List<Segment> segments() {
        return segments;
    }

    /** The gradient of segment {@code index}: a view into {@link #flat()}, shaped like its parameter. */
    public INDArray view(int index) {
        return views.get(index);
    }

    public long length() {
        return segments.isEmpty() ? 0 : segments.get(segments.size() - 1).offset() + segments.get(segments.size() - 1).length();
    }
}
