package io.kubegpt.trainer.ops.fused;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's executioner, except that {@link KernelOp}s run their own kernels. SameDiff's sessions hand every custom op
 * to {@code Nd4j.getExecutioner()}, and ND4J has no seam for an op that is not in libnd4j; so a proxy that forwards
 * every other call to the stock executioner takes its place (a private static field of {@link Nd4j}) once, when
 * the first fused op is built. A proxy rather than a subclass keeps the CPU backend's classes out of the build of
 * the GPU image. Nothing in ND4J or SameDiff casts the executioner to its class.
 */
final class KernelExecutioner implements InvocationHandler {

    private static boolean installed;

    private final OpExecutioner delegate;

    private KernelExecutioner(OpExecutioner delegate) {
        this.delegate = delegate;
    }

    static synchronized boolean installed() {
        return installed;
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        OpExecutioner current = Nd4j.getExecutioner();
        Object proxy = Proxy.newProxyInstance(OpExecutioner.class.getClassLoader(), new Class<?>[] {OpExecutioner.class},
                new KernelExecutioner(current));
        try {
            Field field = Nd4j.class.getDeclaredField("OP_EXECUTIONER_INSTANCE");
            field.setAccessible(true);
            field.set(null, proxy);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("cannot install the fused-kernel executioner in this ND4J version", e);
        }
        installed = true;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (args != null && args.length > 0 && args[0] instanceof KernelOp kernel && method.getName().equals("exec")) {
            if (args.length == 2 && args[1] instanceof OpContext context) {
                return run(kernel, context.getInputArrays(), context.getOutputArrays());
            }
            if (args.length == 1) {
                return run(kernel, kernel.inputArguments(), kernel.outputArguments());
            }
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static INDArray[] run(KernelOp kernel, List<INDArray> inputs, List<INDArray> outputs) {
        kernel.execute(inputs, outputs);
        return outputs.toArray(INDArray[]::new);
    }
}
