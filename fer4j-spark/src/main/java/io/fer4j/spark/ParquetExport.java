package io.fer4j.spark;

import io.fer4j.store.FeatureStore;
import io.fer4j.store.StoredVideo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The feature store as one Parquet table for Spark SQL users: one row per face frame with
 * {@code video, frame, embedding, logits, audio} (audio is the frame's aligned audio row, or null).
 */
public final class ParquetExport {
    public static final StructType SCHEMA = new StructType()
            .add("video", DataTypes.StringType, false)
            .add("frame", DataTypes.IntegerType, false)
            .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add("logits", DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add("audio", DataTypes.createArrayType(DataTypes.FloatType, false), true);

    private ParquetExport() {}

    /** Reads the given store videos in parallel (one task each) and writes {@code parquetUri}. */
    public static Dataset<Row> export(SparkSession spark, String storeUri, List<String> videoIds, String parquetUri) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration conf = new SerializableConfiguration(jsc.hadoopConfiguration());
        JavaRDD<Row> rows =
                jsc.parallelize(videoIds, Math.max(1, videoIds.size())).flatMap(id -> rows(storeUri, id, conf.value()));
        Dataset<Row> df = spark.createDataFrame(rows, SCHEMA);
        df.write().mode(SaveMode.Overwrite).parquet(parquetUri);
        return spark.read().parquet(parquetUri);
    }

    static Iterator<Row> rows(String storeUri, String videoId, Configuration conf) throws IOException {
        Path tmp = HadoopStaging.isLocal(storeUri) ? null : Files.createTempDirectory("fer4j-parquet-");
        try {
            Path storeDir = tmp == null ? HadoopStaging.localPath(storeUri) : tmp;
            if (tmp != null) {
                HadoopStaging.stageIn(new org.apache.hadoop.fs.Path(storeUri, videoId).toString(), tmp, conf);
            }
            StoredVideo v = FeatureStore.open(storeDir).video(videoId);
            int d = v.embeddingDim();
            int k = v.logitsDim();
            int da = v.hasAudio() ? v.audioDim() : 0;
            List<Row> out = new ArrayList<>(v.rowCount());
            int[] frames = v.frames();
            for (int r = 0; r < v.rowCount(); r++) {
                float[] e = new float[d];
                v.embeddingRow(r, e, 0);
                float[] l = new float[k];
                v.logitsRow(r, l, 0);
                float[] a = null;
                if (da > 0) {
                    a = new float[da];
                    v.audioRow(frames[r], a, 0);
                }
                out.add(RowFactory.create(videoId, frames[r], boxed(e), boxed(l), a == null ? null : boxed(a)));
            }
            return out.iterator();
        } finally {
            io.fer4j.store.AtomicFiles.deleteQuietly(tmp);
        }
    }

    private static Float[] boxed(float[] v) {
        Float[] b = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i];
        }
        return b;
    }
}
