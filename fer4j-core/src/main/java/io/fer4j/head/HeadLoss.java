package io.fer4j.head;

/** Training loss of the head (CONTRACTS §5). */
public enum HeadLoss {
    /** Cross-entropy with class weights {@code w_k = N_max / N_k} (see {@link ClassWeights}). */
    WEIGHTED_CE,
    /** Focal loss {@code −(1 − p_y)^γ · log p_y}, γ = 2 by default, class weights optional. */
    FOCAL
}
