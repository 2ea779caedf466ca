package io.kubegpt.trainer.session;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training session's memory: buffers kept by exact type and shape and handed out again, op after op and
 * iteration after iteration.
 *
 * <p>Every training iteration allocates the same arrays (about 660 and 680 MB per step at the benchmark shape).
 * SameDiff's own cache matches sizes loosely, with a byte limit and an LRU; there most allocations missed and
 * about 125 MB per step was left to the garbage collector, which frees native memory late, and glibc kept the
 * pages. Here an iteration after the first allocates nothing. SameDiff releases an array once no later op reads
 * it; the iteration's own outputs (the gradients) come back at {@link #endIteration()}, and keep their values until
 * the next iteration takes them. Arrays of shapes an iteration did not use (a smaller last batch) are freed then.
 *
 * <p>Each time a buffer is handed out it is wrapped in a new array object. SameDiff's session remembers the id of
 * every array it has released and never releases that id again (a guard against releasing one array twice); an
 * array object handed out a second time would stay with the session to the end of the iteration, and the pool
 * would allocate afresh for every op after it. A fresh object per use lets each use be released, and a late
 * second release of an earlier use names an id the pool no longer has out, which it ignores.
 */
public final class ArrayPool extends AbstractMemoryMgr {

    private record Key(DataType dataType, char order, String shape) {

        static Key of(DataType dataType, char order, long[] shape) {
            return new Key(dataType, order, Arrays.toString(shape));
        }
    }

    /** {@code buffer} owns the memory; the session holds a wrapper of it. */
    private record HandedOut(Key key, INDArray buffer) {
    }

    private final Map<Key, Deque<INDArray>> free = new HashMap<>();
    private final Map<Long, HandedOut> handedOut = new HashMap<>();
    private final Set<Key> usedThisIteration = new HashSet<>();

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return take(Key.of(dataType, 'c', shape), shape);
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) {
            return Nd4j.create(descriptor);
        }
        return take(Key.of(descriptor.dataType(), descriptor.getOrder(), descriptor.getShape()), descriptor.getShape());
    }

    @Override
    public void release(INDArray array) {
        HandedOut taken = handedOut.remove(array.getId());
        if (taken != null) {
            keep(taken);
        }
    }

    /** Call after an iteration, when nothing reads its arrays any more. */
    public void endIteration() {
        handedOut.values().forEach(this::keep);
        handedOut.clear();
        for (Iterator<Map.Entry<Key, Deque<INDArray>>> it = free.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Deque<INDArray>> entry = it.next();
            if (!usedThisIteration.contains(entry.getKey())) {
                entry.getValue().forEach(INDArray::close);
                it.remove();
            }
        }
        usedThisIteration.clear();
    }

    /** How many buffers the pool holds, free and handed out. */
    int buffers() {
        return free.values().stream().mapToInt(Deque::size).sum() + handedOut.size();
    }

    @Override
    public void close() {
        free.values().forEach(arrays -> arrays.forEach(INDArray::close));
        free.clear();
        handedOut.clear();
    }

    private void keep(HandedOut taken) {
        free.computeIfAbsent(taken.key(), k -> new ArrayDeque<>()).push(taken.buffer());
    }

    private INDArray take(Key key, long[] shape) {
        usedThisIteration.add(key);
        Deque<INDArray> buffers = free.get(key);
        INDArray buffer = buffers == null || buffers.isEmpty()
                ? Nd4j.createUninitializedDetached(key.dataType(), key.order(), shape)
                : buffers.pop();
        INDArray use = Nd4j.create(buffer.data(), buffer.shape(), buffer.stride(), 0, buffer.ordering(),
                buffer.dataType());
        handedOut.put(use.getId(), new HandedOut(key, buffer));
        return use;
    }
}
