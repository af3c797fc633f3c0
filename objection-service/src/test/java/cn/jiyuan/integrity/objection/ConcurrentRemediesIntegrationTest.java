package cn.jiyuan.integrity.objection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.testing.Events;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One remedy at a time per fact (SCORING.md §7.5): a unit's objection and its provider's correction request, sent at
 * the same moment, leave exactly one of them open; the other is refused with 409.
 */
class ConcurrentRemediesIntegrationTest extends ObjectionTestBase {

    private static int status(WebTestClient.ResponseSpec response) {
        return response.expectBody(String.class).returnResult().getStatus().value();
    }

    @Test
    void anObjectionAndACorrectionRequestRacingOnOneFactLeaveOneOpenRemedy() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 12; round++) {
                String unit = Events.newUnitId();
                CreditFact fact = knownFact(unit);
                CountDownLatch start = new CountDownLatch(1);
                Callable<Integer> objection = () -> {
                    start.await();
                    return status(file(unitToken(unit), Map.of("eventId", fact.getEventId(), "reason", "不属实")));
                };
                Callable<Integer> correction = () -> {
                    start.await();
                    return status(post(
                            "/api/v1/corrections",
                            providerToken(),
                            Map.of("eventId", fact.getEventId(), "remedy", "DELETE", "explanation", "录入错误")));
                };
                List<Future<Integer>> answers = new ArrayList<>();
                answers.add(pool.submit(objection));
                answers.add(pool.submit(correction));
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> a : answers) {
                    statuses.add(a.get(30, TimeUnit.SECONDS));
                }

                assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(201, 409);
                String id = fact.getEventId();
                assertThat(count("SELECT count(*) FROM objections WHERE event_id = '" + id
                                        + "' AND status IN ('AWAITING_PROVIDER', 'AWAITING_REVIEW')")
                                + count("SELECT count(*) FROM corrections WHERE event_id = '" + id
                                        + "' AND status = 'AWAITING_REVIEW'"))
                        .as("open remedies on the fact, round " + round)
                        .isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
