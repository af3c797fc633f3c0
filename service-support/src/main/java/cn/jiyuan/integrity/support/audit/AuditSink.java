package cn.jiyuan.integrity.support.audit;

import reactor.core.publisher.Mono;

/** Where a service's audit entries go: completes once the entry is durable (the answer waits for it). */
@FunctionalInterface
public interface AuditSink {

    Mono<Void> record(AuditEntry entry);
}
