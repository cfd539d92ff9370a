package io.fer4j.vision.registry;

import java.io.PrintStream;

/** A one-line text progress bar ({@code name [=====>    ] 42% 6.7/16.0 MB}), redrawn at most every 1%. */
public final class ConsoleProgressBar implements DownloadProgress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private int lastPermille = -1;
    private long lastMb = -1;
    private boolean drawn;

    public ConsoleProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    @Override
    public synchronized void update(long doneBytes, long totalBytes) {
        if (totalBytes > 0) {
            int permille = (int) (1000 * doneBytes / totalBytes);
            if (permille / 10 == lastPermille / 10 && lastPermille >= 0 && doneBytes != totalBytes) {
                return;
            }
            lastPermille = permille;
            int fill = permille * WIDTH / 1000;
            StringBuilder bar = new StringBuilder();
            for (int i = 0; i < WIDTH; i++) {
                bar.append(i < fill ? '=' : i == fill ? '>' : ' ');
            }
            out.printf("\r%s [%s] %3d%% %.1f/%.1f MB", label, bar, permille / 10, doneBytes / 1e6, totalBytes / 1e6);
        } else {
            long mb = doneBytes / 1_000_000;
            if (mb == lastMb) {
                return;
            }
            lastMb = mb;
            out.printf("\r%s %.1f MB", label, doneBytes / 1e6);
        }
        drawn = true;
        out.flush();
    }

    @Override
    public synchronized void finish() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }
}
