package io.kubegpt.trainer.ops.kernels;

import java.lang.reflect.Field;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's CPU executioner, except that {@link KernelOp}s run their own kernels. SameDiff's sessions hand every custom
 * op to {@code Nd4j.getExecutioner()}; ND4J has no seam for an op that is not in libnd4j, so this one takes the
 * place of the stock instance (a private static field of {@link Nd4j}) once, when the fused ops are first used.
 */
final class KernelExecutioner extends NativeOpExecutioner {

    private KernelExecutioner() {
    }

    static synchronized void install() {
        OpExecutioner current = Nd4j.getExecutioner();
        if (current instanceof KernelExecutioner) {
            return;
        }
        if (current.getClass() != NativeOpExecutioner.class) {
            throw new IllegalStateException("fused kernels need ND4J's CPU backend, found " + current.getClass().getName());
        }
        try {
            Field field = Nd4j.class.getDeclaredField("OP_EXECUTIONER_INSTANCE");
            field.setAccessible(true);
            KernelExecutioner replacement = new KernelExecutioner();
            replacement.setProfilingMode(current.getProfilingMode());
            field.set(null, replacement);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("cannot install the fused-kernel executioner in this ND4J version", e);
        }
    }

    @Override
    public INDArray[] exec(CustomOp op, OpContext context) {
        if (op instanceof KernelOp kernel) {
            kernel.execute(context.getInputArrays(), context.getOutputArrays());
            return context.getOutputArrays().toArray(INDArray[]::new);
        }
        return super.exec(op, context);
    }

    @Override
    public INDArray[] exec(CustomOp op) {
        if (op instanceof KernelOp kernel) {
            kernel.execute(op.inputArguments(), op.outputArguments());
            return op.outputArguments().toArray(INDArray[]::new);
        }
        return super.exec(op);
    }
}
