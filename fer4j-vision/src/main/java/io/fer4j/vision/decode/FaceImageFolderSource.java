package io.fer4j.vision.decode;

import io.fer4j.error.Fer4jException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A per-video folder of face images named by frame number ({@code 00001.jpg}, {@code 00001.png}, …; extensions
 * {@link #EXTENSIONS}, any case) as in Aff-Wild2's cropped and cropped_aligned sets. Each image is one frame's face;
 * its number is the frame index (CONTRACTS §2), gaps included: a missing number is a frame without a face.
 */
public final class FaceImageFolderSource implements VideoSource {
    /** Image extensions taken as frames (case-insensitive); other files in the folder are ignored. */
    public static final List<String> EXTENSIONS = List.of("jpg", "jpeg", "png", "bmp");

    static final Pattern FRAME_IMAGE =
            Pattern.compile("(\\d+)\\.(" + String.join("|", EXTENSIONS) + ")", Pattern.CASE_INSENSITIVE);

    private final Path folder;
    private final double fps;
    private final List<Path> images;
    private final int[] numbers;
    private int position;
    private Mat current;
    private int truncatedJpegs;
    private Path firstTruncated;

    private FaceImageFolderSource(Path folder, double fps, List<Path> images, int[] numbers) {
        this.folder = folder;
        this.fps = fps;
        this.images = images;
        this.numbers = numbers;
    }

    /** Opens a face-image folder; frame times are {@code (frameIndex-1)/fps}, NaN when fps is 0 (unknown). */
    public static FaceImageFolderSource open(Path folder, double fps) {
        if (!(fps >= 0)) {
            throw new IllegalArgumentException("fps must be >= 0 (0 = unknown), got " + fps);
        }
        List<Path> images = frameImages(folder);
        if (images.isEmpty()) {
            throw new Fer4jException(
                    folder,
                    "holds no frame images named like 00001.jpg or 00001.png (" + String.join(", ", EXTENSIONS)
                            + "); pass a folder of numbered face images");
        }
        int[] numbers = new int[images.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = frameNumber(images.get(i));
            if (numbers[i] < 1) {
                throw new Fer4jException(
                        images.get(i),
                        "frame number is 0 or too large; frames are numbered from 1, " + "one image each");
            }
            if (i > 0 && numbers[i] == numbers[i - 1]) {
                throw new Fer4jException(
                        images.get(i),
                        "is frame " + numbers[i] + " again (also "
                                + images.get(i - 1).getFileName() + "); keep one image per frame number");
            }
        }
        return new FaceImageFolderSource(folder, fps, images, numbers);
    }

    /**
     * A folder frame's time: {@code (frameIndex-1)/fps}, NaN when fps is 0 (unknown). Also the time of a missing
     * number (a frame without a face), so consumers filling gaps agree with the frames that are there.
     */
    public static double frameTimeSeconds(int frameIndex, double fps) {
        return fps > 0 ? (frameIndex - 1) / fps : Double.NaN;
    }

    /** Whether a file name is a frame image's: a frame number and one of {@link #EXTENSIONS}, any case. */
    public static boolean isFrameImageName(String fileName) {
        return FRAME_IMAGE.matcher(fileName).matches();
    }

    /** The folder's numbered images sorted by frame number, then name (empty when none). */
    static List<Path> frameImages(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> out = new ArrayList<>(
                    s.filter(p -> isFrameImageName(p.getFileName().toString()))
                            .filter(Files::isRegularFile)
                            .toList());
            out.sort(Comparator.comparingInt(FaceImageFolderSource::frameNumber)
                    .thenComparing(p -> p.getFileName().toString()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot list the folder", e);
        }
    }

    private static int frameNumber(Path image) {
        Matcher m = FRAME_IMAGE.matcher(image.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(image.toString());
        }
        String digits = m.group(1);
        return digits.length() > 9 ? -1 : Integer.parseInt(digits);
    }

    @Override
    public String id() {
        return folder.getFileName().toString();
    }

    @Override
    public double fps() {
        return fps;
    }

    @Override
    public int declaredFrameCount() {
        return numbers[numbers.length - 1];
    }

    @Override
    public boolean framesAreFaces() {
        return true;
    }

    @Override
    public int framesRead() {
        return position;
    }

    @Override
    public DecodedFrame next() {
        releaseCurrent();
        if (position >= images.size()) {
            return null;
        }
        Path image = images.get(position);
        Mat bgr = opencv_imgcodecs.imread(image.toString(), opencv_imgcodecs.IMREAD_COLOR);
        if (bgr == null || bgr.empty()) {
            if (bgr != null) {
                bgr.close();
            }
            throw new Fer4jException(image, "cannot be read as an image; replace or delete it");
        }
        if (isTruncatedJpeg(image)) {
            truncatedJpegs++;
            firstTruncated = firstTruncated == null ? image : firstTruncated;
        }
        current = bgr;
        int frameIndex = numbers[position++];
        return new DecodedFrame(frameIndex, frameTimeSeconds(frameIndex, fps), bgr);
    }

    @Override
    public List<String> warnings() {
        return truncatedJpegs == 0
                ? List.of()
                : List.of(truncatedJpegs + " truncated JPEG file(s) (the first: " + firstTruncated
                        + ") were decoded only as far as their data goes; replace them for exact features");
    }

    /**
     * A JPEG ends with the EOI marker FF D9; OpenCV decodes a cut-off one to a partly grey image without error. What
     * is a JPEG is read from the file (SOI marker FF D8 first), not from its name: a PNG named .jpg is not one.
     */
    static boolean isTruncatedJpeg(Path image) {
        try (java.nio.channels.SeekableByteChannel ch = java.nio.file.Files.newByteChannel(image)) {
            long size = ch.size();
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(2);
            while (head.hasRemaining() && ch.read(head) > 0) {
                // fill
            }
            if (head.position() < 2 || (head.get(0) & 0xff) != 0xFF || (head.get(1) & 0xff) != 0xD8) {
                return false;
            }
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate((int) Math.min(size, 32));
            ch.position(size - tail.capacity());
            while (tail.hasRemaining() && ch.read(tail) > 0) {
                // fill
            }
            // some encoders pad after EOI: accept FF D9 anywhere in the last bytes
            byte[] b = tail.array();
            for (int i = tail.position() - 2; i >= 0; i--) {
                if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xD9) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException e) {
            return false; // imread already read it; nothing more to say
        }
    }

    private void releaseCurrent() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public void close() {
        releaseCurrent();
    }
}
