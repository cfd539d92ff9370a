package io.fer4j.modeltools;

import io.fer4j.label.AbawClass;
import io.fer4j.vision.backbone.Backbone;
import io.fer4j.vision.backbone.BackboneOutput;
import java.util.List;
import java.util.Locale;

/**
 * How closely one backbone reproduces another (an int8 model vs its float32 original) on the same preprocessed faces:
 * embedding cosine, raw and mean-centred (with random or near-constant features most of the energy is a common
 * vector, so the raw cosine alone flatters), and agreement of the top ABAW class after the class-space mapping.
 *
 * @param faces            faces compared
 * @param meanCosine       mean over faces of cos(e_ref, e_test)
 * @param minCosine        minimum of the same
 * @param meanCentredCosine mean of cos(e_ref − mean_ref, e_test − mean_test), each model centred on its own mean
 * @param minCentredCosine minimum of the same
 * @param top1Agreement    fraction of faces whose mapped ABAW argmax is the same
 */
public record BackboneComparison(
        int faces,
        double meanCosine,
        double minCosine,
        double meanCentredCosine,
        double minCentredCosine,
        double top1Agreement) {

    /** Runs both models on {@code inputs} (one preprocessed face each) in batches of {@code batch}. */
    public static BackboneComparison compare(Backbone reference, Backbone test, List<float[]> inputs, int batch) {
        float[][][] ref = run(reference, inputs, batch);
        float[][][] got = run(test, inputs, batch);
        int n = inputs.size();
        double[] meanRef = mean(ref[0]);
        double[] meanGot = mean(got[0]);
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double sumC = 0;
        double minC = Double.POSITIVE_INFINITY;
        int agree = 0;
        float[] abawRef = new float[AbawClass.COUNT];
        float[] abawGot = new float[AbawClass.COUNT];
        for (int i = 0; i < n; i++) {
            double c = cosine(ref[0][i], got[0][i], null, null);
            double cc = cosine(ref[0][i], got[0][i], meanRef, meanGot);
            sum += c;
            min = Math.min(min, c);
            sumC += cc;
            minC = Math.min(minC, cc);
            reference.spec().classSpace().softmaxToAbaw(ref[1][i], 0, abawRef, 0);
            test.spec().classSpace().softmaxToAbaw(got[1][i], 0, abawGot, 0);
            if (argmax(abawRef) == argmax(abawGot)) {
                agree++;
            }
        }
        return new BackboneComparison(n, sum / n, min, sumC / n, minC, (double) agree / n);
    }

    private static float[][][] run(Backbone b, List<float[]> inputs, int batch) {
        int slice = b.preprocessor().sliceLength();
        float[][] emb = new float[inputs.size()][];
        float[][] logits = new float[inputs.size()][];
        float[] buf = new float[batch * slice];
        for (int start = 0; start < inputs.size(); start += batch) {
            int count = Math.min(batch, inputs.size() - start);
            for (int i = 0; i < count; i++) {
                System.arraycopy(inputs.get(start + i), 0, buf, i * slice, slice);
            }
            BackboneOutput out = b.run(buf, count);
            for (int i = 0; i < count; i++) {
                emb[start + i] = out.embedding(i);
                logits[start + i] = out.logits(i);
            }
        }
        return new float[][][] {emb, logits};
    }

    private static double[] mean(float[][] rows) {
        double[] m = new double[rows[0].length];
        for (float[] r : rows) {
            for (int j = 0; j < m.length; j++) {
                m[j] += r[j];
            }
        }
        for (int j = 0; j < m.length; j++) {
            m[j] /= rows.length;
        }
        return m;
    }

    private static double cosine(float[] a, float[] b, double[] ma, double[] mb) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < a.length; j++) {
            double x = a[j] - (ma == null ? 0 : ma[j]);
            double y = b[j] - (mb == null ? 0 : mb[j]);
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        return na == 0 || nb == 0 ? (na == nb ? 1 : 0) : dot / Math.sqrt(na * nb);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%d faces: embedding cosine mean %.4f min %.4f, centred mean %.4f min %.4f, "
                        + "top-1 ABAW agreement %.1f%%",
                faces,
                meanCosine,
                minCosine,
                meanCentredCosine,
                minCentredCosine,
                100 * top1Agreement);
    }
}
