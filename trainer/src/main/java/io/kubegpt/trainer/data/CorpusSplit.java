package io.kubegpt.trainer.data;

import io.kubegpt.trainer.InvalidInputException;
import java.io.IOException;

/**
 * Where the validation part of a corpus starts: the tail holding about {@code fraction} of its bytes, cut at the
 * paragraph start (after a blank line) nearest that point, so no paragraph is split between training and
 * validation. A corpus without blank lines near the point is cut at a line start; one without line breaks at the
 * exact byte (never inside a UTF-8 character). Only the {@value #WINDOW} bytes either side of the point are read.
 */
final class CorpusSplit {

    static final String FIELD = "spec.data.validationFraction";
    /** The largest fraction the custom resource's schema allows. */
    static final double MAX_FRACTION = 0.5;
    private static final int WINDOW = 1 << 20;

    private CorpusSplit() {
    }

    static long validationStart(CorpusStream corpus, double fraction) throws IOException {
        if (!(fraction > 0 && fraction <= MAX_FRACTION)) {
            throw new InvalidInputException(FIELD,
                    "validation fraction " + fraction + " is not in (0, " + MAX_FRACTION + "]");
        }
        if (corpus.size() == 0) {
            return 0;
        }
        long target = Math.round(corpus.size() * (1 - fraction));
        long windowStart = Math.max(0, target - WINDOW);
        byte[] window = corpus.read(windowStart, 2 * WINDOW);
        int within = (int) (target - windowStart);
        int cut = nearestBoundary(window, within, 2);
        if (cut < 0) {
            cut = nearestBoundary(window, within, 1);
        }
        if (cut < 0) {
            cut = CorpusStream.characterStart(window, Math.min(within, window.length - 1));
        }
        return windowStart + cut;
    }

    /**
     * The index just after the run of line breaks (at least {@code breaks} long) nearest {@code target}, or -1 when
     * there is none before the end of {@code bytes}.
     */
    private static int nearestBoundary(byte[] bytes, int target, int breaks) {
        int best = -1;
        for (int at = indexOfRun(bytes, breaks, 0); at >= 0; at = indexOfRun(bytes, breaks, at + 1)) {
            int start = at + breaks;
            while (start < bytes.length && bytes[start] == '\n') {
                start++;
            }
            if (start >= bytes.length) {
                break;
            }
            if (best < 0 || Math.abs(start - target) < Math.abs(best - target)) {
                best = start;
            }
            if (start > target) {
                break;
            }
            at = start - 1;
        }
        return best;
    }

    private static int indexOfRun(byte[] bytes, int breaks, int from) {
        for (int i = from; i + breaks <= bytes.length; i++) {
            boolean run = true;
            for (int k = 0; k < breaks && run; k++) {
                run = bytes[i + k] == '\n';
            }
            if (run) {
                return i;
            }
        }
        return -1;
    }
}
