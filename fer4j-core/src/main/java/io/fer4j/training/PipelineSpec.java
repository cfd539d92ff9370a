package io.fer4j.training;

import io.fer4j.postprocess.PostProcessingConfig;
import io.fer4j.tuning.PostProcessingGrid;
import java.util.Objects;

/**
 * Which parts of the method a prediction uses (a row of the paper's ablation, CONTRACTS §11, or a bundle's own
 * configuration): which heads, whether each applies its logit adjustment, and which of gate, smoothing and fusion
 * are on. Parts that are off are pinned (δ = 0, p0 = 1 = gate off, w = 1); parts that are on are tuned over the grid.
 * Built by name, part by part:
 * <pre>{@code
 * PipelineSpec.named("calibration + smoothing").adjustedVisualHead(head).withSmoothing().build()
 * }</pre>
 * Immutable.
 */
public final class PipelineSpec {
    private final String name;
    private final String visualHead;
    private final boolean adjustVisual;
    private final String audioHead;
    private final boolean adjustAudio;
    private final boolean gate;
    private final boolean smoothing;
    private final boolean fusion;
    private final PostProcessingConfig fixed;

    private PipelineSpec(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.visualHead = b.visualHead;
        this.adjustVisual = b.adjustVisual;
        this.audioHead = b.audioHead;
        this.adjustAudio = b.adjustAudio;
        this.gate = b.gate;
        this.smoothing = b.smoothing;
        this.fusion = b.fusion;
        this.fixed = b.fixed;
        if (visualHead == null && audioHead == null) {
            throw new IllegalArgumentException(name + ": needs a visual or an audio head");
        }
        if (fusion && (visualHead == null || audioHead == null)) {
            throw new IllegalArgumentException(name + ": fusion needs a visual and an audio head");
        }
        if (visualHead == null && gate) {
            throw new IllegalArgumentException(name + ": the gate needs the visual backbone's probabilities");
        }
    }

    /** A spec called {@code name} (the row label); add a head, then the parts that are on. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Row label. */
    public String name() {
        return name;
    }

    /** Visual head name, or null (audio only). */
    public String visualHead() {
        return visualHead;
    }

    /** Whether the visual head's logit adjustment is applied. */
    public boolean adjustVisual() {
        return adjustVisual;
    }

    /** Audio head name, or null. */
    public String audioHead() {
        return audioHead;
    }

    /** Whether the audio head's logit adjustment is applied. */
    public boolean adjustAudio() {
        return adjustAudio;
    }

    /** Confidence gate on (p0 tuned). */
    public boolean gate() {
        return gate;
    }

    /** Temporal smoothing on (δ tuned). */
    public boolean smoothing() {
        return smoothing;
    }

    /** Late fusion on (w tuned); needs both heads. */
    public boolean fusion() {
        return fusion;
    }

    /** A fixed configuration instead of tuning (e.g. the backbone-only row), or null. */
    public PostProcessingConfig fixed() {
        return fixed;
    }

    /** The grid restricted to the parts that are on. */
    public PostProcessingGrid restrict(PostProcessingGrid grid) {
        if (fixed != null) {
            return new PostProcessingGrid(
                    new int[] {fixed.deltaFrames()}, new double[] {fixed.p0()}, new double[] {fixed.visualWeight()});
        }
        return new PostProcessingGrid(
                smoothing ? grid.deltaFrames() : new int[] {0},
                gate ? grid.p0Values() : new double[] {1.0},
                fusion ? grid.visualWeights() : new double[] {1.0});
    }

    /** Whether anything is fitted on the evaluated split (logit adjustment or a grid with more than one cell). */
    public boolean tunes(PostProcessingGrid grid) {
        return adjustVisual || adjustAudio || restrict(grid).size() > 1;
    }

    /** Whether the spec needs audio head outputs. */
    public boolean usesAudio() {
        return audioHead != null;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Parts of a {@link PipelineSpec}; everything is off until named. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private String visualHead;
        private boolean adjustVisual;
        private String audioHead;
        private boolean adjustAudio;
        private boolean gate;
        private boolean smoothing;
        private boolean fusion;
        private PostProcessingConfig fixed;

        private Builder(String name) {
            this.name = name;
        }

        /** The visual head {@code head}, raw (its softmax). */
        public Builder visualHead(String head) {
            this.visualHead = Objects.requireNonNull(head, "head");
            this.adjustVisual = false;
            return this;
        }

        /** The visual head {@code head} with its logit adjustment. */
        public Builder adjustedVisualHead(String head) {
            visualHead(head);
            this.adjustVisual = true;
            return this;
        }

        /** The audio head {@code head}, raw. */
        public Builder audioHead(String head) {
            this.audioHead = Objects.requireNonNull(head, "head");
            this.adjustAudio = false;
            return this;
        }

        /** The audio head {@code head} with its logit adjustment. */
        public Builder adjustedAudioHead(String head) {
            audioHead(head);
            this.adjustAudio = true;
            return this;
        }

        /** Confidence gate on (p0 tuned). */
        public Builder withGate() {
            this.gate = true;
            return this;
        }

        /** Temporal smoothing on (δ tuned). */
        public Builder withSmoothing() {
            this.smoothing = true;
            return this;
        }

        /** Late fusion of the visual and audio heads on (w tuned). */
        public Builder withFusion() {
            this.fusion = true;
            return this;
        }

        /** This configuration instead of tuning. */
        public Builder fixed(PostProcessingConfig config) {
            this.fixed = Objects.requireNonNull(config, "config");
            return this;
        }

        public PipelineSpec build() {
            return new PipelineSpec(this);
        }
    }
}
