package io.kubegpt.trainer.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import io.kubegpt.api.trainer.ComputeCapability;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The GPUs this process sees (after {@code CUDA_VISIBLE_DEVICES}), asked of the NVIDIA driver itself through CUDA's
 * driver API in {@code libcuda.so.1}, which the NVIDIA container runtime mounts from the node. That library is the
 * one ND4J's CUDA backend runs on, and JNA reaches it in every build, so this needs neither JavaCPP's CUDA presets
 * (present only in the CUDA build) nor a CUDA runtime started before ND4J starts its own; asking creates no context.
 */
final class CudaDevices {

    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR} and {@code _MINOR} of {@code cuda.h}. */
    private static final int COMPUTE_CAPABILITY_MAJOR = 75;
    private static final int COMPUTE_CAPABILITY_MINOR = 76;
    private static final int SUCCESS = 0;
    private static final int NAME_BYTES = 256;

    record Gpu(String name, ComputeCapability capability) {
    }

    private CudaDevices() {
    }

    /**
     * The visible GPUs; none where there is no driver, no GPU, or the driver refuses to start: the backend then fails
     * on its own and says why.
     */
    static List<Gpu> visible() {
        Driver driver;
        try {
            driver = Native.load("libcuda.so.1", Driver.class);
        } catch (UnsatisfiedLinkError noDriver) {
            return List.of();
        }
        IntByReference count = new IntByReference();
        if (driver.cuInit(0) != SUCCESS || driver.cuDeviceGetCount(count) != SUCCESS) {
            return List.of();
        }
        List<Gpu> gpus = new ArrayList<>();
        for (int ordinal = 0; ordinal < count.getValue(); ordinal++) {
            IntByReference device = new IntByReference();
            IntByReference major = new IntByReference();
            IntByReference minor = new IntByReference();
            byte[] name = new byte[NAME_BYTES];
            if (driver.cuDeviceGet(device, ordinal) == SUCCESS
                    && driver.cuDeviceGetAttribute(major, COMPUTE_CAPABILITY_MAJOR, device.getValue()) == SUCCESS
                    && driver.cuDeviceGetAttribute(minor, COMPUTE_CAPABILITY_MINOR, device.getValue()) == SUCCESS) {
                String deviceName = driver.cuDeviceGetName(name, name.length, device.getValue()) == SUCCESS
                        ? Native.toString(name, StandardCharsets.UTF_8.name()) : "GPU " + ordinal;
                gpus.add(new Gpu(deviceName, new ComputeCapability(major.getValue(), minor.getValue())));
            }
        }
        return gpus;
    }

    /** The few entry points of CUDA's driver API used here; each returns a {@code CUresult}, 0 for success. */
    private interface Driver extends Library {
        int cuInit(int flags);

        int cuDeviceGetCount(IntByReference count);

        int cuDeviceGet(IntByReference device, int ordinal);

        int cuDeviceGetName(byte[] name, int length, int device);

        int cuDeviceGetAttribute(IntByReference value, int attribute, int device);
    }
}
