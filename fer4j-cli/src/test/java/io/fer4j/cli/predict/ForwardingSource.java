package io.fer4j.cli.predict;

import io.fer4j.vision.decode.VideoSource;

/** A stream over another source's frames, for tests that change how {@code next()} behaves (drop, stall). */
abstract class ForwardingSource implements VideoSource {
    final VideoSource inner;

    ForwardingSource(VideoSource inner) {
        this.inner = inner;
    }

    @Override
    public String id() {
        return inner.id();
    }

    @Override
    public double fps() {
        return inner.fps();
    }

    @Override
    public int declaredFrameCount() {
        return -1; // a stream
    }

    @Override
    public boolean framesAreFaces() {
        return false;
    }

    @Override
    public int framesRead() {
        return inner.framesRead();
    }

    @Override
    public void close() {
        inner.close();
    }
}
