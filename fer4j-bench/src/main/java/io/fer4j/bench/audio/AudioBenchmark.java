package io.fer4j.bench.audio;

import io.fer4j.audio.AudioDecoder;
import io.fer4j.audio.AudioEmbedder;
import io.fer4j.audio.AudioEmbedderOptions;
import io.fer4j.audio.AudioEmbeddings;
import io.fer4j.audio.DecodedAudio;
import io.fer4j.audio.FrameAlignment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Audio extraction speed (issue 4): real-time factor (seconds of audio per second of wall time) of decoding +
 * wav2vec 2.0 embedding + frame alignment, and the split between decoding and the network. Defaults to the fixture
 * model {@code wav2vec2_1layer_random.onnx} on {@code video_long_av.mp4} (30 s of speech, AAC 44.1 kHz) from
 * {@code ../shared/fixtures}. Prints each run and the medians; the model load is timed separately.
 *
 * <p>Options: {@code --model FILE}, {@code --media FILE}, {@code --runs R} (3), {@code --warmup W} (1),
 * {@code --batch N} (8), {@code --threads T} (0 = ONNX Runtime's default), {@code --frames F} (900, for alignment).
 */
public final class AudioBenchmark {
    private AudioBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(System.getProperty("fer4j.shared", "../shared"));
        Path model = shared.resolve("fixtures/models/wav2vec2_1layer_random.onnx");
        Path media = shared.resolve("fixtures/media/video_long_av.mp4");
        int runs = 3;
        int warmup = 1;
        int batch = 8;
        int threads = 0;
        int frames = 900;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = Path.of(args[++i]);
                case "--media" -> media = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i]
                                    + "; known: --model FILE --media FILE --runs R --warmup W --batch N --threads T --frames F");
            }
        }
        if (!Files.isRegularFile(model) || !Files.isRegularFile(media)) {
            throw new IllegalArgumentException("missing " + model + " or " + media
                    + "; pass --model and --media, or run from the repository root with ../shared/fixtures present");
        }
        AudioEmbedderOptions options = new AudioEmbedderOptions(
                AudioEmbedderOptions.DEFAULTS.chunking(), AudioEmbedderOptions.DEFAULTS.normalize(), batch, threads);
        long l0 = System.nanoTime();
        try (AudioEmbedder embedder = AudioEmbedder.open(model, options)) {
            double loadSeconds = (System.nanoTime() - l0) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "java %s | %d cores visible | model %s (load + sha256 %.2f s) | media %s"
                            + " | batch %d | ORT threads %s%n",
                    System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(),
                    model.getFileName(),
                    loadSeconds,
                    media.getFileName(),
                    batch,
                    threads == 0 ? "default" : Integer.toString(threads));
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            double[] decode = new double[runs];
            double[] embed = new double[runs];
            double[] align = new double[runs];
            double[] rtf = new double[runs];
            double[] decodeCpu = new double[runs];
            double audioSeconds = 0;
            for (int r = -warmup; r < runs; r++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                DecodedAudio d = AudioDecoder.decode(media);
                long t1 = System.nanoTime();
                long c1 = mx.getCurrentThreadCpuTime();
                if (!(d instanceof DecodedAudio.Samples s)) {
                    throw new IllegalArgumentException(media + " has no audio track");
                }
                AudioEmbeddings e = embedder.embed(s.samples(), media);
                long t2 = System.nanoTime();
                float[] aligned = FrameAlignment.align(e, frames);
                long t3 = System.nanoTime();
                if (aligned.length == 0) {
                    throw new IllegalStateException();
                }
                audioSeconds = s.durationSeconds();
                if (r >= 0) {
                    decode[r] = (t1 - t0) / 1e9;
                    decodeCpu[r] = (c1 - c0) / 1e9;
                    embed[r] = (t2 - t1) / 1e9;
                    align[r] = (t3 - t2) / 1e9;
                    rtf[r] = audioSeconds / ((t3 - t0) / 1e9);
                    System.out.printf(
                            Locale.ROOT,
                            "run %d: %.2f s of audio → %d rows × %d | decode %.3f s (CPU %.3f s),"
                                    + " network %.3f s, align %.4f s | real-time factor %.1f×%n",
                            r + 1,
                            audioSeconds,
                            e.rows(),
                            e.dim(),
                            decode[r],
                            decodeCpu[r],
                            embed[r],
                            align[r],
                            rtf[r]);
                }
            }
            double dec = median(decode);
            double net = median(embed);
            double total = dec + net + median(align);
            System.out.printf(
                    Locale.ROOT,
                    "median over %d runs: real-time factor %.1f× (%.2f s of audio in %.3f s) |"
                            + " decode %.3f s (%.0f%%, %.0f× real time) | network %.3f s (%.0f%%, %.1f× real time)%n",
                    runs,
                    median(rtf),
                    audioSeconds,
                    total,
                    dec,
                    100 * dec / total,
                    audioSeconds / dec,
                    net,
                    100 * net / total,
                    audioSeconds / net);
        }
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
