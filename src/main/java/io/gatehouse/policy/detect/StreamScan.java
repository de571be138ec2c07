package io.gatehouse.policy.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Detectors over text that arrives in chunks (a streamed completion). Each call to {@link #feed} returns the
 * findings that became certain with that chunk, with offsets counted from the start of the stream; each
 * finding is reported once, including one whose span crosses chunk boundaries (a card number split over two
 * chunks).
 * <p>
 * How it works: the scan keeps a sliding window of the stream's tail and rescans it per chunk. Each detector
 * says from where on more text could still change its findings ({@link Detector#openFrom}); everything
 * before the earliest such position is <em>decided</em>, its findings are reported, and the window drops it
 * except for {@link Detector#LEFT_CONTEXT} characters of context. Memory is therefore bounded by the longest
 * span of the detectors in use plus the context plus one chunk: a few hundred characters for personal data,
 * up to about 8 KB while a PEM key or JWT is being streamed.
 * <p>
 * The window is read through {@link TextNormalizer} like a whole text, and its own undecided tail (a base64 run
 * that may still grow) is held back too.
 * <p>
 * Holding text back: an engine that masks or blocks before the client sees text may pass on everything before
 * {@link #releasable()} and must hold the rest. Findings never straddle that offset, so a released segment can
 * be redacted on its own with the findings reported so far.
 * <p>
 * Not thread-safe: one per stream, fed in order.
 */
public final class StreamScan<P> {
    private final PolicyScanner<P> scanner;
    private final StringBuilder window = new StringBuilder();
    /** Stream offset of the window's first character. */
    private int base;
    private int length;
    private int decided;
    /** Reported findings that end after {@link #decided}: they hold {@link #releasable()} back. */
    private final List<Finding> unfinished = new ArrayList<>();
    private boolean finished;

    StreamScan(PolicyScanner<P> scanner) {
        this.scanner = scanner;
    }

    /** Adds the next chunk; returns the findings decided by it. */
    public ScanResult<P> feed(CharSequence chunk) {
        if (finished) {
            throw new IllegalStateException("the stream has finished");
        }
        window.append(chunk);
        length += chunk.length();
        return advance(false);
    }

    /** The stream has ended: returns the findings still pending. */
    public ScanResult<P> finish() {
        if (finished) {
            return scanner.result(new ArrayList<>());
        }
        finished = true;
        return advance(true);
    }

    /** How many characters the stream has had. */
    public int length() {
        return length;
    }

    /** Offset before which every finding has been reported. */
    public int decided() {
        return decided;
    }

    /**
     * Offset before which text can be passed on: every finding in it has been reported and none reaches past it.
     * After {@link #finish()} it is the stream's length.
     */
    public int releasable() {
        int safe = decided;
        for (Finding finding : unfinished) {
            safe = Math.min(safe, finding.start());
        }
        return safe;
    }

    private ScanResult<P> advance(boolean end) {
        MappedText view = TextNormalizer.normalize(window.toString());
        ScanText text = ScanText.of(view.text(), view.isIdentity() ? decided - base : 0);
        List<Finding> found = new ArrayList<>();
        int open = end ? length : base + TextNormalizer.openFrom(window);
        // What is still open is judged on the text in stream order, not on decoded blobs appended after it.
        CharSequence inOrder = view.inOrder() == view.text() ? text : view.inOrder();
        for (Detector detector : scanner.detectors()) {
            detector.scan(text, found);
            if (!end) {
                open = Math.min(open, base + view.originalOffset(detector.openFrom(inOrder), window.length()));
            }
        }
        int previous = decided;
        decided = Math.max(decided, open);
        unfinished.removeIf(finding -> finding.end() <= decided);
        List<Finding> fresh = new ArrayList<>();
        for (Finding finding : view.toOriginal(found)) {
            Finding inStream = finding.shift(base);
            if (inStream.start() >= previous && inStream.start() < decided) {
                fresh.add(inStream);
                if (inStream.end() > decided) {
                    unfinished.add(inStream);
                }
            }
        }
        int keepFrom = Math.max(base, decided - Detector.LEFT_CONTEXT);
        window.delete(0, keepFrom - base);
        base = keepFrom;
        return scanner.result(fresh);
    }
}
