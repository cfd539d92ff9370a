package io.fer4j.vision.backbone;

/**
 * How to run a backbone session.
 *
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 picks {@link #defaultThreads()}
 * @param device         where to run
 * @param cudaDeviceId   GPU ordinal for {@link Device#CUDA}
 * @param spinning       whether idle intra-op threads busy-wait for work (ONNX Runtime's default) or sleep, leaving
 *                       the core to the decode/detect thread
 */
public record BackboneOptions(int intraOpThreads, Device device, int cudaDeviceId, Spinning spinning) {

    /** ONNX Runtime's {@code session.intra_op.allow_spinning}. */
    public enum Spinning {
        ON,
        OFF
    }

    public BackboneOptions(int intraOpThreads, Device device, int cudaDeviceId) {
        this(intraOpThreads, device, cudaDeviceId, Spinning.ON);
    }

    public BackboneOptions withSpinning(Spinning s) {
        return new BackboneOptions(intraOpThreads, device, cudaDeviceId, s);
    }

    public enum Device {
        CPU,
        CUDA;

        /** Parses {@code cpu}, {@code cuda} or {@code cuda:N} (the ordinal is returned by {@link #ordinal(String)}). */
        public static Device parse(String text) {
            String t = text.trim().toLowerCase(java.util.Locale.ROOT);
            if (t.equals("cpu")) {
                return CPU;
            }
            if (t.equals("cuda") || t.startsWith("cuda:")) {
                return CUDA;
            }
            throw new IllegalArgumentException("Unknown device '" + text + "'; use cpu, cuda or cuda:N");
        }

        /** GPU ordinal of {@code cuda:N}, 0 otherwise. */
        public static int ordinal(String text) {
            String t = text.trim();
            int colon = t.indexOf(':');
            if (colon < 0) {
                return 0;
            }
            try {
                return Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Bad device '" + text + "'; use cuda:N with N a GPU number");
            }
        }
    }

    public BackboneOptions {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException(
                    "the backbone's thread count (--threads) must be ≥ 0 (0 = all cores)," + " got " + intraOpThreads);
        }
        if (device == null) {
            device = Device.CPU;
        }
        if (spinning == null) {
            spinning = Spinning.ON;
        }
        if (cudaDeviceId < 0) {
            throw new IllegalArgumentException("cudaDeviceId must be >= 0, got " + cudaDeviceId);
        }
    }

    /** CPU with the default thread count. */
    public static BackboneOptions defaults() {
        return new BackboneOptions(0, Device.CPU, 0);
    }

    public static BackboneOptions cpu(int threads) {
        return new BackboneOptions(threads, Device.CPU, 0);
    }

    public BackboneOptions withThreads(int threads) {
        return new BackboneOptions(threads, device, cudaDeviceId, spinning);
    }

    /** Threads actually used: the requested count, or all available cores (inference dominates extraction). */
    public int resolvedThreads() {
        return intraOpThreads > 0 ? intraOpThreads : defaultThreads();
    }

    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
