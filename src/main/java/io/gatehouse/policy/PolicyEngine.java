package io.gatehouse.policy;

import io.gatehouse.model.PolicyAction;
import io.gatehouse.policy.detect.Finding;
import io.gatehouse.policy.detect.ScanResult;
import io.gatehouse.policy.judge.Direction;
import io.gatehouse.policy.judge.Judge;
import io.gatehouse.policy.judge.JudgeAnswer;
import io.gatehouse.policy.judge.JudgeException;
import io.gatehouse.policy.judge.JudgeQuestion;
import io.gatehouse.store.Ids;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * Evaluates a repository's policies on a prompt or a completion. Detectors decide the rules they cover, on all its
 * segments (message text, tool arguments, schemas) joined as the model reads them ({@link ModelText}), through the
 * scanner's normalised view; the rules only the judge can decide go to <em>one</em> judge call
 * per text, all of them in one question, unless a detector already blocked. Answers are cached by (policy set
 * fingerprint, direction, text hash). When the judge fails, times out or is not configured, each of its rules passes
 * or is violated ("judge unavailable") as the organization's {@code failOpen} says; a REDACT rule failing closed
 * blocks, having no spans to mask. With {@code asyncJudge} and only LOG/ALERT rules left for the judge, the verdict
 * arrives later ({@link Evaluation#later()}) and the request does not wait for it.
 * <p>
 * Recording ({@link #record}) queues violations and alerts for the batch writer; nothing here blocks.
 */
public final class PolicyEngine {
    private static final Logger log = LoggerFactory.getLogger(PolicyEngine.class);
    private static final int MAX_EXPLANATION = 4000;
    /** The kind of the placeholder masking a span the judge quoted ({@code [REDACTED_1]}). */
    static final String JUDGED_SPAN = "REDACTED";

    private final Judge judge;
    private final Consumer<PolicyEvent> events;
    private final Clock clock;
    private final Duration defaultJudgeTimeout;
    private final VerdictCache cache;
    private final Counter judgeCalls;
    private final Counter judgeFailures;
    private final Counter cacheHits;
    private final Counter failedOpen;
    private final Counter failedClosed;
    private final ObjLongConsumer<String> judgeTimes;

    /**
     * {@code judgeTimes} receives every judge call made (not cache hits): its outcome ({@code ok}, {@code error} or
     * {@code timeout}) and how long it took in nanoseconds.
     */
    public PolicyEngine(Judge judge, Consumer<PolicyEvent> events, Clock clock, Duration defaultJudgeTimeout,
                        int verdictCacheSize, MeterRegistry registry, ObjLongConsumer<String> judgeTimes) {
        this.judge = judge;
        this.judgeTimes = judgeTimes;
        this.events = events;
        this.clock = clock;
        this.defaultJudgeTimeout = defaultJudgeTimeout;
        this.cache = new VerdictCache(verdictCacheSize);
        this.judgeCalls = Counter.builder("gatehouse_policy_judge_calls").description("Judge calls made (cache misses)").register(registry);
        this.judgeFailures = Counter.builder("gatehouse_policy_judge_failures").description("Judge calls that failed or timed out, or rules without a configured judge").register(registry);
        this.cacheHits = Counter.builder("gatehouse_policy_verdict_cache_hits").description("Judge verdicts served from the cache").register(registry);
        this.failedOpen = Counter.builder("gatehouse_policy_judge_fail_mode").tag("mode", "open").description("Rules the judge could not decide, by fail mode").register(registry);
        this.failedClosed = Counter.builder("gatehouse_policy_judge_fail_mode").tag("mode", "closed").description("Rules the judge could not decide, by fail mode").register(registry);
    }

    /** {@link #evaluate(PolicySet, Direction, ModelText)} on segments that are each a message of their own. */
    public Future<Evaluation> evaluate(PolicySet set, Direction direction, List<String> segments) {
        return evaluate(set, direction, ModelText.separate(segments));
    }

    /**
     * Detectors, then (if still needed) the judge, on a text given as segments. The detectors scan the segments
     * joined as the model reads them, so a value split across parts or messages is found; each finding is then
     * handed to the segments it lies in (masks are per segment).
     */
    public Future<Evaluation> evaluate(PolicySet set, Direction direction, ModelText text) {
        if (set.isEmpty() || text.isEmpty()) {
            return Future.succeededFuture(Evaluation.NONE);
        }
        List<String> segments = text.segments();
        ScanResult<Policy> whole = set.scanner().scan(text.joined());
        List<ScanResult<Policy>> scans = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            scans.add(whole.slice(text.start(i), text.start(i) + segments.get(i).length()));
        }
        Verdicts detected = new Verdicts(segments.size());
        detected.addFindings(set, scans);
        return judgeRest(set, direction, segments, text.joined(), scans, detected, detected.violatedPolicies(), true);
    }

    /** The violations detector findings make (a stream's findings, as it scanned them). */
    public Evaluation detected(PolicySet set, List<ScanResult<Policy>> findings) {
        Verdicts detected = new Verdicts(findings.size());
        detected.addFindings(set, findings);
        return detected.evaluation(0, 0, null);
    }

    /**
     * The judge's part on a whole text whose detector findings are already known ({@code detected}): the end of a
     * stream that was scanned as it went. Only LOG/ALERT judge rules are left there (streams with BLOCK or REDACT
     * rules for the judge are buffered and use {@link #evaluate}).
     */
    public Future<Evaluation> judgeOnly(PolicySet set, Direction direction, String text, Evaluation detected) {
        Set<Policy> decided = new HashSet<>();
        detected.violations().forEach(v -> decided.add(v.policy()));
        return judgeRest(set, direction, List.of(text), text, List.of(), new Verdicts(1), decided, false);
    }

    /** Whether any of the set's rules needs the judge for BLOCK or REDACT (streams then hold the whole answer). */
    public static boolean judgeCanStop(PolicySet set) {
        return set.judgeRules().stream().anyMatch(p -> p.action().stopsContent());
    }

    /**
     * Adds the judge's verdicts on the rules not yet {@code decided} to {@code detected} (or, deferred, to the
     * evaluation's {@link Evaluation#later()}).
     */
    private Future<Evaluation> judgeRest(PolicySet set, Direction direction, List<String> segments, String text,
                                         List<ScanResult<Policy>> scans, Verdicts detected, Set<Policy> decided,
                                         boolean mayDefer) {
        if (detected.action == PolicyAction.BLOCK) {
            return Future.succeededFuture(detected.evaluation(0, 0, null));
        }
        List<Policy> rules = set.judgeRules().stream().filter(p -> !decided.contains(p)).toList();
        if (rules.isEmpty()) {
            return Future.succeededFuture(detected.evaluation(0, 0, null));
        }
        if (mayDefer && set.settings().asyncJudge() && rules.stream().noneMatch(p -> p.action().stopsContent())) {
            Future<Evaluation> later = ask(set, direction, text, rules).map(answer -> {
                Verdicts judged = new Verdicts(segments.size());
                judged.addJudged(set, rules, answer, segments, scans);
                return judged.evaluation(answer.tokensIn(), answer.tokensOut(), null);
            });
            return Future.succeededFuture(detected.evaluation(0, 0, later));
        }
        return ask(set, direction, text, rules).map(answer -> {
            detected.addJudged(set, rules, answer, segments, scans);
            return detected.evaluation(answer.tokensIn(), answer.tokensOut(), null);
        });
    }

    /**
     * The judge's answer (from the cache, or asked now), or — when it could not answer — a {@link Judged} without one
     * that still carries the tokens an unusable answer cost.
     */
    private Future<Judged> ask(PolicySet set, Direction direction, String text, List<Policy> rules) {
        OrgPolicySettings settings = set.settings();
        if (settings.judge() == null) {
            judgeFailures.increment();
            return Future.succeededFuture(Judged.NONE);
        }
        String key = VerdictCache.key(set.fingerprint(), direction, text);
        JudgeAnswer cached = cache.get(key);
        if (cached != null) {
            cacheHits.increment();
            return Future.succeededFuture(new Judged(cached, 0, 0));
        }
        List<JudgeQuestion.JudgeRule> asked = rules.stream()
                .map(p -> new JudgeQuestion.JudgeRule(p.id(), p.content())).toList();
        Duration timeout = settings.judgeTimeout() == null ? defaultJudgeTimeout : settings.judgeTimeout();
        judgeCalls.increment();
        long started = System.nanoTime();
        Future<JudgeAnswer> call;
        try {
            call = judge.judge(new JudgeQuestion(settings.judge(), timeout, direction, text, asked));
        } catch (RuntimeException e) {
            call = Future.failedFuture(e);
        }
        return call.map(answer -> {
            judgeTimes.accept("ok", System.nanoTime() - started);
            cache.put(key, answer);
            return new Judged(answer, answer.tokensIn(), answer.tokensOut());
        }).otherwise(failure -> {
            judgeTimes.accept(failure instanceof JudgeException j && j.timeout() ? "timeout" : "error", System.nanoTime() - started);
            judgeFailures.increment();
            log.debug("Policy judge failed: {}", failure.toString());
            return failure instanceof JudgeException spent ? new Judged(null, spent.tokensIn(), spent.tokensOut()) : Judged.NONE;
        });
    }

    /**
     * A judge answer ({@code null} when the judge failed) and the tokens this request paid for it: none when served
     * from the cache, those of an unusable answer when the judge failed after answering.
     */
    private record Judged(JudgeAnswer answer, long tokensIn, long tokensOut) {
        static final Judged NONE = new Judged(null, 0, 0);
    }

    /**
     * Queues an evaluation's violations (and alerts) for the store. {@code refused}: the request, or the rest of its
     * stream, was refused — stored as each violation's {@code block}.
     */
    public void record(Evaluation evaluation, Direction direction, Subject subject, boolean refused) {
        Instant now = clock.instant();
        for (Violation v : evaluation.violations()) {
            Policy p = v.policy();
            String explanation = truncate(v.explanation());
            PolicyAlert alert = v.effect().alerts()
                    ? new PolicyAlert(Ids.newId(), p.orgId(), subject.workspaceId(), p.id(), p.name(), now, explanation,
                    subject.requestId(), subject.userId(), subject.conversationId(), subject.repoId(), subject.repoName(), subject.keyId(), subject.keyName(),
                    subject.llmType(), subject.llmModel(), subject.host(), direction.name(), p.action().code())
                    : null;
            events.accept(new PolicyEvent(Ids.newId(), p.orgId(), subject.workspaceId(), p.id(), p.name(), now,
                    explanation, subject.requestId(), subject.userId(), subject.conversationId(), subject.repoId(), subject.repoName(), subject.keyId(),
                    subject.keyName(), p.risk().name(), refused, p.action().code(), subject.llmType(), subject.llmModel(),
                    subject.host(), direction.name(), v.evaluator(), v.maskedSpans(), alert));
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_EXPLANATION ? s : s.substring(0, MAX_EXPLANATION);
    }

    /** Collects the violations of one evaluation, the strongest effect and the spans to mask. */
    private final class Verdicts {
        final List<Violation> violations = new ArrayList<>();
        final List<List<Finding>> masks = new ArrayList<>();
        PolicyAction action;

        Verdicts(int segments) {
            for (int i = 0; i < segments; i++) {
                masks.add(new ArrayList<>());
            }
        }

        Set<Policy> violatedPolicies() {
            Set<Policy> policies = new HashSet<>();
            violations.forEach(v -> policies.add(v.policy()));
            return policies;
        }

        void add(Violation v) {
            violations.add(v);
            action = PolicyAction.strongest(action, v.effect());
        }

        void addFindings(PolicySet set, List<ScanResult<Policy>> scans) {
            for (Policy p : set.policies()) {
                if (!p.selection().findingsAreViolations()) {
                    continue;
                }
                Set<String> found = new LinkedHashSet<>();
                int masked = 0;
                for (int i = 0; i < scans.size(); i++) {
                    List<Finding> own = scans.get(i).findingsFor(p);
                    own.forEach(f -> found.add(f.description()));
                    if (p.action() == PolicyAction.REDACT) {
                        masks.get(i).addAll(own);
                        masked += distinctSpans(own);
                    }
                }
                if (!found.isEmpty()) {
                    add(new Violation(p, "Detected: " + String.join(", ", found), Violation.DETECTOR, p.action(), masked));
                }
            }
        }

        void addJudged(PolicySet set, List<Policy> rules, Judged judged, List<String> segments,
                       List<ScanResult<Policy>> scans) {
            if (judged.answer() == null) {
                for (Policy p : rules) {
                    if (set.settings().failsOpen(p.action())) {
                        failedOpen.increment();
                    } else {
                        failedClosed.increment();
                        add(new Violation(p, Violation.JUDGE_UNAVAILABLE, Violation.JUDGE,
                                p.action() == PolicyAction.REDACT ? PolicyAction.BLOCK : p.action(), 0));
                    }
                }
                return;
            }
            Map<String, Policy> byId = new java.util.HashMap<>();
            rules.forEach(p -> byId.put(p.id(), p));
            for (JudgeAnswer.RuleVerdict verdict : judged.answer().verdicts()) {
                Policy p = byId.remove(verdict.policyId());
                if (p == null || !verdict.violated()) {
                    continue;
                }
                int masked = 0;
                if (p.action() == PolicyAction.REDACT) {
                    for (int i = 0; i < segments.size(); i++) {
                        List<Finding> spans = new ArrayList<>(locate(segments.get(i), verdict.spans()));
                        if (i < scans.size()) {
                            spans.addAll(scans.get(i).findingsFor(p));
                        }
                        masks.get(i).addAll(spans);
                        masked += distinctSpans(spans);
                    }
                }
                add(new Violation(p, verdict.explanation(), Violation.JUDGE, p.action(), masked));
            }
        }

        Evaluation evaluation(long judgeIn, long judgeOut, Future<Evaluation> later) {
            return new Evaluation(List.copyOf(violations), action,
                    masks.stream().map(List::copyOf).toList(), judgeIn, judgeOut, later);
        }
    }

    /** How many places of a segment these findings mask: a span both a detector and the judge found counts once. */
    private static int distinctSpans(List<Finding> findings) {
        return (int) findings.stream().map(f -> f.start() + "-" + f.end()).distinct().count();
    }

    /** Every occurrence of the judge's quoted spans in a segment. */
    private static List<Finding> locate(String segment, List<String> spans) {
        List<Finding> found = new ArrayList<>();
        for (String span : spans) {
            if (span == null || span.isBlank()) {
                continue;
            }
            for (int at = segment.indexOf(span); at >= 0; at = segment.indexOf(span, at + span.length())) {
                found.add(new Finding(at, at + span.length(), JUDGED_SPAN, "span quoted by the judge"));
            }
        }
        return found;
    }
}
