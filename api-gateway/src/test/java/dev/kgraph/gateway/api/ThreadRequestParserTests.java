package dev.kgraph.gateway.api;

import static dev.kgraph.gateway.api.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.MissingNode;

class ThreadRequestParserTests {

    @Test
    void noBodyOrAnEmptyObjectMeansAllDefaults() {
        ThreadCreateRequest empty = new ThreadCreateRequest(null, null, null, null);

        assertThat(ThreadRequestParser.parse(null)).isEqualTo(empty);
        assertThat(ThreadRequestParser.parse(MissingNode.getInstance())).isEqualTo(empty);
        assertThat(ThreadRequestParser.parse(json("{}"))).isEqualTo(empty);
        assertThat(empty.effectiveIfExists()).isEqualTo(IfExists.RAISE);
    }

    @Test
    void everyFieldIsTyped() {
        ThreadCreateRequest request = ThreadRequestParser.parse(json("{'thread_id':'6BA7B821-9DAD-11D1-80B4-00C04FD430C8',"
                + "'metadata':{'user':'u1'},'if_exists':'do_nothing','ttl':{'strategy':'delete','ttl':60},"
                + "'supersteps':[{'updates':[]}]}"));

        assertThat(request.threadId()).isEqualTo(UUID.fromString("6ba7b821-9dad-11d1-80b4-00c04fd430c8"));
        assertThat(request.metadata()).isEqualTo(json("{'user':'u1'}"));
        assertThat(request.effectiveIfExists()).isEqualTo(IfExists.DO_NOTHING);
        assertThat(request.ttlMinutes()).isEqualTo(60.0);
    }

    @Test
    void aTtlNeedsMinutesAboveZeroAndTheDeleteStrategy() {
        assertThat(ThreadRequestParser.parse(json("{'ttl':{'ttl':0.5}}")).ttlMinutes()).isEqualTo(0.5);
        assertThatThrownBy(() -> ThreadRequestParser.parse(json("{'ttl':{'strategy':'keep','ttl':0}}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("ttl.strategy: must be delete; ttl.ttl: must be a number of minutes greater than 0");
        assertThatThrownBy(() -> ThreadRequestParser.parse(json("{'ttl':{'ttl':'60'}}")))
                .hasMessage("ttl.ttl: must be a number of minutes greater than 0");
    }

    @Test
    void everyBadFieldIsReportedTogether() {
        assertThatThrownBy(() -> ThreadRequestParser.parse(json("{'thread_id':'abc','metadata':[],'if_exists':'x',"
                + "'ttl':5}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("thread_id: must be a UUID; metadata: must be an object; "
                        + "if_exists: must be one of raise, do_nothing; ttl: must be an object");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRejected() {
        assertThatThrownBy(() -> ThreadRequestParser.parse(json("[1]"))).hasMessage("body: must be a JSON object");
    }
}
