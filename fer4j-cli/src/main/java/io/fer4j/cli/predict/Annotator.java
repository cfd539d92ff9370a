package io.fer4j.cli.predict;

import io.fer4j.error.Fer4jException;
import io.fer4j.geometry.FaceBox;
import io.fer4j.label.AbawClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * {@code --annotate out.mp4}: draws the face box and the label on each frame (OpenCV rectangle/putText) and encodes
 * the video with FFmpegFrameRecorder. Written to a temporary sibling and renamed on {@link #finish()}, so an
 * interrupted run leaves no half video under the final name. Not thread-safe.
 */
public final class Annotator implements AutoCloseable {
    /** BGR colour per ABAW class (the report's palette). */
    private static final int[][] COLORS = {
        {140, 140, 140}, {40, 39, 214}, {75, 86, 140}, {189, 103, 148},
        {1, 183, 242}, {180, 119, 31}, {207, 190, 23}, {44, 160, 44}
    };

    private final Path target;
    private final Path temp;
    private final double fps;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private FFmpegFrameRecorder recorder;
    private boolean finished;

    public Annotator(Path target, double fps) {
        this.target = target.toAbsolutePath();
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        // keep the extension: FFmpeg picks the container from it
        this.temp = this.target.resolveSibling(
                "." + (dot > 0 ? name.substring(0, dot) : name) + ".part" + (dot > 0 ? name.substring(dot) : ".mp4"));
        this.fps = fps > 0 ? fps : 30.0;
    }

    /**
     * Refuses a target whose extension names no container FFmpeg can write MPEG-4 video into ({@code x.txt}): FFmpeg
     * would fail, or crash, only after the whole video was decoded. Checked before anything is decoded.
     */
    public static void requireMuxable(Path target) {
        String name = target.getFileName().toString();
        AVOutputFormat format = avformat.av_guess_format(null, name, null);
        if (format == null
                || format.isNull()
                || avformat.avformat_query_codec(format, avcodec.AV_CODEC_ID_MPEG4, avcodec.FF_COMPLIANCE_NORMAL)
                        != 1) {
            throw new Fer4jException(
                    target,
                    "FFmpeg cannot write an MPEG-4 video in a file with this extension; "
                            + "give --annotate a name ending in .mp4 (or .avi, .mkv, .mov)");
        }
    }

    /** Draws on {@code bgr} (modified in place) and appends it. */
    public void write(Mat bgr, FaceBox box, int label, String note) {
        try {
            if (recorder == null) {
                requireMuxable(target);
                Files.createDirectories(target.getParent());
                FFmpegFrameRecorder r = new FFmpegFrameRecorder(temp.toFile(), bgr.cols(), bgr.rows(), 0);
                r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4); // encodable by JavaCV's LGPL FFmpeg build
                r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                r.setFrameRate(fps);
                r.setVideoQuality(3);
                try {
                    r.start();
                } catch (java.io.IOException | RuntimeException e) {
                    // never call into a recorder that failed to start (stop() then crashes in av_write_frame)
                    deleteTemp();
                    throw e;
                }
                recorder = r;
            }
            draw(bgr, box, label, note);
            recorder.record(converter.convert(bgr));
        } catch (java.io.IOException e) {
            throw new Fer4jException(
                    target,
                    "cannot write the annotated video (" + e.getMessage() + "); check the path and free disk space",
                    e);
        }
    }

    static void draw(Mat bgr, FaceBox box, int label, String note) {
        int[] c = COLORS[label];
        String text = AbawClass.of(label).displayName() + (note == null ? "" : " " + note);
        double scale = Math.max(0.5, bgr.rows() / 720.0);
        int thick = Math.max(1, (int) Math.round(2 * scale));
        try (Scalar color = new Scalar(c[0], c[1], c[2], 0)) {
            int x;
            int y;
            if (box != null) {
                try (Rect r = new Rect(
                        Math.round(box.x()), Math.round(box.y()), Math.round(box.width()), Math.round(box.height()))) {
                    opencv_imgproc.rectangle(bgr, r, color, thick, opencv_imgproc.LINE_AA, 0);
                }
                x = Math.max(0, Math.round(box.x()));
                y = Math.max((int) (24 * scale), Math.round(box.y()) - (int) (8 * scale));
            } else {
                x = (int) (10 * scale);
                y = (int) (30 * scale);
                text = text + " (no face)";
            }
            try (Point p = new Point(x, y)) {
                opencv_imgproc.putText(
                        bgr,
                        text,
                        p,
                        opencv_imgproc.FONT_HERSHEY_SIMPLEX,
                        0.8 * scale,
                        color,
                        thick,
                        opencv_imgproc.LINE_AA,
                        false);
            }
        }
    }

    static String percent(float p) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * p);
    }

    /** Closes the encoder and renames the video into place. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (recorder == null) {
                return;
            }
            recorder.stop();
            recorder.release();
            recorder = null;
            Files.move(
                    temp,
                    target,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new Fer4jException(target, "cannot finish the annotated video (" + e.getMessage() + ")", e);
        }
    }

    /** Abandons the video (removes the temporary file) unless {@link #finish()} ran. */
    @Override
    public void close() {
        converter.close();
        if (!finished && recorder != null) {
            try {
                recorder.stop();
                recorder.release();
            } catch (FrameRecorder.Exception ignored) {
                // the error that got us here is what matters
            }
            recorder = null;
            deleteTemp();
        }
    }

    private void deleteTemp() {
        try {
            Files.deleteIfExists(temp);
        } catch (java.io.IOException ignored) {
            // best effort
        }
    }
}
