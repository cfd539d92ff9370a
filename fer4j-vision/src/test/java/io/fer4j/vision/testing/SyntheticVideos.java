package io.fer4j.vision.testing;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Writes small test videos with FFmpegFrameRecorder (MPEG-4 Part 2, which JavaCV's LGPL FFmpeg encodes): a grey
 * background whose level encodes the frame number, plus white squares ("faces") that {@link SquareFaceDetector}
 * finds.
 */
public final class SyntheticVideos {
    private SyntheticVideos() {}

    /** What to draw in frame {@code frameIndex} (1-based): white squares as {x, y, side}. */
    @FunctionalInterface
    public interface Squares {
        List<int[]> at(int frameIndex);
    }

    /** Background grey level of frame k (1-based): distinct per frame so decoding order can be checked. */
    public static int background(int frameIndex) {
        return 20 + (frameIndex * 7) % 150;
    }

    public static Path write(Path file, int frames, double fps, int width, int height, Squares squares)
            throws Exception {
        return write(file, frames, fps, width, height, squares, java.util.Map.of());
    }

    /** As above, with FFmpeg muxer options (e.g. {@code movflags=faststart}: the mp4 index first). */
    public static Path write(
            Path file,
            int frames,
            double fps,
            int width,
            int height,
            Squares squares,
            java.util.Map<String, String> options)
            throws Exception {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
                OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
            options.forEach(rec::setOption);
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.setVideoQuality(2); // near-lossless q-scale: grey levels survive within a few units
            rec.setGopSize(10);
            rec.start();
            for (int k = 1; k <= frames; k++) {
                int g = background(k);
                try (Mat m = new Mat(
                        height, width, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(g, g, g, 0))) {
                    for (int[] sq : squares.at(k)) {
                        try (Rect r = new Rect(sq[0], sq[1], sq[2], sq[2]);
                                Scalar white = new Scalar(255, 255, 255, 0)) {
                            opencv_imgproc.rectangle(m, r, white, -1, opencv_imgproc.LINE_8, 0);
                        }
                    }
                    rec.record(conv.convert(m));
                }
            }
            rec.stop();
        }
        return file;
    }

    /** A video without faces. */
    public static Path write(Path file, int frames, double fps) throws Exception {
        return write(file, frames, fps, 96, 64, k -> List.of());
    }
}
