package cn.jiyuan.integrity.support.security;

/**
 * A setting that is only safe on a developer's machine (a published secret, a superuser, no TLS) met outside local
 * mode: the service refuses to start. {@link UnsafeConfigurationFailureAnalyzer} turns it into one log line.
 */
public class UnsafeConfigurationException extends RuntimeException {

    private final String action;

    public UnsafeConfigurationException(String problem, String action) {
        super("refusing to start: " + problem);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
