package io.kubegpt.trainer.optim;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Copying saved arrays into live ones by name. */
public final class NamedArrays {

    private NamedArrays() {
    }

    /** Assigns {@code saved} into {@code live}; both must hold the same names with the same shapes. */
    public static void assign(Map<String, INDArray> live, Map<String, INDArray> saved) {
        if (!live.keySet().equals(saved.keySet())) {
            throw new IllegalArgumentException("saved arrays " + saved.keySet() + " do not match " + live.keySet());
        }
        live.forEach((name, array) -> {
            INDArray value = saved.get(name);
            if (!Arrays.equals(array.shape(), value.shape())) {
                throw new IllegalArgumentException(name + ": saved shape " + Arrays.toString(value.shape())
                        + " differs from " + Arrays.toString(array.shape()));
            }
            array.assign(value);
        });
    }
}
