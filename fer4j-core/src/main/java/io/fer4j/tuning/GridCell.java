package io.fer4j.tuning;

import io.fer4j.postprocess.PostProcessingConfig;

/**
 * One row of a grid-search table: a configuration and its pooled validation scores (fractions in [0, 1]).
 */
public record GridCell(PostProcessingConfig config, double macroF1, double accuracy) {}
