package io.fer4j.spark;

import java.io.Serializable;

/**
 * One unit of distributed work: a video file or a face-image folder, addressed by a Hadoop filesystem URI.
 *
 * @param videoId    store id (file name without extension, or folder name; CONTRACTS §2)
 * @param uri        where the input lives (local, HDFS, S3A, …)
 * @param faceFolder whether the input is a folder of numbered face images (detection skipped)
 */
public record VideoTask(String videoId, String uri, boolean faceFolder) implements Serializable {}
