package io.fer4j.report;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps small face thumbnails of a streamed video in bounded memory (at most {@code capacity} crops, 27 KB each at
 * 96 px), so the report can show faces at segment changes although segments are only known at the end; only the
 * ones the report shows are ever JPEG-encoded ({@link Thumbnail#jpeg()}). Keeps every {@code stride}-th offered face frame; when more
 * than {@code capacity} are held it drops every other one and doubles the stride (uniform coverage, O(capacity)
 * memory for any video length). Not thread-safe: one sampler per video, fed from one thread.
 */
public final class ThumbnailSampler {
    private final int capacity;
    private final int sizePixels;
    private int stride = 1;
    private long offered;
    private final List<Thumbnail> kept = new ArrayList<>();

    public ThumbnailSampler(int capacity, int sizePixels) {
        if (capacity < 2 || sizePixels < 8) {
            throw new IllegalArgumentException("capacity >= 2 and size >= 8 needed");
        }
        this.capacity = capacity;
        this.sizePixels = sizePixels;
    }

    /** Whether the next offered frame is kept. */
    private boolean wantsNext() {
        return offered % stride == 0;
    }

    /** Offers a face crop; it is scaled to a square thumbnail and kept or skipped per the stride. */
    public void offer(int frameIndex, double timeSeconds, BufferedImage faceCrop) {
        boolean keep = wantsNext();
        offered++;
        if (!keep || faceCrop == null) {
            return;
        }
        kept.add(Thumbnail.ofFace(frameIndex, timeSeconds, faceCrop, sizePixels));
        if (kept.size() > capacity) {
            List<Thumbnail> half = new ArrayList<>(kept.size() / 2 + 1);
            for (int i = 0; i < kept.size(); i += 2) {
                half.add(kept.get(i));
            }
            kept.clear();
            kept.addAll(half);
            stride *= 2;
        }
    }

    public List<Thumbnail> thumbnails() {
        return List.copyOf(kept);
    }

    static BufferedImage scale(BufferedImage src, int size) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, size, size, null);
        g.dispose();
        return out;
    }

    static byte[] jpeg(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            if (!javax.imageio.ImageIO.write(img, "jpg", out)) {
                throw new IllegalStateException("no JPEG writer in this JRE");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
