package io.gatehouse.policy;

import io.gatehouse.model.PolicyAction;
import io.gatehouse.route.Endpoint;
import io.gatehouse.route.Route;
import io.gatehouse.route.Upstream;
import io.gatehouse.model.AiType;
import io.gatehouse.model.ValidationStatus;
import io.gatehouse.policy.detect.DetectorSelector;
import io.gatehouse.policy.judge.Direction;
import io.gatehouse.policy.judge.Judge;
import io.gatehouse.policy.judge.JudgeAnswer;
import io.gatehouse.policy.judge.JudgeQuestion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's decisions with a scripted judge: one call per text, the cache, fail modes, asynchronous judging. */
class PolicyEngineTest {
    static final Route JUDGE = new Route(new Upstream("judge-llm", "org", "ws", "judge", AiType.OPENAI,
            Endpoint.parse("http://127.0.0.1:9/v1"), null, ValidationStatus.VALID, Map.of()), "gpt-judge");
    static final DetectorSelector SELECTOR = DetectorSelector.standard();
    static final AtomicInteger IDS = new AtomicInteger();

    /** A judge answering from a function of the question, counting calls. */
    static final class ScriptedJudge implements Judge {
        final List<JudgeQuestion> questions = new ArrayList<>();
        final LinkedList<Promise<JudgeAnswer>> held = new LinkedList<>();
        Function<JudgeQuestion, Future<JudgeAnswer>> answer = q -> Future.succeededFuture(new JudgeAnswer(List.of(), 0, 0));

        @Override
        public Future<JudgeAnswer> judge(JudgeQuestion question) {
            questions.add(question);
            return answer.apply(question);
        }
    }

    final ScriptedJudge judge = new ScriptedJudge();
    final List<PolicyEvent> recorded = new ArrayList<>();
    final PolicyEngine engine = new PolicyEngine(judge, recorded::add, Clock.systemUTC(), Duration.ofSeconds(7), 100,
            new SimpleMeterRegistry(), (outcome, nanos) -> { });

    static Policy policy(String name, String content, PolicyAction action) {
        return new Policy("p" + IDS.incrementAndGet(), "org", null, null, name, content, io.gatehouse.model.RiskType.HIGH, action, SELECTOR.select(content));
    }

    static PolicySet set(OrgPolicySettings settings, Policy... policies) {
        return new PolicySet(List.of(policies), settings);
    }

    static OrgPolicySettings judged(Boolean failOpen, boolean async) {
        return new OrgPolicySettings(JUDGE, failOpen, async, null);
    }

    static JudgeAnswer violated(Policy p, String explanation, long in, long out, String... spans) {
        return new JudgeAnswer(List.of(new JudgeAnswer.RuleVerdict(p.id(), true, explanation, List.of(spans))), in, out);
    }

    static Evaluation now(Future<Evaluation> f) {
        assertThat(f.isComplete()).as("evaluation completed at once").isTrue();
        return f.result();
    }

    @Test
    void oneJudgeCallCarriesEveryRuleTheDetectorsCannotDecide() {
        Policy competitors = policy("competitors", "Don't discuss competitors", PolicyAction.LOG);
        Policy legal = policy("legal", "Do not give legal advice", PolicyAction.BLOCK);
        Policy emails = policy("emails", "Never send e-mail addresses", PolicyAction.LOG);
        PolicySet set = set(judged(null, false), competitors, legal, emails);
        judge.answer = q -> Future.succeededFuture(violated(competitors, "mentions Acme", 120, 15));

        Evaluation e = now(engine.evaluate(set, Direction.INPUT, List.of("Is Acme better?", "mail a@example.com")));

        assertThat(judge.questions).hasSize(1);
        JudgeQuestion q = judge.questions.getFirst();
        assertThat(q.rules()).extracting(JudgeQuestion.JudgeRule::policyId).containsExactly(competitors.id(), legal.id());
        assertThat(q.direction()).isEqualTo(Direction.INPUT);
        assertThat(q.judge()).isSameAs(JUDGE);
        assertThat(q.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(q.text()).isEqualTo("Is Acme better?\n\nmail a@example.com");
        assertThat(e.violations()).extracting(v -> v.policy().name() + "/" + v.evaluator())
                .containsExactly("emails/detector", "competitors/judge");
        assertThat(e.action()).isEqualTo(PolicyAction.LOG);
        assertThat(e.judgeTokensIn()).isEqualTo(120);
        assertThat(e.judgeTokensOut()).isEqualTo(15);
    }

    @Test
    void verdictsAreCachedByRulesDirectionAndText() {
        Policy legal = policy("legal", "Do not give legal advice", PolicyAction.BLOCK);
        PolicySet set = set(new OrgPolicySettings(JUDGE, null, false, Duration.ofMillis(1500)), legal);
        judge.answer = q -> Future.succeededFuture(violated(legal, "advice", 50, 5));

        assertThat(now(engine.evaluate(set, Direction.INPUT, List.of("Can I sue?"))).blocks()).isTrue();
        Evaluation again = now(engine.evaluate(set, Direction.INPUT, List.of("Can I sue?")));
        assertThat(again.blocks()).isTrue();
        assertThat(again.judgeTokensIn()).isZero();
        assertThat(judge.questions).hasSize(1);
        assertThat(judge.questions.getFirst().timeout()).isEqualTo(Duration.ofMillis(1500));

        engine.evaluate(set, Direction.OUTPUT, List.of("Can I sue?"));
        engine.evaluate(set, Direction.INPUT, List.of("Can I sue them?"));
        engine.evaluate(set(judged(null, false), legal, policy("x", "Don't discuss competitors", PolicyAction.LOG)),
                Direction.INPUT, List.of("Can I sue?"));
        assertThat(judge.questions).hasSize(4);
    }

    @Test
    void anEditedRuleNeverReusesAVerdictCachedUnderItsOldText() {
        Policy legal = new Policy("p-fixed", "org", null, null, "advice", "Do not give legal advice",
                io.gatehouse.model.RiskType.HIGH, PolicyAction.LOG, SELECTOR.select("Do not give legal advice"));
        Policy reworded = new Policy("p-fixed", "org", null, null, "advice", "Do not give medical advice",
                io.gatehouse.model.RiskType.HIGH, PolicyAction.LOG, SELECTOR.select("Do not give medical advice"));
        Policy blocking = new Policy("p-fixed", "org", null, null, "advice", "Do not give medical advice",
                io.gatehouse.model.RiskType.HIGH, PolicyAction.BLOCK, SELECTOR.select("Do not give medical advice"));
        judge.answer = q -> Future.succeededFuture(violated(legal, "advice", 50, 5));

        now(engine.evaluate(set(judged(null, false), legal), Direction.INPUT, List.of("Should I take aspirin?")));
        now(engine.evaluate(set(judged(null, false), legal), Direction.INPUT, List.of("Should I take aspirin?")));
        assertThat(judge.questions).as("the same rules reuse the verdict").hasSize(1);

        now(engine.evaluate(set(judged(null, false), reworded), Direction.INPUT, List.of("Should I take aspirin?")));
        assertThat(judge.questions).as("same policy id, new wording").hasSize(2);
        assertThat(judge.questions.getLast().rules().getFirst().content()).isEqualTo("Do not give medical advice");
        now(engine.evaluate(set(judged(null, false), blocking), Direction.INPUT, List.of("Should I take aspirin?")));
        assertThat(judge.questions).as("same wording, new action").hasSize(3);
        Route otherJudge = new Route(JUDGE.upstream(), "gpt-other-judge");
        now(engine.evaluate(set(new OrgPolicySettings(otherJudge, null, false, null), blocking), Direction.INPUT,
                List.of("Should I take aspirin?")));
        assertThat(judge.questions).as("same rules, another judge model").hasSize(4);
        assertThat(set(judged(null, false), legal).fingerprint()).isNotEqualTo(set(judged(null, false), reworded).fingerprint());
    }

    @Test
    void theJudgeIsNotCalledWhenNoRuleNeedsItOrADetectorAlreadyBlocked() {
        PolicySet detectorsOnly = set(judged(null, false), policy("cards", "block credit card numbers", PolicyAction.BLOCK));
        assertThat(now(engine.evaluate(detectorsOnly, Direction.INPUT, List.of("hello"))).violations()).isEmpty();

        PolicySet mixed = set(judged(null, false), policy("cards", "block credit card numbers", PolicyAction.BLOCK),
                policy("legal", "Do not give legal advice", PolicyAction.LOG));
        Evaluation e = now(engine.evaluate(mixed, Direction.INPUT, List.of("card 4111 1111 1111 1111")));
        assertThat(e.blocks()).isTrue();

        Policy pii = policy("pii", "No PII such as names, addresses or phone numbers", PolicyAction.LOG);
        assertThat(pii.selection().needsJudge()).isTrue();
        Evaluation found = now(engine.evaluate(set(judged(null, false), pii), Direction.INPUT, List.of("mail a@example.com")));
        assertThat(found.violations()).singleElement().satisfies(v -> assertThat(v.evaluator()).isEqualTo("detector"));
        assertThat(judge.questions).isEmpty();
    }

    @Test
    void aFailedJudgeFailsClosedForBlockAndRedactAndOpenForLogByDefault() {
        Policy legal = policy("legal", "Do not give legal advice", PolicyAction.BLOCK);
        Policy competitors = policy("competitors", "Don't discuss competitors", PolicyAction.ALERT);
        judge.answer = q -> Future.failedFuture(new RuntimeException("judge timed out"));

        Evaluation byDefault = now(engine.evaluate(set(judged(null, false), legal, competitors), Direction.INPUT, List.of("text")));
        assertThat(byDefault.violations()).singleElement().satisfies(v -> {
            assertThat(v.policy()).isEqualTo(legal);
            assertThat(v.explanation()).isEqualTo("judge unavailable");
            assertThat(v.effect()).isEqualTo(PolicyAction.BLOCK);
        });

        assertThat(now(engine.evaluate(set(judged(true, false), legal, competitors), Direction.INPUT, List.of("text")))
                .violations()).isEmpty();
        assertThat(now(engine.evaluate(set(judged(false, false), legal, competitors), Direction.INPUT, List.of("text")))
                .violations()).hasSize(2);

        Policy mask = policy("mask names", "Mask the names of our customers", PolicyAction.REDACT);
        Evaluation redactClosed = now(engine.evaluate(set(judged(null, false), mask), Direction.INPUT, List.of("text")));
        assertThat(redactClosed.action()).isEqualTo(PolicyAction.BLOCK);
    }

    @Test
    void withoutAConfiguredJudgeItsRulesFollowTheFailMode() {
        Policy legal = policy("legal", "Do not give legal advice", PolicyAction.BLOCK);
        Evaluation e = now(engine.evaluate(set(new OrgPolicySettings(null, null, false, null), legal), Direction.INPUT,
                List.of("text")));
        assertThat(e.blocks()).isTrue();
        assertThat(judge.questions).isEmpty();
    }

    @Test
    void judgedRedactionMasksTheQuotedSpansAndTheRulesDetectorHints() {
        Policy mask = policy("mask", "Redact e-mail addresses of VIP customers and their names", PolicyAction.REDACT);
        judge.answer = q -> Future.succeededFuture(violated(mask, "VIP", 10, 2, "Ann Smith", "ann@vip.example.com"));
        Evaluation e = now(engine.evaluate(set(judged(null, false), mask), Direction.INPUT,
                List.of("Ann Smith wrote", "from ann@vip.example.com to Ann Smith")));
        assertThat(e.redacts()).isTrue();
        assertThat(e.masks().get(0)).extracting(f -> f.start() + "-" + f.end()).containsExactly("0-9");
        assertThat(e.masks().get(1)).extracting(f -> f.start() + "-" + f.end()).contains("5-24", "28-37");
        // Three places masked: the address found by the judge and the e-mail detector alike counts once.
        assertThat(e.violations()).extracting(Violation::maskedSpans).containsExactly(3);
    }

    @Test
    void asyncJudgeAnswersFirstWhenOnlyLogAndAlertRulesWait() {
        Policy competitors = policy("competitors", "Don't discuss competitors", PolicyAction.ALERT);
        Promise<JudgeAnswer> pending = Promise.promise();
        judge.answer = q -> pending.future();

        Evaluation e = now(engine.evaluate(set(judged(null, true), competitors), Direction.INPUT, List.of("Acme?")));
        assertThat(e.violations()).isEmpty();
        assertThat(e.later()).isNotNull();
        assertThat(e.later().isComplete()).isFalse();
        pending.complete(violated(competitors, "Acme", 30, 3));
        assertThat(e.later().result().violations()).extracting(v -> v.policy().name()).containsExactly("competitors");
        assertThat(e.later().result().judgeTokensIn()).isEqualTo(30);

        Policy legal = policy("legal", "Do not give legal advice", PolicyAction.BLOCK);
        Promise<JudgeAnswer> blocking = Promise.promise();
        judge.answer = q -> blocking.future();
        Future<Evaluation> waits = engine.evaluate(set(judged(null, true), competitors, legal), Direction.INPUT, List.of("x"));
        assertThat(waits.isComplete()).isFalse();
        blocking.complete(new JudgeAnswer(List.of(), 1, 1));
        assertThat(waits.result().later()).isNull();
    }

    @Test
    void theEndOfAStreamAsksTheJudgeOnlyAboutWhatItsDetectorsLeftOpen() {
        Policy pii = policy("pii", "No PII such as names, addresses or phone numbers", PolicyAction.LOG);
        Policy competitors = policy("competitors", "Don't discuss competitors", PolicyAction.ALERT);
        PolicySet set = set(judged(null, false), pii, competitors);
        judge.answer = q -> Future.succeededFuture(violated(competitors, "Acme", 40, 4));
        Evaluation detected = engine.detected(set, List.of(set.scanner().scan("mail a@example.com about Acme")));
        assertThat(detected.violations()).extracting(v -> v.policy().name()).containsExactly("pii");

        Evaluation judgedLater = now(engine.judgeOnly(set, Direction.OUTPUT, "mail a@example.com about Acme", detected));
        assertThat(judge.questions.getFirst().rules()).extracting(JudgeQuestion.JudgeRule::policyId)
                .containsExactly(competitors.id());
        assertThat(judge.questions.getFirst().direction()).isEqualTo(Direction.OUTPUT);
        assertThat(judgedLater.violations()).extracting(v -> v.policy().name()).containsExactly("competitors");
        assertThat(judgedLater.judgeTokensOut()).isEqualTo(4);
    }

    @Test
    void recordingQueuesViolationsWithAlertsForAlertAndBlockRules() {
        Policy log = policy("log", "Never send e-mail addresses", PolicyAction.LOG);
        Policy alert = policy("alert", "Never send phone numbers", PolicyAction.ALERT);
        Evaluation e = now(engine.evaluate(set(judged(null, false), log, alert), Direction.OUTPUT,
                List.of("a@example.com, +44 20 7946 0958")));
        engine.record(e, Direction.OUTPUT, new Subject("req-1", "user-1", "conv-1", "org", "ws", "repo", "app", "key", "app key", "OPENAI",
                "gpt-4o", "api.openai.com"), false);
        assertThat(recorded).hasSize(2);
        assertThat(recorded).extracting(PolicyEvent::policyName).containsExactly("log", "alert");
        assertThat(recorded.get(0).alert()).isNull();
        assertThat(recorded.get(1).alert()).isNotNull();
        assertThat(recorded.get(1).alert().direction()).isEqualTo("OUTPUT");
        assertThat(recorded).allSatisfy(r -> {
            assertThat(r.requestId()).isEqualTo("req-1");
            assertThat(r.userId()).isEqualTo("user-1");
            assertThat(r.conversationId()).isEqualTo("conv-1");
        });
        assertThat(recorded.get(1).alert().conversationId()).isEqualTo("conv-1");
        assertThat(recorded.get(1).alert().userId()).isEqualTo("user-1");
    }
}
