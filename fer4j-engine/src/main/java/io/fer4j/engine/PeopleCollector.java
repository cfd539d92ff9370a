package io.fer4j.engine;

import io.fer4j.bundle.BundlePredictor;
import io.fer4j.error.Fer4jException;
import io.fer4j.geometry.FaceBox;
import io.fer4j.prediction.FramePrediction;
import io.fer4j.prediction.PersonTimeline;
import io.fer4j.prediction.PredictedVideo;
import io.fer4j.report.Thumbnail;
import io.fer4j.report.ThumbnailSampler;
import io.fer4j.vision.crop.FaceThumbnails;
import io.fer4j.vision.extract.FrameFeatures;
import io.fer4j.vision.extract.FrameResult;
import io.fer4j.vision.extract.PersonInFrame;
import io.fer4j.vision.extract.TrackedPeople;
import io.fer4j.vision.extract.VideoInfo;
import io.fer4j.vision.extract.VideoSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * People mode's counterpart of {@link VideoCollector}: keeps every tracked face's rows (16 floats per embedded face,
 * not the embeddings), and at the end, once each track's person is final, runs CONTRACTS §7 over each person's own
 * frames — fill → (fuse) → smooth → gate on the video's frame numbers, as one video is labelled — so smoothing never
 * mixes two people. Audio belongs to the whole recording: it is fused only when the video has exactly one person
 * (with several, whose voice it is is unknown; the JSON says so).
 */
final class PeopleCollector implements PredictionCollector {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PeopleCollector.class);

    private final LoadedModels models;
    private final FrameScorer scorer;
    private final ValenceArousalTrack va;
    private final Path media;
    private final String source;
    private final ThumbnailSampler thumbs =
            new ThumbnailSampler(VideoCollector.THUMBNAIL_CAPACITY, FaceThumbnails.SIZE_PIXELS);
    private final Map<Integer, TrackRows> tracks = new HashMap<>();
    private final Map<Integer, Thumbnail> trackThumbnail = new HashMap<>();
    private final Map<Integer, Float> trackThumbnailArea = new HashMap<>();
    private int[] thumbnailTrack = new int[1024]; // per frame: the track of its sampled face (0: none)
    private List<Thumbnail> mainThumbnails = List.of();
    private double[] times = new double[1024];
    private int frames;
    // per embedded face, in arrival order: head rows (8), pretrained rows (8), valence/arousal (2)
    private float[] head = new float[1024 * 8];
    private float[] pretrained = new float[1024 * 8];
    private float[] values = new float[0];
    private int faces;
    private float[] pendingEmbeddings;
    private int pendingRows;
    private int embeddingWidth;
    private PredictedVideo result;
    private Map<Integer, Thumbnail> personThumbnails = Map.of();

    /** One track's frames: its box on every frame seen, and its embedded face (or −1 under a stride). */
    private static final class TrackRows {
        int[] frameIndex = new int[64];
        FaceBox[] box = new FaceBox[64];
        int[] face = new int[64];
        int size;

        void add(int frame, FaceBox b, int faceIndex) {
            if (size == frameIndex.length) {
                frameIndex = Arrays.copyOf(frameIndex, size * 2);
                box = Arrays.copyOf(box, size * 2);
                face = Arrays.copyOf(face, size * 2);
            }
            frameIndex[size] = frame;
            box[size] = b;
            face[size] = faceIndex;
            size++;
        }
    }

    /** @param media the file to read audio from (null: no audio) */
    PeopleCollector(LoadedModels models, Path media, String source) {
        this.models = models;
        this.scorer = new FrameScorer(models.bundle(), models.classSpace());
        this.va = ValenceArousalTrack.of(models);
        this.media = media;
        this.source = source;
    }

    @Override
    public void onStart(VideoInfo video) {
        if (video.framesAreFaces()) {
            throw new Fer4jException(
                    Path.of(source),
                    "--people needs video frames to find people in; a face-image folder is one face per frame: "
                            + "use --main-person for it");
        }
    }

    @Override
    public void onFrame(FrameResult frame) {
        if (frames == times.length) {
            times = Arrays.copyOf(times, frames * 2);
        }
        times[frames++] = frame.timeSeconds();
        Map<Integer, Integer> faceOfTrack = new HashMap<>();
        for (FrameFeatures f : frame.faces()) {
            faceOfTrack.put(f.trackId(), logFace(f));
        }
        for (PersonInFrame p : frame.people()) {
            tracks.computeIfAbsent(p.trackId(), id -> new TrackRows())
                    .add(frame.frameIndex(), p.box(), faceOfTrack.getOrDefault(p.trackId(), -1));
            if (p.thumbnail() != null && p.box().area() > trackThumbnailArea.getOrDefault(p.trackId(), -1f)) {
                trackThumbnailArea.put(p.trackId(), p.box().area());
                trackThumbnail.put(
                        p.trackId(),
                        Thumbnail.ofFace(
                                frame.frameIndex(), frame.timeSeconds(), p.thumbnail(), FaceThumbnails.SIZE_PIXELS));
            }
        }
        if (frame.faceThumbnail() != null && !frame.faces().isEmpty()) {
            // the frame's thumbnail is its largest face's, which may be anyone's: kept with its track, and only the
            // main person's are shown at their timeline's segment changes
            if (frame.frameIndex() > thumbnailTrack.length) {
                thumbnailTrack = Arrays.copyOf(thumbnailTrack, Math.max(frame.frameIndex(), thumbnailTrack.length * 2));
            }
            thumbnailTrack[frame.frameIndex() - 1] = frame.faces().get(0).trackId();
            thumbs.offer(frame.frameIndex(), frame.timeSeconds(), frame.faceThumbnail());
        }
    }

    /** Logs one embedded face's rows; returns its index. */
    private int logFace(FrameFeatures f) {
        if (faces * 8 == head.length) {
            head = Arrays.copyOf(head, head.length * 2);
            pretrained = Arrays.copyOf(pretrained, pretrained.length * 2);
        }
        float[] p = scorer.pretrained(f);
        System.arraycopy(p, 0, pretrained, faces * 8, 8);
        if (scorer.headIsPretrained()) {
            System.arraycopy(p, 0, head, faces * 8, 8);
        }
        if (va.active()) {
            if (values.length < (faces + 1) * 2) {
                values = Arrays.copyOf(values, Math.max(2048, values.length * 2));
            }
            if (!va.usesHead()) {
                va.backboneValues(f, values, faces * 2);
            }
        }
        int index = faces++;
        if ((scorer.scoresFaces() && !scorer.headIsPretrained()) || va.usesHead()) {
            queueHeadRow(f.embedding());
        }
        return index;
    }

    private void queueHeadRow(float[] embedding) {
        int d = embedding.length;
        if (pendingEmbeddings == null) {
            embeddingWidth = d;
            pendingEmbeddings = new float[BundlePredictor.HEAD_BATCH_ROWS * d];
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
        int first = faces - pendingRows;
        float[] embeddings = Arrays.copyOf(pendingEmbeddings, pendingRows * embeddingWidth);
        if (scorer.scoresFaces() && !scorer.headIsPretrained()) {
            System.arraycopy(scorer.headRows(embeddings, pendingRows), 0, head, first * 8, pendingRows * 8);
        }
        if (va.usesHead()) {
            System.arraycopy(va.headValues(embeddings, pendingRows), 0, values, first * 2, pendingRows * 2);
        }
        pendingRows = 0;
    }

    @Override
    public void onEnd(VideoSummary summary) {
        flushHeadRows();
        if (frames == 0) {
            throw new Fer4jException(media, "no frames were decoded; check the video");
        }
        TrackedPeople found = summary.people();
        Map<Integer, List<TrackRows>> tracksOfPerson = new TreeMap<>();
        tracks.forEach((trackId, rows) -> {
            int person = found == null ? 0 : found.personOfTrack(trackId);
            if (person > 0) {
                tracksOfPerson.computeIfAbsent(person, p -> new ArrayList<>()).add(rows);
            }
        });
        List<String> warnings = new ArrayList<>(summary.warnings());
        float[] audio = VideoCollector.audioProbabilities(models, media, frames);
        if (models.audio() != null && audio == null) {
            warnings.add("no audio track: predicted from the face only (w = 1)");
        } else if (audio != null && tracksOfPerson.size() > 1) {
            warnings.add(String.format(
                    Locale.ROOT,
                    "audio not fused: %d people are in the video and whose voice the audio is cannot be told "
                            + "(audio fusion applies to videos with one person)",
                    tracksOfPerson.size()));
            audio = null;
        }
        peopleWarnings(found, warnings);
        List<PersonTimeline> people = new ArrayList<>();
        List<FramePrediction> main = null;
        int mainSeen = -1;
        int mainPerson = 0;
        Map<Integer, Thumbnail> faceOf = new HashMap<>();
        for (Map.Entry<Integer, List<TrackRows>> e : tracksOfPerson.entrySet()) {
            FrameLog log = personLog(e.getValue());
            List<FramePrediction> rows = VideoCollector.labelFrames(models, va, log, audio, new ArrayList<>());
            List<FramePrediction> seen = new ArrayList<>();
            for (FramePrediction r : rows) {
                if (r.hasFace()) {
                    seen.add(r);
                }
            }
            people.add(new PersonTimeline(e.getKey(), summary.fps(), seen));
            if (seen.size() > mainSeen) {
                mainSeen = seen.size();
                main = rows;
                mainPerson = e.getKey();
            }
            Thumbnail face = largestThumbnail(e.getValue());
            if (face != null) {
                faceOf.put(e.getKey(), face);
            }
        }
        if (main == null) {
            // nobody: the video's timeline as main-person mode labels a video without a face (prior or audio only)
            main = VideoCollector.labelFrames(models, va, personLog(List.of()), audio, warnings);
        }
        personThumbnails = Map.copyOf(faceOf);
        List<Thumbnail> ofMain = new ArrayList<>();
        for (Thumbnail t : thumbs.thumbnails()) {
            int track = thumbnailTrack[t.frameIndex() - 1];
            if (found != null && track > 0 && mainPerson > 0 && found.personOfTrack(track) == mainPerson) {
                ofMain.add(t);
            }
        }
        mainThumbnails = List.copyOf(ofMain);
        if (found != null) {
            LOG.debug(
                    "{}: {} people; tracking {} ms, face descriptors {} ms ({} computed) on the decode thread",
                    summary.id(),
                    people.size(),
                    found.trackingNanos() / 1_000_000,
                    found.descriptorNanos() / 1_000_000,
                    found.tracker().descriptorCalls());
        }
        result = new PredictedVideo(summary.id(), source, summary.fps(), main, warnings, people);
    }

    /** Notes on what the tracker left out: short tracks, faces beyond {@code --max-people}. */
    private static void peopleWarnings(TrackedPeople found, List<String> warnings) {
        if (found == null) {
            return;
        }
        if (found.tracker().droppedTracks() > 0) {
            warnings.add(String.format(
                    Locale.ROOT,
                    "%d short face track(s) (%d faces) dropped as spurious: seen fewer than 5 frames in a row",
                    found.tracker().droppedTracks(),
                    found.tracker().droppedFaces()));
        }
        if (found.tracker().facesOverMaxPeople() > 0) {
            warnings.add(String.format(
                    Locale.ROOT,
                    "%d face(s) not tracked: frames had more faces than --max-people (the largest were kept); "
                            + "raise --max-people to follow more people",
                    found.tracker().facesOverMaxPeople()));
        }
    }

    /** One person's timeline over all the video's frames: their box where seen, their rows where embedded. */
    private FrameLog personLog(List<TrackRows> ofPerson) {
        FaceBox[] box = new FaceBox[frames];
        int[] face = new int[frames];
        Arrays.fill(face, -1);
        for (TrackRows t : ofPerson) {
            for (int i = 0; i < t.size; i++) {
                int k = t.frameIndex[i] - 1;
                // one person has one live track per frame; should two overlap, the larger face is theirs
                if (box[k] == null || t.box[i].area() > box[k].area()) {
                    box[k] = t.box[i];
                    face[k] = t.face[i];
                }
            }
        }
        FrameLog log = new FrameLog();
        boolean rows = scorer.scoresFaces();
        float[] h = new float[8];
        float[] p = new float[8];
        for (int k = 0; k < frames; k++) {
            int f = face[k];
            if (f < 0) {
                // seen but not embedded (stride): the box is shown, the probabilities are filled
                log.add(k + 1, times[k], box[k], false, null, null);
                continue;
            }
            System.arraycopy(head, f * 8, h, 0, 8);
            System.arraycopy(pretrained, f * 8, p, 0, 8);
            log.add(k + 1, times[k], box[k], rows, h, p);
            if (va.active()) {
                log.addFaceValues(k + 1, new float[] {values[f * 2], values[f * 2 + 1]});
            }
        }
        return log;
    }

    private Thumbnail largestThumbnail(List<TrackRows> ofPerson) {
        Thumbnail best = null;
        float bestArea = -1;
        for (Map.Entry<Integer, TrackRows> e : tracks.entrySet()) {
            if (ofPerson.contains(e.getValue()) && trackThumbnail.containsKey(e.getKey())) {
                float area = trackThumbnailArea.get(e.getKey());
                if (area > bestArea) {
                    bestArea = area;
                    best = trackThumbnail.get(e.getKey());
                }
            }
        }
        return best;
    }

    @Override
    public void onAbort(RuntimeException error) {}

    @Override
    public PredictedVideo result() {
        return result;
    }

    @Override
    public List<Thumbnail> thumbnails() {
        return mainThumbnails;
    }

    @Override
    public Map<Integer, Thumbnail> personThumbnails() {
        return personThumbnails;
    }
}
