package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.schemas.SchemaHistory;
import cn.jiyuan.integrity.support.refusals.Refusal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every Avro schema ever published, by its CRC-64-AVRO fingerprint, so that downstream systems decode the topics
 * without this codebase. The fingerprint is written as the 8 bytes after {@code C3 01} in each message appear on the
 * wire, in hex (bytes 2–9 in order; Avro's single-object encoding stores the 64-bit value little-endian): a subscriber
 * in any language hex-encodes those bytes and asks for the schema.
 */
@RestController
class SchemasController {

    private final SchemaHistory history = SchemaHistory.standard();
    private final Access access;

    SchemasController(Access access) {
        this.access = access;
    }

    record SchemaRef(String record, int version, String fingerprint) {}

    record SchemaList(List<SchemaRef> schemas) {}

    @GetMapping("/api/v1/schemas")
    SchemaList all(@AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        access.caller(jwt, exchange);
        List<SchemaRef> refs = new ArrayList<>();
        for (Map.Entry<String, List<Schema>> e : history.all().entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                refs.add(new SchemaRef(
                        e.getKey(),
                        i + 1,
                        hex(SchemaHistory.fingerprint(e.getValue().get(i)))));
            }
        }
        refs.sort(Comparator.comparing(SchemaRef::record).thenComparing(SchemaRef::version));
        return new SchemaList(refs);
    }

    @GetMapping(path = "/api/v1/schemas/{fingerprint}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> one(
            @PathVariable String fingerprint, @AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        access.caller(jwt, exchange);
        long value;
        try {
            value = Long.reverseBytes(Long.parseUnsignedLong(fingerprint, 16)); // wire order → the 64-bit value
        } catch (NumberFormatException e) {
            throw Refusal.invalid("fingerprint", "must be 16 hexadecimal digits");
        }
        if (fingerprint.length() != 16) {
            throw Refusal.invalid("fingerprint", "must be 16 hexadecimal digits");
        }
        Schema schema = history.byFingerprint(value)
                .orElseThrow(() -> Refusal.notFound("no published schema has fingerprint " + fingerprint));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(schema.toString(true));
    }

    /** The fingerprint as its bytes appear in a message (little-endian), in hex. */
    static String hex(long fingerprint) {
        return String.format("%016x", Long.reverseBytes(fingerprint));
    }
}
