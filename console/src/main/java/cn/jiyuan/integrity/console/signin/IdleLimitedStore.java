package cn.jiyuan.integrity.console.signin;

import java.time.Duration;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.WebSessionStore;
import reactor.core.publisher.Mono;

/** The in-memory session store, with every new session ending after the configured idle time. */
final class IdleLimitedStore implements WebSessionStore {

    private final WebSessionStore delegate;
    private final Duration idle;

    IdleLimitedStore(WebSessionStore delegate, Duration idle) {
        this.delegate = delegate;
        this.idle = idle;
    }

    @Override
    public Mono<WebSession> createWebSession() {
        return delegate.createWebSession().doOnNext(s -> s.setMaxIdleTime(idle));
    }

    @Override
    public Mono<WebSession> retrieveSession(String sessionId) {
        return delegate.retrieveSession(sessionId);
    }

    @Override
    public Mono<Void> removeSession(String sessionId) {
        return delegate.removeSession(sessionId);
    }

    @Override
    public Mono<WebSession> updateLastAccessTime(WebSession webSession) {
        return delegate.updateLastAccessTime(webSession);
    }
}
