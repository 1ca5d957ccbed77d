package dev.kgraph.gateway.api;

import static dev.kgraph.gateway.api.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

class RunRequestParserTests {

    private static RunCreateRequest parse(String body) {
        return RunRequestParser.parse(json(body));
    }

    /** Parses {@code {'assistant_id':'echo', <field>}} and returns the problems it is rejected with. */
    private static List<String> problemsOf(String fields) {
        InvalidRequestException failure = catchThrowableOfType(InvalidRequestException.class,
                () -> parse("{'assistant_id':'echo'," + fields + "}"));
        assertThat(failure).as("expected %s to be rejected", fields).isNotNull();
        return failure.problems();
    }

    @Nested
    class MinimalBody {

        @Test
        void onlyAssistantIdGivesThePythonServerDefaults() {
            RunCreateRequest request = parse("{'assistant_id':'echo'}");

            assertThat(request.assistantId()).isEqualTo("echo");
            assertThat(request.hasInput()).isFalse();
            assertThat(request.effectiveStreamModes()).containsExactly(StreamMode.VALUES);
            assertThat(request.effectiveStreamSubgraphs()).isFalse();
            assertThat(request.effectiveStreamResumable()).isFalse();
            assertThat(request.effectiveMultitaskStrategy()).isEqualTo(MultitaskStrategy.ENQUEUE);
            assertThat(request.effectiveIfNotExists()).isEqualTo(IfNotExists.REJECT);
            assertThat(request.effectiveOnDisconnect()).isEqualTo(OnDisconnect.CONTINUE);
            assertThat(request.effectiveOnCompletion()).isEqualTo(OnCompletion.DELETE);
            assertThat(request.effectiveDurability()).isEqualTo(DurabilityOption.ASYNC);
            assertThat(request.effectiveDelay()).isEqualTo(Duration.ZERO);
            assertThat(request.effectiveCheckpoint()).isEmpty();
            assertThat(request.effectiveFeedbackKeys()).isEmpty();
        }

        @Test
        void assistantIdMayBeAUuidOrAGraphName() {
            UUID id = UUID.fromString("046b5dc7-0000-5000-8000-000000000001");

            assertThat(parse("{'assistant_id':'" + id + "'}").assistantUuid()).contains(id);
            assertThat(parse("{'assistant_id':'counter'}").assistantUuid()).isEmpty();
        }

        @Test
        void unknownFieldsAndSdkOnlyFieldsAreIgnored() {
            RunCreateRequest request = parse("{'assistant_id':'echo','stream':true,'langsmith_tracer':{'x':1},"
                    + "'something_new':[1,2]}");

            assertThat(request).isEqualTo(RunCreateRequest.of("echo"));
        }

        @Test
        void explicitNullsOfOptionalFieldsMeanNotSet() {
            RunCreateRequest request = parse("{'assistant_id':'echo','metadata':null,'config':null,'webhook':null,"
                    + "'multitask_strategy':null,'after_seconds':null,'stream_mode':null,'command':null}");

            assertThat(request).isEqualTo(RunCreateRequest.of("echo"));
        }
    }

    @Nested
    class WholeBody {

        @ParameterizedTest
        @ValueSource(strings = {"[]", "'echo'", "42", "null", "true"})
        void aBodyThatIsNotAnObjectIsRejected(String body) {
            assertThatThrownBy(() -> RunRequestParser.parse(json(body)))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
                        assertThat(e.getMessage()).isEqualTo("body: must be a JSON object");
                    });
        }

        @Test
        void noBodyAtAllIsRejected() {
            assertThatThrownBy(() -> RunRequestParser.parse(null)).isInstanceOf(InvalidRequestException.class);
        }

        @Test
        void everyBadFieldIsReportedTogetherInBodyOrder() {
            InvalidRequestException failure = catchThrowableOfType(InvalidRequestException.class,
                    () -> parse("{'assistant_id':'echo','after_seconds':-1,'multitask_strategy':'foo'}"));

            assertThat(failure.getMessage()).isEqualTo("after_seconds: must be a non-negative number; "
                    + "multitask_strategy: must be one of reject, enqueue, interrupt, rollback");
        }

        @Test
        void nestedAndTopLevelProblemsAreAllNamed() {
            InvalidRequestException failure = catchThrowableOfType(InvalidRequestException.class,
                    () -> parse("{'config':{'recursion_limit':0,'tags':'x'},'webhook':5,"
                            + "'command':{'goto':5},'stream_mode':'bogus'}"));

            assertThat(failure.problems()).containsExactly(
                    "config.tags: must be a list of strings",
                    "config.recursion_limit: must be an integer greater than 0",
                    "webhook: must be a string",
                    "command.goto: must be a node name, a {node, input} object, or a list of these",
                    "stream_mode: must be one of values, messages, messages-tuple, updates, events, tasks, "
                            + "checkpoints, debug, custom, tools, or a list of them",
                    "assistant_id: is required");
        }
    }

    @Nested
    class AssistantId {

        @Test
        void missingOrNullIsRequired() {
            assertThat(catchThrowableOfType(InvalidRequestException.class, () -> parse("{}")).problems())
                    .containsExactly("assistant_id: is required");
            assertThat(catchThrowableOfType(InvalidRequestException.class, () -> parse("{'assistant_id':null}"))
                    .problems()).containsExactly("assistant_id: is required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"123", "''", "'  '", "['echo']", "{}"})
        void mustBeANonEmptyString(String value) {
            assertThatThrownBy(() -> parse("{'assistant_id':" + value + "}"))
                    .hasMessage("assistant_id: must be a non-empty string (an assistant UUID or a graph name)");
        }
    }

    @Nested
    class Input {

        @Test
        void absentAndNullAreDistinguished() {
            assertThat(parse("{'assistant_id':'echo'}").input()).isNull();
            RunCreateRequest explicitNull = parse("{'assistant_id':'echo','input':null}");

            assertThat(explicitNull.hasInput()).isTrue();
            assertThat(explicitNull.input()).isEqualTo(NullNode.getInstance());
        }

        @ParameterizedTest
        @ValueSource(strings = {"{'messages':[{'role':'user','content':'hi'}]}", "'hello'", "[1,2]", "7", "false"})
        void anyJsonIsAcceptedAsIs(String input) {
            assertThat(parse("{'assistant_id':'echo','input':" + input + "}").input()).isEqualTo(json(input));
        }
    }

    @Nested
    class Command {

        @Test
        void resumeMayBeAnyValueIncludingNull() {
            RunCommand withValue = parse("{'assistant_id':'hitl','command':{'resume':{'a':[1]}}}").command();
            RunCommand withNull = parse("{'assistant_id':'hitl','command':{'resume':null}}").command();

            assertThat(withValue.resume()).isEqualTo(json("{'a':[1]}"));
            assertThat(withNull.hasResume()).isTrue();
            assertThat(parse("{'assistant_id':'hitl','command':{'resume':null}}").resumes()).isFalse();
            assertThat(parse("{'assistant_id':'hitl','command':{'resume':'x'}}").resumes()).isTrue();
        }

        @Test
        void updateAsObjectAndAsPairsGiveTheSameWrites() {
            RunCommand asObject = parse("{'assistant_id':'c','command':{'update':{'count':7,'log':['t']}}}").command();
            RunCommand asPairs = parse("{'assistant_id':'c','command':{'update':[['count',7],['log',['t']]]}}")
                    .command();

            assertThat(asObject.update()).containsExactly(new StateUpdate("count", json("7")),
                    new StateUpdate("log", json("['t']")));
            assertThat(asPairs.update()).isEqualTo(asObject.update());
        }

        @ParameterizedTest
        @ValueSource(strings = {"5", "'x'", "[['count']]", "[[1,2]]", "[['a',1],'b']"})
        void malformedUpdatesAreRejected(String update) {
            assertThat(problemsOf("'command':{'update':" + update + "}"))
                    .containsExactly("command.update: must be an object or a list of [key, value] pairs");
        }

        @Test
        void gotoAcceptsANodeASendOrAListOfThem() {
            assertThat(parse("{'assistant_id':'c','command':{'goto':'b'}}").command().goTo())
                    .containsExactly(new GotoTarget.Node("b"));
            assertThat(parse("{'assistant_id':'c','command':{'goto':{'node':'b','input':{'count':5}}}}").command()
                    .goTo()).containsExactly(new GotoTarget.Send("b", json("{'count':5}")));
            assertThat(parse("{'assistant_id':'c','command':{'goto':['a',{'node':'b'}]}}").command().goTo())
                    .containsExactly(new GotoTarget.Node("a"), new GotoTarget.Send("b", NullNode.getInstance()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"5", "''", "{'input':1}", "{'node':3}", "['a',7]", "[['a']]"})
        void malformedGotoIsRejected(String goTo) {
            assertThat(problemsOf("'command':{'goto':" + goTo + "}")).containsExactly(
                    "command.goto: must be a node name, a {node, input} object, or a list of these");
        }

        @ParameterizedTest
        @ValueSource(strings = {"'go'", "[]", "1"})
        void commandMustBeAnObject(String command) {
            assertThat(problemsOf("'command':" + command)).containsExactly("command: must be an object");
        }

        @Test
        void emptyCommandIsAcceptedAndReportsEmpty() {
            assertThat(parse("{'assistant_id':'c','command':{}}").command().isEmpty()).isTrue();
        }

        @Test
        void wireFormKeepsResumeUpdateAndGoto() {
            RunCommand command = parse("{'assistant_id':'c','command':{'resume':'r','update':[['log','a'],"
                    + "['log','b']],'goto':['a',{'node':'b','input':1}]}}").command();

            assertThat(command.toJson()).isEqualTo(json("{'resume':'r','update':[['log','a'],['log','b']],"
                    + "'goto':['a',{'node':'b','input':1}]}"));
            assertThat(parse("{'assistant_id':'c','command':{'update':{'x':1},'goto':'b'}}").command().toJson())
                    .isEqualTo(json("{'update':{'x':1},'goto':'b'}"));
        }
    }

    @Nested
    class Checkpoint {

        @Test
        void checkpointObjectIsTyped() {
            CheckpointSelector checkpoint = parse("{'assistant_id':'c','checkpoint':{'checkpoint_id':'1f1e6a98',"
                    + "'checkpoint_ns':'','checkpoint_map':{'':'1f1e'}}}").checkpoint();

            assertThat(checkpoint).isEqualTo(new CheckpointSelector("1f1e6a98", "", (ObjectNode) json("{'':'1f1e'}")));
        }

        @Test
        void topLevelCheckpointIdIsUsedWhenTheObjectHasNone() {
            assertThat(parse("{'assistant_id':'c','checkpoint_id':'top'}").effectiveCheckpoint())
                    .contains(new CheckpointSelector("top", null, null));
            assertThat(parse("{'assistant_id':'c','checkpoint_id':'top','checkpoint':{'checkpoint_ns':''}}")
                    .effectiveCheckpoint()).contains(new CheckpointSelector("top", "", null));
            assertThat(parse("{'assistant_id':'c','checkpoint_id':'top','checkpoint':{'checkpoint_id':'obj'}}")
                    .effectiveCheckpoint()).contains(new CheckpointSelector("obj", null, null));
        }

        @Test
        void badCheckpointPartsAreNamed() {
            assertThat(problemsOf("'checkpoint':{'checkpoint_id':5,'checkpoint_map':[]},'checkpoint_id':true"))
                    .containsExactly("checkpoint.checkpoint_id: must be a string",
                            "checkpoint.checkpoint_map: must be an object", "checkpoint_id: must be a string");
            assertThat(problemsOf("'checkpoint':'abc'")).containsExactly("checkpoint: must be an object");
        }
    }

    @Nested
    class ObjectsAndConfig {

        @Test
        void metadataAndContextMustBeObjects() {
            assertThat(problemsOf("'metadata':[1],'context':'x'"))
                    .containsExactly("metadata: must be an object", "context: must be an object");
            RunCreateRequest request = parse("{'assistant_id':'c','metadata':{'a':1},'context':{'b':2}}");
            assertThat(request.metadata()).isEqualTo(json("{'a':1}"));
            assertThat(request.context()).isEqualTo(json("{'b':2}"));
        }

        @Test
        void configKeepsUnknownKeysBesideTheTypedOnes() {
            RequestConfig config = parse("{'assistant_id':'c','config':{'tags':['t1'],'recursion_limit':5,"
                    + "'configurable':{'model':'m'},'run_name':'r','max_concurrency':2}}").config();

            assertThat(config.tags()).containsExactly("t1");
            assertThat(config.recursionLimit()).isEqualTo(5);
            assertThat(config.configurable()).isEqualTo(json("{'model':'m'}"));
            assertThat(config.otherKeys()).isEqualTo(json("{'run_name':'r','max_concurrency':2}"));
            assertThat(config.toJson()).isEqualTo(json("{'run_name':'r','max_concurrency':2,'tags':['t1'],"
                    + "'recursion_limit':5,'configurable':{'model':'m'}}"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-3", "'5'", "2.5", "true", "99999999999"})
        void recursionLimitMustBeAPositiveInteger(String limit) {
            assertThat(problemsOf("'config':{'recursion_limit':" + limit + "}"))
                    .containsExactly("config.recursion_limit: must be an integer greater than 0");
        }

        @Test
        void configMustBeAnObjectAndItsPartsTyped() {
            assertThat(problemsOf("'config':'x'")).containsExactly("config: must be an object");
            assertThat(problemsOf("'config':{'tags':[1],'configurable':[]}"))
                    .containsExactly("config.tags: must be a list of strings",
                            "config.configurable: must be an object");
        }
    }

    @Nested
    class Webhook {

        @ParameterizedTest
        @ValueSource(strings = {"http://127.0.0.1:9000/hook?token=abc", "https://example.com/h", "HTTPS://example.com"})
        void absoluteHttpUrlsAreAccepted(String url) {
            assertThat(parse("{'assistant_id':'c','webhook':'" + url + "'}").webhook()).isEqualTo(URI.create(url));
        }

        @ParameterizedTest
        @ValueSource(strings = {"not a url", "/relative/path", "ftp://example.com/x", "mailto:a@b.c", "http://"})
        void otherStringsAreRejected(String url) {
            assertThat(problemsOf("'webhook':'" + url + "'"))
                    .containsExactly("webhook: must be an absolute http or https URL");
        }

        @Test
        void lengthIsLimitedTo65536Characters() {
            String base = "http://example.com/";
            String longest = base + "a".repeat(RunRequestParser.MAX_WEBHOOK_LENGTH - base.length());

            assertThat(parse("{'assistant_id':'c','webhook':'" + longest + "'}").webhook()).hasToString(longest);
            assertThat(problemsOf("'webhook':'" + longest + "a'"))
                    .containsExactly("webhook: must be between 1 and 65536 characters");
            assertThat(problemsOf("'webhook':''")).containsExactly("webhook: must be between 1 and 65536 characters");
        }
    }

    @Nested
    class Breakpoint {

        @Test
        void starOrAListOfNodes() {
            RunCreateRequest request = parse("{'assistant_id':'c','interrupt_before':'*','interrupt_after':['a','b']}");

            assertThat(request.interruptBefore()).isEqualTo(Breakpoints.all());
            assertThat(request.interruptAfter()).isEqualTo(Breakpoints.of(List.of("a", "b")));
            assertThat(request.interruptAfter().toWire()).isEqualTo(List.of("a", "b"));
            assertThat(request.interruptBefore().toWire()).isEqualTo("*");
        }

        @ParameterizedTest
        @ValueSource(strings = {"'b'", "[1]", "{}", "true"})
        void anythingElseIsRejected(String value) {
            assertThat(problemsOf("'interrupt_before':" + value + ",'interrupt_after':" + value)).containsExactly(
                    "interrupt_before: must be \"*\" or a list of node names",
                    "interrupt_after: must be \"*\" or a list of node names");
        }
    }

    @Nested
    class StreamModes {

        @Test
        void aSingleModeOrAListWithoutDuplicates() {
            assertThat(parse("{'assistant_id':'c','stream_mode':'updates'}").effectiveStreamModes())
                    .containsExactly(StreamMode.UPDATES);
            assertThat(parse("{'assistant_id':'c','stream_mode':['messages-tuple','values','tools','values']}")
                    .effectiveStreamModes())
                    .containsExactly(StreamMode.MESSAGES_TUPLE, StreamMode.VALUES, StreamMode.TOOLS);
        }

        @Test
        void everyDocumentedModeIsAccepted() {
            for (StreamMode mode : StreamMode.values()) {
                assertThat(parse("{'assistant_id':'c','stream_mode':'" + mode.wire() + "'}").streamMode())
                        .containsExactly(mode);
            }
        }

        @Test
        void anEmptyListMeansTheDefault() {
            assertThat(parse("{'assistant_id':'c','stream_mode':[]}").effectiveStreamModes())
                    .containsExactly(StreamMode.VALUES);
        }

        @ParameterizedTest
        @ValueSource(strings = {"'bogus'", "['values','bogus']", "5", "[['values']]"})
        void unknownModesAreRejected(String value) {
            assertThat(problemsOf("'stream_mode':" + value)).singleElement().asString()
                    .startsWith("stream_mode: must be one of values, messages, messages-tuple");
        }
    }

    @Nested
    class Flags {

        @Test
        void booleansAreTyped() {
            RunCreateRequest request = parse("{'assistant_id':'c','stream_subgraphs':true,'stream_resumable':true,"
                    + "'checkpoint_during':true}");

            assertThat(request.effectiveStreamSubgraphs()).isTrue();
            assertThat(request.effectiveStreamResumable()).isTrue();
            assertThat(request.checkpointDuring()).isTrue();
        }

        @Test
        void nonBooleansAreRejected() {
            assertThat(problemsOf("'stream_subgraphs':'true','stream_resumable':1,'checkpoint_during':'no'"))
                    .containsExactly("stream_subgraphs: must be a boolean", "stream_resumable: must be a boolean",
                            "checkpoint_during: must be a boolean");
        }

        @Test
        void feedbackKeysAreAListOfStrings() {
            assertThat(parse("{'assistant_id':'c','feedback_keys':['score','rating']}").effectiveFeedbackKeys())
                    .containsExactly("score", "rating");
            assertThat(problemsOf("'feedback_keys':'score'")).containsExactly("feedback_keys: must be a list of strings");
            assertThat(problemsOf("'feedback_keys':['a',1]")).containsExactly("feedback_keys: must be a list of strings");
        }
    }

    @Nested
    class Choices {

        @Test
        void eachChoiceFieldAcceptsItsValues() {
            RunCreateRequest request = parse("{'assistant_id':'c','multitask_strategy':'rollback',"
                    + "'if_not_exists':'create','on_disconnect':'cancel','on_completion':'keep','durability':'sync'}");

            assertThat(request.effectiveMultitaskStrategy()).isEqualTo(MultitaskStrategy.ROLLBACK);
            assertThat(request.effectiveIfNotExists()).isEqualTo(IfNotExists.CREATE);
            assertThat(request.effectiveOnDisconnect()).isEqualTo(OnDisconnect.CANCEL);
            assertThat(request.effectiveOnCompletion()).isEqualTo(OnCompletion.KEEP);
            assertThat(request.effectiveDurability()).isEqualTo(DurabilityOption.SYNC);
        }

        @Test
        void eachChoiceFieldNamesItsOptions() {
            assertThat(problemsOf("'multitask_strategy':'foo','if_not_exists':'maybe','on_disconnect':'never',"
                    + "'on_completion':'sometimes','durability':'forever'")).containsExactly(
                    "multitask_strategy: must be one of reject, enqueue, interrupt, rollback",
                    "if_not_exists: must be one of reject, create",
                    "on_disconnect: must be one of cancel, continue",
                    "on_completion: must be one of delete, keep",
                    "durability: must be one of sync, async, exit");
        }

        @Test
        void choicesAreCaseSensitiveAndMustBeStrings() {
            assertThat(problemsOf("'multitask_strategy':'Reject'")).hasSize(1);
            assertThat(problemsOf("'if_not_exists':true")).containsExactly("if_not_exists: must be one of reject, create");
        }
    }

    @Nested
    class AfterSeconds {

        @Test
        void becomesADelayToTheMillisecond() {
            assertThat(parse("{'assistant_id':'c','after_seconds':2}").effectiveDelay()).isEqualTo(Duration.ofSeconds(2));
            assertThat(parse("{'assistant_id':'c','after_seconds':0.25}").effectiveDelay())
                    .isEqualTo(Duration.ofMillis(250));
            assertThat(parse("{'assistant_id':'c','after_seconds':0}").effectiveDelay()).isEqualTo(Duration.ZERO);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-5", "-0.001", "'2'", "true", "[]", "1e400"})
        void negativeOrNonNumericIsRejected(String value) {
            assertThat(problemsOf("'after_seconds':" + value))
                    .containsExactly("after_seconds: must be a non-negative number");
        }
    }

    @Nested
    class DurabilityMapping {

        @Test
        void explicitDurabilityWins() {
            assertThat(parse("{'assistant_id':'c','durability':'exit','checkpoint_during':true}").effectiveDurability())
                    .isEqualTo(DurabilityOption.EXIT);
            assertThat(parse("{'assistant_id':'c','durability':'sync','checkpoint_during':false}").effectiveDurability())
                    .isEqualTo(DurabilityOption.SYNC);
        }

        @Test
        void checkpointDuringFalseMeansExitAndTrueOrAbsentMeansAsync() {
            assertThat(parse("{'assistant_id':'c','checkpoint_during':false}").effectiveDurability())
                    .isEqualTo(DurabilityOption.EXIT);
            assertThat(parse("{'assistant_id':'c','checkpoint_during':true}").effectiveDurability())
                    .isEqualTo(DurabilityOption.ASYNC);
            assertThat(parse("{'assistant_id':'c'}").effectiveDurability()).isEqualTo(DurabilityOption.ASYNC);
        }
    }

    @Nested
    class Batch {

        @Test
        void parsesEachRun() {
            List<RunCreateRequest> runs = RunRequestParser.parseBatch(json("[{'assistant_id':'a'},{'assistant_id':'b'}]"));

            assertThat(runs).extracting(RunCreateRequest::assistantId).containsExactly("a", "b");
        }

        @Test
        void problemsArePrefixedWithTheRunIndex() {
            assertThatThrownBy(() -> RunRequestParser.parseBatch(json("[{'assistant_id':'a'},{'after_seconds':-1},5]")))
                    .hasMessage("[1].after_seconds: must be a non-negative number; [1].assistant_id: is required; "
                            + "[2]: must be a JSON object");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "{'assistant_id':'a'}"})
        void mustBeANonEmptyList(String body) {
            assertThatThrownBy(() -> RunRequestParser.parseBatch(json(body)))
                    .hasMessage("body: must be a non-empty list of run objects");
        }
    }
}
