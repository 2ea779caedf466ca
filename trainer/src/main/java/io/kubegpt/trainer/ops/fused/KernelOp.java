package io.kubegpt.trainer.ops.fused;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.imports.converters.ImportClassMapping;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A graph op whose forward pass is one of our fused kernels rather than a libnd4j op: {@link KernelExecutioner}
 * runs {@link #execute} where the executioner would call libnd4j. SameDiff re-creates ops by name when it builds
 * the backward graph, so each op registers a prototype under its own name.
 */
public abstract class KernelOp extends DynamicCustomOp {

    protected KernelOp() {
    }

    protected KernelOp(SameDiff sameDiff, SDVariable... inputs) {
        super(null, sameDiff, inputs, false);
        KernelExecutioner.install();
    }

    static void register(KernelOp prototype) {
        ImportClassMapping.getOpNameMapping().putIfAbsent(prototype.opName(), prototype);
    }

    /** Computes the outputs (allocated by the caller with {@link #outputShapes}'s shapes) from the inputs. */
    protected abstract void execute(List<INDArray> inputs, List<INDArray> outputs);

    /** The outputs' shapes for these inputs. */
    protected abstract List<long[]> outputShapes(List<INDArray> inputs);

    @Override
    public List<LongShapeDescriptor> calculateOutputShape(OpContext context) {
        return descriptors(context.getInputArrays());
    }

    @Override
    public List<LongShapeDescriptor> calculateOutputShape() {
        return descriptors(inputArguments());
    }

    private List<LongShapeDescriptor> descriptors(List<INDArray> inputs) {
        DataType type = inputs.get(0).dataType();
        List<LongShapeDescriptor> shapes = new ArrayList<>();
        for (long[] shape : outputShapes(inputs)) {
            shapes.add(LongShapeDescriptor.fromShape(shape, type));
        }
        return shapes;
    }

    /** Runs the op outside a graph: allocates its outputs and executes it. */
    public INDArray[] run(INDArray... inputs) {
        List<INDArray> in = List.of(inputs);
        List<INDArray> out = new ArrayList<>();
        for (long[] shape : outputShapes(in)) {
            out.add(Nd4j.create(inputs[0].dataType(), shape));
        }
        execute(in, out);
        return out.toArray(INDArray[]::new);
    }

    static int threads() {
        return Nd4j.getEnvironment().maxMasterThreads();
    }

    /** One output unless an op says otherwise. */
    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> inputTypes) {
        List<DataType> types = new ArrayList<>();
        for (int i = 0; i < getNumOutputs(); i++) {
            types.add(inputTypes.get(0));
        }
        return types;
    }

    @Override
    public Map<String, Object> propertiesForFunction() {
        return Map.of();
    }

    @Override
    public void setPropertiesForFunction(Map<String, Object> properties) {
    }

    @Override
    public long opHash() {
        throw new UnsupportedOperationException(opName() + " runs in " + KernelExecutioner.class.getSimpleName()
                + ", not in libnd4j");
    }
}
