package io.fer4j.engine;

import io.fer4j.audio.AudioDecoder;
import io.fer4j.audio.AudioEmbeddings;
import io.fer4j.audio.DecodedAudio;
import io.fer4j.audio.FrameAlignment;
import io.fer4j.bundle.BundlePredictor;
import io.fer4j.postprocess.VideoInputs;
import io.fer4j.postprocess.VideoPostProcessor;
import io.fer4j.postprocess.VideoPrediction;
import io.fer4j.prediction.FramePrediction;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.report.ThumbnailSampler;
import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoreVideoWriter;
import io.fer4j.store.VideoMeta;
import io.fer4j.vision.crop.FaceThumbnails;
import io.fer4j.vision.decode.FaceImageFolderSource;
import io.fer4j.vision.extract.FrameFeatures;
import io.fer4j.vision.extract.FrameResult;
import io.fer4j.vision.extract.VideoInfo;
import io.fer4j.vision.extract.VideoSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Receives one video's frames from extraction, keeps only what post-processing and the reports need (per-frame
 * rows, boxes, sampled thumbnails; optionally tees the features into a store for {@code --keep-features}), and at
 * the end runs CONTRACTS §7 over the whole video (centred smoothing needs it) into a {@link PredictedVideo}.
 */
public final class VideoCollector implements PredictionCollector {
    public static final int THUMBNAIL_CAPACITY = 256;

    private final LoadedModels models;
    private final FrameScorer scorer;
    private final ValenceArousalTrack va;
    private final Path media;
    private final String source;
    private final FeatureStore keepStore;
    private final FrameLog log = new FrameLog();
    private final ThumbnailSampler thumbs = new ThumbnailSampler(THUMBNAIL_CAPACITY, FaceThumbnails.SIZE_PIXELS);
    /** Embeddings of face frames whose head rows are not computed yet (row-major, D wide). */
    private float[] pendingEmbeddings;

    private int pendingRows;
    private int embeddingWidth;
    private StoreVideoWriter features;
    private VideoInfo info;
    private PredictedVideo result;

    /**
     * @param media     the file to read audio from (null: no audio)
     * @param keepStore store to tee features into ({@code --keep-features}), or null
     */
    public VideoCollector(LoadedModels models, Path media, String source, FeatureStore keepStore) {
        this.models = models;
        this.scorer = new FrameScorer(models.bundle(), models.classSpace());
        this.va = ValenceArousalTrack.of(models);
        this.media = media;
        this.source = source;
        this.keepStore = keepStore;
    }

    @Override
    public void onStart(VideoInfo video) {
        if (video.framesAreFaces()) {
            // before any row is kept: a sparse folder's numbering would otherwise fill memory at the end
            FrameNumberBound.requireWithin(Path.of(source), video.declaredFrameCount());
        }
        info = video;
    }

    @Override
    public void onFrame(FrameResult frame) {
        if (info.framesAreFaces()) {
            // a face-image folder's missing numbers are frames without a face (as extract stores them)
            for (int k = log.frameCount() + 1; k < frame.frameIndex(); k++) {
                log.add(k, FaceImageFolderSource.frameTimeSeconds(k, info.fps()), null, false, null, null);
            }
        }
        FrameFeatures f = frame.mainFace();
        if (f == null) {
            log.add(frame.frameIndex(), frame.timeSeconds(), null, false, null, null);
            return;
        }
        float[] pretrained = scorer.pretrained(f);
        boolean row = scorer.scoresFaces();
        log.add(
                frame.frameIndex(),
                frame.timeSeconds(),
                f.box(),
                row,
                scorer.headIsPretrained() ? pretrained : null,
                pretrained);
        if (va.active()) {
            float[] values = null;
            if (!va.usesHead()) {
                values = new float[ValenceArousalTrack.COLUMNS];
                va.backboneValues(f, values, 0);
            }
            log.addFaceValues(frame.frameIndex(), values);
        }
        if (expressionHeadRows() || va.usesHead()) {
            queueHeadRow(f.embedding());
        }
        thumbs.offer(frame.frameIndex(), frame.timeSeconds(), frame.faceThumbnail());
        if (keepStore != null) {
            if (features == null) {
                features = keepStore.beginVideo(info.id(), f.embedding().length, f.logits().length, false);
            }
            features.appendFrame(f.frameIndex(), f.embedding(), 0, f.logits(), 0);
        }
    }

    @Override
    public void onEnd(VideoSummary summary) {
        flushHeadRows();
        int frames = log.frameCount();
        if (frames == 0) {
            throw new io.fer4j.error.Fer4jException(media, "no frames were decoded; check the video");
        }
        float[] audio = audioProbabilities(frames);
        List<String> warnings = new ArrayList<>(summary.warnings());
        if (models.audio() != null && audio == null) {
            warnings.add("no audio track: predicted from the face only (w = 1)");
        }
        List<FramePrediction> rows = labelFrames(models, va, log, audio, warnings);
        result = new PredictedVideo(summary.id(), source, summary.fps(), rows, warnings);
        if (keepStore != null) {
            if (features == null) {
                features = keepStore.beginVideo(
                        info.id(),
                        Math.max(1, models.embedder().embeddingDim()),
                        models.embedder().outputCount(),
                        false);
            }
            features.commit(new VideoMeta(
                    summary.fps(),
                    frames,
                    models.embedder().name(),
                    models.embedder().sha256() == null ? "" : models.embedder().sha256(),
                    Math.max(1, models.embedder().embeddingDim()),
                    keepFeaturesMetaKeys(models)));
            features = null;
        }
    }

    /**
     * CONTRACTS §7 over one logged timeline (a video, or one person of it): fill → fuse → smooth → gate, plus the
     * valence/arousal track; the warnings a reader needs are added to {@code warnings}.
     *
     * @param audio the audio head's probabilities aligned to the frames, or null (w = 1)
     */
    static List<FramePrediction> labelFrames(
            LoadedModels models, ValenceArousalTrack va, FrameLog log, float[] audio, List<String> warnings) {
        int frames = log.frameCount();
        // without audio rows VideoPostProcessor skips fusion: w = 1 needs no config of its own
        VideoPostProcessor processor = new VideoPostProcessor(models.config(), models.prior());
        VideoInputs in = new VideoInputs(
                frames, log.faceFrames(), log.headRows(), log.faceCount() == 0 ? null : log.pretrainedRows(), audio);
        VideoPrediction p = processor.process(in);
        if (p.source() == VideoPrediction.Source.NO_FACE_PRIOR) {
            warnings.add("no face found in any frame: every frame gets the "
                    + (models.backboneOnly() ? "uniform prior's label (Neutral)" : "head's prior label")
                    + "; check the detector (--detector) or the video");
        } else if (p.source() == VideoPrediction.Source.NO_FACE_AUDIO_ONLY) {
            warnings.add("no face found in any frame: labels come from the audio only");
        }
        int[] labels = p.labels();
        float[] valenceArousal = va.active() ? va.video(frames, log.valueFaceFrames(), log.faceValues()) : null;
        List<FramePrediction> rows = new ArrayList<>(frames);
        for (int i = 1; i <= frames; i++) {
            rows.add(new FramePrediction(
                    i,
                    log.time(i),
                    log.box(i),
                    labels[i - 1],
                    p.probabilities().frame(i),
                    valenceArousal == null ? Float.NaN : valenceArousal[(i - 1) * 2],
                    valenceArousal == null ? Float.NaN : valenceArousal[(i - 1) * 2 + 1]));
        }
        return rows;
    }

    /** Whether face frames go through the bundle's expression head here (not backbone-only, not audio-only). */
    private boolean expressionHeadRows() {
        return scorer.scoresFaces() && !scorer.headIsPretrained();
    }

    /**
     * Queues one face's embedding for the heads (expression and/or VA). Rows go through the heads in batches of
     * {@link BundlePredictor#HEAD_BATCH_ROWS} counted from the video's first face, exactly the batches
     * {@link BundlePredictor#predict} and {@link io.fer4j.va.VaVideoOutputs} make on the same video's store, so all
     * give bit-identical rows.
     */
    private void queueHeadRow(float[] embedding) {
        int d = embedding.length;
        if (pendingEmbeddings == null) {
            embeddingWidth = d;
            pendingEmbeddings = new float[256 * d];
        } else if ((pendingRows + 1) * d > pendingEmbeddings.length) {
            pendingEmbeddings = java.util.Arrays.copyOf(
                    pendingEmbeddings, Math.min(BundlePredictor.HEAD_BATCH_ROWS, pendingRows * 2) * d);
        }
        System.arraycopy(embedding, 0, pendingEmbeddings, pendingRows * d, d);
        pendingRows++;
        if (pendingRows == BundlePredictor.HEAD_BATCH_ROWS) {
            flushHeadRows();
        }
    }

    private void flushHeadRows() {
        if (pendingRows == 0) {
            return;
        }
        int d = embeddingWidth;
        float[] embeddings = java.util.Arrays.copyOf(pendingEmbeddings, pendingRows * d);
        if (expressionHeadRows()) {
            log.setHeadRows(log.faceCount() - pendingRows, scorer.headRows(embeddings, pendingRows), pendingRows);
        }
        if (va.usesHead()) {
            log.setFaceValues(log.valueFaceCount() - pendingRows, va.headValues(embeddings, pendingRows), pendingRows);
        }
        pendingRows = 0;
    }

    /** The bundle's audio-head probabilities aligned to the frames (CONTRACTS §9), or null without audio. */
    private float[] audioProbabilities(int frames) {
        return audioProbabilities(models, media, frames);
    }

    static float[] audioProbabilities(LoadedModels models, Path media, int frames) {
        if (models.audio() == null || media == null) {
            return null;
        }
        DecodedAudio decoded = AudioDecoder.decode(media);
        if (!(decoded instanceof DecodedAudio.Samples s)) {
            return null;
        }
        AudioEmbeddings emb = models.audio().embed(s.samples(), media);
        float[] rows = FrameAlignment.align(emb, frames);
        return BundlePredictor.headProbabilities(models.bundle().audioHead(), rows, frames, true);
    }

    @Override
    public void onAbort(RuntimeException error) {
        if (features != null) {
            features.abort();
            features = null;
        }
    }

    @Override
    public PredictedVideo result() {
        return result;
    }

    @Override
    public List<io.fer4j.report.Thumbnail> thumbnails() {
        return thumbs.thumbnails();
    }

    /** meta.json's extra keys in a fixed order: {@code Map.of} iterates in a per-JVM random order. */
    private static Map<String, Object> keepFeaturesMetaKeys(LoadedModels models) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put(VideoMeta.CLASS_SPACE_KEY, models.classSpace().name());
        keys.put("written_by", "fer4j predict --keep-features");
        return keys;
    }
}
