package io.fer4j.api;

import io.fer4j.vision.decode.DecodedFrame;
import io.fer4j.vision.decode.VideoSource;
import java.awt.image.BufferedImage;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** A caller's list of frames as a {@link VideoSource} (frame k at (k-1)/fps seconds). */
final class FrameListSource implements VideoSource {
    private final String id;
    private final List<BufferedImage> frames;
    private final double fps;
    private Mat current;
    private int read;

    FrameListSource(String id, List<BufferedImage> frames, double fps) {
        this.id = id;
        this.frames = frames;
        this.fps = fps;
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
        return frames.size();
    }

    @Override
    public boolean framesAreFaces() {
        return false;
    }

    @Override
    public DecodedFrame next() {
        if (read == frames.size()) {
            return null;
        }
        current = Frames.toBgr(frames.get(read), current);
        read++;
        return new DecodedFrame(read, (read - 1) / fps, current);
    }

    @Override
    public int framesRead() {
        return read;
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
