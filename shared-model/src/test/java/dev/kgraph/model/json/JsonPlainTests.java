package dev.kgraph.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

class JsonPlainTests {

    private static final List<String> DOCUMENTS = List.of(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9llo \\\"q\\\" \\u2603\"}],\"n\":null,\"ok\":true}",
            "{\"z\":1,\"a\":2,\"m\":{\"y\":[],\"x\":{}},\"b\":false}",
            "[1,-1,2147483647,2147483648,-2147483649,9223372036854775807,9223372036854775808,-9223372036854775809]",
            "[0.5,-0.0,1e3,1E-7,3.141592653589793,1.7976931348623157e308,12345678901234567890.5,1e400]",
            "{\"deep\":[[[[{\"a\":[1,{\"b\":[null,\"x\",{\"c\":2.25}]}]}]]]],\"\":\"empty key\",\"dup\":1,\"dup\":2}",
            "\"just a string\"", "42", "4.5", "true", "null", "[]", "{}");

    @Test
    void aTreeBecomesExactlyWhatJacksonsConversionGivesWithTheSameJavaTypes() {
        for (var mapper : List.of(Json.MAPPER,
                JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build())) {
            for (var document : DOCUMENTS) {
                var tree = mapper.readTree(document);
                var expected = Json.MAPPER.convertValue(tree, Object.class);
                var plain = Json.plain(tree);
                assertThat(plain).as(document).isEqualTo(expected);
                assertThat(types(plain)).as(document).isEqualTo(types(expected));
            }
        }
    }

    @Test
    void keysKeepTheirOrderAndTheMapsStayWritable() {
        @SuppressWarnings("unchecked")
        var plain = (Map<String, Object>) Json.plain(Json.MAPPER.readTree("{\"z\":1,\"a\":{\"q\":1,\"b\":2}}"));
        assertThat(plain.keySet()).containsExactly("z", "a");
        assertThat(((Map<?, ?>) plain.get("a")).keySet().toString()).isEqualTo("[q, b]");
        plain.put("added", 1); // callers add fields (kwargs, payloads) to what they get
        assertThat(plain).containsEntry("added", 1);
    }

    @Test
    void nodesThatAreNotPlainJsonGoThroughJacksonsConversion() {
        var factory = JsonNodeFactory.instance;
        var tree = factory.objectNode().put("n", new BigDecimal("1.50")).set("bin", factory.binaryNode(new byte[] {1, 2}));
        assertThat(Json.plain(tree)).usingRecursiveComparison().isEqualTo(Json.MAPPER.convertValue(tree, Object.class));
        assertThat(Json.plain(Map.of("a", 1))).isEqualTo(Map.of("a", 1));
        assertThat(Json.plain(null)).isNull();
    }

    /** The Java class of every value, in a walk of the same shape. */
    private static Object types(Object value) {
        if (value instanceof Map<?, ?> map) {
            var types = new ArrayList<Object>();
            map.forEach((k, v) -> types.add(List.of(k, types(v))));
            return types;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JsonPlainTests::types).toList();
        }
        return value == null ? "null" : value.getClass().getName();
    }
}
