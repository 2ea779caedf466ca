package io.kubegpt.trainer.distributed;

import io.kubegpt.trainer.RankFailure;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks that every rank holds bit-identical parameters: each rank hashes its parameters (CRC32C over their
 * bytes, in name order, with each length mixed in), the ranks gather the hashes, and any disagreement is a
 * {@link RankFailure} naming which ranks hold which version.
 */
public final class ParameterHash {

    private ParameterHash() {
    }

    public static long of(SortedMap<String, INDArray> parameters) {
        CRC32C crc = new CRC32C();
        long hash = 0;
        for (INDArray parameter : parameters.values()) {
            INDArray contiguous = parameter.isView() || parameter.ordering() != 'c' ? parameter.dup('c') : parameter;
            ByteBuffer bytes = contiguous.data().asNio();
            bytes.limit((int) (contiguous.length() * contiguous.dataType().width()));
            crc.reset();
            crc.update(bytes);
            hash = hash * 0x9E3779B97F4A7C15L + crc.getValue() + contiguous.length();
        }
        return hash;
    }

    /** Throws unless every rank's parameters hash alike; returns the common hash. */
    public static long check(RankGroup group, SortedMap<String, INDArray> parameters, long step) {
        long[] hashes = group.allGather(of(parameters));
        Map<Long, List<Integer>> byHash = new TreeMap<>();
        for (int rank = 0; rank < hashes.length; rank++) {
            byHash.computeIfAbsent(hashes[rank], h -> new ArrayList<>()).add(rank);
        }
        if (byHash.size() > 1) {
            List<Integer> differing = new ArrayList<>();
            StringBuilder groups = new StringBuilder();
            for (var entry : byHash.entrySet()) {
                if (!entry.getValue().contains(0)) {
                    differing.addAll(entry.getValue());
                }
                groups.append(groups.isEmpty() ? "" : "; ").append("ranks ").append(entry.getValue())
                        .append(String.format(" hash %016x", entry.getKey()));
            }
            throw new RankFailure(differing, "parameters differ across ranks after step " + step + ": ranks "
                    + differing + " diverged from rank 0 (" + groups + ")", null);
        }
        return hashes[0];
    }
}
