package example;

import io.fer4j.api.Fer4j;
import io.fer4j.api.VideoResult;
import io.fer4j.label.AbawClass;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Labels the repository's sample video (Happiness, Anger, Surprise, 4 s each) through fer4j's public API with the
 * embedded faceapi_expression model (no download) and checks the middle part is labelled Anger; exits non-zero
 * otherwise.
 */
public final class LabelSampleVideo {
    public static void main(String[] args) {
        Path video = Path.of(args.length > 0 ? args[0] : "samples/faces.mp4");
        try (Fer4j fer4j = Fer4j.builder().backbone("faceapi_expression").build()) {
            VideoResult result = fer4j.predict(video);
            int n = result.frames().size();
            List<AbawClass> middle = result.labels().subList(n / 3, 2 * n / 3);
            System.out.printf("%s: %d frames, dominant %s; middle third: %s%n", result.videoId(), n,
                    result.summary().dominant(), counts(middle));
            if (majority(middle) != AbawClass.ANGER) {
                throw new IllegalStateException("expected the middle third (the angry face) to be labelled Anger, "
                        + "got " + counts(middle));
            }
        }
    }

    private static Map<AbawClass, Long> counts(List<AbawClass> labels) {
        return labels.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static AbawClass majority(List<AbawClass> labels) {
        return counts(labels).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
