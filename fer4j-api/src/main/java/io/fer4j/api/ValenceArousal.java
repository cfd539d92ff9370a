package io.fer4j.api;

/**
 * Valence (how positive) and arousal (how activated) of a frame or a summary, each in [−1, 1] for a trained model
 * (the centre of the circumplex is 0, 0).
 */
public record ValenceArousal(double valence, double arousal) {}
