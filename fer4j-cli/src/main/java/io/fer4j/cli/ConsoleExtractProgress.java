package io.fer4j.cli;

import io.fer4j.vision.extract.StoreExtraction;
import io.fer4j.vision.extract.VideoInfo;
import io.fer4j.vision.extract.VideoSummary;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a store extraction on a console: on a terminal one line redrawn in place (the current video's bar and
 * the overall count, at most 5 times a second); otherwise (logs, CI) one line per finished or failed video.
 */
final class ConsoleExtractProgress implements StoreExtraction.Listener {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private int total;
    private int finished;
    private int failed;
    private VideoInfo current;
    private int frames;
    private long videoStart;
    private long lastDraw;
    private int lastWidth;

    ConsoleExtractProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void planned(int toExtract, int alreadyComplete) {
        total = toExtract;
        out.printf(
                Locale.ROOT,
                "extract: %d video(s) to extract, %d already complete (skipped)%n",
                toExtract,
                alreadyComplete);
    }

    @Override
    public void videoStarted(VideoInfo video) {
        current = video;
        frames = 0;
        videoStart = System.nanoTime();
        lastDraw = 0;
    }

    @Override
    public void frameDone(String videoId, int frameIndex) {
        frames++;
        long now = System.nanoTime();
        if (terminal && now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(now);
        }
    }

    private void draw(long now) {
        double secs = Math.max(1e-9, (now - videoStart) / 1e9);
        int declared = current == null ? -1 : current.declaredFrameCount();
        String bar;
        if (declared > 0) {
            int width = 24;
            int filled = (int) Math.min(width, (long) width * frames / declared);
            bar = "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + frames + "/" + declared;
        } else {
            bar = frames + " frames";
        }
        String line = String.format(
                Locale.ROOT,
                "video %d/%d %s %s %.1f fps",
                finished + failed + 1,
                total,
                current == null ? "" : current.id(),
                bar,
                frames / secs);
        int pad = Math.max(0, lastWidth - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastWidth = line.length();
    }

    private void clearLine() {
        if (terminal && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            lastWidth = 0;
        }
    }

    @Override
    public void videoDone(VideoSummary s) {
        finished++;
        clearLine();
        double secs = (System.nanoTime() - videoStart) / 1e9;
        out.printf(
                Locale.ROOT,
                "[%d/%d] %s: %d frames, %d with a face, %.1f s (%.1f fps)%n",
                finished + failed,
                total,
                s.id(),
                s.frameCount(),
                s.framesWithFace(),
                secs,
                s.frameCount() / Math.max(1e-9, secs));
        for (String w : s.warnings()) {
            out.printf(Locale.ROOT, "  warning: %s: %s%n", s.id(), w);
        }
    }

    @Override
    public void videoFailed(String videoId, RuntimeException error) {
        failed++;
        clearLine();
        out.printf(Locale.ROOT, "[%d/%d] FAILED %s: %s%n", finished + failed, total, videoId, error.getMessage());
    }
}
