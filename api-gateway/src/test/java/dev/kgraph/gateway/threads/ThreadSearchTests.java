package dev.kgraph.gateway.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kgraph.gateway.api.InvalidRequestException;
import dev.kgraph.model.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ThreadSearchTests {

    @Test
    void anEmptyBodySearchesEverythingWithThePythonDefaults() {
        var search = ThreadSearch.parse(null);

        assertThat(search).isEqualTo(new ThreadSearch(null, null, null, null, 10, 0, "created_at", "desc", null));
        assertThat(ThreadSearch.parse(json("{}"))).isEqualTo(search);
    }

    @Test
    void everyFieldIsTypedAndIdsAreNormalised() {
        var search = ThreadSearch.parse(json("{'ids':['6BA7B8219DAD11D180B400C04FD430C8'],'metadata':{'user':'u1'},"
                + "'values':{'n':1},'status':'interrupted','limit':5,'offset':20,'sort_by':'thread_id',"
                + "'sort_order':'asc','select':['thread_id','status'],'extract':{'x':'values.x'}}"));

        assertThat(search.ids()).containsExactly("6ba7b821-9dad-11d1-80b4-00c04fd430c8");
        assertThat(search.metadata()).isEqualTo(Map.of("user", "u1"));
        assertThat(search.values()).isEqualTo(Map.of("n", 1));
        assertThat(search.status()).isEqualTo("interrupted");
        assertThat(search.limit()).isEqualTo(5);
        assertThat(search.offset()).isEqualTo(20);
        assertThat(search.sortBy()).isEqualTo("thread_id");
        assertThat(search.ascending()).isTrue();
        assertThat(search.select()).isEqualTo(List.of("thread_id", "status"));
        assertThat(search.perPartitionLimit()).isEqualTo(25);
    }

    @Test
    void everyBadFieldIsNamedInOne422() {
        assertThatThrownBy(() -> ThreadSearch.parse(json("{'ids':['nope'],'metadata':[],'status':'sleeping',"
                + "'limit':0,'offset':-1,'sort_by':'name','sort_order':'up','select':['secret']}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("ids: must be a list of UUIDs; metadata: must be an object; status: must be one of idle, "
                        + "busy, interrupted, error; limit: must be an integer between 1 and 1000; offset: must be an "
                        + "integer >= 0; sort_by: must be one of thread_id, status, created_at, updated_at; "
                        + "sort_order: must be one of asc, desc; select: must be a list of thread_id, created_at, "
                        + "updated_at, state_updated_at, metadata, config, status, values, interrupts, error");
    }

    @Test
    void limitAbove1000AndNonIntegersAreRejected() {
        assertThatThrownBy(() -> ThreadSearch.parse(json("{'limit':1001}")))
                .hasMessage("limit: must be an integer between 1 and 1000");
        assertThatThrownBy(() -> ThreadSearch.parse(json("{'limit':2.5,'offset':'3'}")))
                .hasMessage("limit: must be an integer between 1 and 1000; offset: must be an integer >= 0");
    }

    @Test
    void problemsAreListedInTheOrderTheClientWroteTheFields() {
        assertThatThrownBy(() -> ThreadSearch.parse(json("{'sort_order':'up','limit':0,'status':'x'}")))
                .hasMessage("sort_order: must be one of asc, desc; limit: must be an integer between 1 and 1000; "
                        + "status: must be one of idle, busy, interrupted, error");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRejected() {
        assertThatThrownBy(() -> ThreadSearch.parse(json("[]"))).hasMessage("body: must be a JSON object");
    }

    static JsonNode json(String singleQuoted) {
        return Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
    }
}
