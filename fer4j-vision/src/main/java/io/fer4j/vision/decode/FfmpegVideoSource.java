package io.fer4j.vision.decode;

import io.fer4j.error.Fer4jException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Any input FFmpeg decodes (file, RTSP/HTTP URL, camera device), through JavaCV's {@link FFmpegFrameGrabber}. Frames
 * are numbered by decode order (CONTRACTS §2), never by timestamps, so variable-frame-rate files number like the
 * organisers' frame dumps.
 */
public final class FfmpegVideoSource implements VideoSource {
    static {
        // FFmpeg's own warnings go to stderr unthrottled; we report failures ourselves with the file name.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /** More frames than any decoder holds back (H.264/HEVC reorder depth ≤ 16). */
    private static final int DECODER_DELAY_FRAMES = 16;

    private final String id;
    private final Path file; // null for URLs and devices
    private final String name;
    private final FFmpegFrameGrabber grabber;
    private final double fps;
    private final int declaredFrames;
    private int framesRead;
    private Mat current;
    private boolean ended;
    /** For network streams: FFmpeg's I/O timeout; a read that took this long and ended is a stall. 0 = none. */
    private long ioTimeoutNanos;
    /** framesRead when a read last hit the I/O timeout, or -1. */
    private int timedOutAtFrame = -1;

    private final java.util.List<String> warnings = new java.util.ArrayList<>();

    private FfmpegVideoSource(String id, Path file, String name, FFmpegFrameGrabber grabber) {
        this.id = id;
        this.file = file;
        this.name = name;
        this.grabber = grabber;
        try {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly();
            if (file == null) {
                throw new Fer4jException(
                        null,
                        name + ": cannot open the stream (" + message(e) + "); check the URL "
                                + "or device, and that it is sending video now",
                        e);
            }
            throw new Fer4jException(
                    file,
                    "cannot open as a video (" + message(e)
                            + "); check that it is a complete video file FFmpeg can decode",
                    e);
        }
        if (!grabber.hasVideo()) {
            closeQuietly();
            throw new Fer4jException(file, "has no video stream; pass a video file");
        }
        double rate = grabber.getFrameRate();
        this.fps = Double.isFinite(rate) && rate > 0 ? rate : 30.0;
        int declared = -1;
        if (file != null || declaresItsLength(grabber)) {
            long n = grabber.getLengthInVideoFrames();
            declared = n > 0 && n < Integer.MAX_VALUE ? (int) n : -1;
        }
        this.declaredFrames = declared;
        // An image input is a one-frame video; FFmpeg decodes a cut-off JPEG without a word, as OpenCV does in folders.
        if (file != null && FaceImageFolderSource.isTruncatedJpeg(file)) {
            warnings.add("truncated JPEG (" + file + ") decoded only as far as its data goes; replace it for exact "
                    + "labels");
        }
    }

    /**
     * Whether a stream's container states its length (an MP4/MOV served over HTTP or as {@code file:}): such a
     * stream that ends early is a truncated file, judged as a local file is. Live formats (TS, RTSP, cameras) have
     * no length, or one estimated from the bit rate, and are never judged by it.
     */
    private static boolean declaresItsLength(FFmpegFrameGrabber grabber) {
        String format = grabber.getFormat();
        return format != null && java.util.Arrays.asList(format.split(",")).contains("mp4");
    }

    /**
     * Opens a video file.
     *
     * @param decoderThreads FFmpeg decoder threads; 0 lets FFmpeg choose
     */
    public static FfmpegVideoSource open(Path file, int decoderThreads) {
        if (!Files.isRegularFile(file)) {
            throw new Fer4jException(file, "no such video file; check the --input path");
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        if (decoderThreads > 0) {
            g.setVideoOption("threads", Integer.toString(decoderThreads));
        }
        return new FfmpegVideoSource(VideoFileScanner.videoId(file), file, file.toString(), g);
    }

    /**
     * Opens a stream or device: an RTSP/HTTP URL, or a camera such as {@code /dev/video0} with format {@code v4l2}.
     *
     * @param format FFmpeg input format, or null to let FFmpeg probe
     */
    public static FfmpegVideoSource openStream(String url, String format, String id) {
        return openStream(url, format, id, java.time.Duration.ZERO);
    }

    /**
     * As {@link #openStream(String, String, String)}, with FFmpeg's open and read timeouts for network URLs
     * ({@code rw_timeout} for every protocol, {@code timeout} for tcp/http/rtsp; both in microseconds in FFmpeg 7):
     * a server that accepts and never sends fails the open, one that stops mid-stream ends {@link #next()} with an
     * error ("stalled") instead of blocking forever. Zero: no timeout (FFmpeg's default: wait).
     */
    public static FfmpegVideoSource openStream(String url, String format, String id, java.time.Duration ioTimeout) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(url);
        if (format != null) {
            g.setFormat(format);
        }
        boolean network = url.contains("://") && !url.startsWith("file:");
        long micros = ioTimeout.toNanos() / 1000;
        if (network && micros > 0) {
            g.setOption("rw_timeout", Long.toString(micros));
            g.setOption("timeout", Long.toString(micros));
        }
        FfmpegVideoSource s = new FfmpegVideoSource(id, null, url, g);
        s.ioTimeoutNanos = network ? ioTimeout.toNanos() : 0;
        return s;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public double fps() {
        return fps;
    }

    @Override
    public int declaredFrameCount() {
        return declaredFrames;
    }

    @Override
    public boolean framesAreFaces() {
        return false;
    }

    @Override
    public int framesRead() {
        return framesRead;
    }

    @Override
    public DecodedFrame next() {
        if (ended) {
            return null;
        }
        Frame frame;
        long before = System.nanoTime();
        try {
            frame = grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            if (file == null) {
                throw new Fer4jException(
                        null, name + ": the stream failed after " + framesRead + " frames (" + message(e) + ")", e);
            }
            throw new Fer4jException(
                    file,
                    "decoding failed after " + framesRead + " frames (" + message(e)
                            + "); the file is corrupt or truncated — re-encode or re-download it",
                    e);
        }
        if (ioTimeoutNanos > 0 && System.nanoTime() - before >= ioTimeoutNanos * 9 / 10) {
            timedOutAtFrame = framesRead;
        }
        if (frame == null) {
            ended = true;
            // FFmpeg reports a read timeout as the end of input, after handing out the frames still inside the
            // decoder: a timeout within that many frames of the end means the stream stalled, not that it ended
            if (timedOutAtFrame >= 0 && framesRead - timedOutAtFrame <= DECODER_DELAY_FRAMES) {
                throw new Fer4jException(
                        null,
                        String.format(
                                java.util.Locale.ROOT,
                                "%s: no data for %.1f s after "
                                        + "frame %d: the stream stalled or the server stopped sending",
                                name,
                                ioTimeoutNanos / 1e9,
                                timedOutAtFrame));
            }
            checkComplete();
            return null;
        }
        Mat bgr = wrap(frame);
        framesRead++;
        double t = frame.timestamp > 0 ? frame.timestamp / 1e6 : (framesRead - 1) / fps;
        return new DecodedFrame(framesRead, t, bgr);
    }

    // JavaCV's converter derives channels from stride/width, which is wrong for narrow frames whose rows are padded
    // (96 px wide: stride 384 → "4 channels"); the grabber's output is BGR24, so wrap it as exactly that.
    private Mat wrap(Frame frame) {
        if (current != null) {
            current.close();
        }
        java.nio.ByteBuffer buf = (java.nio.ByteBuffer) frame.image[0];
        current = new Mat(
                frame.imageHeight, frame.imageWidth, opencv_core.CV_8UC3, new BytePointer(buf), frame.imageStride);
        return current;
    }

    // A truncated file still opens when its index survived, then stops early: compare with the declared length.
    // The tolerance covers containers whose length is only estimated from duration × rate.
    private void checkComplete() {
        if (framesRead == 0) {
            throw new Fer4jException(
                    file == null ? null : file,
                    (file == null ? name + ": " : "") + "contains no decodable video frames; check the file");
        }
        if (declaredFrames > 0 && framesRead < 0.9 * declaredFrames - 1) {
            throw new Fer4jException(
                    file,
                    (file == null ? name + ": " : "") + "truncated: decoded " + framesRead + " of the " + declaredFrames
                            + " frames the container declares; re-encode or re-download it");
        }
        // short but above the 90% error line: accepted, but said (a count estimated from duration × rate may be
        // off by a frame or two, hence the slack)
        if (declaredFrames > 0 && framesRead < declaredFrames - Math.max(2, declaredFrames / 100)) {
            warnings.add("decoded " + framesRead + " of the " + declaredFrames + " frames the container declares;"
                    + " the file may be damaged near its end");
        }
    }

    @Override
    public java.util.List<String> warnings() {
        return java.util.List.copyOf(warnings);
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            grabber.close();
        } catch (Exception ignored) {
            // Closing after a failed open may throw again; the original error is what the user needs.
        }
        if (current != null) {
            current.close();
            current = null;
        }
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        // JavaCV appends hints meant for its API users, not for ours
        return FfmpegErrors.explain(m.replace(" (Has setFormat() been called?)", "")
                .replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "")
                .strip());
    }

    static {
        // Keeps FFmpeg's log lines inside Java logging only when asked; otherwise silence is the default above.
        if (Boolean.getBoolean("fer4j.ffmpeg.log")) {
            FFmpegLogCallback.set();
            avutil.av_log_set_level(avutil.AV_LOG_INFO);
        }
    }
}
