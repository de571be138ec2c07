package io.gatehouse.gateway;

import io.gatehouse.model.PolicyAction;
import io.gatehouse.policy.Evaluation;
import io.gatehouse.policy.Policy;
import io.gatehouse.policy.PolicyEngine;
import io.gatehouse.policy.PolicySet;
import io.gatehouse.policy.detect.Finding;
import io.gatehouse.policy.detect.Redactor;
import io.gatehouse.policy.detect.ScanResult;
import io.gatehouse.policy.detect.StreamScan;
import io.gatehouse.policy.judge.Direction;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.SseParser;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Output policies on a streamed answer, between the stream translator and the client (SSE frames in the client's
 * format). Three modes, chosen from the repository's rules:
 * <ul>
 * <li><b>watch</b> (only LOG/ALERT rules): frames pass at once; detectors scan each channel's text as a sliding
 *     window ({@link StreamScan}); the judge, if a rule needs it, gets the whole text after the stream ended.</li>
 * <li><b>hold</b> (detector rules that BLOCK or REDACT): text is passed on only up to what the detectors have
 *     decided ({@link StreamScan#releasable()}), masked where a REDACT rule found something; a BLOCK finding, even one
 *     split across chunks, ends the stream with an SSE error event (no {@code [DONE]}). Only text that could still
 *     become a finding waits (for e-mail addresses the last word or spelled-out chain, for numbers the trailing
 *     digits; most other detectors their longest span); text that cannot goes out with its own frame.</li>
 * <li><b>buffer</b> (a BLOCK or REDACT rule needs the judge): the whole answer is held, judged at the end like a
 *     non-streaming one, then sent (masked) or replaced by the error event. The client sees no text until the
 *     provider finished and the judge answered.</li>
 * </ul>
 * Event-loop confined, one per streamed exchange.
 */
final class StreamGuard {
    private enum Mode { WATCH, HOLD, BUFFER }

    private final PolicyEnforcement enforcement;
    private final Exchange ex;
    private final PolicySet set;
    private final PolicyEngine engine;
    private final StreamShape shape;
    private final Mode mode;
    private final boolean keepText;
    private final SseParser parser = new SseParser();
    private final JsonOut out = new JsonOut(512);
    private final Map<Integer, Channel> channels = new LinkedHashMap<>();
    private final List<ScanResult<Policy>> findings = new ArrayList<>();
    private final List<StreamShape.Frame> buffered = new ArrayList<>();
    private final List<byte[]> bufferedRaw = new ArrayList<>();
    private final Redactor redactor = new Redactor();
    private boolean blocked;
    private boolean finished;

    /** One choice's (or content block's) text as it streams. */
    private final class Channel {
        final int index;
        final StreamScan<Policy> scan = set.scanner().stream();
        final StringBuilder held = new StringBuilder();
        final StringBuilder whole = new StringBuilder();
        final List<Finding> masks = new ArrayList<>();
        /** Stream offset of {@link #held}'s first character: everything before it was passed on. */
        int released;
        /** The channel's latest text frame, the model for frames the guard writes itself. */
        StreamShape.Frame template;
        boolean ended;

        Channel(int index) {
            this.index = index;
        }
    }

    StreamGuard(PolicyEnforcement enforcement, Exchange ex, PolicySet set) {
        this.enforcement = enforcement;
        this.ex = ex;
        this.set = set;
        this.engine = enforcement.engine();
        this.shape = StreamShape.of(ex.dialect());
        boolean detectorsStop = set.policies().stream()
                .anyMatch(p -> p.selection().findingsAreViolations() && p.action().stopsContent());
        this.mode = PolicyEngine.judgeCanStop(set) ? Mode.BUFFER : detectorsStop ? Mode.HOLD : Mode.WATCH;
        this.keepText = mode == Mode.BUFFER || !set.judgeRules().isEmpty();
    }

    /** Whether a BLOCK rule ended the stream (the error event was written). */
    boolean blocked() {
        return blocked;
    }

    /** Client-format bytes from the translator in, what the client may see now out. */
    byte[] feed(byte[] bytes) {
        if (!blocked && !finished && bytes.length > 0) {
            parser.feed(bytes, 0, bytes.length, this::frame);
        }
        return out.take();
    }

    private void frame(String event, byte[] frame, int length) {
        if (blocked) {
            return;
        }
        byte[] data = Arrays.copyOf(frame, length);
        StreamShape.Frame f = shape.read(data);
        if (mode == Mode.BUFFER) {
            if (f.text() != null) {
                channel(f).whole.append(f.text());
            }
            buffered.add(f);
            bufferedRaw.add(StreamShape.sse(event, data));
            return;
        }
        switch (f.kind()) {
            case TEXT -> {
                Channel c = channel(f);
                c.template = f;
                String released = text(c, f.text());
                if (released != null) {
                    // Text released as it came (nothing held back, nothing masked) goes in the frame's own bytes.
                    out.raw(mode == Mode.HOLD && !released.equals(f.text()) ? shape.replaceText(f, released)
                            : StreamShape.sse(event, data));
                }
            }
            case END -> {
                boolean hadText = f.text() != null && !f.text().isEmpty();
                if (hadText) {
                    Channel c = channel(f);
                    c.template = f;
                    String released = text(c, f.text());
                    if (released == null) {
                        return;
                    }
                    if (!released.isEmpty()) {
                        out.raw(shape.textFrame(c.template.json(), c.index, released));
                    }
                }
                if (endChannels(f.choice())) {
                    out.raw(hadText && mode == Mode.HOLD ? shape.withoutText(f) : StreamShape.sse(event, data));
                }
            }
            case TERMINAL -> {
                if (endChannels(null)) {
                    out.raw(StreamShape.sse(event, data));
                }
            }
            case OTHER -> out.raw(StreamShape.sse(event, data));
        }
    }

    private Channel channel(StreamShape.Frame f) {
        return channels.computeIfAbsent(f.channel(), Channel::new);
    }

    /**
     * Scans a piece of a channel's text; returns what may go to the client now (in hold mode the newly released text,
     * masked; otherwise nothing is held and the frame goes as it is), or {@code null} when a BLOCK rule ended the stream.
     */
    private String text(Channel c, String text) {
        if (keepText) {
            c.whole.append(text);
        }
        if (mode == Mode.HOLD) {
            c.held.append(text);
        }
        return decided(c, c.scan.feed(text)) ? release(c) : null;
    }

    /** Ends the channels of one choice ({@code null}: all), sending what they still held; false when it blocked. */
    private boolean endChannels(Integer choice) {
        for (Channel c : channels.values()) {
            if (c.ended || (choice != null && StreamShape.choiceOf(c.index) != choice)) {
                continue;
            }
            c.ended = true;
            if (!decided(c, c.scan.finish())) {
                return false;
            }
            String rest = release(c);
            if (!rest.isEmpty()) {
                out.raw(shape.textFrame(c.template.json(), c.index, rest));
            }
        }
        return true;
    }

    /** Takes in newly decided findings: a BLOCK rule's ends the stream, a REDACT rule's is masked when released. */
    private boolean decided(Channel c, ScanResult<Policy> result) {
        if (result.isEmpty()) {
            return true;
        }
        findings.add(result);
        for (Map.Entry<Policy, List<Finding>> e : result.byPolicy().entrySet()) {
            Policy p = e.getKey();
            if (!p.selection().findingsAreViolations()) {
                continue;
            }
            if (p.action() == PolicyAction.BLOCK) {
                block(engine.detected(set, findings));
                return false;
            }
            if (p.action() == PolicyAction.REDACT) {
                c.masks.addAll(e.getValue());
            }
        }
        return true;
    }

    /** In hold mode, the text now safe to pass on (masked), taken off the held text; otherwise empty. */
    private String release(Channel c) {
        int upTo = c.scan.releasable();
        if (mode != Mode.HOLD || upTo <= c.released) {
            return "";
        }
        String piece = c.held.substring(0, upTo - c.released);
        c.held.delete(0, upTo - c.released);
        String masked = redactor.redact(piece, c.released, c.masks);
        c.released = upTo;
        return masked;
    }

    private void block(Evaluation evaluation) {
        blocked = true;
        out.raw(ex.dialect().streamErrorFrame(PolicyEnforcement.blocked(evaluation, Direction.OUTPUT)));
        enforcement.settle(ex, evaluation, Direction.OUTPUT, true);
    }

    /**
     * The stream ended: releases what is still held (or, buffered, judges the whole answer and sends it or the error
     * event), records the violations, and leaves the judge's part on LOG/ALERT rules to run after the client is done.
     */
    Future<byte[]> finish() {
        if (finished || blocked) {
            finished = true;
            return Future.succeededFuture(out.take());
        }
        finished = true;
        if (mode == Mode.BUFFER) {
            return judgeBuffered();
        }
        if (!endChannels(null)) {
            return Future.succeededFuture(out.take());
        }
        Evaluation detected = engine.detected(set, findings);
        enforcement.settle(ex, detected, Direction.OUTPUT, false);
        if (!set.judgeRules().isEmpty() && !channels.isEmpty()) {
            String text = String.join("\n\n", channels.values().stream().map(c -> c.whole.toString()).toList());
            ex.awaitPolicyWork(engine.judgeOnly(set, Direction.OUTPUT, text, detected)
                    .onSuccess(judged -> enforcement.settle(ex, judged, Direction.OUTPUT, false)));
        }
        return Future.succeededFuture(out.take());
    }

    private Future<byte[]> judgeBuffered() {
        List<Channel> order = new ArrayList<>(channels.values());
        List<String> texts = order.stream().map(c -> c.whole.toString()).toList();
        return engine.evaluate(set, Direction.OUTPUT, texts).map(evaluation -> {
            if (evaluation.blocks()) {
                block(evaluation);
                return out.take();
            }
            enforcement.settle(ex, evaluation, Direction.OUTPUT, false);
            Map<Integer, String> masked = new LinkedHashMap<>();
            for (int i = 0; i < order.size(); i++) {
                String text = texts.get(i);
                masked.put(order.get(i).index, evaluation.redacts() ? redactor.redact(text, evaluation.masks().get(i)) : text);
            }
            for (int i = 0; i < buffered.size(); i++) {
                StreamShape.Frame f = buffered.get(i);
                boolean carriesText = f.kind() == StreamShape.Kind.TEXT
                        || (f.kind() == StreamShape.Kind.END && f.text() != null && !f.text().isEmpty());
                if (!carriesText) {
                    out.raw(bufferedRaw.get(i));
                    continue;
                }
                String text = masked.remove(f.channel());
                if (f.kind() == StreamShape.Kind.TEXT) {
                    if (text != null) {
                        out.raw(shape.replaceText(f, text));
                    }
                    continue;
                }
                if (text != null) {
                    out.raw(shape.textFrame(f.json(), f.channel(), text));
                }
                out.raw(shape.withoutText(f));
            }
            return out.take();
        });
    }
}
